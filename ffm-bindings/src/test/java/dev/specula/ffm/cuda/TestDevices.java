package dev.specula.ffm.cuda;

import java.lang.foreign.MemorySegment;

/**
 * Fixtures for tests that need no driver. A detached context has no driver context behind it: the
 * tests use it only for calls that must fail validation (or do nothing) before reaching the driver,
 * so any native call would show up as a {@link dev.specula.ffm.NativeLibraryNotFoundException} on a
 * machine without a driver. It is never closed (closing would release a real primary context).
 */
final class TestDevices {
    private TestDevices() {}

    /** A plausible sm_80 device: 1024 threads and 48 KiB of shared memory per block. */
    static CudaDevice ampere() {
        return new CudaDevice(0, "Test A100", 8, 0, 108, 40L << 30, 1024, 48 * 1024, 32, 40 << 20, false);
    }

    static CudaContext detachedContext() {
        return new CudaContext(ampere(), 0, MemorySegment.NULL);
    }
}
