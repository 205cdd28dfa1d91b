package dev.specula.ffm.cuda.raw;

import dev.specula.ffm.NativeLibrary;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

/**
 * The CUDA driver API ({@code cuda.h}, {@code libcuda.so.1}) in the shape jextract generates: one
 * static wrapper per function, named as the symbol it binds, over a downcall handle bound on first
 * call; the header's constants as static finals.
 *
 * <p>Where {@code cuda.h} maps an API name to a versioned symbol ({@code #define cuMemAlloc
 * cuMemAlloc_v2}) the wrapper carries the versioned name, as jextract's output does after
 * preprocessing. Handle types ({@code CUcontext}, {@code CUmodule}, {@code CUfunction},
 * {@code CUstream}, {@code CUevent}) are pointers; {@code CUdevice} is an {@code int};
 * {@code CUdeviceptr} is an {@code unsigned long long}, here a {@code long}. Every function
 * returns a {@code CUresult}.
 *
 * <p>The library is {@code libcuda.so.1}, which the NVIDIA driver installs (the CUDA toolkit alone
 * ships only a stub); {@code -Dspecula.cuda.library=/path/to/libcuda.so.1} overrides it. When it is
 * absent each call throws {@link dev.specula.ffm.NativeLibraryNotFoundException}.
 */
public final class CudaDriver {
    private CudaDriver() {}

    /** The driver library, opened on the first call. */
    public static final NativeLibrary LIBRARY = NativeLibrary.of("CUDA driver", "specula.cuda.library",
            "Install the NVIDIA driver for your GPU (it provides libcuda.so.1; the CUDA toolkit alone does not), "
                    + "e.g. apt-get install nvidia-driver from Debian non-free, or see https://docs.nvidia.com/cuda/cuda-installation-guide-linux/.",
            "libcuda.so.1");

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG_LONG = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfLong C_SIZE_T = ValueLayout.JAVA_LONG;
    public static final ValueLayout.OfByte C_CHAR = ValueLayout.JAVA_BYTE;
    public static final ValueLayout.OfFloat C_FLOAT = ValueLayout.JAVA_FLOAT;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS
            .withTargetLayout(MemoryLayout.sequenceLayout(Long.MAX_VALUE, ValueLayout.JAVA_BYTE));

