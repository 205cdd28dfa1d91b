package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A kernel function of a built {@link ClProgram}, with typed argument setters that return the
 * kernel for chaining. Arguments keep their values across launches. OpenCL forbids setting one
 * kernel's arguments from two threads at once; use one kernel per thread.
 *
 * {@snippet :
 * ClKernel sum = program.kernel("partial_sums")
 *         .setBuffer(0, input)
 *         .setLocalBytes(1, 256 * Float.BYTES)   // __local float *scratch
 *         .setBuffer(2, output)
 *         .setInt(3, n);
 * }
 *
 * <p>The setter must match the kernel's parameter type: {@code int}/{@code uint} take
 * {@link #setInt}, {@code long}/{@code ulong} {@link #setLong}, {@code float} {@link #setFloat},
 * {@code double} {@link #setDouble}; a size mismatch is reported by the driver as
 * {@code CL_INVALID_ARG_SIZE}.
 */
public final class ClKernel extends ClObject {
    private final ClProgram program;
    private final String name;
    private final int argumentCount;
    private final long workGroupSize;
    private final long preferredWorkGroupMultiple;
    private final ClBuffer[] buffers; // the buffer set at each index, to check them at launch
    private final boolean[] argumentSet;

    private ClKernel(MemorySegment handle, ClProgram program, String name) {
        super(handle, program.context());
        this.program = program;
        this.name = name;
        this.argumentCount = Info.uint("clGetKernelInfo", (size, value, sizeRet) ->
                clGetKernelInfo(handle, CL_KERNEL_NUM_ARGS, size, value, sizeRet));
        this.workGroupSize = workGroupInfo(handle, program.device(), CL_KERNEL_WORK_GROUP_SIZE);
        this.preferredWorkGroupMultiple = workGroupInfo(handle, program.device(), CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE);
        this.buffers = new ClBuffer[argumentCount];
        this.argumentSet = new boolean[argumentCount];
    }

    static ClKernel create(ClProgram program, String name) {
        MemorySegment handle;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            handle = clCreateKernel(program.rawHandle(), arena.allocateFrom(name), status);
            ClException.check(status.get(JAVA_INT, 0), "clCreateKernel");
        }
        try {
            return new ClKernel(handle, program, name);
        } catch (RuntimeException e) {
            clReleaseKernel(handle);
            throw e;
        }
    }

    private static long workGroupInfo(MemorySegment kernel, ClDevice device, int param) {
        return Info.ulong("clGetKernelWorkGroupInfo", (size, value, sizeRet) ->
                clGetKernelWorkGroupInfo(kernel, device.id(), param, size, value, sizeRet));
    }

    /** Passes {@code buffer} as the {@code __global} (or {@code __constant}) pointer at {@code index}. */
    public ClKernel setBuffer(int index, ClBuffer buffer) {
        Objects.requireNonNull(buffer, "buffer");
        checkIndex(index);
        buffer.ensureUsable();
        program.context().requireSame(buffer.context(), "the buffer");
        try (Arena arena = Arena.ofConfined()) {
            set(index, ADDRESS.byteSize(), arena.allocateFrom(ADDRESS, buffer.rawHandle()));
        }
        buffers[index] = buffer;
        return this;
    }

    /**
     * Gives the {@code __local} pointer at {@code index} {@code bytes} bytes of work-group memory.
     *
     * @throws IllegalArgumentException if {@code bytes} is not positive or exceeds the device's
     *                                  {@link ClDevice#localMemBytes()}
     */
    public ClKernel setLocalBytes(int index, long bytes) {
        checkIndex(index);
        ClContext.requirePositive(bytes, "local memory bytes");
        if (bytes > device().localMemBytes()) {
            throw new IllegalArgumentException("%d bytes of local memory exceed the device's %d (CL_DEVICE_LOCAL_MEM_SIZE)"
                    .formatted(bytes, device().localMemBytes()));
        }
        set(index, bytes, MemorySegment.NULL);
        buffers[index] = null;
        return this;
    }

    /** Passes an {@code int} or {@code uint}. */
    public ClKernel setInt(int index, int value) {
        checkIndex(index);
        try (Arena arena = Arena.ofConfined()) {
            set(index, JAVA_INT.byteSize(), arena.allocateFrom(JAVA_INT, value));
        }
        return scalarSet(index);
    }

    /** Passes a {@code long} or {@code ulong}. */
    public ClKernel setLong(int index, long value) {
        checkIndex(index);
        try (Arena arena = Arena.ofConfined()) {
            set(index, JAVA_LONG.byteSize(), arena.allocateFrom(JAVA_LONG, value));
        }
        return scalarSet(index);
    }

    /** Passes a {@code float}. */
    public ClKernel setFloat(int index, float value) {
        checkIndex(index);
        try (Arena arena = Arena.ofConfined()) {
            set(index, JAVA_FLOAT.byteSize(), arena.allocateFrom(JAVA_FLOAT, value));
        }
        return scalarSet(index);
    }

    /** Passes a {@code double} (the device needs {@code cl_khr_fp64}). */
    public ClKernel setDouble(int index, double value) {
        checkIndex(index);
        try (Arena arena = Arena.ofConfined()) {
            set(index, JAVA_DOUBLE.byteSize(), arena.allocateFrom(JAVA_DOUBLE, value));
        }
        return scalarSet(index);
    }

    private ClKernel scalarSet(int index) {
        buffers[index] = null;
        return this;
    }

    private void checkIndex(int index) {
        ensureOpen();
        if (index < 0 || index >= argumentCount) {
            throw new IllegalArgumentException("kernel %s has %d arguments; index %d is out of range"
                    .formatted(name, argumentCount, index));
        }
    }

    private void set(int index, long size, MemorySegment value) {
        int status = clSetKernelArg(rawHandle(), index, size, value);
        if (status != CL_SUCCESS) {
            throw new ClException("clSetKernelArg", status, "argument " + index + " of kernel " + name);
        }
        argumentSet[index] = true;
    }

    /** Refuses a launch with an unset argument, or with a buffer argument that can no longer be used. */
    void checkReadyToLaunch() {
        for (int i = 0; i < argumentCount; i++) {
            if (!argumentSet[i]) {
                throw new IllegalStateException("argument " + i + " of kernel " + name + " is not set");
            }
            if (buffers[i] != null) {
                buffers[i].ensureUsable();
            }
        }
    }

    /** The kernel function's name. */
    public String name() {
        return name;
    }

    /** The program the kernel comes from. */
    public ClProgram program() {
        return program;
    }

    /** The context the kernel belongs to. */
    public ClContext context() {
        return program.context();
    }

    /** The device the kernel's program was built for. */
    public ClDevice device() {
        return program.device();
    }

    /** The number of parameters of the kernel function. */
    public int argumentCount() {
        return argumentCount;
    }

    /**
     * The names of the kernel function's parameters, in order ({@code clGetKernelArgInfo} with
     * {@code CL_KERNEL_ARG_NAME}), so that arguments can be bound by name. Needs a program built
     * with the option {@code -cl-kernel-arg-info}.
     *
     * {@snippet :
     * ClKernel kernel = context.program(source, "-cl-kernel-arg-info").kernel("scale");
     * int factor = kernel.argumentNames().indexOf("factor");
     * kernel.setFloat(factor, 2.0f);
     * }
     *
     * @throws IllegalStateException if the kernel is closed, or the driver keeps no argument
     *                               information (the program was built without
     *                               {@code -cl-kernel-arg-info})
     */
    public List<String> argumentNames() {
        ensureOpen();
        List<String> names = new ArrayList<>(argumentCount);
        for (int i = 0; i < argumentCount; i++) {
            int index = i;
            try {
                names.add(Info.string("clGetKernelArgInfo", (size, value, sizeRet) ->
                        clGetKernelArgInfo(rawHandle(), index, CL_KERNEL_ARG_NAME, size, value, sizeRet)));
            } catch (ClException e) {
                if (e.code() == CL_KERNEL_ARG_INFO_NOT_AVAILABLE) {
                    throw new IllegalStateException("kernel " + name + " has no argument names: build its program with the option -cl-kernel-arg-info", e);
                }
                throw e;
            }
        }
        return List.copyOf(names);
    }

    /** The largest work-group this kernel can run with on its device ({@code CL_KERNEL_WORK_GROUP_SIZE}). */
    public long workGroupSize() {
        return workGroupSize;
    }

    /** Work-group sizes should be multiples of this ({@code CL_KERNEL_PREFERRED_WORK_GROUP_SIZE_MULTIPLE}). */
    public long preferredWorkGroupMultiple() {
        return preferredWorkGroupMultiple;
    }

    @Override
    int closeRank() {
        return 2;
    }

    @Override
    void release() {
        ClException.check(clReleaseKernel(rawHandle()), "clReleaseKernel");
    }

    @Override
    String describe() {
        return "ClKernel " + name;
    }
}
