package dev.specula.kernels.cuda;

import dev.specula.ffm.cuda.Cuda;
import org.junit.jupiter.api.Assumptions;

/** The CUDA device for the suites, or a visible skip saying why there is none. */
final class CudaSuites {
    private CudaSuites() {}

    static void requireDevice() {
        String reason = !Cuda.isInstalled() ? "no CUDA driver (libcuda.so.1) on this machine"
                : Cuda.deviceCount() == 0 ? "the CUDA driver reports no device" : null;
        if (reason != null) {
            System.err.println("SKIPPED: the CUDA backend's suites need a GPU: " + reason);
            Assumptions.abort("the CUDA backend's suites need a GPU: " + reason);
        }
    }
}
