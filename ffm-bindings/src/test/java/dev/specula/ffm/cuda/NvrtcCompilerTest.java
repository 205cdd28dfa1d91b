package dev.specula.ffm.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * NVRTC compiles without a GPU, but its library comes with a full CUDA toolkit install that these
 * machines lack; skipped, with the reason shown, where {@code libnvrtc.so.*} is absent.
 */
class NvrtcCompilerTest {

    @BeforeEach
    void needNvrtc() {
        assumeTrue(NvrtcCompiler.isInstalled(), "libnvrtc.so.* not present: NVRTC tests need the CUDA toolkit's nvrtc library");
    }

    @Test
    void compilesTheKernelToPtx() {
        String ptx = NvrtcCompiler.compileToPtx(CudaDriverTest.AFFINE_KERNEL, "affine.cu", List.of("--gpu-architecture=compute_75"));
        assertTrue(ptx.contains(".entry affine"), ptx);
        assertTrue(ptx.contains(".target sm_75"), ptx);
        assertTrue(NvrtcCompiler.version().matches("\\d+\\.\\d+"), NvrtcCompiler.version());
    }

    @Test
    void aCompileErrorCarriesTheLog() {
        NvrtcException e = assertThrows(NvrtcException.class, () -> NvrtcCompiler.compileToPtx(
                "extern \"C\" __global__ void broken(float *out) { out[0] = undefined_name; }", "broken.cu", List.of()));
        assertEquals("NVRTC_ERROR_COMPILATION", NvrtcException.name(e.code()));
        assertTrue(e.log().contains("undefined_name"), e.log());
        assertTrue(e.getMessage().contains("undefined_name"), e.getMessage());
    }

    @Test
    void anUnknownOptionIsNamed() {
        NvrtcException e = assertThrows(NvrtcException.class, () -> NvrtcCompiler.compileToPtx(
                CudaDriverTest.AFFINE_KERNEL, "affine.cu", List.of("--no-such-option")));
        assertEquals("NVRTC_ERROR_INVALID_OPTION", NvrtcException.name(e.code()));
    }
}
