package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.CL_MAP_READ;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_MAP_WRITE;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_MEM_READ_ONLY;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_MEM_READ_WRITE;
import static dev.specula.ffm.opencl.raw.OpenCL.CL_MEM_WRITE_ONLY;

/**
 * Who may read and write memory: for a buffer, what kernels do with it; for a
 * {@linkplain ClQueue#map mapping}, what the host does with it.
 */
public enum ClAccess {
    /** Only read ({@code CL_MEM_READ_ONLY}, {@code CL_MAP_READ}). */
    READ_ONLY(CL_MEM_READ_ONLY, CL_MAP_READ),
    /** Only written ({@code CL_MEM_WRITE_ONLY}, {@code CL_MAP_WRITE}). */
    WRITE_ONLY(CL_MEM_WRITE_ONLY, CL_MAP_WRITE),
    /** Read and written. */
    READ_WRITE(CL_MEM_READ_WRITE, CL_MAP_READ | CL_MAP_WRITE);

    private final long memFlags;
    private final long mapFlags;

    ClAccess(long memFlags, long mapFlags) {
        this.memFlags = memFlags;
        this.mapFlags = mapFlags;
    }

    long memFlags() {
        return memFlags;
    }

    long mapFlags() {
        return mapFlags;
    }

    boolean writes() {
        return this != READ_ONLY;
    }
}
