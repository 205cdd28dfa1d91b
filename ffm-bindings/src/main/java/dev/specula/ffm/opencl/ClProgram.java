package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * An OpenCL C program built for one device. Obtained from {@link ClContext#program}, which builds
 * each (source, options, device) once; make kernels from it with {@link #kernel(String)}.
 */
public final class ClProgram extends ClObject {
    private final ClContext context;
    private final String source;
    private final String options;
    private final ClDevice device;
    private final String buildLog;

    private ClProgram(MemorySegment handle, ClContext context, String source, String options, ClDevice device, String buildLog) {
        super(handle, context);
        this.context = context;
        this.source = source;
        this.options = options;
        this.device = device;
        this.buildLog = buildLog;
    }

    static ClProgram build(ClContext context, String source, String options, ClDevice device) {
        MemorySegment handle;
        int built;
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment status = arena.allocate(JAVA_INT);
            MemorySegment strings = arena.allocateFrom(ADDRESS, arena.allocateFrom(source));
            handle = clCreateProgramWithSource(context.rawHandle(), 1, strings, MemorySegment.NULL, status);
            ClException.check(status.get(JAVA_INT, 0), "clCreateProgramWithSource");
            built = clBuildProgram(handle, 1, arena.allocateFrom(ADDRESS, device.id()), arena.allocateFrom(options),
                    MemorySegment.NULL, MemorySegment.NULL);
        }
        String log;
        try {
            log = Info.string("clGetProgramBuildInfo", (size, value, sizeRet) ->
                    clGetProgramBuildInfo(handle, device.id(), CL_PROGRAM_BUILD_LOG, size, value, sizeRet)).strip();
        } catch (ClException e) {
            clReleaseProgram(handle);
            throw e;
        }
        if (built != CL_SUCCESS) {
            clReleaseProgram(handle);
            throw new ClBuildException(built, device.name(), log);
        }
        return new ClProgram(handle, context, source, options, device, log);
    }

    /**
     * A kernel of this program.
     *
     * @throws IllegalArgumentException if the program has no kernel of that name (the message lists
     *                                  the kernels it has)
     */
    public ClKernel kernel(String name) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank() || name.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("'" + name + "' is not a kernel name");
        }
        ensureOpen();
        List<String> names = kernelNames();
        if (!names.contains(name)) {
            throw new IllegalArgumentException("the program has no kernel '" + name + "'; it has " + names);
        }
        return context.adopt(ClKernel.create(this, name));
    }

    /** The names of the program's kernels ({@code CL_PROGRAM_KERNEL_NAMES}). */
    public List<String> kernelNames() {
        ensureOpen();
        String names = Info.string("clGetProgramInfo", (size, value, sizeRet) ->
                clGetProgramInfo(rawHandle(), CL_PROGRAM_KERNEL_NAMES, size, value, sizeRet));
        return names.isEmpty() ? List.of() : Arrays.asList(names.split(";"));
    }

    /** What the compiler printed for a successful build (warnings); often empty. */
    public String buildLog() {
        return buildLog;
    }

    /** The OpenCL C source the program was built from. */
    public String source() {
        return source;
    }

    /** The compiler options it was built with. */
    public String options() {
        return options;
    }

    /** The device it was built for. */
    public ClDevice device() {
        return device;
    }

    /** The context the program belongs to. */
    public ClContext context() {
        return context;
    }

    @Override
    int closeRank() {
        return 3;
    }

    @Override
    void release() {
        ClException.check(clReleaseProgram(rawHandle()), "clReleaseProgram");
    }

    @Override
    String describe() {
        return "ClProgram for " + device.name();
    }
}
