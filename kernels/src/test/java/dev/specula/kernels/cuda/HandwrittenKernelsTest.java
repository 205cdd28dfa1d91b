package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.kernels.pipeline.PipelineStatus;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The parameter tables are the C source's signatures, and the host can bind every parameter by name. */
class HandwrittenKernelsTest {
    private static final Map<String, List<KernelParameter>> SOURCE = CSignatures.parse(HandwrittenSource.pipeline());

    @Test
    void theSourceHasExactlyTheSixStagesInOrder() {
        assertEquals(List.of("RowStatsKernel", "RowCombineKernel", "ThresholdKernel", "AcceptKernel", "SampleTilesKernel", "SamplePickKernel"),
                List.copyOf(SOURCE.keySet()));
        assertEquals(List.copyOf(SOURCE.keySet()), HandwrittenKernels.STAGES.stream().map(KernelSignature::name).toList());
    }

    @Test
    void everyTableIsTheKernelsCParameterList() {
        for (KernelSignature kernel : HandwrittenKernels.STAGES) {
            assertEquals(SOURCE.get(kernel.name()), kernel.parameters(), kernel.name());
        }
    }

    @Test
    void everyParameterIsBoundByItsName() {
        PipelinePlan plan = PipelinePlan.of(2, 3, 700, PipelinePlan.LOGITS, 64);
        Set<String> arrays = plan.arrays().stream().map(PipelinePlan.DeviceArray::name).collect(Collectors.toSet());
        Map<String, Number> scalars = plan.scalars(new PipelinePlan.RowGeometry(0, 700, 2800), new PipelinePlan.RowGeometry(0, 700, 2100));
        for (KernelSignature kernel : HandwrittenKernels.STAGES) {
            for (KernelParameter p : kernel.parameters()) {
                if (p.type().isPointer()) {
                    assertTrue(arrays.contains(p.name()) || p.name().equals("target") || p.name().equals("draft"),
                            kernel.name() + "." + p.name() + " names no device array");
                    if (arrays.contains(p.name())) assertEquals(p.type(), plan.array(p.name()).type(), p.name());
                } else {
                    assertTrue(scalars.containsKey(p.name()), kernel.name() + "." + p.name() + " has no scalar value");
                }
            }
        }
    }

    @Test
    void statusCodesAndTheOutcomeLayoutAreTheHostsNumbers() {
        String source = HandwrittenSource.pipeline();
        for (PipelineStatus status : PipelineStatus.values()) {
            assertTrue(Pattern.compile("#define STATUS_" + status.name() + " " + status.ordinal() + "\\b").matcher(source).find(),
                    "STATUS_" + status.name() + " is not " + status.ordinal());
        }
        assertTrue(source.contains("#define OUTCOME_INTS " + PipelinePlan.OUTCOME_INTS), "five ints per outcome");
    }

    @Test
    void unknownKernelNamesAreRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HandwrittenKernels.byName("run"));
        assertTrue(e.getMessage().contains("AcceptKernel"), e.getMessage());
        assertEquals("SamplePickKernel", HandwrittenKernels.byName("SamplePickKernel").name());
    }
}
