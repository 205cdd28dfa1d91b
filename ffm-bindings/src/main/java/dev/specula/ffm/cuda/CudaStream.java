package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/** A queue of asynchronous work (copies, kernel launches, event records) that runs in order. */
public final class CudaStream extends CudaResource {
    private final CudaContext context;
    private final MemorySegment handle;

    private CudaStream(CudaContext context, MemorySegment rawHandle) {
        super(context);
        this.context = context;
        this.handle = bind(rawHandle);
    }

    static CudaStream create(CudaContext context) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment streamOut = arena.allocate(C_POINTER);
            CudaException.check(cuStreamCreate(streamOut, CU_STREAM_DEFAULT), "cuStreamCreate");
            return new CudaStream(context, streamOut.get(C_POINTER, 0));
        }
    }

    public CudaContext context() {
        return context;
    }

    /** The {@code CUstream}, valid until this stream is closed. */
    public MemorySegment handle() {
        checkOpen();
        return handle;
    }

    /** Waits until all work queued on this stream has finished. */
    public void synchronize() {
        checkOpen();
        context.makeCurrent();
        CudaException.check(cuStreamSynchronize(handle), "cuStreamSynchronize");
    }

    @Override
    void release() {
        context.currentForRelease();
        CudaException.check(cuStreamDestroy_v2(handle), "cuStreamDestroy_v2");
    }

    @Override
    public String toString() {
        return "CudaStream[" + handle.address() + "]";
    }
}