    // enum cudaError_enum (CUresult)
    public static final int CUDA_SUCCESS = 0;
    public static final int CUDA_ERROR_INVALID_VALUE = 1;
    public static final int CUDA_ERROR_OUT_OF_MEMORY = 2;
    public static final int CUDA_ERROR_NOT_INITIALIZED = 3;
    public static final int CUDA_ERROR_DEINITIALIZED = 4;
    public static final int CUDA_ERROR_PROFILER_DISABLED = 5;
    public static final int CUDA_ERROR_PROFILER_NOT_INITIALIZED = 6;
    public static final int CUDA_ERROR_PROFILER_ALREADY_STARTED = 7;
    public static final int CUDA_ERROR_PROFILER_ALREADY_STOPPED = 8;
    public static final int CUDA_ERROR_STUB_LIBRARY = 34;
    public static final int CUDA_ERROR_CALL_REQUIRES_NEWER_DRIVER = 36;
    public static final int CUDA_ERROR_DEVICE_UNAVAILABLE = 46;
    public static final int CUDA_ERROR_NO_DEVICE = 100;
    public static final int CUDA_ERROR_INVALID_DEVICE = 101;
    public static final int CUDA_ERROR_DEVICE_NOT_LICENSED = 102;
    public static final int CUDA_ERROR_INVALID_IMAGE = 200;
    public static final int CUDA_ERROR_INVALID_CONTEXT = 201;
    public static final int CUDA_ERROR_CONTEXT_ALREADY_CURRENT = 202;
    public static final int CUDA_ERROR_MAP_FAILED = 205;
    public static final int CUDA_ERROR_UNMAP_FAILED = 206;
    public static final int CUDA_ERROR_ARRAY_IS_MAPPED = 207;
    public static final int CUDA_ERROR_ALREADY_MAPPED = 208;
    public static final int CUDA_ERROR_NO_BINARY_FOR_GPU = 209;
    public static final int CUDA_ERROR_ALREADY_ACQUIRED = 210;
    public static final int CUDA_ERROR_NOT_MAPPED = 211;
    public static final int CUDA_ERROR_NOT_MAPPED_AS_ARRAY = 212;
    public static final int CUDA_ERROR_NOT_MAPPED_AS_POINTER = 213;
    public static final int CUDA_ERROR_ECC_UNCORRECTABLE = 214;
    public static final int CUDA_ERROR_UNSUPPORTED_LIMIT = 215;
    public static final int CUDA_ERROR_CONTEXT_ALREADY_IN_USE = 216;
    public static final int CUDA_ERROR_PEER_ACCESS_UNSUPPORTED = 217;
    public static final int CUDA_ERROR_INVALID_PTX = 218;
    public static final int CUDA_ERROR_INVALID_GRAPHICS_CONTEXT = 219;
    public static final int CUDA_ERROR_NVLINK_UNCORRECTABLE = 220;
    public static final int CUDA_ERROR_JIT_COMPILER_NOT_FOUND = 221;
    public static final int CUDA_ERROR_UNSUPPORTED_PTX_VERSION = 222;
    public static final int CUDA_ERROR_JIT_COMPILATION_DISABLED = 223;
    public static final int CUDA_ERROR_UNSUPPORTED_EXEC_AFFINITY = 224;
    public static final int CUDA_ERROR_UNSUPPORTED_DEVSIDE_SYNC = 225;
    public static final int CUDA_ERROR_CONTAINED = 226;
    public static final int CUDA_ERROR_INVALID_SOURCE = 300;
    public static final int CUDA_ERROR_FILE_NOT_FOUND = 301;
    public static final int CUDA_ERROR_SHARED_OBJECT_SYMBOL_NOT_FOUND = 302;
    public static final int CUDA_ERROR_SHARED_OBJECT_INIT_FAILED = 303;
    public static final int CUDA_ERROR_OPERATING_SYSTEM = 304;
    public static final int CUDA_ERROR_INVALID_HANDLE = 400;
    public static final int CUDA_ERROR_ILLEGAL_STATE = 401;
    public static final int CUDA_ERROR_LOSSY_QUERY = 402;
    public static final int CUDA_ERROR_NOT_FOUND = 500;
    public static final int CUDA_ERROR_NOT_READY = 600;
    public static final int CUDA_ERROR_ILLEGAL_ADDRESS = 700;
    public static final int CUDA_ERROR_LAUNCH_OUT_OF_RESOURCES = 701;
    public static final int CUDA_ERROR_LAUNCH_TIMEOUT = 702;
    public static final int CUDA_ERROR_LAUNCH_INCOMPATIBLE_TEXTURING = 703;
    public static final int CUDA_ERROR_PEER_ACCESS_ALREADY_ENABLED = 704;
    public static final int CUDA_ERROR_PEER_ACCESS_NOT_ENABLED = 705;
    public static final int CUDA_ERROR_PRIMARY_CONTEXT_ACTIVE = 708;
    public static final int CUDA_ERROR_CONTEXT_IS_DESTROYED = 709;
    public static final int CUDA_ERROR_ASSERT = 710;
    public static final int CUDA_ERROR_TOO_MANY_PEERS = 711;
    public static final int CUDA_ERROR_HOST_MEMORY_ALREADY_REGISTERED = 712;
    public static final int CUDA_ERROR_HOST_MEMORY_NOT_REGISTERED = 713;
    public static final int CUDA_ERROR_HARDWARE_STACK_ERROR = 714;
    public static final int CUDA_ERROR_ILLEGAL_INSTRUCTION = 715;
    public static final int CUDA_ERROR_MISALIGNED_ADDRESS = 716;
    public static final int CUDA_ERROR_INVALID_ADDRESS_SPACE = 717;
    public static final int CUDA_ERROR_INVALID_PC = 718;
    public static final int CUDA_ERROR_LAUNCH_FAILED = 719;
    public static final int CUDA_ERROR_COOPERATIVE_LAUNCH_TOO_LARGE = 720;
    public static final int CUDA_ERROR_TENSOR_MEMORY_LEAK = 721;
    public static final int CUDA_ERROR_NOT_PERMITTED = 800;
    public static final int CUDA_ERROR_NOT_SUPPORTED = 801;
    public static final int CUDA_ERROR_SYSTEM_NOT_READY = 802;
    public static final int CUDA_ERROR_SYSTEM_DRIVER_MISMATCH = 803;
    public static final int CUDA_ERROR_COMPAT_NOT_SUPPORTED_ON_DEVICE = 804;
    public static final int CUDA_ERROR_MPS_CONNECTION_FAILED = 805;
    public static final int CUDA_ERROR_MPS_RPC_FAILURE = 806;
    public static final int CUDA_ERROR_MPS_SERVER_NOT_READY = 807;
    public static final int CUDA_ERROR_MPS_MAX_CLIENTS_REACHED = 808;
    public static final int CUDA_ERROR_MPS_MAX_CONNECTIONS_REACHED = 809;
    public static final int CUDA_ERROR_MPS_CLIENT_TERMINATED = 810;
    public static final int CUDA_ERROR_CDP_NOT_SUPPORTED = 811;
    public static final int CUDA_ERROR_CDP_VERSION_MISMATCH = 812;
    public static final int CUDA_ERROR_STREAM_CAPTURE_UNSUPPORTED = 900;
    public static final int CUDA_ERROR_STREAM_CAPTURE_INVALIDATED = 901;
    public static final int CUDA_ERROR_STREAM_CAPTURE_MERGE = 902;
    public static final int CUDA_ERROR_STREAM_CAPTURE_UNMATCHED = 903;
    public static final int CUDA_ERROR_STREAM_CAPTURE_UNJOINED = 904;
    public static final int CUDA_ERROR_STREAM_CAPTURE_ISOLATION = 905;
    public static final int CUDA_ERROR_STREAM_CAPTURE_IMPLICIT = 906;
    public static final int CUDA_ERROR_CAPTURED_EVENT = 907;
    public static final int CUDA_ERROR_STREAM_CAPTURE_WRONG_THREAD = 908;
    public static final int CUDA_ERROR_TIMEOUT = 909;
    public static final int CUDA_ERROR_GRAPH_EXEC_UPDATE_FAILURE = 910;
    public static final int CUDA_ERROR_EXTERNAL_DEVICE = 911;
    public static final int CUDA_ERROR_INVALID_CLUSTER_SIZE = 912;
    public static final int CUDA_ERROR_FUNCTION_NOT_LOADED = 913;
    public static final int CUDA_ERROR_INVALID_RESOURCE_TYPE = 914;
    public static final int CUDA_ERROR_INVALID_RESOURCE_CONFIGURATION = 915;
    public static final int CUDA_ERROR_KEY_ROTATION = 916;
    public static final int CUDA_ERROR_UNKNOWN = 999;

