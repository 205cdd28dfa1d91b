package dev.specula.kernels.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The text of the hand-written pipeline and its two preludes (resources under
 * {@code dev/specula/kernels/native/}), assembled for OpenCL or CUDA.
 *
 * {@snippet :
 * ClProgram program = context.program(HandwrittenSource.openClProgram(), HandwrittenSource.openClOptions(256));
 * String cuda = HandwrittenSource.cudaProgram();   // for NVRTC; nvcc builds src/main/cuda/specula_verify.cu
 * }
 */
public final class HandwrittenSource {
    /** Where the sources (and, when built with nvcc, the PTX and ptxas log) are. */
    public static final String FOLDER = "/dev/specula/kernels/native/";
    /** The pipeline, written once. */
    public static final String PIPELINE = "specula_verify.h";
    /** Threads per block the CUDA build uses (the PTX is built for it). */
    public static final int CUDA_LOCAL = 256;

    private HandwrittenSource() {}

    /** The pipeline's source text. */
    public static String pipeline() {
        return required(PIPELINE);
    }

    /** The OpenCL C program: prelude_opencl.h, then the pipeline. */
    public static String openClProgram() {
        return required("prelude_opencl.h") + "\n" + pipeline();
    }

    /**
     * Build options for the OpenCL program: the work-group size every kernel is compiled for
     * (it sizes their local arrays) and argument info, so that the host binds arguments by name.
     */
    public static String openClOptions(int local) {
        if (local < 1 || Integer.bitCount(local) != 1) {
            throw new IllegalArgumentException("the work-group size must be a power of two, got " + local);
        }
        return "-cl-kernel-arg-info -DSPECULA_LOCAL=" + local;
    }

    /** The CUDA translation unit: prelude_cuda.h, then the pipeline inside {@code extern "C"}. */
    public static String cudaProgram() {
        return required("prelude_cuda.h") + "\nextern \"C\" {\n" + pipeline() + "\n}\n";
    }

    /** A resource of {@link #FOLDER}, if it is there. */
    static Optional<String> resource(String name) {
        try (InputStream in = HandwrittenSource.class.getResourceAsStream(FOLDER + name)) {
            return in == null ? Optional.empty() : Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + FOLDER + name, e);
        }
    }

    private static String required(String name) {
        return resource(name).orElseThrow(() -> new IllegalStateException(
                "resource " + FOLDER + name + " is missing from the specula-kernels jar"));
    }
}
