package dev.specula.ffm.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Something the driver allocated on our behalf. Each resource owns a shared {@link Arena}: its
 * handle is a segment of that arena, so once the resource is closed any stray copy of the handle
 * is refused by FFM itself, on top of the explicit {@link #checkOpen()} every method makes.
 * Closing is idempotent and thread-safe; only the first call releases.
 */
abstract sealed class CudaResource implements AutoCloseable
        permits CudaContext, CudaBuffer, CudaModule, CudaStream, CudaEvent {
    private final Arena arena = Arena.ofShared();
    private final AtomicBoolean closed = new AtomicBoolean();
    private final CudaContext owner;

    /** @param owner the context that closes this resource if it is still open when the context closes; null for a context */
    CudaResource(CudaContext owner) {
        this.owner = owner;
    }

    /** The driver handle {@code raw} as a zero-length segment that dies with this resource. */
    final MemorySegment bind(MemorySegment raw) {
        return MemorySegment.ofAddress(raw.address()).reinterpret(arena, null);
    }

    /** Throws {@link IllegalStateException} naming this resource if it is closed. */
    final void checkOpen() {
        if (closed.get()) {
            throw new IllegalStateException(this + " is closed");
        }
    }

    public final boolean isClosed() {
        return closed.get();
    }

    /** Releases the driver resource; later calls do nothing. */
    @Override
    public final void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                release();
            } finally {
                arena.close();
                if (owner != null) {
                    owner.forget(this);
                }
            }
        }
    }

    /** Gives the resource back to the driver; called once, while the handle is still valid. */
    abstract void release();
}
