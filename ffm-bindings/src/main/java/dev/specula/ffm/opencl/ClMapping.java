package dev.specula.ffm.opencl;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * A buffer range mapped into host memory by {@link ClQueue#map}. {@link #segment()} is valid until
 * {@link #close()}, which unmaps it.
 */
public final class ClMapping extends ClObject {
    private final ClQueue queue;
    private final ClBuffer buffer;
    private final Arena view;
    private final MemorySegment segment;
    private final ClAccess access;

    @SuppressWarnings("restricted") // the driver's pointer is valid for exactly these bytes until unmapped
    ClMapping(ClQueue queue, ClBuffer buffer, MemorySegment address, long bytes, ClAccess access) {
        super(address, queue.context());
        this.queue = queue;
        this.buffer = buffer;
        this.access = access;
        // The view dies with the mapping, so the memory cannot be touched after unmapping.
        this.view = Arena.ofShared();
        MemorySegment mapped = address.reinterpret(bytes, view, null);
        this.segment = access.writes() ? mapped : mapped.asReadOnly();
    }

    /** The mapped bytes; read-only when mapped with {@link ClAccess#READ_ONLY}. */
    public MemorySegment segment() {
        ensureOpen();
        return segment;
    }

    /** What the host may do with the mapped memory. */
    public ClAccess access() {
        return access;
    }

    @Override
    void release() {
        view.close();
        // With its queue gone there is nothing to unmap through; releasing the buffer frees the mapping.
        if (!queue.isClosed() && !buffer.isClosed()) {
            queue.unmap(buffer, rawHandle());
        }
    }

    @Override
    int closeRank() {
        return 0;
    }

    @Override
    String describe() {
        return "ClMapping of " + segment.byteSize() + " bytes of " + buffer.describe();
    }
}
