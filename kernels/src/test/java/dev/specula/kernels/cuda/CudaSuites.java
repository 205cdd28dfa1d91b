package dev.specula.kernels.cuda;

import dev.specula.ffm.cuda.Cuda;
import org.junit.jupiter.api.Assumptions;

/** The CUDA device for the suites, or a visible skip saying why there is none. */
final class CudaSuites {
    private CudaSuites() {}

    /** Why there is no CUDA device to test on, or null when there is one. */
    static String missing() {
        if (!Cuda.isInstalled()) return "no CUDA driver (libcuda.so.1) on this machine";
        return Cuda.deviceCount() == 0 ? "the CUDA driver reports no device" : null;
    }

    /** A verifier on device 0, or a skip of the calling test with the reason. */
    static CudaVerifier verifierOrSkip() {
        String reason = missing();
        if (reason != null) {
            System.err.println("SKIPPED: the CUDA backend's suites need a GPU: " + reason);
            Assumptions.abort("the CUDA backend's suites need a GPU: " + reason);
        }
        return CudaVerifier.open(0);
    }
}