    // enum CUdevice_attribute_enum (the attributes Specula reads)
    public static final int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK = 1;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_BLOCK_DIM_X = 2;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_GRID_DIM_X = 5;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK = 8;
    public static final int CU_DEVICE_ATTRIBUTE_TOTAL_CONSTANT_MEMORY = 9;
    public static final int CU_DEVICE_ATTRIBUTE_WARP_SIZE = 10;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_REGISTERS_PER_BLOCK = 12;
    public static final int CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT = 16;
    public static final int CU_DEVICE_ATTRIBUTE_INTEGRATED = 18;
    public static final int CU_DEVICE_ATTRIBUTE_CAN_MAP_HOST_MEMORY = 19;
    public static final int CU_DEVICE_ATTRIBUTE_PCI_BUS_ID = 33;
    public static final int CU_DEVICE_ATTRIBUTE_GLOBAL_MEMORY_BUS_WIDTH = 37;
    public static final int CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE = 38;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_MULTIPROCESSOR = 39;
    public static final int CU_DEVICE_ATTRIBUTE_UNIFIED_ADDRESSING = 41;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR = 75;
    public static final int CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR = 76;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_MULTIPROCESSOR = 81;
    public static final int CU_DEVICE_ATTRIBUTE_MANAGED_MEMORY = 83;
    public static final int CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK_OPTIN = 97;

    // enum CUstream_flags_enum
    public static final int CU_STREAM_DEFAULT = 0x0;
    public static final int CU_STREAM_NON_BLOCKING = 0x1;

    // enum CUevent_flags_enum
    public static final int CU_EVENT_DEFAULT = 0x0;
    public static final int CU_EVENT_BLOCKING_SYNC = 0x1;
    public static final int CU_EVENT_DISABLE_TIMING = 0x2;

