package dev.specula.kernels.cuda;

import dev.specula.ffm.cuda.CudaDevice;
import dev.specula.ffm.cuda.NvrtcCompiler;
import java.util.List;
import java.util.Optional;

/**
 * The PTX of the hand-written pipeline: the one nvcc built with the jar ({@code -arch=compute_80},
 * so it loads on sm_80 and newer), or, when the jar was built without nvcc or the device is older
 * than sm_80, the same source compiled at run time by NVRTC for the device's own target.
 */
public final class PtxSource {
    /** The build-time PTX resource. */
    public static final String PTX = "specula_verify.ptx";
    /** The {@code ptxas -v} report (sm_80 and sm_90) written beside it by the build. */
    public static final String PTXAS_LOG = "specula_verify.ptxas.log";
    /** The virtual architecture the build-time PTX is generated for. */
    public static final int BUILD_TIME_COMPUTE_CAPABILITY = 80;

    /** Where a PTX text came from. */
    public enum Origin { BUILD_TIME_NVCC, RUNTIME_NVRTC }

    /** A PTX text and its origin. */
    public record Ptx(String text, Origin origin) {}

    private PtxSource() {}

    /** The PTX nvcc generated at build time, if the jar was built where nvcc exists. */
    public static Optional<String> buildTimePtx() {
        return HandwrittenSource.resource(PTX);
    }

    /** The build's {@code ptxas -v} report, present with {@link #buildTimePtx()}. */
    public static Optional<String> ptxasLog() {
        return HandwrittenSource.resource(PTXAS_LOG);
    }

    /**
     * PTX that {@code device} can load.
     *
     * @throws IllegalStateException when there is neither a usable build-time PTX nor NVRTC
     */
    public static Ptx forDevice(CudaDevice device) {
        int capability = device.computeCapabilityMajor() * 10 + device.computeCapabilityMinor();
        Optional<String> built = buildTimePtx();
        if (built.isPresent() && capability >= BUILD_TIME_COMPUTE_CAPABILITY) {
            return new Ptx(built.get(), Origin.BUILD_TIME_NVCC);
        }
        if (!NvrtcCompiler.isInstalled()) {
            throw new IllegalStateException((built.isPresent()
                    ? "the build-time PTX needs sm_80 or newer but " + device.name() + " is sm_" + capability
                    : "this specula-kernels jar was built without nvcc, so it holds no PTX")
                    + ", and NVRTC (libnvrtc) is not installed to compile the pipeline at run time");
        }
        return new Ptx(compile(device.computeTarget()), Origin.RUNTIME_NVRTC);
    }

    /** Compiles the pipeline with NVRTC for a virtual architecture such as {@code compute_86}. */
    public static String compile(String computeTarget) {
        return NvrtcCompiler.compileToPtx(HandwrittenSource.cudaProgram(), "specula_verify.cu",
                List.of("--gpu-architecture=" + computeTarget, "-DSPECULA_LOCAL=" + HandwrittenSource.CUDA_LOCAL));
    }
}
