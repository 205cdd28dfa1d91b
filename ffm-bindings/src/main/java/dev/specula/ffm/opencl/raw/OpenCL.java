package dev.specula.ffm.opencl.raw;

import dev.specula.ffm.NativeLibrary;
import dev.specula.ffm.NativeLibraryNotFoundException;
import java.lang.foreign.AddressLayout;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;

/**
 * The OpenCL C API ({@code CL/cl.h}) as jextract lays it out: one static method per C function,
 * with the C name and C parameter names, plus the {@code CL_*} constants this project uses.
 *
 * <p>This class is the shape that
 * {@code jextract --target-package dev.specula.ffm.opencl.raw --header-class-name OpenCL
 * --library :libOpenCL.so.1 --include-function ... /usr/include/CL/cl.h} generates, written by
 * hand because jextract is not available to this project; regenerating it is meant to be a drop-in
 * change (see the module's README). Two deliberate differences: constants are {@code static final}
 * fields rather than methods, and the {@code cl_bitfield} constants (device types, memory and map
 * flags, queue properties) are {@code long}, the width the functions take them at.
 *
 * <p>Type mapping on x86-64 Linux: {@code cl_int}, {@code cl_uint}, {@code cl_bool} and the
 * {@code cl_*_info} enums are {@link #C_INT}; {@code size_t}, {@code cl_ulong} and
 * {@code cl_bitfield} are {@link #C_LONG}; opaque handles ({@code cl_context}, {@code cl_mem}, ...)
 * and every pointer are {@link #C_POINTER}.
 *
 * <p>Each function's downcall handle is bound on its first call (the holder-class idiom). The
 * library is {@code libOpenCL.so.1} (the ICD loader), or the file named by the system property
 * {@value #LIBRARY_PROPERTY}. When it is missing, every call throws
 * {@link NativeLibraryNotFoundException} saying what to install.
 *
 * <p>Nothing here checks arguments: this is the raw layer. Use {@code dev.specula.ffm.opencl}.
 */
public final class OpenCL {
    private OpenCL() {}

    /** System property naming the OpenCL library file to load instead of {@code libOpenCL.so.1}. */
    public static final String LIBRARY_PROPERTY = "specula.opencl.library";

    /** The OpenCL loader; opened on the first call of any function. */
    public static final NativeLibrary LIBRARY = NativeLibrary.of("OpenCL", LIBRARY_PROPERTY,
            "Install an OpenCL driver, e.g. 'apt-get install pocl-opencl-icd ocl-icd-libopencl1' "
                    + "(a CPU device), or your GPU vendor's OpenCL driver.",
            "libOpenCL.so.1");

    public static final ValueLayout.OfInt C_INT = ValueLayout.JAVA_INT;
    public static final ValueLayout.OfLong C_LONG = ValueLayout.JAVA_LONG;
    public static final AddressLayout C_POINTER = ValueLayout.ADDRESS;

    /**
     * Binds {@code name}; when the library or the function is missing, returns a handle of the same
     * type that throws the typed exception on every call. Throwing from the holder's initialiser
     * instead would surface once as an {@link ExceptionInInitializerError} and afterwards as a bare
     * {@link NoClassDefFoundError}.
     */
    static MethodHandle downcall(String name, FunctionDescriptor descriptor) {
        try {
            return LIBRARY.downcall(name, descriptor);
        } catch (NativeLibraryNotFoundException missing) {
            MethodType type = descriptor.toMethodType();
            MethodHandle thrower = MethodHandles.throwException(type.returnType(), NativeLibraryNotFoundException.class)
                    .bindTo(missing);
            return MethodHandles.dropArguments(thrower, 0, type.parameterList());
        }
    }

    // Error codes: every one of cl.h, plus the ICD loader's "no platform found" code from cl_ext.h.
    public static final int CL_SUCCESS = 0;
    public static final int CL_DEVICE_NOT_FOUND = -1;
    public static final int CL_DEVICE_NOT_AVAILABLE = -2;
    public static final int CL_COMPILER_NOT_AVAILABLE = -3;
    public static final int CL_MEM_OBJECT_ALLOCATION_FAILURE = -4;
    public static final int CL_OUT_OF_RESOURCES = -5;
    public static final int CL_OUT_OF_HOST_MEMORY = -6;
    public static final int CL_PROFILING_INFO_NOT_AVAILABLE = -7;
    public static final int CL_MEM_COPY_OVERLAP = -8;
    public static final int CL_IMAGE_FORMAT_MISMATCH = -9;
    public static final int CL_IMAGE_FORMAT_NOT_SUPPORTED = -10;
    public static final int CL_BUILD_PROGRAM_FAILURE = -11;
    public static final int CL_MAP_FAILURE = -12;
    public static final int CL_MISALIGNED_SUB_BUFFER_OFFSET = -13;
    public static final int CL_EXEC_STATUS_ERROR_FOR_EVENTS_IN_WAIT_LIST = -14;
    public static final int CL_COMPILE_PROGRAM_FAILURE = -15;
    public static final int CL_LINKER_NOT_AVAILABLE = -16;
    public static final int CL_LINK_PROGRAM_FAILURE = -17;
    public static final int CL_DEVICE_PARTITION_FAILED = -18;
    public static final int CL_KERNEL_ARG_INFO_NOT_AVAILABLE = -19;
    public static final int CL_INVALID_VALUE = -30;
    public static final int CL_INVALID_DEVICE_TYPE = -31;
    public static final int CL_INVALID_PLATFORM = -32;
    public static final int CL_INVALID_DEVICE = -33;
    public static final int CL_INVALID_CONTEXT = -34;
    public static final int CL_INVALID_QUEUE_PROPERTIES = -35;
    public static final int CL_INVALID_COMMAND_QUEUE = -36;
    public static final int CL_INVALID_HOST_PTR = -37;
    public static final int CL_INVALID_MEM_OBJECT = -38;
    public static final int CL_INVALID_IMAGE_FORMAT_DESCRIPTOR = -39;
    public static final int CL_INVALID_IMAGE_SIZE = -40;
    public static final int CL_INVALID_SAMPLER = -41;
    public static final int CL_INVALID_BINARY = -42;
    public static final int CL_INVALID_BUILD_OPTIONS = -43;
    public static final int CL_INVALID_PROGRAM = -44;
    public static final int CL_INVALID_PROGRAM_EXECUTABLE = -45;
    public static final int CL_INVALID_KERNEL_NAME = -46;
    public static final int CL_INVALID_KERNEL_DEFINITION = -47;
    public static final int CL_INVALID_KERNEL = -48;
    public static final int CL_INVALID_ARG_INDEX = -49;
    public static final int CL_INVALID_ARG_VALUE = -50;
    public static final int CL_INVALID_ARG_SIZE = -51;
    public static final int CL_INVALID_KERNEL_ARGS = -52;
    public static final int CL_INVALID_WORK_DIMENSION = -53;
    public static final int CL_INVALID_WORK_GROUP_SIZE = -54;
    public static final int CL_INVALID_WORK_ITEM_SIZE = -55;
    public static final int CL_INVALID_GLOBAL_OFFSET = -56;
    public static final int CL_INVALID_EVENT_WAIT_LIST = -57;
    public static final int CL_INVALID_EVENT = -58;
    public static final int CL_INVALID_OPERATION = -59;
    public static final int CL_INVALID_GL_OBJECT = -60;
    public static final int CL_INVALID_BUFFER_SIZE = -61;
    public static final int CL_INVALID_MIP_LEVEL = -62;
    public static final int CL_INVALID_GLOBAL_WORK_SIZE = -63;
    public static final int CL_INVALID_PROPERTY = -64;
    public static final int CL_INVALID_IMAGE_DESCRIPTOR = -65;
    public static final int CL_INVALID_COMPILER_OPTIONS = -66;
    public static final int CL_INVALID_LINKER_OPTIONS = -67;
    public static final int CL_INVALID_DEVICE_PARTITION_COUNT = -68;
    public static final int CL_INVALID_PIPE_SIZE = -69;
    public static final int CL_INVALID_DEVICE_QUEUE = -70;
    public static final int CL_INVALID_SPEC_ID = -71;
    public static final int CL_MAX_SIZE_RESTRICTION_EXCEEDED = -72;
    public static final int CL_PLATFORM_NOT_FOUND_KHR = -1001;

