package dev.specula.ffm.cuda;

import java.util.Objects;

/**
 * How a kernel is launched: the grid of blocks, the threads per block and the dynamic shared
 * memory per block.
 */
public record LaunchConfig(Dim3 grid, Dim3 block, int sharedMemoryBytes) {
    /** CUDA's fixed limits on grid y and z and on block z, for every compute capability. */
    static final int MAX_GRID_YZ = 65_535;
    static final int MAX_BLOCK_Z = 64;

    public LaunchConfig {
        Objects.requireNonNull(grid, "grid");
        Objects.requireNonNull(block, "block");
        if (sharedMemoryBytes < 0) {
            throw new IllegalArgumentException("shared memory must not be negative, got " + sharedMemoryBytes);
        }
        if (grid.y() > MAX_GRID_YZ || grid.z() > MAX_GRID_YZ) {
            throw new IllegalArgumentException("grid y and z are at most " + MAX_GRID_YZ + ", got " + grid);
        }
        if (block.z() > MAX_BLOCK_Z) {
            throw new IllegalArgumentException("block z is at most " + MAX_BLOCK_Z + ", got " + block);
        }
    }

    /** Enough blocks of {@code blockSize} threads to cover {@code threads} threads in x. */
    public static LaunchConfig linear(long threads, int blockSize) {
        if (threads < 1) {
            throw new IllegalArgumentException("at least one thread is needed, got " + threads);
        }
        if (blockSize < 1) {
            throw new IllegalArgumentException("block size must be at least 1, got " + blockSize);
        }
        long blocks = (threads + blockSize - 1) / blockSize;
        if (blocks > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(threads + " threads need more than 2^31-1 blocks of " + blockSize);
        }
        return new LaunchConfig(Dim3.of((int) blocks), Dim3.of(blockSize), 0);
    }

    public LaunchConfig withSharedMemory(int bytes) {
        return new LaunchConfig(grid, block, bytes);
    }

    /** Rejects a block or shared memory size the device cannot run, before the driver would. */
    void checkFits(CudaDevice device) {
        if (block.volume() > device.maxThreadsPerBlock()) {
            throw new IllegalArgumentException("block %s has %d threads; %s allows at most %d"
                    .formatted(block, block.volume(), device.name(), device.maxThreadsPerBlock()));
        }
        if (sharedMemoryBytes > device.maxSharedMemoryPerBlock()) {
            throw new IllegalArgumentException("%d bytes of shared memory per block; %s allows at most %d"
                    .formatted(sharedMemoryBytes, device.name(), device.maxSharedMemoryPerBlock()));
        }
    }
}
