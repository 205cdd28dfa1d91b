package dev.specula.ffm.cuda;

import static dev.specula.ffm.cuda.raw.CudaDriver.*;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * A kernel of a loaded {@link CudaModule}. It owns nothing: it lives and dies with its module, and
 * refuses to launch once the module is closed.
 *
 * {@snippet :
 * CudaFunction scale = module.function("scale");
 * scale.launch(LaunchConfig.linear(n, 256), stream, KernelArguments.of(buffer, 2.0f, n));
 * }
 */
public final class CudaFunction {
    private final CudaModule module;
    private final String name;
    private final MemorySegment handle;

    CudaFunction(CudaModule module, String name, MemorySegment handle) {
        this.module = module;
        this.name = name;
        this.handle = handle;
    }

    public String name() {
        return name;
    }

    public CudaModule module() {
        return module;
    }

    /** Queues the kernel on the context's default stream. */
    public void launch(LaunchConfig config, KernelArguments arguments) {
        launch(config, null, arguments);
    }

    /**
     * Queues the kernel on {@code stream} ({@code null}: the default stream). The launch is
     * asynchronous; errors inside the kernel surface at the next synchronisation.
     *
     * @throws IllegalArgumentException if the block or shared memory exceed the device's limits
     * @throws IllegalStateException    if the module, stream or a buffer argument is closed
     */
    public void launch(LaunchConfig config, CudaStream stream, KernelArguments arguments) {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(arguments, "arguments");
        if (module.isClosed()) {
            throw new IllegalStateException("kernel " + name + ": its " + module + " is closed");
        }
        CudaContext context = module.context();
        config.checkFits(context.device());
        MemorySegment streamHandle = MemorySegment.NULL;
        if (stream != null) {
            if (stream.context() != context) {
                throw new IllegalArgumentException(stream + " belongs to another context than kernel " + name);
            }
            streamHandle = stream.handle();
        }
        try (Arena arena = Arena.ofConfined()) {
            // the driver copies the argument values during the call, so they may die right after it
            MemorySegment parameters = arguments.pack(arena);
            context.makeCurrent();
            Dim3 grid = config.grid();
            Dim3 block = config.block();
            CudaException.check(cuLaunchKernel(handle, grid.x(), grid.y(), grid.z(), block.x(), block.y(), block.z(),
                    config.sharedMemoryBytes(), streamHandle, parameters, MemorySegment.NULL), "cuLaunchKernel(" + name + ")");
        }
    }

    @Override
    public String toString() {
        return "CudaFunction[" + name + "]";
    }
}