    // cl_bool
    public static final int CL_FALSE = 0;
    public static final int CL_TRUE = 1;

    // cl_platform_info
    public static final int CL_PLATFORM_PROFILE = 0x900;
    public static final int CL_PLATFORM_VERSION = 0x901;
    public static final int CL_PLATFORM_NAME = 0x902;
    public static final int CL_PLATFORM_VENDOR = 0x903;
    public static final int CL_PLATFORM_EXTENSIONS = 0x904;

    // cl_device_type (a cl_bitfield, hence long)
    public static final long CL_DEVICE_TYPE_DEFAULT = 1L;
    public static final long CL_DEVICE_TYPE_CPU = 2L;
    public static final long CL_DEVICE_TYPE_GPU = 4L;
    public static final long CL_DEVICE_TYPE_ACCELERATOR = 8L;
    public static final long CL_DEVICE_TYPE_CUSTOM = 0x10L;
    public static final long CL_DEVICE_TYPE_ALL = 0xffffffffL;

    // cl_device_info
    public static final int CL_DEVICE_TYPE = 0x1000;
    public static final int CL_DEVICE_VENDOR_ID = 0x1001;
    public static final int CL_DEVICE_MAX_COMPUTE_UNITS = 0x1002;
    public static final int CL_DEVICE_MAX_WORK_ITEM_DIMENSIONS = 0x1003;
    public static final int CL_DEVICE_MAX_WORK_GROUP_SIZE = 0x1004;
    public static final int CL_DEVICE_MAX_WORK_ITEM_SIZES = 0x1005;
    public static final int CL_DEVICE_MAX_CLOCK_FREQUENCY = 0x100c;
    public static final int CL_DEVICE_MAX_MEM_ALLOC_SIZE = 0x1010;
    public static final int CL_DEVICE_MEM_BASE_ADDR_ALIGN = 0x1019;
    public static final int CL_DEVICE_GLOBAL_MEM_SIZE = 0x101f;
    public static final int CL_DEVICE_MAX_CONSTANT_BUFFER_SIZE = 0x1020;
    public static final int CL_DEVICE_LOCAL_MEM_TYPE = 0x1022;
    public static final int CL_DEVICE_LOCAL_MEM_SIZE = 0x1023;
    public static final int CL_DEVICE_AVAILABLE = 0x1027;
    public static final int CL_DEVICE_COMPILER_AVAILABLE = 0x1028;
    public static final int CL_DEVICE_QUEUE_PROPERTIES = 0x102a;
    public static final int CL_DEVICE_NAME = 0x102b;
    public static final int CL_DEVICE_VENDOR = 0x102c;
    public static final int CL_DRIVER_VERSION = 0x102d;
    public static final int CL_DEVICE_PROFILE = 0x102e;
    public static final int CL_DEVICE_VERSION = 0x102f;
    public static final int CL_DEVICE_EXTENSIONS = 0x1030;
    public static final int CL_DEVICE_PLATFORM = 0x1031;
    public static final int CL_DEVICE_DOUBLE_FP_CONFIG = 0x1032;
    public static final int CL_DEVICE_HOST_UNIFIED_MEMORY = 0x1035;
    public static final int CL_DEVICE_OPENCL_C_VERSION = 0x103d;
    public static final int CL_DEVICE_PROFILING_TIMER_RESOLUTION = 0x1025;

    // cl_command_queue_properties (a cl_bitfield, hence long)
    public static final long CL_QUEUE_OUT_OF_ORDER_EXEC_MODE_ENABLE = 1L;
    public static final long CL_QUEUE_PROFILING_ENABLE = 2L;

    // cl_context_properties keys
    public static final int CL_CONTEXT_PLATFORM = 0x1084;

    // cl_context_info
    public static final int CL_CONTEXT_REFERENCE_COUNT = 0x1080;
    public static final int CL_CONTEXT_DEVICES = 0x1081;
    public static final int CL_CONTEXT_PROPERTIES = 0x1082;
    public static final int CL_CONTEXT_NUM_DEVICES = 0x1083;

    // cl_command_queue_info; CL_QUEUE_PROPERTIES is also the key in a cl_queue_properties list
    public static final int CL_QUEUE_CONTEXT = 0x1090;
    public static final int CL_QUEUE_DEVICE = 0x1091;
    public static final int CL_QUEUE_REFERENCE_COUNT = 0x1092;
    public static final int CL_QUEUE_PROPERTIES = 0x1093;

    // cl_mem_flags (a cl_bitfield, hence long)
    public static final long CL_MEM_READ_WRITE = 1L;
    public static final long CL_MEM_WRITE_ONLY = 2L;
    public static final long CL_MEM_READ_ONLY = 4L;
    public static final long CL_MEM_USE_HOST_PTR = 8L;
    public static final long CL_MEM_ALLOC_HOST_PTR = 0x10L;
    public static final long CL_MEM_COPY_HOST_PTR = 0x20L;
    public static final long CL_MEM_HOST_WRITE_ONLY = 0x80L;
    public static final long CL_MEM_HOST_READ_ONLY = 0x100L;
    public static final long CL_MEM_HOST_NO_ACCESS = 0x200L;

