package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.cuda.KernelArguments;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Packing launch arguments by name, without a driver: the {@code void **kernelParams} array
 * cuLaunchKernel receives holds, in the C parameter order, each pointer parameter's address and
 * each scalar's value.
 */
class KernelArgumentPackingTest {
    /** A distinct fake device address per array name. */
    private static long address(String name) {
        return 0x7000_0000_0000L + (long) Math.floorMod(name.hashCode(), 1 << 20) * 256;
    }

    private static Map<String, Number> scalars() {
        PipelinePlan plan = PipelinePlan.of(3, 4, 50_000, PipelinePlan.PROBABILITIES, 256);
        return plan.scalars(new PipelinePlan.RowGeometry(16, 50_048, 5 * 50_048L), new PipelinePlan.RowGeometry(32, 50_000, 4 * 50_000L));
    }

    @Test
    void argumentsLandInTheCParameterOrder() {
        Map<String, Number> scalars = scalars();
        for (String kernelName : List.of("RowStatsKernel", "AcceptKernel", "SamplePickKernel")) {
            KernelArguments arguments = HandwrittenKernels.byName(kernelName).pack(KernelArgumentPackingTest::address, scalars);
            // The expectation comes from the C source, read independently of the tables.
            List<KernelParameter> c = CSignatures.parse(HandwrittenSource.pipeline()).get(kernelName);
            assertEquals(c.size(), arguments.size());
            try (Arena arena = Arena.ofConfined()) {
                MemorySegment pointers = arguments.pack(arena).reinterpret(ValueLayout.ADDRESS.byteSize() * c.size());
                for (int i = 0; i < c.size(); i++) {
                    KernelParameter p = c.get(i);
                    MemorySegment value = pointers.getAtIndex(ValueLayout.ADDRESS, i).reinterpret(8);
                    switch (p.type()) {
                        case INT -> assertEquals(scalars.get(p.name()), value.get(ValueLayout.JAVA_INT, 0), p.name());
                        case LONG -> assertEquals(scalars.get(p.name()), value.get(ValueLayout.JAVA_LONG, 0), p.name());
                        default -> assertEquals(address(p.name()), value.get(ValueLayout.JAVA_LONG, 0), p.name());
                    }
                }
            }
        }
    }

    @Test
    void theScalarsAreTheShapesAndTheRowGeometry() {
        Map<String, Number> s = scalars();
        assertEquals(2, s.get("draftKind"));
        assertEquals(3, s.get("sequences"));
        assertEquals(4, s.get("maxDrafts"));
        assertEquals(50_000, s.get("vocabSize"));
        assertEquals(16L, s.get("targetOffset"));
        assertEquals(50_048L, s.get("targetRowStride"));
        assertEquals(5 * 50_048L, s.get("targetSequenceStride"));
        assertEquals(32L, s.get("draftOffset"));
        assertEquals(4 * 50_000L, s.get("draftSequenceStride"));
        // 50,000 tokens in tiles of 3,125 rounded up to a multiple of 256: 16 tiles of 3,328.
        assertEquals(3328, s.get("tileWidth"));
        assertEquals(16, s.get("tiles"));
    }

    @Test
    void missingOrMistypedScalarsAndNullPointersAreRefused() {
        Map<String, Number> scalars = new HashMap<>(scalars());
        scalars.remove("tiles");
        IllegalArgumentException missing = assertThrows(IllegalArgumentException.class,
                () -> HandwrittenKernels.ROW_STATS.pack(KernelArgumentPackingTest::address, scalars));
        assertTrue(missing.getMessage().contains("tiles"), missing.getMessage());

        Map<String, Number> widened = new HashMap<>(scalars());
        widened.put("targetOffset", 16);              // an Integer where the kernel takes a long
        IllegalArgumentException mistyped = assertThrows(IllegalArgumentException.class,
                () -> HandwrittenKernels.ACCEPT.pack(KernelArgumentPackingTest::address, widened));
        assertTrue(mistyped.getMessage().contains("targetOffset") && mistyped.getMessage().contains("Long"), mistyped.getMessage());

        IllegalArgumentException nul = assertThrows(IllegalArgumentException.class,
                () -> HandwrittenKernels.ROW_COMBINE.pack(name -> name.equals("rowSum") ? 0 : 4096, scalars()));
        assertTrue(nul.getMessage().contains("rowSum"), nul.getMessage());
    }
}
