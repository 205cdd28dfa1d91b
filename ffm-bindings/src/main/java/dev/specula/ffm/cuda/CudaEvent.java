package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A marker in a stream whose completion time the device records; the time between two recorded
 * events is the device-side duration of the work between them.
 *
 * {@snippet :
 * start.record(stream);
 * kernel.launch(config, stream, arguments);
 * end.record(stream);
 * end.synchronize();
 * float millis = end.elapsedMillisSince(start);
 * }
 */
public final class CudaEvent extends CudaResource {
    private final CudaContext context;
    private final MemorySegment handle;

    private CudaEvent(CudaContext context, MemorySegment rawHandle) {
        super(context);
        this.context = context;
        this.handle = bind(rawHandle);
    }

    static CudaEvent create(CudaContext context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment eventOut = arena.allocate(C_POINTER);
            CudaException.check(cuEventCreate(eventOut, CU_EVENT_DEFAULT), "cuEventCreate");
            return new CudaEvent(context, eventOut.get(C_POINTER, 0));
        }
    }

    public CudaContext context() {
        return context;
    }

    /** The {@code CUevent}, valid until this event is closed. */
    public MemorySegment handle() {
        checkOpen();
        return handle;
    }

    /** Records this event on {@code stream}: it completes when the work queued before it has. */
    public void record(CudaStream stream) {
        checkOpen();
        Objects.requireNonNull(stream, "stream");
        if (stream.context() != context) {
            throw new IllegalArgumentException(stream + " belongs to another context than " + this);
        }
        MemorySegment streamHandle = stream.handle();
        context.makeCurrent();
        CudaException.check(cuEventRecord(handle, streamHandle), "cuEventRecord");
    }

    /** Records this event on the context's default (NULL) stream. */
    public void record() {
        checkOpen();
        context.makeCurrent();
        CudaException.check(cuEventRecord(handle, MemorySegment.NULL), "cuEventRecord");
    }

    /** Waits until the event has completed. */
    public void synchronize() {
        checkOpen();
        context.makeCurrent();
        CudaException.check(cuEventSynchronize(handle), "cuEventSynchronize");
    }

    /**
     * Milliseconds between {@code start} and this event, both recorded and completed (resolution
     * about half a microsecond).
     */
    public float elapsedMillisSince(CudaEvent start) {
        checkOpen();
        Objects.requireNonNull(start, "start");
        MemorySegment startHandle = start.handle();
        if (start.context() != context) {
            throw new IllegalArgumentException(start + " belongs to another context than " + this);
        }
        context.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment millis = arena.allocate(C_FLOAT);
            CudaException.check(cuEventElapsedTime_v2(millis, startHandle, handle), "cuEventElapsedTime");
            return millis.get(C_FLOAT, 0);
        }
    }

    @Override
    void release() {
        context.currentForRelease();
        CudaException.check(cuEventDestroy_v2(handle), "cuEventDestroy_v2");
    }

    @Override
    public String toString() {
        return "CudaEvent[" + handle.address() + "]";
    }
}
