package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * Device code loaded into a context: a PTX text the driver JIT-compiles for the device, or a
 * cubin/fatbin assembled ahead of time. Kernels are looked up by name with {@link #function}.
 */
public final class CudaModule extends CudaResource {
    /** Room for the JIT's error log; longer logs are cut. */
    private static final int LOG_BYTES = 16 * 1024;

    private final CudaContext context;
    private final MemorySegment handle;

    private CudaModule(CudaContext context, MemorySegment rawHandle) {
        super(context);
        this.context = context;
        this.handle = bind(rawHandle);
    }

    static CudaModule load(CudaContext context, byte[] image) {
        try (Arena arena = Arena.ofConfined()) {
            // PTX must end in a NUL; a cubin ignores the extra byte
            MemorySegment imageCopy = arena.allocate(image.length + 1L, 16);
            MemorySegment.copy(image, 0, imageCopy, C_CHAR, 0, image.length);
            MemorySegment errorLog = arena.allocate(LOG_BYTES);
            MemorySegment options = arena.allocateFrom(C_INT, CU_JIT_ERROR_LOG_BUFFER, CU_JIT_ERROR_LOG_BUFFER_SIZE_BYTES);
            MemorySegment values = arena.allocate(C_POINTER, 2);
            values.setAtIndex(C_POINTER, 0, errorLog);
            // a size option travels as an integer in the pointer slot, as cuda.h specifies
            values.setAtIndex(C_POINTER, 1, MemorySegment.ofAddress(LOG_BYTES));
            MemorySegment moduleOut = arena.allocate(C_POINTER);
            int result = cuModuleLoadDataEx(moduleOut, imageCopy, 2, options, values);
            if (result != CUDA_SUCCESS) {
                String log = errorLog.getString(0).strip();
                throw new CudaException(result, "cuModuleLoadDataEx", log.isEmpty() ? "" : "JIT log:\n" + log);
            }
            return new CudaModule(context, moduleOut.get(C_POINTER, 0));
        }
    }

    public CudaContext context() {
        return context;
    }

    /**
     * The kernel {@code name}. C++ kernels have mangled names unless declared {@code extern "C"}.
     * The function stays valid while this module is open.
     */
    public CudaFunction function(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("a kernel name is needed");
        }
        checkOpen();
        context.makeCurrent();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment functionOut = arena.allocate(C_POINTER);
            int result = cuModuleGetFunction(functionOut, handle, arena.allocateFrom(name));
            if (result == CUDA_ERROR_NOT_FOUND) {
                throw new CudaException(result, "cuModuleGetFunction(\"" + name + "\")",
                        "The module has no kernel of that name; C++ kernels need extern \"C\" to keep their names.");
            }
            CudaException.check(result, "cuModuleGetFunction(\"" + name + "\")");
            return new CudaFunction(this, name, functionOut.get(C_POINTER, 0));
        }
    }

    /** The {@code CUmodule}, valid until this module is closed. */
    public MemorySegment handle() {
        checkOpen();
        return handle;
    }

    @Override
    void release() {
        context.currentForRelease();
        CudaException.check(cuModuleUnload(handle), "cuModuleUnload");
    }

    @Override
    public String toString() {
        return "CudaModule[" + handle.address() + "]";
    }
}
