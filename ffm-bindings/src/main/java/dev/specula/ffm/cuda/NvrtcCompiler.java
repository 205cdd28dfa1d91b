package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.Nvrtc.*;

import dev.specula.ffm.cuda.raw.Nvrtc;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.List;
import java.util.Objects;

/**
 * Compiles CUDA C++ to PTX at run time with NVRTC, which the CUDA toolkit installs as
 * {@code libnvrtc.so.N}. The PTX is then loaded with {@link CudaContext#loadModule(String)}.
 *
 * {@snippet :
 * String ptx = NvrtcCompiler.compileToPtx("""
 *         extern "C" __global__ void fill(float *out, float value, int n) {
 *             int i = blockIdx.x * blockDim.x + threadIdx.x;
 *             if (i < n) out[i] = value;
 *         }
 *         """, "fill.cu", List.of("--gpu-architecture=" + device.computeTarget()));
 * }
 */
public final class NvrtcCompiler {
    private NvrtcCompiler() {}

    /** Whether NVRTC can be loaded. */
    public static boolean isInstalled() {
        return Nvrtc.LIBRARY.isAvailable();
    }

    /** NVRTC's version, e.g. {@code "13.0"}. */
    public static String version() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment major = arena.allocate(C_INT);
            MemorySegment minor = arena.allocate(C_INT);
            check(nvrtcVersion(major, minor), "nvrtcVersion");
            return major.get(C_INT, 0) + "." + minor.get(C_INT, 0);
        }
    }

    /**
     * Compiles {@code source} to PTX.
     *
     * @param programName a name for messages, e.g. {@code "kernels.cu"}
     * @param options     nvrtc options, e.g. {@code --gpu-architecture=compute_80}, {@code -default-device}
     * @throws NvrtcException with the compiler log if the source does not compile
     */
    public static String compileToPtx(String source, String programName, List<String> options) {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(programName, "programName");
        Objects.requireNonNull(options, "options");
        if (source.isBlank()) {
            throw new IllegalArgumentException("the CUDA source is empty");
        }
        if (programName.isBlank()) {
            throw new IllegalArgumentException("a program name is needed");
        }
        for (int i = 0; i < options.size(); i++) {
            if (options.get(i) == null || options.get(i).isBlank()) {
                throw new IllegalArgumentException("compiler option " + i + " is empty");
            }
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment program = arena.allocate(C_POINTER);
            check(nvrtcCreateProgram(program, arena.allocateFrom(source), arena.allocateFrom(programName),
                    0, MemorySegment.NULL, MemorySegment.NULL), "nvrtcCreateProgram");
            try {
                return compile(arena, program.get(C_POINTER, 0), options);
            } finally {
                nvrtcDestroyProgram(program);
            }
        }
    }

    private static String compile(Arena arena, MemorySegment program, List<String> options) {
        MemorySegment optionArray = arena.allocate(C_POINTER, Math.max(1, options.size()));
        for (int i = 0; i < options.size(); i++) {
            optionArray.setAtIndex(C_POINTER, i, arena.allocateFrom(options.get(i)));
        }
        int result = nvrtcCompileProgram(program, options.size(), optionArray);
        if (result != NVRTC_SUCCESS) {
            throw new NvrtcException(result, "nvrtcCompileProgram", log(arena, program));
        }
        MemorySegment size = arena.allocate(C_SIZE_T);
        check(nvrtcGetPTXSize(program, size), "nvrtcGetPTXSize");
        MemorySegment ptx = arena.allocate(size.get(C_SIZE_T, 0));  // the size counts the final NUL
        check(nvrtcGetPTX(program, ptx), "nvrtcGetPTX");
        return ptx.getString(0);
    }

    private static String log(Arena arena, MemorySegment program) {
        MemorySegment size = arena.allocate(C_SIZE_T);
        if (nvrtcGetProgramLogSize(program, size) != NVRTC_SUCCESS || size.get(C_SIZE_T, 0) <= 1) {
            return "";
        }
        MemorySegment log = arena.allocate(size.get(C_SIZE_T, 0));
        return nvrtcGetProgramLog(program, log) == NVRTC_SUCCESS ? log.getString(0) : "";
    }

    private static void check(int result, String function) {
        if (result != NVRTC_SUCCESS) {
            throw new NvrtcException(result, function, "");
        }
    }
}
