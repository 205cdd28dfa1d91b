package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import dev.specula.ffm.cuda.raw.CudaDriver;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;

/**
 * The CUDA driver: whether it is installed, its version, and its devices.
 *
 * <p>Every method except {@link #isInstalled()} initialises the driver on first use and throws
 * {@link dev.specula.ffm.NativeLibraryNotFoundException} when {@code libcuda.so.1} is absent.
 * A driver without any GPU (or whose GPUs are all hidden) reports zero devices.
 *
 * {@snippet :
 * if (Cuda.isInstalled()) {
 *     for (CudaDevice device : Cuda.devices()) {
 *         System.out.println(device.name() + ", compute capability " + device.computeCapability());
 *     }
 * }
 * }
 */
public final class Cuda {
    private Cuda() {}

    private static boolean initialised;
    private static boolean noDevice;

    /** Whether {@code libcuda.so.1} (or {@code -Dspecula.cuda.library}) can be loaded. */
    public static boolean isInstalled() {
        return CudaDriver.LIBRARY.isAvailable();
    }

    /** Initialises the driver once per JVM (later calls return at once). */
    public static synchronized void init() {
        if (initialised) {
            return;
        }
        int result = cuInit(0);
        if (result == CUDA_ERROR_NO_DEVICE) {
            noDevice = true;  // a driver without devices: a valid, empty machine
        } else {
            CudaException.check(result, "cuInit");
        }
        initialised = true;
    }

    /** The driver's CUDA version as the driver encodes it, 1000·major + 10·minor (13000 for 13.0). */
    public static int driverVersion() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment version = arena.allocate(C_INT);
            CudaException.check(cuDriverGetVersion(version), "cuDriverGetVersion");
            return version.get(C_INT, 0);
        }
    }

    /** {@link #driverVersion()} as {@code "major.minor"}. */
    public static String driverVersionString() {
        int version = driverVersion();
        return version / 1000 + "." + version % 1000 / 10;
    }

    public static int deviceCount() {
        init();
        if (noDevice) {
            return 0;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment count = arena.allocate(C_INT);
            CudaException.check(cuDeviceGetCount(count), "cuDeviceGetCount");
            return count.get(C_INT, 0);
        }
    }

    /** The properties of device {@code ordinal}. */
    public static CudaDevice device(int ordinal) {
        if (ordinal < 0) {
            throw new IllegalArgumentException("device ordinal must not be negative, got " + ordinal);
        }
        int count = deviceCount();
        if (ordinal >= count) {
            throw new IllegalArgumentException("no CUDA device " + ordinal + ": the driver reports " + count);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment deviceOut = arena.allocate(C_INT);
            CudaException.check(cuDeviceGet(deviceOut, ordinal), "cuDeviceGet");
            int device = deviceOut.get(C_INT, 0);

            MemorySegment name = arena.allocate(256);
            CudaException.check(cuDeviceGetName(name, (int) name.byteSize(), device), "cuDeviceGetName");
            MemorySegment totalMemory = arena.allocate(C_SIZE_T);
            CudaException.check(cuDeviceTotalMem_v2(totalMemory, device), "cuDeviceTotalMem_v2");
            MemorySegment value = arena.allocate(C_INT);
            return new CudaDevice(ordinal, name.getString(0),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MAJOR),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_COMPUTE_CAPABILITY_MINOR),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_MULTIPROCESSOR_COUNT),
                    totalMemory.get(C_SIZE_T, 0),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_MAX_THREADS_PER_BLOCK),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_MAX_SHARED_MEMORY_PER_BLOCK),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_WARP_SIZE),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_L2_CACHE_SIZE),
                    attribute(value, device, CU_DEVICE_ATTRIBUTE_INTEGRATED) != 0);
        }
    }

    /** Every device, by ordinal. */
    public static List<CudaDevice> devices() {
        int count = deviceCount();
        List<CudaDevice> devices = new ArrayList<>(count);
        for (int ordinal = 0; ordinal < count; ordinal++) {
            devices.add(device(ordinal));
        }
        return List.copyOf(devices);
    }

    private static int attribute(MemorySegment value, int device, int attribute) {
        CudaException.check(cuDeviceGetAttribute(value, attribute, device), "cuDeviceGetAttribute(" + attribute + ")");
        return value.get(C_INT, 0);
    }
}
