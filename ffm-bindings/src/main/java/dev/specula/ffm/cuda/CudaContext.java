package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A device's primary context, retained for as long as this object is open. The primary context is
 * the one the CUDA runtime and most libraries share, so memory and modules created here interoperate
 * with theirs. Everything created from a context (buffers, modules, streams, events) is closed with
 * it, before the context is released.
 *
 * <p>Driver calls act on the calling thread's current context; every method here and on the
 * resources it creates makes this context current first, so a context may be used from any thread.
 *
 * {@snippet :
 * try (CudaContext context = CudaContext.retainPrimary(Cuda.device(0));
 *      CudaBuffer buffer = context.allocate(1024)) {
 *     buffer.fill((byte) 0);
 * }
 * }
 */
public final class CudaContext extends CudaResource {
    private final CudaDevice device;
    private final int deviceHandle;
    private final MemorySegment handle;
    private final Set<CudaResource> children = Collections.synchronizedSet(new LinkedHashSet<>());

    CudaContext(CudaDevice device, int deviceHandle, MemorySegment rawHandle) {
        super(null);
        this.device = device;
        this.deviceHandle = deviceHandle;
        this.handle = bind(rawHandle);
    }

    /** Retains {@code device}'s primary context and makes it current on the calling thread. */
    public static CudaContext retainPrimary(CudaDevice device) {
        Objects.requireNonNull(device, "device");
        int count = Cuda.deviceCount();
        if (device.ordinal() >= count) {
            throw new IllegalArgumentException("no CUDA device " + device.ordinal() + ": the driver reports " + count);
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment deviceOut = arena.allocate(C_INT);
            CudaException.check(cuDeviceGet(deviceOut, device.ordinal()), "cuDeviceGet");
            int deviceHandle = deviceOut.get(C_INT, 0);
            MemorySegment contextOut = arena.allocate(C_POINTER);
            CudaException.check(cuDevicePrimaryCtxRetain(contextOut, deviceHandle), "cuDevicePrimaryCtxRetain");
            CudaContext context = new CudaContext(device, deviceHandle, contextOut.get(C_POINTER, 0));
            try {
                context.makeCurrent();
            } catch (RuntimeException e) {
                context.close();
                throw e;
            }
            return context;
        }
    }

    public CudaDevice device() {
        return device;
    }

    /** The {@code CUcontext}, valid until this context is closed. */
    public MemorySegment handle() {
        checkOpen();
        return handle;
    }

    /** Makes this context current on the calling thread. */
    public void makeCurrent() {
        checkOpen();
        CudaException.check(cuCtxSetCurrent(handle), "cuCtxSetCurrent");
    }

    /** Waits until all work in this context has finished; reports errors of earlier asynchronous work. */
    public void synchronize() {
        makeCurrent();
        CudaException.check(cuCtxSynchronize(), "cuCtxSynchronize");
    }

    /** Allocates {@code bytes} of device memory (uninitialised). */
    public CudaBuffer allocate(long bytes) {
        if (bytes <= 0) {
            throw new IllegalArgumentException("a buffer needs a positive size, got " + bytes + " bytes");
        }
        makeCurrent();
        return adopt(CudaBuffer.allocate(this, bytes));
    }

    /**
     * Wraps device memory that someone else allocated (e.g. a model runtime's {@code CUdeviceptr}).
     * Closing the wrapper does not free the memory; the owner must keep it alive while it is used.
     */
    public CudaBuffer wrap(long devicePointer, long bytes) {
        checkOpen();
        return adopt(CudaBuffer.wrap(this, devicePointer, bytes));
    }

    /** Loads a module from PTX text; the driver JIT-compiles it for this device. */
    public CudaModule loadModule(String ptx) {
        Objects.requireNonNull(ptx, "ptx");
        if (ptx.isBlank()) {
            throw new IllegalArgumentException("the PTX text is empty");
        }
        makeCurrent();
        return adopt(CudaModule.load(this, ptx.getBytes(StandardCharsets.UTF_8)));
    }

    /** Loads a module from a cubin, fatbin or PTX image. */
    public CudaModule loadModule(byte[] image) {
        Objects.requireNonNull(image, "image");
        if (image.length == 0) {
            throw new IllegalArgumentException("the module image is empty");
        }
        makeCurrent();
        return adopt(CudaModule.load(this, image));
    }

    /** Creates a stream whose work is ordered after the legacy default stream's. */
    public CudaStream createStream() {
        makeCurrent();
        return adopt(CudaStream.create(this));
    }

    /** Creates an event that records timestamps. */
    public CudaEvent createEvent() {
        makeCurrent();
        return adopt(CudaEvent.create(this));
    }

    private <R extends CudaResource> R adopt(R child) {
        children.add(child);
        if (isClosed()) {  // closed concurrently: do not leak the child
            child.close();
            checkOpen();
        }
        return child;
    }

    void forget(CudaResource child) {
        children.remove(child);
    }

    @Override
    void release() {
        List<CudaResource> open;
        synchronized (children) {
            open = new ArrayList<>(children);
        }
        RuntimeException failure = null;
        try {
            // children go first, newest first, while this context still exists
            for (CudaResource child : open.reversed()) {
                try {
                    child.close();
                } catch (RuntimeException e) {
                    if (failure == null) {
                        failure = e;
                    } else {
                        failure.addSuppressed(e);
                    }
                }
            }
        } finally {
            CudaException.check(cuDevicePrimaryCtxRelease_v2(deviceHandle), "cuDevicePrimaryCtxRelease_v2");
        }
        if (failure != null) {
            throw failure;
        }
    }

    /** Makes this context current for a child's release, which may run while this context closes. */
    void currentForRelease() {
        CudaException.check(cuCtxSetCurrent(handle), "cuCtxSetCurrent");
    }

    @Override
    public String toString() {
        return "CudaContext[device " + device.ordinal() + " " + device.name() + "]";
    }
}
