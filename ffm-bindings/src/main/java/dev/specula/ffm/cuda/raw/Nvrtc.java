package dev.specula.ffm.cuda.raw;

import dev.specula.ffm.NativeLibrary;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * NVRTC, CUDA's runtime compiler ({@code nvrtc.h}, {@code libnvrtc.so.*}), in the shape jextract
 * generates: one static wrapper per function over a downcall handle bound on first call, the
 * {@code nvrtcResult} codes as static finals. {@code nvrtcProgram} is a pointer.
 *
 * <p>NVRTC has one soname per CUDA major version, so {@link #LIBRARY} tries the {@code libnvrtc.so*}
 * files found in the library folders (newest first), then {@code libnvrtc.so.13}, {@code .12},
 * {@code .11.x}; {@code -Dspecula.nvrtc.library=/path/to/libnvrtc.so.N} overrides the search.
 */
public final class Nvrtc {
    private Nvrtc() {}

    /** The NVRTC library, opened on the first call. */
    public static final NativeLibrary LIBRARY = NativeLibrary.of("NVRTC", "specula.nvrtc.library",
            "Install the CUDA toolkit's runtime compiler, e.g. apt-get install cuda-nvrtc-13-0 from NVIDIA's "
                    + "CUDA repository (or libnvrtc11.2 from Debian non-free), or point the property at libnvrtc.so.N.",
            NvrtcLibraryNames.candidates().toArray(String[]::new));

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_SIZE_T = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // enum nvrtcResult
    public static final int NVRTC_SUCCESS = 0;
    public static final int NVRTC_ERROR_OUT_OF_MEMORY = 1;
    public static final int NVRTC_ERROR_PROGRAM_CREATION_FAILURE = 2;
    public static final int NVRTC_ERROR_INVALID_INPUT = 3;
    public static final int NVRTC_ERROR_INVALID_PROGRAM = 4;
    public static final int NVRTC_ERROR_INVALID_OPTION = 5;
    public static final int NVRTC_ERROR_COMPILATION = 6;
    public static final int NVRTC_ERROR_BUILTIN_OPERATION_FAILURE = 7;
    public static final int NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION = 8;
    public static final int NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION = 9;
    public static final int NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID = 10;
    public static final int NVRTC_ERROR_INTERNAL_ERROR = 11;
    public static final int NVRTC_ERROR_TIME_FILE_WRITE_FAILED = 12;

    private static final class nvrtcGetErrorString {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcGetErrorString");
    }

    /**
     * {@snippet lang=c :
     * const char *nvrtcGetErrorString(nvrtcResult result)
     * }
     */
    public static MemorySegment nvrtcGetErrorString(int result) {
        MethodHandle handle = nvrtcGetErrorString.HANDLE.handle();
        try {
            return (MemorySegment) handle.invokeExact(result);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcVersion");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcVersion(int *major, int *minor)
     * }
     */
    public static int nvrtcVersion(MemorySegment major, MemorySegment minor) {
        MethodHandle handle = nvrtcVersion.HANDLE.handle();
        try {
            return (int) handle.invokeExact(major, minor);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcCreateProgram {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcCreateProgram");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcCreateProgram(nvrtcProgram *prog, const char *src, const char *name, int numHeaders, const char * const *headers, const char * const *includeNames)
     * }
     */
    public static int nvrtcCreateProgram(MemorySegment prog, MemorySegment src, MemorySegment name, int numHeaders, MemorySegment headers, MemorySegment includeNames) {
        MethodHandle handle = nvrtcCreateProgram.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog, src, name, numHeaders, headers, includeNames);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcDestroyProgram {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcDestroyProgram");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcDestroyProgram(nvrtcProgram *prog)
     * }
     */
    public static int nvrtcDestroyProgram(MemorySegment prog) {
        MethodHandle handle = nvrtcDestroyProgram.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcCompileProgram {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcCompileProgram");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcCompileProgram(nvrtcProgram prog, int numOptions, const char * const *options)
     * }
     */
    public static int nvrtcCompileProgram(MemorySegment prog, int numOptions, MemorySegment options) {
        MethodHandle handle = nvrtcCompileProgram.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog, numOptions, options);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcGetPTXSize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcGetPTXSize");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcGetPTXSize(nvrtcProgram prog, size_t *ptxSizeRet)
     * }
     */
    public static int nvrtcGetPTXSize(MemorySegment prog, MemorySegment ptxSizeRet) {
        MethodHandle handle = nvrtcGetPTXSize.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog, ptxSizeRet);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcGetPTX {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcGetPTX");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcGetPTX(nvrtcProgram prog, char *ptx)
     * }
     */
    public static int nvrtcGetPTX(MemorySegment prog, MemorySegment ptx) {
        MethodHandle handle = nvrtcGetPTX.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog, ptx);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcGetProgramLogSize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcGetProgramLogSize");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcGetProgramLogSize(nvrtcProgram prog, size_t *logSizeRet)
     * }
     */
    public static int nvrtcGetProgramLogSize(MemorySegment prog, MemorySegment logSizeRet) {
        MethodHandle handle = nvrtcGetProgramLogSize.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog, logSizeRet);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class nvrtcGetProgramLog {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "nvrtcGetProgramLog");
    }

    /**
     * {@snippet lang=c :
     * nvrtcResult nvrtcGetProgramLog(nvrtcProgram prog, char *log)
     * }
     */
    public static int nvrtcGetProgramLog(MemorySegment prog, MemorySegment log) {
        MethodHandle handle = nvrtcGetProgramLog.HANDLE.handle();
        try {
            return (int) handle.invokeExact(prog, log);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

}
