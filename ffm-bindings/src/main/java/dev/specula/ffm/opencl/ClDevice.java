package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An OpenCL device and the properties kernels are sized by. Devices are owned by the driver and
 * need no closing. Obtain them from {@link ClPlatform#devices()} or {@link ClPlatform#allDevices()}.
 *
 * @param platform               the platform the device belongs to
 * @param id                     the {@code cl_device_id}
 * @param name                   {@code CL_DEVICE_NAME}
 * @param vendor                 {@code CL_DEVICE_VENDOR}
 * @param type                   {@code CL_DEVICE_TYPE}
 * @param version                {@code CL_DEVICE_VERSION}, e.g. "OpenCL 3.0 PoCL ..."
 * @param openClCVersion         {@code CL_DEVICE_OPENCL_C_VERSION}, e.g. "OpenCL C 1.2 PoCL"
 * @param computeUnits           {@code CL_DEVICE_MAX_COMPUTE_UNITS}
 * @param globalMemBytes         {@code CL_DEVICE_GLOBAL_MEM_SIZE}
 * @param localMemBytes          {@code CL_DEVICE_LOCAL_MEM_SIZE}: local memory per work-group
 * @param maxMemAllocBytes       {@code CL_DEVICE_MAX_MEM_ALLOC_SIZE}: the largest single buffer
 * @param maxWorkGroupSize       {@code CL_DEVICE_MAX_WORK_GROUP_SIZE}
 * @param maxWorkItemSizes       {@code CL_DEVICE_MAX_WORK_ITEM_SIZES}, one bound per dimension
 * @param hostUnifiedMemory      {@code CL_DEVICE_HOST_UNIFIED_MEMORY}: the device works in host
 *                               memory, so host-pointer buffers can be zero-copy
 * @param memBaseAddrAlignBytes  {@code CL_DEVICE_MEM_BASE_ADDR_ALIGN} converted from bits to bytes:
 *                               the alignment a host segment needs for a zero-copy buffer
 * @param extensions             {@code CL_DEVICE_EXTENSIONS}, e.g. "cl_khr_fp64"
 */
public record ClDevice(
        ClPlatform platform,
        MemorySegment id,
        String name,
        String vendor,
        ClDeviceType type,
        String version,
        String openClCVersion,
        int computeUnits,
        long globalMemBytes,
        long localMemBytes,
        long maxMemAllocBytes,
        long maxWorkGroupSize,
        List<Long> maxWorkItemSizes,
        boolean hostUnifiedMemory,
        long memBaseAddrAlignBytes,
        Set<String> extensions) {

    /** Copies the lists, so that the record is immutable. */
    public ClDevice {
        maxWorkItemSizes = List.copyOf(maxWorkItemSizes);
        extensions = Set.copyOf(extensions);
    }

    /** Whether this is the same driver device as {@code other} (same {@code cl_device_id}). */
    public boolean sameDevice(ClDevice other) {
        return id.address() == other.id.address();
    }

    /** Whether the device supports the extension, e.g. {@code "cl_khr_fp64"}. */
    public boolean supports(String extension) {
        return extensions.contains(extension);
    }

    static ClDevice describe(ClPlatform platform, MemorySegment id) {
        return new ClDevice(platform, id,
                string(id, CL_DEVICE_NAME).strip(),
                string(id, CL_DEVICE_VENDOR).strip(),
                ClDeviceType.of(ulong(id, CL_DEVICE_TYPE)),
                string(id, CL_DEVICE_VERSION).strip(),
                string(id, CL_DEVICE_OPENCL_C_VERSION).strip(),
                uint(id, CL_DEVICE_MAX_COMPUTE_UNITS),
                ulong(id, CL_DEVICE_GLOBAL_MEM_SIZE),
                ulong(id, CL_DEVICE_LOCAL_MEM_SIZE),
                ulong(id, CL_DEVICE_MAX_MEM_ALLOC_SIZE),
                ulong(id, CL_DEVICE_MAX_WORK_GROUP_SIZE),
                Arrays.stream(Info.ulongs("clGetDeviceInfo", query(id, CL_DEVICE_MAX_WORK_ITEM_SIZES))).boxed().toList(),
                hostUnifiedMemory(id),
                // The driver reports bits; 1024 bits on PoCL, i.e. 128 bytes.
                Integer.toUnsignedLong(uint(id, CL_DEVICE_MEM_BASE_ADDR_ALIGN)) / 8,
                words(string(id, CL_DEVICE_EXTENSIONS)));
    }

    /**
     * {@code CL_DEVICE_HOST_UNIFIED_MEMORY} is deprecated since OpenCL 2.0 and a driver may refuse
     * the query; such a driver makes no promise of shared memory, so the answer is then false.
     */
    private static boolean hostUnifiedMemory(MemorySegment id) {
        try {
            return uint(id, CL_DEVICE_HOST_UNIFIED_MEMORY) != CL_FALSE;
        } catch (ClException refused) {
            return false;
        }
    }

    private static Set<String> words(String list) {
        return list.isBlank() ? Set.of() : new LinkedHashSet<>(Arrays.asList(list.strip().split("\\s+")));
    }

    private static Info.Query query(MemorySegment id, int param) {
        return (size, value, sizeRet) -> clGetDeviceInfo(id, param, size, value, sizeRet);
    }

    private static String string(MemorySegment id, int param) {
        return Info.string("clGetDeviceInfo", query(id, param));
    }

    private static int uint(MemorySegment id, int param) {
        return Info.uint("clGetDeviceInfo", query(id, param));
    }

    private static long ulong(MemorySegment id, int param) {
        return Info.ulong("clGetDeviceInfo", query(id, param));
    }

    /** The major OpenCL version of the device, from {@code "OpenCL <major>.<minor> ..."}. */
    int majorVersion() {
        String[] words = version.split("\\s+");
        if (words.length < 2 || !words[0].equals("OpenCL")) {
            throw new IllegalStateException("device " + name + " reports an unreadable version '" + version + "'");
        }
        return Integer.parseInt(words[1].substring(0, words[1].indexOf('.')));
    }

    @Override
    public String toString() {
        return name + " (" + type + ", " + computeUnits + " compute units, " + openClCVersion + ")";
    }
}
