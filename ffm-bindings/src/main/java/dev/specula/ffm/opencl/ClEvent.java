package dev.specula.ffm.opencl;

import static dev.specula.ffm.opencl.raw.OpenCL.*;
import static java.lang.foreign.ValueLayout.ADDRESS;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * The completion of one enqueued command, with its profiling timestamps. Close it when done
 * (it is also closed with its context).
 */
public final class ClEvent extends ClObject {
    private final String command;

    ClEvent(MemorySegment handle, ClContext context, String command) {
        super(handle, context);
        this.command = command;
    }

    /** Blocks until the command has completed. */
    public void waitFor() {
        ensureOpen();
        try (Arena arena = Arena.ofConfined()) {
            ClException.check(clWaitForEvents(1, arena.allocateFrom(ADDRESS, rawHandle())), "clWaitForEvents");
        }
    }

    /** Whether the command has completed (without waiting). */
    public boolean isComplete() {
        ensureOpen();
        int status = Info.uint("clGetEventInfo", (size, value, sizeRet) ->
                clGetEventInfo(rawHandle(), CL_EVENT_COMMAND_EXECUTION_STATUS, size, value, sizeRet));
        if (status < 0) { // a negative status is the error the command failed with
            throw new ClException(command, status, "the command failed");
        }
        return status == CL_COMPLETE;
    }

    /** Waits for the command, then reads its four timestamps. */
    public ClProfile profile() {
        waitFor();
        return new ClProfile(
                timestamp(CL_PROFILING_COMMAND_QUEUED),
                timestamp(CL_PROFILING_COMMAND_SUBMIT),
                timestamp(CL_PROFILING_COMMAND_START),
                timestamp(CL_PROFILING_COMMAND_END));
    }

    private long timestamp(int which) {
        return Info.ulong("clGetEventProfilingInfo", (size, value, sizeRet) ->
                clGetEventProfilingInfo(rawHandle(), which, size, value, sizeRet));
    }

    @Override
    void release() {
        ClException.check(clReleaseEvent(rawHandle()), "clReleaseEvent");
    }

    @Override
    int closeRank() {
        return 2;
    }

    @Override
    String describe() {
        return "ClEvent of " + command;
    }
}
