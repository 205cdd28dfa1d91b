package dev.specula.kernels.graph;

import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClEvent;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClQueue;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A declared sequence of kernels run on one queue, whose arguments are bound by parameter name
 * to named values: buffers given by the caller, device-resident intermediates the graph owns,
 * local memory sizes and scalars. {@link #execute} enqueues every step and synchronises once, in
 * the final blocking read of the (small) results; intermediates stay on the device.
 *
 * {@snippet :
 * try (KernelGraph graph = new KernelGraph(queue)) {
 *     graph.step("stats", statsKernel, List.of("rows", "partial", "scratch", "n"), groups * 64, 64)
 *          .step("combine", combineKernel, List.of("partial", "result", "n"), 64, 64);
 *     graph.buffer("rows", input).intermediate("partial", groups * 8L).intermediate("result", 4096)
 *          .local("scratch", 64 * Float.BYTES).setInt("n", n);
 *     long[] nanos = graph.execute("result", results);   // one synchronisation
 * }
 * }
 *
 * <p>Intermediates are allocated the first time a size is asked for and kept: asking again for
 * the same or a smaller size reuses the buffer, so a verifier allocates once per (shape, device).
 * Not thread-safe.
 */
public final class KernelGraph implements AutoCloseable {

    /**
     * One launch of the graph.
     *
     * @param label          a name for reports and messages
     * @param kernel         the kernel
     * @param parameterNames the kernel's parameter names, in order: each is bound to the graph
     *                       value of that name
     * @param globalSize     work-items in all
     * @param localSize      work-items per work-group, dividing the global size
     */
    public record Step(String label, ClKernel kernel, List<String> parameterNames, long globalSize, long localSize) {
        public Step {
            Objects.requireNonNull(label, "label");
            Objects.requireNonNull(kernel, "kernel");
            parameterNames = List.copyOf(parameterNames);
            if (parameterNames.size() != kernel.argumentCount()) {
                throw new IllegalArgumentException("kernel " + kernel.name() + " takes " + kernel.argumentCount()
                        + " arguments but " + parameterNames.size() + " names were given: " + parameterNames);
            }
            if (globalSize < 1 || localSize < 1 || globalSize % localSize != 0) {
                throw new IllegalArgumentException("step " + label + ": global size " + globalSize
                        + " must be a positive multiple of the local size " + localSize);
            }
        }
    }

    private final ClQueue queue;
    private final List<Step> steps = new ArrayList<>();
    private final Map<String, Binding> bindings = new HashMap<>();
    private final Map<String, ClBuffer> intermediates = new HashMap<>();
    // What each kernel's arguments were last set to: OpenCL keeps arguments between launches,
    // so only changed bindings are set again (most stay the same from call to call).
    private final Map<ClKernel, Binding[]> applied = new HashMap<>();
    private int allocations;
    private long synchronisations;
    private boolean closed;

    /** A graph whose steps run on {@code queue}. */
    public KernelGraph(ClQueue queue) {
        this.queue = Objects.requireNonNull(queue, "queue");
    }

    /** Appends a step: {@code kernel} over {@code globalSize} work-items in groups of {@code localSize}. */
    public KernelGraph step(String label, ClKernel kernel, List<String> parameterNames, long globalSize, long localSize) {
        ensureOpen();
        steps.add(new Step(label, kernel, parameterNames, globalSize, localSize));
        return this;
    }

    /** Removes every step (the bindings and intermediates stay), to declare the steps of a new shape. */
    public KernelGraph clearSteps() {
        ensureOpen();
        steps.clear();
        applied.clear();
        return this;
    }

    /** The declared steps, in launch order. */
    public List<Step> steps() {
        return List.copyOf(steps);
    }

    /** Binds {@code name} to a caller's buffer (an input or output the graph does not own). */
    public KernelGraph buffer(String name, ClBuffer buffer) {
        return bind(name, new Binding.Buffer(buffer));
    }

    /**
     * Binds {@code name} to a device buffer the graph owns, of at least {@code bytes} bytes:
     * allocated on the first request and whenever a larger one is asked for, reused otherwise.
     *
     * @return the buffer
     */
    public ClBuffer intermediate(String name, long bytes) {
        ensureOpen();
        ClBuffer buffer = intermediates.get(name);
        if (buffer == null || buffer.byteSize() < bytes) {
            if (buffer != null) buffer.close();
            buffer = queue.context().deviceBuffer(bytes, ClAccess.READ_WRITE);
            intermediates.put(name, buffer);
            allocations++;
        }
        bind(name, new Binding.Buffer(buffer));
        return buffer;
    }

    /** Binds {@code name} to {@code bytes} bytes of work-group memory. */
    public KernelGraph local(String name, long bytes) {
        return bind(name, new Binding.Local(bytes));
    }

    public KernelGraph setInt(String name, int value) {
        return bind(name, new Binding.IntValue(value));
    }

    public KernelGraph setLong(String name, long value) {
        return bind(name, new Binding.LongValue(value));
    }

    public KernelGraph setFloat(String name, float value) {
        return bind(name, new Binding.FloatValue(value));
    }

    public KernelGraph setDouble(String name, double value) {
        return bind(name, new Binding.DoubleValue(value));
    }

    /** Binds {@code name}; a later binding of the same name replaces it. */
    public KernelGraph bind(String name, Binding binding) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(binding, "binding");
        ensureOpen();
        bindings.put(name, binding);
        return this;
    }

    /**
     * Enqueues every step with its arguments bound by name, then reads {@code results.byteSize()}
     * bytes of the buffer bound to {@code resultName} into {@code results}: the one blocking call.
     *
     * @return each step's kernel time in nanoseconds (profiling events), in step order
     * @throws IllegalStateException if a parameter has no binding, or the graph is closed
     */
    public long[] execute(String resultName, MemorySegment results) {
        ensureOpen();
        if (!(bindings.get(resultName) instanceof Binding.Buffer(ClBuffer resultBuffer))) {
            throw new IllegalStateException("the result '" + resultName + "' is not bound to a buffer");
        }
        List<ClEvent> events = new ArrayList<>(steps.size());
        try {
            for (Step step : steps) {
                bindArguments(step);
                events.add(queue.launch(step.kernel(), new long[] {step.globalSize()}, new long[] {step.localSize()}));
            }
            queue.read(resultBuffer, 0, results);
            synchronisations++;
            long[] nanos = new long[steps.size()];
            for (int s = 0; s < nanos.length; s++) nanos[s] = events.get(s).profile().executionNanos();
            return nanos;
        } finally {
            for (ClEvent event : events) event.close();
        }
    }

    private void bindArguments(Step step) {
        ClKernel kernel = step.kernel();
        List<String> names = step.parameterNames();
        Binding[] current = applied.computeIfAbsent(kernel, k -> new Binding[names.size()]);
        for (int index = 0; index < names.size(); index++) {
            String name = names.get(index);
            Binding binding = bindings.get(name);
            if (binding == null) {
                throw new IllegalStateException("parameter '" + name + "' of kernel " + kernel.name() + " (step " + step.label()
                        + ") is not bound");
            }
            if (binding.equals(current[index])) continue;
            current[index] = null; // unknown until the driver has taken the new value
            switch (binding) {
                case Binding.Buffer(ClBuffer buffer) -> kernel.setBuffer(index, buffer);
                case Binding.Local(long bytes) -> kernel.setLocalBytes(index, bytes);
                case Binding.IntValue(int value) -> kernel.setInt(index, value);
                case Binding.LongValue(long value) -> kernel.setLong(index, value);
                case Binding.FloatValue(float value) -> kernel.setFloat(index, value);
                case Binding.DoubleValue(double value) -> kernel.setDouble(index, value);
            }
            current[index] = binding;
        }
    }

    /** How many intermediates have been allocated since the graph was made (reallocations included). */
    public int allocations() {
        return allocations;
    }

    /** How many blocking synchronisations {@link #execute} has made: one per call. */
    public long synchronisations() {
        return synchronisations;
    }

    /** The buffer bound to {@code name}, if a buffer is. */
    public ClBuffer boundBuffer(String name) {
        return bindings.get(name) instanceof Binding.Buffer(ClBuffer buffer) ? buffer : null;
    }

    /** Releases the intermediates; idempotent. Kernels and caller buffers are not the graph's. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (ClBuffer buffer : intermediates.values()) buffer.close();
        intermediates.clear();
        applied.clear();
        bindings.clear();
        steps.clear();
    }

    private void ensureOpen() {
        if (closed) throw new IllegalStateException("the kernel graph is closed");
    }
}
