package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.ffm.cuda.CudaDevice;
import dev.specula.ffm.cuda.NvrtcCompiler;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The build-time PTX: present exactly when the build machine has nvcc (the kernels module's
 * "cuda-ptx" profile), with one {@code .entry} per stage whose parameter types are the tables',
 * and a ptxas report for sm_80 and sm_90. Without nvcc the jar holds no PTX and the backend
 * falls back to NVRTC.
 */
class PtxResourceTest {
    private static final boolean NVCC = Files.isExecutable(Path.of("/usr/local/cuda/bin/nvcc"));
    private static final Pattern ENTRY = Pattern.compile("\\.entry\\s+(\\w+)\\s*\\(([^)]*)\\)", Pattern.DOTALL);
    private static final Pattern PARAM = Pattern.compile("\\.param\\s+(\\.\\w+)\\s+(\\w+)");

    @Test
    void thePtxShipsExactlyWhenNvccBuiltIt() {
        assertEquals(NVCC, PtxSource.buildTimePtx().isPresent(), "nvcc present: " + NVCC);
        assertEquals(NVCC, PtxSource.ptxasLog().isPresent(), "nvcc present: " + NVCC);
    }

    @Test
    void everyEntryTakesTheTablesParameterTypes() {
        if (!NVCC) {
            assertFalse(PtxSource.buildTimePtx().isPresent());
            return;
        }
        String ptx = PtxSource.buildTimePtx().orElseThrow();
        assertTrue(ptx.contains(".target sm_80"), "PTX for compute_80");
        Map<String, List<String>> entries = new LinkedHashMap<>();
        Matcher m = ENTRY.matcher(ptx);
        while (m.find()) {
            List<String> types = new ArrayList<>();
            Matcher p = PARAM.matcher(m.group(2));
            while (p.find()) {
                assertEquals(m.group(1) + "_param_" + types.size(), p.group(2), "parameters in order");
                types.add(p.group(1));
            }
            entries.put(m.group(1), types);
        }
        assertEquals(HandwrittenKernels.STAGES.size(), entries.size(), entries.keySet().toString());
        for (KernelSignature kernel : HandwrittenKernels.STAGES) {
            List<String> expected = kernel.parameters().stream().map(p -> p.type().ptxType()).toList();
            assertEquals(expected, entries.get(kernel.name()), kernel.name());
        }
    }

    @Test
    void thePtxasReportCoversSm80AndSm90() {
        if (!NVCC) {
            assertFalse(PtxSource.ptxasLog().isPresent());
            return;
        }
        String log = PtxSource.ptxasLog().orElseThrow();
        for (String sm : List.of("sm_80", "sm_90")) {
            for (KernelSignature kernel : HandwrittenKernels.STAGES) {
                assertTrue(log.contains("Compiling entry function '" + kernel.name() + "' for '" + sm + "'"), kernel.name() + " on " + sm);
            }
        }
        assertEquals(2 * HandwrittenKernels.STAGES.size(), Pattern.compile("Used \\d+ registers").matcher(log).results().count(), log);
        assertTrue(log.contains("spill stores"), log);
    }

    @Test
    void devicesGetTheBuildTimePtxOrAClearReasonWhyNot() {
        CudaDevice ampere = new CudaDevice(0, "A100", 8, 0, 108, 40L << 30, 1024, 48 * 1024, 32, 40 << 20, false);
        CudaDevice turing = new CudaDevice(0, "T4", 7, 5, 40, 16L << 30, 1024, 48 * 1024, 32, 4 << 20, false);
        if (NVCC) {
            PtxSource.Ptx ptx = PtxSource.forDevice(ampere);
            assertEquals(PtxSource.Origin.BUILD_TIME_NVCC, ptx.origin());
            assertEquals(PtxSource.buildTimePtx().orElseThrow(), ptx.text());
        }
        if (!NvrtcCompiler.isInstalled()) {
            // sm_75 cannot load compute_80 PTX, and without NVRTC nothing can compile it at run time.
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> PtxSource.forDevice(turing));
            assertTrue(e.getMessage().contains("NVRTC"), e.getMessage());
            if (!NVCC) assertThrows(IllegalStateException.class, () -> PtxSource.forDevice(ampere));
        }
    }
}