    // enum CUjit_option_enum (the options that collect the JIT's logs)
    public static final int CU_JIT_INFO_LOG_BUFFER = 3;
    public static final int CU_JIT_INFO_LOG_BUFFER_SIZE_BYTES = 4;
    public static final int CU_JIT_ERROR_LOG_BUFFER = 5;
    public static final int CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES = 6;
    public static final int CU_JIT_LOG_VERBOSE = 12;

    private static final class cuInit {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuInit");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuInit(unsigned int Flags)
     * }
     */
    public static int cuInit(int Flags) {
        MethodHandle handle = cuInit.HANDLE.handle();
        try {
            return (int) handle.invokeExact(Flags);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDriverGetVersion {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDriverGetVersion");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDriverGetVersion(int *driverVersion)
     * }
     */
    public static int cuDriverGetVersion(MemorySegment driverVersion) {
        MethodHandle handle = cuDriverGetVersion.HANDLE.handle();
        try {
            return (int) handle.invokeExact(driverVersion);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDeviceGetCount {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDeviceGetCount");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGetCount(int *count)
     * }
     */
    public static int cuDeviceGetCount(MemorySegment count) {
        MethodHandle handle = cuDeviceGetCount.HANDLE.handle();
        try {
            return (int) handle.invokeExact(count);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDeviceGet {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDeviceGet");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGet(CUdevice *device, int ordinal)
     * }
     */
    public static int cuDeviceGet(MemorySegment device, int ordinal) {
        MethodHandle handle = cuDeviceGet.HANDLE.handle();
        try {
            return (int) handle.invokeExact(device, ordinal);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDeviceGetName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDeviceGetName");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGetName(char *name, int len, CUdevice dev)
     * }
     */
    public static int cuDeviceGetName(MemorySegment name, int len, int dev) {
        MethodHandle handle = cuDeviceGetName.HANDLE.handle();
        try {
            return (int) handle.invokeExact(name, len, dev);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDeviceGetAttribute {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDeviceGetAttribute");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceGetAttribute(int *pi, CUdevice_attribute attrib, CUdevice dev)
     * }
     */
    public static int cuDeviceGetAttribute(MemorySegment pi, int attrib, int dev) {
        MethodHandle handle = cuDeviceGetAttribute.HANDLE.handle();
        try {
            return (int) handle.invokeExact(pi, attrib, dev);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDeviceTotalMem_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDeviceTotalMem_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDeviceTotalMem_v2(size_t *bytes, CUdevice dev)
     * }
     */
    public static int cuDeviceTotalMem_v2(MemorySegment bytes, int dev) {
        MethodHandle handle = cuDeviceTotalMem_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(bytes, dev);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDevicePrimaryCtxRetain {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDevicePrimaryCtxRetain");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDevicePrimaryCtxRetain(CUcontext *pctx, CUdevice dev)
     * }
     */
    public static int cuDevicePrimaryCtxRetain(MemorySegment pctx, int dev) {
        MethodHandle handle = cuDevicePrimaryCtxRetain.HANDLE.handle();
        try {
            return (int) handle.invokeExact(pctx, dev);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuDevicePrimaryCtxRelease_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuDevicePrimaryCtxRelease_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuDevicePrimaryCtxRelease_v2(CUdevice dev)
     * }
     */
    public static int cuDevicePrimaryCtxRelease_v2(int dev) {
        MethodHandle handle = cuDevicePrimaryCtxRelease_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dev);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuCtxSetCurrent {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuCtxSetCurrent");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuCtxSetCurrent(CUcontext ctx)
     * }
     */
    public static int cuCtxSetCurrent(MemorySegment ctx) {
        MethodHandle handle = cuCtxSetCurrent.HANDLE.handle();
        try {
            return (int) handle.invokeExact(ctx);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuCtxGetCurrent {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuCtxGetCurrent");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuCtxGetCurrent(CUcontext *pctx)
     * }
     */
    public static int cuCtxGetCurrent(MemorySegment pctx) {
        MethodHandle handle = cuCtxGetCurrent.HANDLE.handle();
        try {
            return (int) handle.invokeExact(pctx);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuCtxSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuCtxSynchronize");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuCtxSynchronize(void)
     * }
     */
    public static int cuCtxSynchronize() {
        MethodHandle handle = cuCtxSynchronize.HANDLE.handle();
        try {
            return (int) handle.invokeExact();
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuModuleLoadData {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuModuleLoadData");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleLoadData(CUmodule *module, const void *image)
     * }
     */
    public static int cuModuleLoadData(MemorySegment module, MemorySegment image) {
        MethodHandle handle = cuModuleLoadData.HANDLE.handle();
        try {
            return (int) handle.invokeExact(module, image);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuModuleLoadDataEx {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuModuleLoadDataEx");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleLoadDataEx(CUmodule *module, const void *image, unsigned int numOptions, CUjit_option *options, void **optionValues)
     * }
     */
    public static int cuModuleLoadDataEx(MemorySegment module, MemorySegment image, int numOptions, MemorySegment options, MemorySegment optionValues) {
        MethodHandle handle = cuModuleLoadDataEx.HANDLE.handle();
        try {
            return (int) handle.invokeExact(module, image, numOptions, options, optionValues);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuModuleUnload {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuModuleUnload");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleUnload(CUmodule hmod)
     * }
     */
    public static int cuModuleUnload(MemorySegment hmod) {
        MethodHandle handle = cuModuleUnload.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hmod);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuModuleGetFunction {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuModuleGetFunction");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuModuleGetFunction(CUfunction *hfunc, CUmodule hmod, const char *name)
     * }
     */
    public static int cuModuleGetFunction(MemorySegment hfunc, MemorySegment hmod, MemorySegment name) {
        MethodHandle handle = cuModuleGetFunction.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hfunc, hmod, name);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuLaunchKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuLaunchKernel");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuLaunchKernel(CUfunction f, unsigned int gridDimX, unsigned int gridDimY, unsigned int gridDimZ, unsigned int blockDimX, unsigned int blockDimY, unsigned int blockDimZ, unsigned int sharedMemBytes, CUstream hStream, void **kernelParams, void **extra)
     * }
     */
    public static int cuLaunchKernel(MemorySegment f, int gridDimX, int gridDimY, int gridDimZ, int blockDimX, int blockDimY, int blockDimZ, int sharedMemBytes, MemorySegment hStream, MemorySegment kernelParams, MemorySegment extra) {
        MethodHandle handle = cuLaunchKernel.HANDLE.handle();
        try {
            return (int) handle.invokeExact(f, gridDimX, gridDimY, gridDimZ, blockDimX, blockDimY, blockDimZ, sharedMemBytes, hStream, kernelParams, extra);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemAlloc_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_SIZE_T);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemAlloc_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemAlloc_v2(CUdeviceptr *dptr, size_t bytesize)
     * }
     */
    public static int cuMemAlloc_v2(MemorySegment dptr, long bytesize) {
        MethodHandle handle = cuMemAlloc_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dptr, bytesize);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemFree_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_LONG_LONG);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemFree_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemFree_v2(CUdeviceptr dptr)
     * }
     */
    public static int cuMemFree_v2(long dptr) {
        MethodHandle handle = cuMemFree_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dptr);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemcpyHtoD_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_LONG_LONG, C_POINTER, C_SIZE_T);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemcpyHtoD_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyHtoD_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount)
     * }
     */
    public static int cuMemcpyHtoD_v2(long dstDevice, MemorySegment srcHost, long ByteCount) {
        MethodHandle handle = cuMemcpyHtoD_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dstDevice, srcHost, ByteCount);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemcpyDtoH_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG, C_SIZE_T);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemcpyDtoH_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyDtoH_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount)
     * }
     */
    public static int cuMemcpyDtoH_v2(MemorySegment dstHost, long srcDevice, long ByteCount) {
        MethodHandle handle = cuMemcpyDtoH_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dstHost, srcDevice, ByteCount);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemcpyHtoDAsync_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_LONG_LONG, C_POINTER, C_SIZE_T, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemcpyHtoDAsync_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyHtoDAsync_v2(CUdeviceptr dstDevice, const void *srcHost, size_t ByteCount, CUstream hStream)
     * }
     */
    public static int cuMemcpyHtoDAsync_v2(long dstDevice, MemorySegment srcHost, long ByteCount, MemorySegment hStream) {
        MethodHandle handle = cuMemcpyHtoDAsync_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dstDevice, srcHost, ByteCount, hStream);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemcpyDtoHAsync_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG_LONG, C_SIZE_T, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemcpyDtoHAsync_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemcpyDtoHAsync_v2(void *dstHost, CUdeviceptr srcDevice, size_t ByteCount, CUstream hStream)
     * }
     */
    public static int cuMemcpyDtoHAsync_v2(MemorySegment dstHost, long srcDevice, long ByteCount, MemorySegment hStream) {
        MethodHandle handle = cuMemcpyDtoHAsync_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dstHost, srcDevice, ByteCount, hStream);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuMemsetD8_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_LONG_LONG, C_CHAR, C_SIZE_T);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuMemsetD8_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuMemsetD8_v2(CUdeviceptr dstDevice, unsigned char uc, size_t N)
     * }
     */
    public static int cuMemsetD8_v2(long dstDevice, byte uc, long N) {
        MethodHandle handle = cuMemsetD8_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(dstDevice, uc, N);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuStreamCreate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuStreamCreate");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamCreate(CUstream *phStream, unsigned int Flags)
     * }
     */
    public static int cuStreamCreate(MemorySegment phStream, int Flags) {
        MethodHandle handle = cuStreamCreate.HANDLE.handle();
        try {
            return (int) handle.invokeExact(phStream, Flags);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuStreamDestroy_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuStreamDestroy_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamDestroy_v2(CUstream hStream)
     * }
     */
    public static int cuStreamDestroy_v2(MemorySegment hStream) {
        MethodHandle handle = cuStreamDestroy_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hStream);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuStreamSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuStreamSynchronize");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuStreamSynchronize(CUstream hStream)
     * }
     */
    public static int cuStreamSynchronize(MemorySegment hStream) {
        MethodHandle handle = cuStreamSynchronize.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hStream);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuEventCreate {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuEventCreate");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventCreate(CUevent *phEvent, unsigned int Flags)
     * }
     */
    public static int cuEventCreate(MemorySegment phEvent, int Flags) {
        MethodHandle handle = cuEventCreate.HANDLE.handle();
        try {
            return (int) handle.invokeExact(phEvent, Flags);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuEventRecord {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuEventRecord");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventRecord(CUevent hEvent, CUstream hStream)
     * }
     */
    public static int cuEventRecord(MemorySegment hEvent, MemorySegment hStream) {
        MethodHandle handle = cuEventRecord.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hEvent, hStream);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuEventSynchronize {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuEventSynchronize");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventSynchronize(CUevent hEvent)
     * }
     */
    public static int cuEventSynchronize(MemorySegment hEvent) {
        MethodHandle handle = cuEventSynchronize.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hEvent);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuEventElapsedTime_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuEventElapsedTime_v2", "cuEventElapsedTime");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventElapsedTime_v2(float *pMilliseconds, CUevent hStart, CUevent hEnd)
     * }
     * Binds cuEventElapsedTime_v2, or cuEventElapsedTime on libraries that predate it.
     */
    public static int cuEventElapsedTime_v2(MemorySegment pMilliseconds, MemorySegment hStart, MemorySegment hEnd) {
        MethodHandle handle = cuEventElapsedTime_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(pMilliseconds, hStart, hEnd);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuEventDestroy_v2 {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuEventDestroy_v2");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuEventDestroy_v2(CUevent hEvent)
     * }
     */
    public static int cuEventDestroy_v2(MemorySegment hEvent) {
        MethodHandle handle = cuEventDestroy_v2.HANDLE.handle();
        try {
            return (int) handle.invokeExact(hEvent);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuGetErrorName {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuGetErrorName");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGetErrorName(CUresult error, const char **pStr)
     * }
     */
    public static int cuGetErrorName(int error, MemorySegment pStr) {
        MethodHandle handle = cuGetErrorName.HANDLE.handle();
        try {
            return (int) handle.invokeExact(error, pStr);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

    private static final class cuGetErrorString {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final Downcall HANDLE = new Downcall(LIBRARY, DESC, "cuGetErrorString");
    }

    /**
     * {@snippet lang=c :
     * CUresult cuGetErrorString(CUresult error, const char **pStr)
     * }
     */
    public static int cuGetErrorString(int error, MemorySegment pStr) {
        MethodHandle handle = cuGetErrorString.HANDLE.handle();
        try {
            return (int) handle.invokeExact(error, pStr);
        } catch (Throwable ex) {
            throw new AssertionError("should not reach here", ex);
        }
    }

}