    // cl_map_flags (a cl_bitfield, hence long)
    public static final long CL_MAP_READ = 1L;
    public static final long CL_MAP_WRITE = 2L;
    public static final long CL_MAP_WRITE_INVALIDATE_REGION = 4L;

    // cl_mem_info
    public static final int CL_MEM_TYPE = 0x1100;
    public static final int CL_MEM_FLAGS = 0x1101;
    public static final int CL_MEM_SIZE = 0x1102;
    public static final int CL_MEM_HOST_PTR = 0x1103;
    public static final int CL_MEM_MAP_COUNT = 0x1104;
    public static final int CL_MEM_REFERENCE_COUNT = 0x1105;
    public static final int CL_MEM_CONTEXT = 0x1106;

    // cl_program_info
    public static final int CL_PROGRAM_REFERENCE_COUNT = 0x1160;
    public static final int CL_PROGRAM_CONTEXT = 0x1161;
    public static final int CL_PROGRAM_NUM_DEVICES = 0x1162;
    public static final int CL_PROGRAM_DEVICES = 0x1163;
    public static final int CL_PROGRAM_SOURCE = 0x1164;
    public static final int CL_PROGRAM_NUM_KERNELS = 0x1167;
    public static final int CL_PROGRAM_KERNEL_NAMES = 0x1168;

    // cl_program_build_info
    public static final int CL_PROGRAM_BUILD_STATUS = 0x1181;
    public static final int CL_PROGRAM_BUILD_OPTIONS = 0x1182;
    public static final int CL_PROGRAM_BUILD_LOG = 0x1183;

    // cl_build_status
    public static final int CL_BUILD_SUCCESS = 0;
    public static final int CL_BUILD_NONE = -1;
    public static final int CL_BUILD_ERROR = -2;
    public static final int CL_BUILD_IN_PROGRESS = -3;

    // cl_kernel_info
    public static final int CL_KERNEL_FUNCTION_NAME = 0x1190;
    public static final int CL_KERNEL_NUM_ARGS = 0x1191;
    public static final int CL_KERNEL_REFERENCE_COUNT = 0x1192;
    public static final int CL_KERNEL_CONTEXT = 0x1193;
    public static final int CL_KERNEL_PROGRAM = 0x1194;

    // cl_kernel_arg_info (OpenCL 1.2; available when the program was built with -cl-kernel-arg-info)
    public static final int CL_KERNEL_ARG_ADDRESS_QUALIFIER = 0x1196;
    public static final int CL_KERNEL_ARG_ACCESS_QUALIFIER = 0x1197;
    public static final int CL_KERNEL_ARG_TYPE_NAME = 0x1198;
    public static final int CL_KERNEL_ARG_TYPE_QUALIFIER = 0x1199;
    public static final int CL_KERNEL_ARG_NAME = 0x119A;

    // cl_kernel_arg_address_qualifier
    public static final int CL_KERNEL_ARG_ADDRESS_GLOBAL = 0x119B;
    public static final int CL_KERNEL_ARG_ADDRESS_LOCAL = 0x119C;
    public static final int CL_KERNEL_ARG_ADDRESS_CONSTANT = 0x119D;
    public static final int CL_KERNEL_ARG_ADDRESS_PRIVATE = 0x119E;

    // cl_kernel_work_group_info
    public static final int CL_KERNEL_WORK_GROUP_SIZE = 0x11b0;
    public static final int CL_KERNEL_COMPILE_WORK_GROUP_SIZE = 0x11b1;
    public static final int CL_KERNEL_LOCAL_MEM_SIZE = 0x11b2;
    public static final int CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE = 0x11b3;
    public static final int CL_KERNEL_PRIVATE_MEM_SIZE = 0x11b4;

    // cl_event_info
    public static final int CL_EVENT_COMMAND_QUEUE = 0x11d0;
    public static final int CL_EVENT_COMMAND_TYPE = 0x11d1;
    public static final int CL_EVENT_REFERENCE_COUNT = 0x11d2;
    public static final int CL_EVENT_COMMAND_EXECUTION_STATUS = 0x11d3;
    public static final int CL_EVENT_CONTEXT = 0x11d4;

    // command execution status
    public static final int CL_COMPLETE = 0;
    public static final int CL_RUNNING = 1;
    public static final int CL_SUBMITTED = 2;
    public static final int CL_QUEUED = 3;

    // cl_profiling_info
    public static final int CL_PROFILING_COMMAND_QUEUED = 0x1280;
    public static final int CL_PROFILING_COMMAND_SUBMIT = 0x1281;
    public static final int CL_PROFILING_COMMAND_START = 0x1282;
    public static final int CL_PROFILING_COMMAND_END = 0x1283;

    private static final class clGetPlatformIDs {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetPlatformIDs", DESC);
    }

    /** Descriptor of {@code clGetPlatformIDs}. */
    public static FunctionDescriptor clGetPlatformIDs$descriptor() {
        return clGetPlatformIDs.DESC;
    }

