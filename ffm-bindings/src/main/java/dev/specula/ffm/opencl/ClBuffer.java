package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Optional;

/**
 * An OpenCL buffer ({@code cl_mem}). Made by {@link ClContext#deviceBuffer},
 * {@link ClContext#hostBuffer} or {@link ClContext#externalBuffer}; read and written through a
 * {@link ClQueue}; passed to kernels with {@link ClKernel#setBuffer}.
 */
public final class ClBuffer extends ClObject {

    /** Where a buffer's memory comes from. */
    public enum Kind {
        /** Allocated by the driver; the host reaches it through explicit copies. */
        DEVICE,
        /** A host {@link MemorySegment} used in place ({@code CL_MEM_USE_HOST_PTR}). */
        HOST,
        /** Another runtime's {@code cl_mem}; this wrapper holds one reference to it. */
        EXTERNAL
    }

    private final ClContext context;
    private final long byteSize;
    private final Kind kind;
    private final MemorySegment hostSegment; // null unless HOST

    private ClBuffer(MemorySegment handle, ClContext context, long byteSize, Kind kind, MemorySegment hostSegment) {
        super(handle, context);
        this.context = context;
        this.byteSize = byteSize;
        this.kind = kind;
        this.hostSegment = hostSegment;
    }

    static ClBuffer onDevice(ClContext context, long bytes, ClAccess access) {
        return new ClBuffer(create(context, access.memFlags(), bytes, MemorySegment.NULL), context, bytes, Kind.DEVICE, null);
    }

    static ClBuffer overHost(ClContext context, MemorySegment segment, ClAccess access) {
        MemorySegment handle = create(context, access.memFlags() | CL_MEM_USE_HOST_PTR, segment.byteSize(), segment);
        return new ClBuffer(handle, context, segment.byteSize(), Kind.HOST, segment);
    }

    static ClBuffer external(ClContext context, MemorySegment clMem) {
        MemorySegment owner = Info.pointer("clGetMemObjectInfo", (size, value, sizeRet) ->
                clGetMemObjectInfo(clMem, CL_MEM_CONTEXT, size, value, sizeRet));
        if (owner.address() != context.rawHandle().address()) {
            throw new IllegalArgumentException("the cl_mem belongs to another OpenCL context");
        }
        long bytes = Info.ulong("clGetMemObjectInfo", (size, value, sizeRet) ->
                clGetMemObjectInfo(clMem, CL_MEM_SIZE, size, value, sizeRet));
        ClException.check(clRetainMemObject(clMem), "clRetainMemObject");
        return new ClBuffer(clMem, context, bytes, Kind.EXTERNAL, null);
    }

    private static MemorySegment create(ClContext context, long flags, long bytes, MemorySegment host) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment handle = clCreateBuffer(context.rawHandle(), flags, bytes, host, status);
            ClException.check(status.get(JAVA_INT, 0), "clCreateBuffer");
            return handle;
        }
    }

    /** The context the buffer belongs to. */
    public ClContext context() {
        return context;
    }

    /** The buffer's size in bytes. */
    public long byteSize() {
        return byteSize;
    }

    /** Where the buffer's memory comes from. */
    public Kind kind() {
        return kind;
    }

    /** The host segment a {@link Kind#HOST} buffer works in; empty for the other kinds. */
    public Optional<MemorySegment> hostSegment() {
        return Optional.ofNullable(hostSegment);
    }

    /**
     * Refuses a closed buffer, and a host buffer whose segment's arena has closed: the device would
     * otherwise read or write freed memory.
     */
    void ensureUsable() {
        ensureOpen();
        if (hostSegment != null && !hostSegment.scope().isAlive()) {
            throw new IllegalStateException(describe() + " cannot be used: the arena of its host segment is closed");
        }
    }

    @Override
    int closeRank() {
        return 4;
    }

    @Override
    void release() {
        // For an external buffer this gives back the reference taken when wrapping; the object
        // itself lives on as long as its runtime holds it.
        ClException.check(clReleaseMemObject(rawHandle()), "clReleaseMemObject");
    }

    @Override
    String describe() {
        return "ClBuffer (" + kind.name().toLowerCase(java.util.Locale.ROOT) + ", " + byteSize + " bytes)";
    }
}
