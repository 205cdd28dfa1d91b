package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * An in-order command queue with profiling on one device: commands run one after another in
 * the order they are enqueued, and every {@link ClEvent} carries timestamps.
 *
 * <p>{@link #read} and {@link #write} block until the copy is done, so their host segment is free
 * to reuse on return. {@link #launch}, {@link #copy} and {@link #fill} return at once; call
 * {@link #finish()} (or wait on the launch's event) before looking at results.
 *
 * {@snippet :
 * kernel.setBuffer(0, input).setBuffer(1, output).setInt(2, n);
 * try (ClEvent event = queue.launch(kernel, new long[] {rows, 64}, new long[] {1, 64})) {
 *     long nanos = event.profile().executionNanos();
 * }
 * queue.read(output, 0, results); // blocking
 * }
 */
public final class ClQueue extends ClObject {
    private final ClContext context;
    private final ClDevice device;

    private ClQueue(MemorySegment handle, ClContext context, ClDevice device) {
        super(handle, context);
        this.context = context;
        this.device = device;
    }

    /**
     * Creates the queue with {@code clCreateCommandQueueWithProperties} (OpenCL 2.0+), or with
     * {@code clCreateCommandQueue} when {@code legacyApi} (devices of OpenCL 1.x, whose drivers
     * lack the newer call).
     */
    static ClQueue create(ClContext context, ClDevice device, boolean legacyApi) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment handle;
            if (legacyApi) {
                handle = clCreateCommandQueue(context.rawHandle(), device.id(), CL_QUEUE_PROFILING_ENABLE, status);
                ClException.check(status.get(JAVA_INT, 0), "clCreateCommandQueue");
            } else {
                MemorySegment properties = arena.allocate(JAVA_LONG, 3);
                properties.setAtIndex(JAVA_LONG, 0, CL_QUEUE_PROPERTIES);
                properties.setAtIndex(JAVA_LONG, 1, CL_QUEUE_PROFILING_ENABLE);
                properties.setAtIndex(JAVA_LONG, 2, 0);
                handle = clCreateCommandQueueWithProperties(context.rawHandle(), device.id(), properties, status);
                ClException.check(status.get(JAVA_INT, 0), "clCreateCommandQueueWithProperties");
            }
            return new ClQueue(handle, context, device);
        }
    }

    /** The context the queue belongs to. */
    public ClContext context() {
        return context;
    }

    /** The device the queue runs commands on. */
    public ClDevice device() {
        return device;
    }

    /** Launches a 1-D kernel over {@code globalSize} work-items; the driver picks the work-group size. */
    public ClEvent launch(ClKernel kernel, long globalSize) {
        return launch(kernel, new long[] {globalSize}, null);
    }

    /** Launches a 1-D kernel over {@code globalSize} work-items in groups of {@code localSize}. */
    public ClEvent launch(ClKernel kernel, long globalSize, long localSize) {
        return launch(kernel, new long[] {globalSize}, new long[] {localSize});
    }

    /**
     * Enqueues {@code kernel} over an N-D range ({@code clEnqueueNDRangeKernel}) and returns its
     * event. Close the event when done with it (try-with-resources): an event left open lives until
     * the context closes. Returns before the kernel has run.
     *
     * @param globalSize work-items per dimension (1 to 3 dimensions)
     * @param localSize  work-group size per dimension, dividing {@code globalSize}; or null to let
     *                   the driver choose
     * @throws IllegalArgumentException if the sizes are inconsistent or exceed the device's limits,
     *                                  or the kernel is of another context or device
     * @throws IllegalStateException    if an argument is unset, or an argument buffer is closed or
     *                                  its host memory freed
     */
    public ClEvent launch(ClKernel kernel, long[] globalSize, long[] localSize) {
        return enqueueKernel(kernel, globalSize, localSize, true);
    }

    /**
     * Enqueues {@code kernel} like {@link #launch(ClKernel, long[], long[])} but without an event,
     * for launches whose timing is not wanted: nothing to close. Returns before the kernel has run.
     */
    public void enqueue(ClKernel kernel, long[] globalSize, long[] localSize) {
        enqueueKernel(kernel, globalSize, localSize, false);
    }

    /** Enqueues a 1-D kernel in groups of {@code localSize}, without an event; see {@link #enqueue(ClKernel, long[], long[])}. */
    public void enqueue(ClKernel kernel, long globalSize, long localSize) {
        enqueue(kernel, new long[] {globalSize}, new long[] {localSize});
    }

    private ClEvent enqueueKernel(ClKernel kernel, long[] globalSize, long[] localSize, boolean withEvent) {
        Objects.requireNonNull(kernel, "kernel");
        Objects.requireNonNull(globalSize, "globalSize");
        ensureOpen();
        kernel.ensureOpen();
        context.requireSame(kernel.context(), "the kernel");
        if (!kernel.device().sameDevice(device)) {
            throw new IllegalArgumentException("kernel " + kernel.name() + " was built for " + kernel.device().name()
                    + ", this queue is on " + device.name());
        }
        int dimensions = globalSize.length;
        if (dimensions < 1 || dimensions > device.maxWorkItemSizes().size()) {
            throw new IllegalArgumentException("a launch has 1 to " + device.maxWorkItemSizes().size()
                    + " dimensions, got " + dimensions);
        }
        for (int d = 0; d < dimensions; d++) {
            ClContext.requirePositive(globalSize[d], "globalSize[" + d + "]");
        }
        if (localSize != null) {
            checkLocalSize(kernel, globalSize, localSize);
        }
        kernel.checkReadyToLaunch();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment global = arena.allocateFrom(JAVA_LONG, globalSize);
            MemorySegment local = localSize == null ? MemorySegment.NULL : arena.allocateFrom(JAVA_LONG, localSize);
            MemorySegment event = withEvent ? arena.allocate(ADDRESS) : MemorySegment.NULL;
            ClException.check(clEnqueueNDRangeKernel(rawHandle(), kernel.rawHandle(), dimensions,
                    MemorySegment.NULL, global, local, 0, MemorySegment.NULL, event), "clEnqueueNDRangeKernel");
            return withEvent ? context.adopt(new ClEvent(event.get(ADDRESS, 0), context, "launch of " + kernel.name())) : null;
        }
    }

    private void checkLocalSize(ClKernel kernel, long[] globalSize, long[] localSize) {
        if (localSize.length != globalSize.length) {
            throw new IllegalArgumentException("localSize has %d dimensions, globalSize %d"
                    .formatted(localSize.length, globalSize.length));
        }
        long groupSize = 1;
        for (int d = 0; d < localSize.length; d++) {
            ClContext.requirePositive(localSize[d], "localSize[" + d + "]");
            if (localSize[d] > device.maxWorkItemSizes().get(d)) {
                throw new IllegalArgumentException("localSize[%d] = %d exceeds the device's %d (CL_DEVICE_MAX_WORK_ITEM_SIZES)"
                        .formatted(d, localSize[d], device.maxWorkItemSizes().get(d)));
            }
            // OpenCL 1.2 kernels (and PoCL's OpenCL C 1.2) need uniform work-groups.
            if (globalSize[d] % localSize[d] != 0) {
                throw new IllegalArgumentException("globalSize[%d] = %d is not a multiple of localSize[%d] = %d"
                        .formatted(d, globalSize[d], d, localSize[d]));
            }
            groupSize *= localSize[d];
        }
        if (groupSize > kernel.workGroupSize()) {
            throw new IllegalArgumentException("a work-group of %d items exceeds kernel %s's limit of %d (CL_KERNEL_WORK_GROUP_SIZE)"
                    .formatted(groupSize, kernel.name(), kernel.workGroupSize()));
        }
    }

    /**
     * Copies all of {@code source} into {@code buffer} at byte {@code bufferOffset}; blocks until done.
     * A heap segment (e.g. {@code MemorySegment.ofArray(floats)}) is staged through native memory.
     *
     * @throws IllegalArgumentException if the range does not fit the buffer
     */
    public void write(ClBuffer buffer, long bufferOffset, MemorySegment source) {
        Objects.requireNonNull(source, "source");
        checkRange(buffer, bufferOffset, source.byteSize());
        if (source.byteSize() == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = source.isNative() ? source : arena.allocate(source.byteSize()).copyFrom(source);
            ClException.check(clEnqueueWriteBuffer(rawHandle(), buffer.rawHandle(), CL_TRUE, bufferOffset,
                    source.byteSize(), host, 0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueWriteBuffer");
        }
    }

    /**
     * Enqueues a copy of all of {@code source} into {@code buffer} at byte {@code bufferOffset} and
     * returns at once, so that uploads do not add synchronisations: the copy is ordered before every
     * command enqueued after it. The source must be native memory and must stay alive and unchanged
     * until the copy has completed (after a later blocking {@link #read}, {@link #finish()} or an
     * event wait).
     *
     * @throws IllegalArgumentException if the source is a heap segment or the range does not fit the buffer
     * @throws IllegalStateException    if the source's arena is closed
     */
    public void enqueueWrite(ClBuffer buffer, long bufferOffset, MemorySegment source) {
        Objects.requireNonNull(source, "source");
        if (!source.isNative()) {
            throw new IllegalArgumentException("an enqueued write needs a native source segment; use write() for heap memory");
        }
        if (!source.scope().isAlive()) {
            throw new IllegalStateException("the source segment's arena is closed");
        }
        checkRange(buffer, bufferOffset, source.byteSize());
        if (source.byteSize() == 0) {
            return;
        }
        ClException.check(clEnqueueWriteBuffer(rawHandle(), buffer.rawHandle(), CL_FALSE, bufferOffset,
                source.byteSize(), source, 0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueWriteBuffer");
    }

    /**
     * Copies {@code target.byteSize()} bytes from {@code buffer} at byte {@code bufferOffset} into
     * {@code target}; blocks until done, after every command enqueued before it.
     *
     * @throws IllegalArgumentException if the range does not fit the buffer or the target is read-only
     */
    public void read(ClBuffer buffer, long bufferOffset, MemorySegment target) {
        Objects.requireNonNull(target, "target");
        if (target.isReadOnly()) {
            throw new IllegalArgumentException("the target segment is read-only");
        }
        checkRange(buffer, bufferOffset, target.byteSize());
        if (target.byteSize() == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment host = target.isNative() ? target : arena.allocate(target.byteSize());
            ClException.check(clEnqueueReadBuffer(rawHandle(), buffer.rawHandle(), CL_TRUE, bufferOffset,
                    target.byteSize(), host, 0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueReadBuffer");
            if (host != target) {
                target.copyFrom(host);
            }
        }
    }

    /**
     * Enqueues a device-side copy of {@code bytes} bytes between buffers (or within one, if the
     * ranges do not overlap).
     *
     * @throws IllegalArgumentException if a range does not fit its buffer, or the ranges overlap
     */
    public void copy(ClBuffer source, long sourceOffset, ClBuffer target, long targetOffset, long bytes) {
        checkRange(source, sourceOffset, bytes);
        checkRange(target, targetOffset, bytes);
        if (source == target && sourceOffset < targetOffset + bytes && targetOffset < sourceOffset + bytes) {
            throw new IllegalArgumentException("the source and target ranges overlap");
        }
        if (bytes == 0) {
            return;
        }
        ClException.check(clEnqueueCopyBuffer(rawHandle(), source.rawHandle(), target.rawHandle(), sourceOffset,
                targetOffset, bytes, 0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueCopyBuffer");
    }

    /**
     * Enqueues filling {@code bytes} bytes of {@code buffer} from {@code offset} with copies of
     * {@code pattern} (e.g. one float).
     *
     * @throws IllegalArgumentException if the pattern is not 1, 2, 4, ..., 128 bytes long, the
     *                                  offset or size are not multiples of it, or the range does
     *                                  not fit the buffer
     */
    public void fill(ClBuffer buffer, long offset, long bytes, MemorySegment pattern) {
        Objects.requireNonNull(pattern, "pattern");
        long width = pattern.byteSize();
        if (width < 1 || width > 128 || Long.bitCount(width) != 1) {
            throw new IllegalArgumentException("a fill pattern is 1, 2, 4, 8, 16, 32, 64 or 128 bytes long, got " + width);
        }
        if (offset % width != 0 || bytes % width != 0) {
            throw new IllegalArgumentException("offset %d and size %d must be multiples of the %d-byte pattern"
                    .formatted(offset, bytes, width));
        }
        checkRange(buffer, offset, bytes);
        if (bytes == 0) {
            return;
        }
        try (Arena arena = Arena.ofConfined()) {
            // The driver copies the pattern before the call returns.
            MemorySegment copy = arena.allocate(width).copyFrom(pattern);
            ClException.check(clEnqueueFillBuffer(rawHandle(), buffer.rawHandle(), copy, width, offset, bytes,
                    0, MemorySegment.NULL, MemorySegment.NULL), "clEnqueueFillBuffer");
        }
    }

    /**
     * Maps {@code bytes} bytes of {@code buffer} from {@code offset} into host memory, after every
     * command enqueued before it; the mapping's segment is valid until it is closed (which unmaps).
     * For a host buffer on a device with host-unified memory, the mapping is the host segment itself.
     *
     * @param access what the host will do with the mapped memory
     */
    public ClMapping map(ClBuffer buffer, long offset, long bytes, ClAccess access) {
        Objects.requireNonNull(access, "access");
        checkRange(buffer, offset, bytes);
        ClContext.requirePositive(bytes, "bytes");
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment address = clEnqueueMapBuffer(rawHandle(), buffer.rawHandle(), CL_TRUE, access.mapFlags(),
                    offset, bytes, 0, MemorySegment.NULL, MemorySegment.NULL, status);
            ClException.check(status.get(JAVA_INT, 0), "clEnqueueMapBuffer");
            return context.adopt(new ClMapping(this, buffer, address, bytes, access));
        }
    }

    /** Unmaps (used by {@link ClMapping#close()}) and waits for it, so the memory is the device's again. */
    void unmap(ClBuffer buffer, MemorySegment address) {
        ClException.check(clEnqueueUnmapMemObject(rawHandle(), buffer.rawHandle(), address, 0,
                MemorySegment.NULL, MemorySegment.NULL), "clEnqueueUnmapMemObject");
        ClException.check(clFinish(rawHandle()), "clFinish");
    }

    /** Blocks until every enqueued command has completed. */
    public void finish() {
        ensureOpen();
        ClException.check(clFinish(rawHandle()), "clFinish");
    }

    /** Submits the enqueued commands to the device without waiting. */
    public void flush() {
        ensureOpen();
        ClException.check(clFlush(rawHandle()), "clFlush");
    }

    /** Refuses a closed queue or buffer, a buffer of another context, and ranges outside the buffer. */
    private void checkRange(ClBuffer buffer, long offset, long bytes) {
        Objects.requireNonNull(buffer, "buffer");
        ensureOpen();
        buffer.ensureUsable();
        context.requireSame(buffer.context(), "the buffer");
        if (offset < 0 || bytes < 0 || offset > buffer.byteSize() - bytes) {
            throw new IllegalArgumentException("range [%d, %d + %d) is outside %s"
                    .formatted(offset, offset, bytes, buffer.describe()));
        }
    }

    @Override
    int closeRank() {
        return 1;
    }

    @Override
    void release() {
        // Let enqueued commands finish before the memory they use can be released.
        int finished = clFinish(rawHandle());
        ClException.check(clReleaseCommandQueue(rawHandle()), "clReleaseCommandQueue");
        ClException.check(finished, "clFinish");
    }

    @Override
    String describe() {
        return "ClQueue on " + device.name();
    }
}