    /** Downcall handle of {@code clGetPlatformIDs}; binds the function on first use. */
    public static MethodHandle clGetPlatformIDs$handle() {
        return clGetPlatformIDs.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetPlatformIDs(cl_uint num_entries, cl_platform_id * platforms, cl_uint * num_platforms)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetPlatformIDs(int num_entries, MemorySegment platforms, MemorySegment num_platforms) {
        var mh$ = clGetPlatformIDs.HANDLE;
        try {
            return (int) mh$.invokeExact(num_entries, platforms, num_platforms);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetPlatformInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetPlatformInfo", DESC);
    }

    /** Descriptor of {@code clGetPlatformInfo}. */
    public static FunctionDescriptor clGetPlatformInfo$descriptor() {
        return clGetPlatformInfo.DESC;
    }

    /** Downcall handle of {@code clGetPlatformInfo}; binds the function on first use. */
    public static MethodHandle clGetPlatformInfo$handle() {
        return clGetPlatformInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetPlatformInfo(cl_platform_id platform, cl_platform_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetPlatformInfo(MemorySegment platform, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetPlatformInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(platform, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetDeviceIDs {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_LONG, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetDeviceIDs", DESC);
    }

    /** Descriptor of {@code clGetDeviceIDs}. */
    public static FunctionDescriptor clGetDeviceIDs$descriptor() {
        return clGetDeviceIDs.DESC;
    }

    /** Downcall handle of {@code clGetDeviceIDs}; binds the function on first use. */
    public static MethodHandle clGetDeviceIDs$handle() {
        return clGetDeviceIDs.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetDeviceIDs(cl_platform_id platform, cl_device_type device_type, cl_uint num_entries, cl_device_id * devices, cl_uint * num_devices)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetDeviceIDs(MemorySegment platform, long device_type, int num_entries, MemorySegment devices, MemorySegment num_devices) {
        var mh$ = clGetDeviceIDs.HANDLE;
        try {
            return (int) mh$.invokeExact(platform, device_type, num_entries, devices, num_devices);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetDeviceInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetDeviceInfo", DESC);
    }

    /** Descriptor of {@code clGetDeviceInfo}. */
    public static FunctionDescriptor clGetDeviceInfo$descriptor() {
        return clGetDeviceInfo.DESC;
    }

    /** Downcall handle of {@code clGetDeviceInfo}; binds the function on first use. */
    public static MethodHandle clGetDeviceInfo$handle() {
        return clGetDeviceInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetDeviceInfo(cl_device_id device, cl_device_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetDeviceInfo(MemorySegment device, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetDeviceInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(device, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clCreateContext {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clCreateContext", DESC);
    }

    /** Descriptor of {@code clCreateContext}. */
    public static FunctionDescriptor clCreateContext$descriptor() {
        return clCreateContext.DESC;
    }

    /** Downcall handle of {@code clCreateContext}; binds the function on first use. */
    public static MethodHandle clCreateContext$handle() {
        return clCreateContext.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_context clCreateContext(const cl_context_properties * properties, cl_uint num_devices, const cl_device_id * devices, void (CL_CALLBACK * pfn_notify)(const char * errinfo, const void * private_info, size_t cb, void * user_data), void * user_data, cl_int * errcode_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static MemorySegment clCreateContext(MemorySegment properties, int num_devices, MemorySegment devices, MemorySegment pfn_notify, MemorySegment user_data, MemorySegment errcode_ret) {
        var mh$ = clCreateContext.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(properties, num_devices, devices, pfn_notify, user_data, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clRetainContext {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clRetainContext", DESC);
    }

    /** Descriptor of {@code clRetainContext}. */
    public static FunctionDescriptor clRetainContext$descriptor() {
        return clRetainContext.DESC;
    }

    /** Downcall handle of {@code clRetainContext}; binds the function on first use. */
    public static MethodHandle clRetainContext$handle() {
        return clRetainContext.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clRetainContext(cl_context context)
     * }
     * Since OpenCL 1.0.
     */
    public static int clRetainContext(MemorySegment context) {
        var mh$ = clRetainContext.HANDLE;
        try {
            return (int) mh$.invokeExact(context);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clReleaseContext {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clReleaseContext", DESC);
    }

    /** Descriptor of {@code clReleaseContext}. */
    public static FunctionDescriptor clReleaseContext$descriptor() {
        return clReleaseContext.DESC;
    }

    /** Downcall handle of {@code clReleaseContext}; binds the function on first use. */
    public static MethodHandle clReleaseContext$handle() {
        return clReleaseContext.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clReleaseContext(cl_context context)
     * }
     * Since OpenCL 1.0.
     */
    public static int clReleaseContext(MemorySegment context) {
        var mh$ = clReleaseContext.HANDLE;
        try {
            return (int) mh$.invokeExact(context);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetContextInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetContextInfo", DESC);
    }

    /** Descriptor of {@code clGetContextInfo}. */
    public static FunctionDescriptor clGetContextInfo$descriptor() {
        return clGetContextInfo.DESC;
    }

    /** Downcall handle of {@code clGetContextInfo}; binds the function on first use. */
    public static MethodHandle clGetContextInfo$handle() {
        return clGetContextInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetContextInfo(cl_context context, cl_context_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetContextInfo(MemorySegment context, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetContextInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(context, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clCreateCommandQueueWithProperties {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clCreateCommandQueueWithProperties", DESC);
    }

    /** Descriptor of {@code clCreateCommandQueueWithProperties}. */
    public static FunctionDescriptor clCreateCommandQueueWithProperties$descriptor() {
        return clCreateCommandQueueWithProperties.DESC;
    }

    /** Downcall handle of {@code clCreateCommandQueueWithProperties}; binds the function on first use. */
    public static MethodHandle clCreateCommandQueueWithProperties$handle() {
        return clCreateCommandQueueWithProperties.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_command_queue clCreateCommandQueueWithProperties(cl_context context, cl_device_id device, const cl_queue_properties * properties, cl_int * errcode_ret)
     * }
     * Since OpenCL 2.0.
     */
    public static MemorySegment clCreateCommandQueueWithProperties(MemorySegment context, MemorySegment device, MemorySegment properties, MemorySegment errcode_ret) {
        var mh$ = clCreateCommandQueueWithProperties.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(context, device, properties, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clCreateCommandQueue {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall("clCreateCommandQueue", DESC);
    }

    /** Descriptor of {@code clCreateCommandQueue}. */
    public static FunctionDescriptor clCreateCommandQueue$descriptor() {
        return clCreateCommandQueue.DESC;
    }

    /** Downcall handle of {@code clCreateCommandQueue}; binds the function on first use. */
    public static MethodHandle clCreateCommandQueue$handle() {
        return clCreateCommandQueue.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_command_queue clCreateCommandQueue(cl_context context, cl_device_id device, cl_command_queue_properties properties, cl_int * errcode_ret)
     * }
     * Since OpenCL 1.2.
     */
    public static MemorySegment clCreateCommandQueue(MemorySegment context, MemorySegment device, long properties, MemorySegment errcode_ret) {
        var mh$ = clCreateCommandQueue.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(context, device, properties, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clRetainCommandQueue {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clRetainCommandQueue", DESC);
    }

    /** Descriptor of {@code clRetainCommandQueue}. */
    public static FunctionDescriptor clRetainCommandQueue$descriptor() {
        return clRetainCommandQueue.DESC;
    }

    /** Downcall handle of {@code clRetainCommandQueue}; binds the function on first use. */
    public static MethodHandle clRetainCommandQueue$handle() {
        return clRetainCommandQueue.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clRetainCommandQueue(cl_command_queue command_queue)
     * }
     * Since OpenCL 1.0.
     */
    public static int clRetainCommandQueue(MemorySegment command_queue) {
        var mh$ = clRetainCommandQueue.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clReleaseCommandQueue {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clReleaseCommandQueue", DESC);
    }

    /** Descriptor of {@code clReleaseCommandQueue}. */
    public static FunctionDescriptor clReleaseCommandQueue$descriptor() {
        return clReleaseCommandQueue.DESC;
    }

    /** Downcall handle of {@code clReleaseCommandQueue}; binds the function on first use. */
    public static MethodHandle clReleaseCommandQueue$handle() {
        return clReleaseCommandQueue.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clReleaseCommandQueue(cl_command_queue command_queue)
     * }
     * Since OpenCL 1.0.
     */
    public static int clReleaseCommandQueue(MemorySegment command_queue) {
        var mh$ = clReleaseCommandQueue.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetCommandQueueInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetCommandQueueInfo", DESC);
    }

    /** Descriptor of {@code clGetCommandQueueInfo}. */
    public static FunctionDescriptor clGetCommandQueueInfo$descriptor() {
        return clGetCommandQueueInfo.DESC;
    }

    /** Downcall handle of {@code clGetCommandQueueInfo}; binds the function on first use. */
    public static MethodHandle clGetCommandQueueInfo$handle() {
        return clGetCommandQueueInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetCommandQueueInfo(cl_command_queue command_queue, cl_command_queue_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetCommandQueueInfo(MemorySegment command_queue, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetCommandQueueInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clCreateProgramWithSource {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clCreateProgramWithSource", DESC);
    }

    /** Descriptor of {@code clCreateProgramWithSource}. */
    public static FunctionDescriptor clCreateProgramWithSource$descriptor() {
        return clCreateProgramWithSource.DESC;
    }

    /** Downcall handle of {@code clCreateProgramWithSource}; binds the function on first use. */
    public static MethodHandle clCreateProgramWithSource$handle() {
        return clCreateProgramWithSource.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_program clCreateProgramWithSource(cl_context context, cl_uint count, const char ** strings, const size_t * lengths, cl_int * errcode_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static MemorySegment clCreateProgramWithSource(MemorySegment context, int count, MemorySegment strings, MemorySegment lengths, MemorySegment errcode_ret) {
        var mh$ = clCreateProgramWithSource.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(context, count, strings, lengths, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clBuildProgram {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clBuildProgram", DESC);
    }

    /** Descriptor of {@code clBuildProgram}. */
    public static FunctionDescriptor clBuildProgram$descriptor() {
        return clBuildProgram.DESC;
    }

    /** Downcall handle of {@code clBuildProgram}; binds the function on first use. */
    public static MethodHandle clBuildProgram$handle() {
        return clBuildProgram.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clBuildProgram(cl_program program, cl_uint num_devices, const cl_device_id * device_list, const char * options, void (CL_CALLBACK * pfn_notify)(cl_program program, void * user_data), void * user_data)
     * }
     * Since OpenCL 1.0.
     */
    public static int clBuildProgram(MemorySegment program, int num_devices, MemorySegment device_list, MemorySegment options, MemorySegment pfn_notify, MemorySegment user_data) {
        var mh$ = clBuildProgram.HANDLE;
        try {
            return (int) mh$.invokeExact(program, num_devices, device_list, options, pfn_notify, user_data);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetProgramBuildInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetProgramBuildInfo", DESC);
    }

    /** Descriptor of {@code clGetProgramBuildInfo}. */
    public static FunctionDescriptor clGetProgramBuildInfo$descriptor() {
        return clGetProgramBuildInfo.DESC;
    }

    /** Downcall handle of {@code clGetProgramBuildInfo}; binds the function on first use. */
    public static MethodHandle clGetProgramBuildInfo$handle() {
        return clGetProgramBuildInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetProgramBuildInfo(cl_program program, cl_device_id device, cl_program_build_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetProgramBuildInfo(MemorySegment program, MemorySegment device, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetProgramBuildInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(program, device, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetProgramInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetProgramInfo", DESC);
    }

    /** Descriptor of {@code clGetProgramInfo}. */
    public static FunctionDescriptor clGetProgramInfo$descriptor() {
        return clGetProgramInfo.DESC;
    }

    /** Downcall handle of {@code clGetProgramInfo}; binds the function on first use. */
    public static MethodHandle clGetProgramInfo$handle() {
        return clGetProgramInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetProgramInfo(cl_program program, cl_program_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetProgramInfo(MemorySegment program, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetProgramInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(program, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clRetainProgram {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clRetainProgram", DESC);
    }

    /** Descriptor of {@code clRetainProgram}. */
    public static FunctionDescriptor clRetainProgram$descriptor() {
        return clRetainProgram.DESC;
    }

    /** Downcall handle of {@code clRetainProgram}; binds the function on first use. */
    public static MethodHandle clRetainProgram$handle() {
        return clRetainProgram.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clRetainProgram(cl_program program)
     * }
     * Since OpenCL 1.0.
     */
    public static int clRetainProgram(MemorySegment program) {
        var mh$ = clRetainProgram.HANDLE;
        try {
            return (int) mh$.invokeExact(program);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clReleaseProgram {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clReleaseProgram", DESC);
    }

    /** Descriptor of {@code clReleaseProgram}. */
    public static FunctionDescriptor clReleaseProgram$descriptor() {
        return clReleaseProgram.DESC;
    }

    /** Downcall handle of {@code clReleaseProgram}; binds the function on first use. */
    public static MethodHandle clReleaseProgram$handle() {
        return clReleaseProgram.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clReleaseProgram(cl_program program)
     * }
     * Since OpenCL 1.0.
     */
    public static int clReleaseProgram(MemorySegment program) {
        var mh$ = clReleaseProgram.HANDLE;
        try {
            return (int) mh$.invokeExact(program);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clCreateKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clCreateKernel", DESC);
    }

    /** Descriptor of {@code clCreateKernel}. */
    public static FunctionDescriptor clCreateKernel$descriptor() {
        return clCreateKernel.DESC;
    }

    /** Downcall handle of {@code clCreateKernel}; binds the function on first use. */
    public static MethodHandle clCreateKernel$handle() {
        return clCreateKernel.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_kernel clCreateKernel(cl_program program, const char * kernel_name, cl_int * errcode_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static MemorySegment clCreateKernel(MemorySegment program, MemorySegment kernel_name, MemorySegment errcode_ret) {
        var mh$ = clCreateKernel.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(program, kernel_name, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clSetKernelArg {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER);
        static final MethodHandle HANDLE = downcall("clSetKernelArg", DESC);
    }

    /** Descriptor of {@code clSetKernelArg}. */
    public static FunctionDescriptor clSetKernelArg$descriptor() {
        return clSetKernelArg.DESC;
    }

    /** Downcall handle of {@code clSetKernelArg}; binds the function on first use. */
    public static MethodHandle clSetKernelArg$handle() {
        return clSetKernelArg.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clSetKernelArg(cl_kernel kernel, cl_uint arg_index, size_t arg_size, const void * arg_value)
     * }
     * Since OpenCL 1.0.
     */
    public static int clSetKernelArg(MemorySegment kernel, int arg_index, long arg_size, MemorySegment arg_value) {
        var mh$ = clSetKernelArg.HANDLE;
        try {
            return (int) mh$.invokeExact(kernel, arg_index, arg_size, arg_value);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetKernelInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetKernelInfo", DESC);
    }

    /** Descriptor of {@code clGetKernelInfo}. */
    public static FunctionDescriptor clGetKernelInfo$descriptor() {
        return clGetKernelInfo.DESC;
    }

    /** Downcall handle of {@code clGetKernelInfo}; binds the function on first use. */
    public static MethodHandle clGetKernelInfo$handle() {
        return clGetKernelInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetKernelInfo(cl_kernel kernel, cl_kernel_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetKernelInfo(MemorySegment kernel, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetKernelInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(kernel, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetKernelArgInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetKernelArgInfo", DESC);
    }

    /** Descriptor of {@code clGetKernelArgInfo}. */
    public static FunctionDescriptor clGetKernelArgInfo$descriptor() {
        return clGetKernelArgInfo.DESC;
    }

    /** Downcall handle of {@code clGetKernelArgInfo}; binds the function on first use. */
    public static MethodHandle clGetKernelArgInfo$handle() {
        return clGetKernelArgInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetKernelArgInfo(cl_kernel kernel, cl_uint arg_index, cl_kernel_arg_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.2. Answers only for programs built with {@code -cl-kernel-arg-info}
     * (otherwise {@code CL_KERNEL_ARG_INFO_NOT_AVAILABLE}).
     */
    public static int clGetKernelArgInfo(MemorySegment kernel, int arg_index, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetKernelArgInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(kernel, arg_index, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetKernelWorkGroupInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetKernelWorkGroupInfo", DESC);
    }

    /** Descriptor of {@code clGetKernelWorkGroupInfo}. */
    public static FunctionDescriptor clGetKernelWorkGroupInfo$descriptor() {
        return clGetKernelWorkGroupInfo.DESC;
    }

    /** Downcall handle of {@code clGetKernelWorkGroupInfo}; binds the function on first use. */
    public static MethodHandle clGetKernelWorkGroupInfo$handle() {
        return clGetKernelWorkGroupInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetKernelWorkGroupInfo(cl_kernel kernel, cl_device_id device, cl_kernel_work_group_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetKernelWorkGroupInfo(MemorySegment kernel, MemorySegment device, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetKernelWorkGroupInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(kernel, device, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clRetainKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clRetainKernel", DESC);
    }

    /** Descriptor of {@code clRetainKernel}. */
    public static FunctionDescriptor clRetainKernel$descriptor() {
        return clRetainKernel.DESC;
    }

    /** Downcall handle of {@code clRetainKernel}; binds the function on first use. */
    public static MethodHandle clRetainKernel$handle() {
        return clRetainKernel.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clRetainKernel(cl_kernel kernel)
     * }
     * Since OpenCL 1.0.
     */
    public static int clRetainKernel(MemorySegment kernel) {
        var mh$ = clRetainKernel.HANDLE;
        try {
            return (int) mh$.invokeExact(kernel);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clReleaseKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clReleaseKernel", DESC);
    }

    /** Descriptor of {@code clReleaseKernel}. */
    public static FunctionDescriptor clReleaseKernel$descriptor() {
        return clReleaseKernel.DESC;
    }

    /** Downcall handle of {@code clReleaseKernel}; binds the function on first use. */
    public static MethodHandle clReleaseKernel$handle() {
        return clReleaseKernel.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clReleaseKernel(cl_kernel kernel)
     * }
     * Since OpenCL 1.0.
     */
    public static int clReleaseKernel(MemorySegment kernel) {
        var mh$ = clReleaseKernel.HANDLE;
        try {
            return (int) mh$.invokeExact(kernel);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clCreateBuffer {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_LONG, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clCreateBuffer", DESC);
    }

    /** Descriptor of {@code clCreateBuffer}. */
    public static FunctionDescriptor clCreateBuffer$descriptor() {
        return clCreateBuffer.DESC;
    }

    /** Downcall handle of {@code clCreateBuffer}; binds the function on first use. */
    public static MethodHandle clCreateBuffer$handle() {
        return clCreateBuffer.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_mem clCreateBuffer(cl_context context, cl_mem_flags flags, size_t size, void * host_ptr, cl_int * errcode_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static MemorySegment clCreateBuffer(MemorySegment context, long flags, long size, MemorySegment host_ptr, MemorySegment errcode_ret) {
        var mh$ = clCreateBuffer.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(context, flags, size, host_ptr, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clRetainMemObject {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clRetainMemObject", DESC);
    }

    /** Descriptor of {@code clRetainMemObject}. */
    public static FunctionDescriptor clRetainMemObject$descriptor() {
        return clRetainMemObject.DESC;
    }

    /** Downcall handle of {@code clRetainMemObject}; binds the function on first use. */
    public static MethodHandle clRetainMemObject$handle() {
        return clRetainMemObject.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clRetainMemObject(cl_mem memobj)
     * }
     * Since OpenCL 1.0.
     */
    public static int clRetainMemObject(MemorySegment memobj) {
        var mh$ = clRetainMemObject.HANDLE;
        try {
            return (int) mh$.invokeExact(memobj);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clReleaseMemObject {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clReleaseMemObject", DESC);
    }

    /** Descriptor of {@code clReleaseMemObject}. */
    public static FunctionDescriptor clReleaseMemObject$descriptor() {
        return clReleaseMemObject.DESC;
    }

    /** Downcall handle of {@code clReleaseMemObject}; binds the function on first use. */
    public static MethodHandle clReleaseMemObject$handle() {
        return clReleaseMemObject.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clReleaseMemObject(cl_mem memobj)
     * }
     * Since OpenCL 1.0.
     */
    public static int clReleaseMemObject(MemorySegment memobj) {
        var mh$ = clReleaseMemObject.HANDLE;
        try {
            return (int) mh$.invokeExact(memobj);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetMemObjectInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetMemObjectInfo", DESC);
    }

    /** Descriptor of {@code clGetMemObjectInfo}. */
    public static FunctionDescriptor clGetMemObjectInfo$descriptor() {
        return clGetMemObjectInfo.DESC;
    }

    /** Downcall handle of {@code clGetMemObjectInfo}; binds the function on first use. */
    public static MethodHandle clGetMemObjectInfo$handle() {
        return clGetMemObjectInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetMemObjectInfo(cl_mem memobj, cl_mem_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetMemObjectInfo(MemorySegment memobj, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetMemObjectInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(memobj, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueReadBuffer {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_LONG, C_LONG, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueReadBuffer", DESC);
    }

    /** Descriptor of {@code clEnqueueReadBuffer}. */
    public static FunctionDescriptor clEnqueueReadBuffer$descriptor() {
        return clEnqueueReadBuffer.DESC;
    }

    /** Downcall handle of {@code clEnqueueReadBuffer}; binds the function on first use. */
    public static MethodHandle clEnqueueReadBuffer$handle() {
        return clEnqueueReadBuffer.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clEnqueueReadBuffer(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_read, size_t offset, size_t size, void * ptr, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clEnqueueReadBuffer(MemorySegment command_queue, MemorySegment buffer, int blocking_read, long offset, long size, MemorySegment ptr, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event) {
        var mh$ = clEnqueueReadBuffer.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, buffer, blocking_read, offset, size, ptr, num_events_in_wait_list, event_wait_list, event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueWriteBuffer {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_LONG, C_LONG, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueWriteBuffer", DESC);
    }

    /** Descriptor of {@code clEnqueueWriteBuffer}. */
    public static FunctionDescriptor clEnqueueWriteBuffer$descriptor() {
        return clEnqueueWriteBuffer.DESC;
    }

    /** Downcall handle of {@code clEnqueueWriteBuffer}; binds the function on first use. */
    public static MethodHandle clEnqueueWriteBuffer$handle() {
        return clEnqueueWriteBuffer.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clEnqueueWriteBuffer(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_write, size_t offset, size_t size, const void * ptr, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clEnqueueWriteBuffer(MemorySegment command_queue, MemorySegment buffer, int blocking_write, long offset, long size, MemorySegment ptr, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event) {
        var mh$ = clEnqueueWriteBuffer.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, buffer, blocking_write, offset, size, ptr, num_events_in_wait_list, event_wait_list, event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueCopyBuffer {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_LONG, C_LONG, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueCopyBuffer", DESC);
    }

    /** Descriptor of {@code clEnqueueCopyBuffer}. */
    public static FunctionDescriptor clEnqueueCopyBuffer$descriptor() {
        return clEnqueueCopyBuffer.DESC;
    }

    /** Downcall handle of {@code clEnqueueCopyBuffer}; binds the function on first use. */
    public static MethodHandle clEnqueueCopyBuffer$handle() {
        return clEnqueueCopyBuffer.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clEnqueueCopyBuffer(cl_command_queue command_queue, cl_mem src_buffer, cl_mem dst_buffer, size_t src_offset, size_t dst_offset, size_t size, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clEnqueueCopyBuffer(MemorySegment command_queue, MemorySegment src_buffer, MemorySegment dst_buffer, long src_offset, long dst_offset, long size, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event) {
        var mh$ = clEnqueueCopyBuffer.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, src_buffer, dst_buffer, src_offset, dst_offset, size, num_events_in_wait_list, event_wait_list, event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueFillBuffer {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_LONG, C_LONG, C_LONG, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueFillBuffer", DESC);
    }

    /** Descriptor of {@code clEnqueueFillBuffer}. */
    public static FunctionDescriptor clEnqueueFillBuffer$descriptor() {
        return clEnqueueFillBuffer.DESC;
    }

    /** Downcall handle of {@code clEnqueueFillBuffer}; binds the function on first use. */
    public static MethodHandle clEnqueueFillBuffer$handle() {
        return clEnqueueFillBuffer.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clEnqueueFillBuffer(cl_command_queue command_queue, cl_mem buffer, const void * pattern, size_t pattern_size, size_t offset, size_t size, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event)
     * }
     * Since OpenCL 1.2.
     */
    public static int clEnqueueFillBuffer(MemorySegment command_queue, MemorySegment buffer, MemorySegment pattern, long pattern_size, long offset, long size, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event) {
        var mh$ = clEnqueueFillBuffer.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, buffer, pattern, pattern_size, offset, size, num_events_in_wait_list, event_wait_list, event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueMapBuffer {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_POINTER, C_POINTER, C_POINTER, C_INT, C_LONG, C_LONG, C_LONG, C_INT, C_POINTER, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueMapBuffer", DESC);
    }

    /** Descriptor of {@code clEnqueueMapBuffer}. */
    public static FunctionDescriptor clEnqueueMapBuffer$descriptor() {
        return clEnqueueMapBuffer.DESC;
    }

    /** Downcall handle of {@code clEnqueueMapBuffer}; binds the function on first use. */
    public static MethodHandle clEnqueueMapBuffer$handle() {
        return clEnqueueMapBuffer.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * void * clEnqueueMapBuffer(cl_command_queue command_queue, cl_mem buffer, cl_bool blocking_map, cl_map_flags map_flags, size_t offset, size_t size, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event, cl_int * errcode_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static MemorySegment clEnqueueMapBuffer(MemorySegment command_queue, MemorySegment buffer, int blocking_map, long map_flags, long offset, long size, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event, MemorySegment errcode_ret) {
        var mh$ = clEnqueueMapBuffer.HANDLE;
        try {
            return (MemorySegment) mh$.invokeExact(command_queue, buffer, blocking_map, map_flags, offset, size, num_events_in_wait_list, event_wait_list, event, errcode_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueUnmapMemObject {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueUnmapMemObject", DESC);
    }

    /** Descriptor of {@code clEnqueueUnmapMemObject}. */
    public static FunctionDescriptor clEnqueueUnmapMemObject$descriptor() {
        return clEnqueueUnmapMemObject.DESC;
    }

    /** Downcall handle of {@code clEnqueueUnmapMemObject}; binds the function on first use. */
    public static MethodHandle clEnqueueUnmapMemObject$handle() {
        return clEnqueueUnmapMemObject.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clEnqueueUnmapMemObject(cl_command_queue command_queue, cl_mem memobj, void * mapped_ptr, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clEnqueueUnmapMemObject(MemorySegment command_queue, MemorySegment memobj, MemorySegment mapped_ptr, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event) {
        var mh$ = clEnqueueUnmapMemObject.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, memobj, mapped_ptr, num_events_in_wait_list, event_wait_list, event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clEnqueueNDRangeKernel {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER, C_POINTER, C_INT, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clEnqueueNDRangeKernel", DESC);
    }

    /** Descriptor of {@code clEnqueueNDRangeKernel}. */
    public static FunctionDescriptor clEnqueueNDRangeKernel$descriptor() {
        return clEnqueueNDRangeKernel.DESC;
    }

    /** Downcall handle of {@code clEnqueueNDRangeKernel}; binds the function on first use. */
    public static MethodHandle clEnqueueNDRangeKernel$handle() {
        return clEnqueueNDRangeKernel.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clEnqueueNDRangeKernel(cl_command_queue command_queue, cl_kernel kernel, cl_uint work_dim, const size_t * global_work_offset, const size_t * global_work_size, const size_t * local_work_size, cl_uint num_events_in_wait_list, const cl_event * event_wait_list, cl_event * event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clEnqueueNDRangeKernel(MemorySegment command_queue, MemorySegment kernel, int work_dim, MemorySegment global_work_offset, MemorySegment global_work_size, MemorySegment local_work_size, int num_events_in_wait_list, MemorySegment event_wait_list, MemorySegment event) {
        var mh$ = clEnqueueNDRangeKernel.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue, kernel, work_dim, global_work_offset, global_work_size, local_work_size, num_events_in_wait_list, event_wait_list, event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clFlush {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clFlush", DESC);
    }

    /** Descriptor of {@code clFlush}. */
    public static FunctionDescriptor clFlush$descriptor() {
        return clFlush.DESC;
    }

    /** Downcall handle of {@code clFlush}; binds the function on first use. */
    public static MethodHandle clFlush$handle() {
        return clFlush.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clFlush(cl_command_queue command_queue)
     * }
     * Since OpenCL 1.0.
     */
    public static int clFlush(MemorySegment command_queue) {
        var mh$ = clFlush.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clFinish {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clFinish", DESC);
    }

    /** Descriptor of {@code clFinish}. */
    public static FunctionDescriptor clFinish$descriptor() {
        return clFinish.DESC;
    }

    /** Downcall handle of {@code clFinish}; binds the function on first use. */
    public static MethodHandle clFinish$handle() {
        return clFinish.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clFinish(cl_command_queue command_queue)
     * }
     * Since OpenCL 1.0.
     */
    public static int clFinish(MemorySegment command_queue) {
        var mh$ = clFinish.HANDLE;
        try {
            return (int) mh$.invokeExact(command_queue);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clWaitForEvents {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clWaitForEvents", DESC);
    }

    /** Descriptor of {@code clWaitForEvents}. */
    public static FunctionDescriptor clWaitForEvents$descriptor() {
        return clWaitForEvents.DESC;
    }

    /** Downcall handle of {@code clWaitForEvents}; binds the function on first use. */
    public static MethodHandle clWaitForEvents$handle() {
        return clWaitForEvents.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clWaitForEvents(cl_uint num_events, const cl_event * event_list)
     * }
     * Since OpenCL 1.0.
     */
    public static int clWaitForEvents(int num_events, MemorySegment event_list) {
        var mh$ = clWaitForEvents.HANDLE;
        try {
            return (int) mh$.invokeExact(num_events, event_list);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetEventInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetEventInfo", DESC);
    }

    /** Descriptor of {@code clGetEventInfo}. */
    public static FunctionDescriptor clGetEventInfo$descriptor() {
        return clGetEventInfo.DESC;
    }

    /** Downcall handle of {@code clGetEventInfo}; binds the function on first use. */
    public static MethodHandle clGetEventInfo$handle() {
        return clGetEventInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetEventInfo(cl_event event, cl_event_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetEventInfo(MemorySegment event, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetEventInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(event, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clGetEventProfilingInfo {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER, C_INT, C_LONG, C_POINTER, C_POINTER);
        static final MethodHandle HANDLE = downcall("clGetEventProfilingInfo", DESC);
    }

    /** Descriptor of {@code clGetEventProfilingInfo}. */
    public static FunctionDescriptor clGetEventProfilingInfo$descriptor() {
        return clGetEventProfilingInfo.DESC;
    }

    /** Downcall handle of {@code clGetEventProfilingInfo}; binds the function on first use. */
    public static MethodHandle clGetEventProfilingInfo$handle() {
        return clGetEventProfilingInfo.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clGetEventProfilingInfo(cl_event event, cl_profiling_info param_name, size_t param_value_size, void * param_value, size_t * param_value_size_ret)
     * }
     * Since OpenCL 1.0.
     */
    public static int clGetEventProfilingInfo(MemorySegment event, int param_name, long param_value_size, MemorySegment param_value, MemorySegment param_value_size_ret) {
        var mh$ = clGetEventProfilingInfo.HANDLE;
        try {
            return (int) mh$.invokeExact(event, param_name, param_value_size, param_value, param_value_size_ret);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clRetainEvent {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clRetainEvent", DESC);
    }

    /** Descriptor of {@code clRetainEvent}. */
    public static FunctionDescriptor clRetainEvent$descriptor() {
        return clRetainEvent.DESC;
    }

    /** Downcall handle of {@code clRetainEvent}; binds the function on first use. */
    public static MethodHandle clRetainEvent$handle() {
        return clRetainEvent.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clRetainEvent(cl_event event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clRetainEvent(MemorySegment event) {
        var mh$ = clRetainEvent.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }

    private static final class clReleaseEvent {
        static final FunctionDescriptor DESC = FunctionDescriptor.of(C_INT, C_POINTER);
        static final MethodHandle HANDLE = downcall("clReleaseEvent", DESC);
    }

    /** Descriptor of {@code clReleaseEvent}. */
    public static FunctionDescriptor clReleaseEvent$descriptor() {
        return clReleaseEvent.DESC;
    }

    /** Downcall handle of {@code clReleaseEvent}; binds the function on first use. */
    public static MethodHandle clReleaseEvent$handle() {
        return clReleaseEvent.HANDLE;
    }

    /**
     * {@snippet lang=c :
     * cl_int clReleaseEvent(cl_event event)
     * }
     * Since OpenCL 1.0.
     */
    public static int clReleaseEvent(MemorySegment event) {
        var mh$ = clReleaseEvent.HANDLE;
        try {
            return (int) mh$.invokeExact(event);
        } catch (RuntimeException | Error unchecked) {
            throw unchecked;
        } catch (Throwable ex$) {
            throw new AssertionError("should not reach here", ex$);
        }
    }
}
