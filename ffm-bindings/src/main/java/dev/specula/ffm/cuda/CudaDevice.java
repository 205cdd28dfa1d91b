package dev.specula.ffm.cuda;

import java.util.Objects;

/**
 * What the driver reports about one GPU. A value: read once by {@link Cuda#device(int)}.
 *
 * @param ordinal                 the device's index, 0 .. {@link Cuda#deviceCount()} - 1
 * @param computeCapabilityMajor  e.g. 8 for an A100 (sm_80), 9 for an H100
 * @param multiprocessors         number of streaming multiprocessors (SMs)
 * @param totalMemoryBytes        global memory
 * @param maxSharedMemoryPerBlock shared memory a block may use without opting in (usually 48 KiB)
 * @param integrated              whether the GPU shares the host's memory (Jetson-like parts)
 */
public record CudaDevice(
        int ordinal,
        String name,
        int computeCapabilityMajor,
        int computeCapabilityMinor,
        int multiprocessors,
        long totalMemoryBytes,
        int maxThreadsPerBlock,
        int maxSharedMemoryPerBlock,
        int warpSize,
        int l2CacheBytes,
        boolean integrated) {

    public CudaDevice {
        Objects.requireNonNull(name, "name");
        if (ordinal < 0) {
            throw new IllegalArgumentException("device ordinal must not be negative, got " + ordinal);
        }
    }

    /** The compute capability as CUDA writes it, e.g. {@code "8.6"}. */
    public String computeCapability() {
        return computeCapabilityMajor + "." + computeCapabilityMinor;
    }

    /** The virtual architecture for PTX this device runs, e.g. {@code "compute_86"} (nvcc/nvrtc {@code -arch}). */
    public String computeTarget() {
        return "compute_" + computeCapabilityMajor + computeCapabilityMinor;
    }
}
