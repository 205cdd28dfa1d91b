package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * An installed OpenCL platform (one driver, e.g. PoCL). Platforms are owned by the driver and
 * need no closing.
 *
 * {@snippet :
 * for (ClPlatform platform : ClPlatform.all()) {
 *     for (ClDevice device : platform.devices()) {
 *         System.out.println(platform.name() + ": " + device.name());
 *     }
 * }
 * }
 *
 * @param id      the {@code cl_platform_id}
 * @param name    {@code CL_PLATFORM_NAME}, e.g. "Portable Computing Language"
 * @param vendor  {@code CL_PLATFORM_VENDOR}
 * @param version {@code CL_PLATFORM_VERSION}, e.g. "OpenCL 3.0 PoCL 3.1 ..."
 * @param profile {@code CL_PLATFORM_PROFILE}: "FULL_PROFILE" or "EMBEDDED_PROFILE"
 */
public record ClPlatform(MemorySegment id, String name, String vendor, String version, String profile) {

    /**
     * Every platform the OpenCL loader finds; empty when the loader is installed but no driver is.
     *
     * @throws dev.specula.ffm.NativeLibraryNotFoundException if the loader itself is missing
     */
    public static List<ClPlatform> all() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = clGetPlatformIDs(0, MemorySegment.NULL, count);
            if (status == CL_PLATFORM_NOT_FOUND_KHR) {
                return List.of();
            }
            ClException.check(status, "clGetPlatformIDs");
            int n = count.get(JAVA_INT, 0);
            if (n == 0) {
                return List.of();
            }
            MemorySegment ids = arena.allocate(ADDRESS, n);
            ClException.check(clGetPlatformIDs(n, ids, MemorySegment.NULL), "clGetPlatformIDs");
            List<ClPlatform> platforms = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                platforms.add(describe(ids.getAtIndex(ADDRESS, i)));
            }
            return List.copyOf(platforms);
        }
    }

    /** Every device of every platform. */
    public static List<ClDevice> allDevices() {
        return all().stream().flatMap(platform -> platform.devices().stream()).toList();
    }

    /** This platform's devices of every type. */
    public List<ClDevice> devices() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(JAVA_INT);
            int status = clGetDeviceIDs(id, CL_DEVICE_TYPE_ALL, 0, MemorySegment.NULL, count);
            if (status == CL_DEVICE_NOT_FOUND) {
                return List.of();
            }
            ClException.check(status, "clGetDeviceIDs");
            int n = count.get(JAVA_INT, 0);
            MemorySegment ids = arena.allocate(ADDRESS, Math.max(n, 1));
            ClException.check(clGetDeviceIDs(id, CL_DEVICE_TYPE_ALL, n, ids, MemorySegment.NULL), "clGetDeviceIDs");
            List<ClDevice> devices = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                devices.add(ClDevice.describe(this, ids.getAtIndex(ADDRESS, i)));
            }
            return List.copyOf(devices);
        }
    }

    private static ClPlatform describe(MemorySegment id) {
        return new ClPlatform(id,
                info(id, CL_PLATFORM_NAME),
                info(id, CL_PLATFORM_VENDOR),
                info(id, CL_PLATFORM_VERSION),
                info(id, CL_PLATFORM_PROFILE));
    }

    private static String info(MemorySegment id, int param) {
        return Info.string("clGetPlatformInfo", (size, value, sizeRet) -> clGetPlatformInfo(id, param, size, value, sizeRet));
    }

    @Override
    public String toString() {
        return name + " (" + version + ")";
    }
}
