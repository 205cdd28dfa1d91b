package dev.specula.ffm.opencl;

import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * An OpenCL object this layer owns (or, for wrapped buffers, holds a reference to): its handle,
 * its one-time release, and the checks that refuse it once closed.
 *
 * <p>Every object but the context itself belongs to a {@link ClContext}: it registers there when
 * created and is closed with it, so closing the context frees everything made from it.
 */
abstract sealed class ClObject implements AutoCloseable
        permits ClContext, ClQueue, ClProgram, ClKernel, ClBuffer, ClEvent, ClMapping {

    private final MemorySegment handle;
    private final ClContext owner;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile boolean closedWithContext;

    /** @param owner the context this object belongs to; null for a context itself */
    ClObject(MemorySegment handle, ClContext owner) {
        this.handle = handle;
        this.owner = owner;
    }

    /**
     * The raw OpenCL handle, for calls through {@link dev.specula.ffm.opencl.raw.OpenCL}. It stays
     * owned by this object: do not release it.
     *
     * @throws IllegalStateException if this object is closed
     */
    public final MemorySegment handle() {
        ensureOpen();
        return handle;
    }

    /** The handle without the open check, for release and for comparisons. */
    final MemorySegment rawHandle() {
        return handle;
    }

    /** Whether {@link #close()} has run (directly, or through the owning context). */
    public final boolean isClosed() {
        return closed.get();
    }

    /**
     * Releases the OpenCL object. Idempotent: later calls do nothing.
     *
     * @throws ClException if the driver refuses the release
     */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                release();
            } finally {
                detached();
            }
        }
    }

    /** Closes this object because its context is closing. */
    final void closeWithContext() {
        closedWithContext = true;
        close();
    }

    /** @throws IllegalStateException naming this object if it is closed */
    final void ensureOpen() {
        if (closed.get()) {
            throw new IllegalStateException(describe() + " is closed"
                    + (closedWithContext ? " (its ClContext was closed)" : "") + "; it cannot be used any more");
        }
    }

    /** Frees the native object; runs exactly once. */
    abstract void release();

    /** Runs after {@link #release()}: a child leaves its context's registry. */
    void detached() {
        if (owner != null) {
            owner.forget(this);
        }
    }

    /**
     * The order in which a closing context closes its children, lowest first: mappings and queues
     * (which finish their pending commands) before the kernels and buffers those commands use.
     */
    int closeRank() {
        return 0;
    }

    /** A short description for messages, e.g. {@code "ClBuffer of 4096 bytes"}. */
    abstract String describe();

    @Override
    public String toString() {
        return describe() + (isClosed() ? " (closed)" : "");
    }
}
