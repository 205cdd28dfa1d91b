package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A range of device memory: either allocated here ({@link CudaContext#allocate}) and freed on
 * close, or wrapped ({@link CudaContext#wrap}) around a {@code CUdeviceptr} someone else owns.
 *
 * <p>Copies take host memory as native {@link MemorySegment}s and check the device range and the
 * segment before calling the driver. Asynchronous copies return at once; the host segment must stay
 * alive and untouched until the stream is synchronised. They overlap with other work only when the
 * host memory is page-locked; from ordinary memory the driver stages them.
 *
 * {@snippet :
 * try (Arena arena = Arena.ofConfined(); CudaBuffer buffer = context.allocate(4 * 1024)) {
 *     MemorySegment host = arena.allocate(4 * 1024);
 *     buffer.write(0, host);   // host -> device
 *     buffer.read(0, host);    // device -> host
 * }
 * }
 */
public final class CudaBuffer extends CudaResource {
    private final CudaContext context;
    private final long devicePointer;
    private final long byteSize;
    private final boolean owner;

    private CudaBuffer(CudaContext context, long devicePointer, long byteSize, boolean owner) {
        super(context);
        this.context = context;
        this.devicePointer = devicePointer;
        this.byteSize = byteSize;
        this.owner = owner;
    }

    static CudaBuffer allocate(CudaContext context, long bytes) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointerOut = arena.allocate(C_LONG_LONG);
            CudaException.check(cuMemAlloc_v2(pointerOut, bytes), "cuMemAlloc_v2(" + bytes + " bytes)");
            return new CudaBuffer(context, pointerOut.get(C_LONG_LONG, 0), bytes, true);
        }
    }

    static CudaBuffer wrap(CudaContext context, long devicePointer, long bytes) {
        if (devicePointer == 0) {
            throw new IllegalArgumentException("cannot wrap a null device pointer");
        }
        if (bytes <= 0) {
            throw new IllegalArgumentException("a wrapped buffer needs a positive size, got " + bytes + " bytes");
        }
        if (Long.compareUnsigned(devicePointer, -bytes) > 0) {  // devicePointer + bytes would pass 2^64
            throw new IllegalArgumentException("device range 0x%x + %d bytes wraps around the address space"
                    .formatted(devicePointer, bytes));
        }
        return new CudaBuffer(context, devicePointer, bytes, false);
    }

    /** The {@code CUdeviceptr} of the first byte, for kernel arguments and other libraries. */
    public long devicePointer() {
        checkOpen();
        return devicePointer;
    }

    public long byteSize() {
        return byteSize;
    }

    /** Whether closing this buffer frees the memory (false for a wrapped pointer). */
    public boolean ownsMemory() {
        return owner;
    }

    public CudaContext context() {
        return context;
    }

    /** Copies all of {@code source} to this buffer at {@code offset}, and waits for the copy. */
    public void write(long offset, MemorySegment source) {
        if (!checkCopy(offset, source, "source")) {
            return;
        }
        context.makeCurrent();
        CudaException.check(cuMemcpyHtoD_v2(devicePointer + offset, source, source.byteSize()), "cuMemcpyHtoD_v2");
    }

    /** Fills all of {@code destination} from this buffer at {@code offset}, and waits for the copy. */
    public void read(long offset, MemorySegment destination) {
        boolean anything = checkCopy(offset, destination, "destination");
        checkWritable(destination);
        if (!anything) {
            return;
        }
        context.makeCurrent();
        CudaException.check(cuMemcpyDtoH_v2(destination, devicePointer + offset, destination.byteSize()), "cuMemcpyDtoH_v2");
    }

    /** Queues a copy of all of {@code source} to this buffer at {@code offset} on {@code stream}. */
    public void writeAsync(long offset, MemorySegment source, CudaStream stream) {
        boolean anything = checkCopy(offset, source, "source");
        MemorySegment streamHandle = checkStream(stream);
        if (!anything) {
            return;
        }
        context.makeCurrent();
        CudaException.check(cuMemcpyHtoDAsync_v2(devicePointer + offset, source, source.byteSize(), streamHandle),
                "cuMemcpyHtoDAsync_v2");
    }

    /** Queues a copy from this buffer at {@code offset} into all of {@code destination} on {@code stream}. */
    public void readAsync(long offset, MemorySegment destination, CudaStream stream) {
        boolean anything = checkCopy(offset, destination, "destination");
        checkWritable(destination);
        MemorySegment streamHandle = checkStream(stream);
        if (!anything) {
            return;
        }
        context.makeCurrent();
        CudaException.check(cuMemcpyDtoHAsync_v2(destination, devicePointer + offset, destination.byteSize(), streamHandle),
                "cuMemcpyDtoHAsync_v2");
    }

    /** Sets every byte of the buffer to {@code value}. */
    public void fill(byte value) {
        checkOpen();
        context.makeCurrent();
        CudaException.check(cuMemsetD8_v2(devicePointer, value, byteSize), "cuMemsetD8_v2");
    }

    /** Validates a copy of all of {@code host} at {@code offset}; false when there is nothing to copy. */
    private boolean checkCopy(long offset, MemorySegment host, String role) {
        checkOpen();
        Objects.requireNonNull(host, role);
        if (!host.isNative()) {
            throw new IllegalArgumentException("the " + role + " must be native memory (Arena-allocated), not a heap segment");
        }
        if (offset < 0 || offset > byteSize || host.byteSize() > byteSize - offset) {
            throw new IndexOutOfBoundsException("copy of %d bytes at offset %d is outside the %d-byte device buffer"
                    .formatted(host.byteSize(), offset, byteSize));
        }
        return host.byteSize() > 0;
    }

    private static void checkWritable(MemorySegment destination) {
        if (destination.isReadOnly()) {
            throw new IllegalArgumentException("the destination segment is read-only");
        }
    }

    private MemorySegment checkStream(CudaStream stream) {
        Objects.requireNonNull(stream, "stream");
        if (stream.context() != context) {
            throw new IllegalArgumentException(stream + " belongs to another context than " + this);
        }
        return stream.handle();
    }

    @Override
    void release() {
        if (owner) {
            context.currentForRelease();
            CudaException.check(cuMemFree_v2(devicePointer), "cuMemFree_v2");
        }
    }

    @Override
    public String toString() {
        return "CudaBuffer[0x%x, %d bytes%s]".formatted(devicePointer, byteSize, owner ? "" : ", wrapped");
    }
}
