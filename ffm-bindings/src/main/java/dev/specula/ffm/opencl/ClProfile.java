package dev.specula.ffm.opencl;

/**
 * A command's profiling timestamps, in nanoseconds of the device's clock
 * ({@code CL_PROFILING_COMMAND_*}). Only differences between them are meaningful.
 *
 * @param queuedNanos    when the host enqueued the command
 * @param submittedNanos when the driver submitted it to the device
 * @param startNanos     when it started running
 * @param endNanos       when it finished
 */
public record ClProfile(long queuedNanos, long submittedNanos, long startNanos, long endNanos) {

    /** How long the command ran on the device. */
    public long executionNanos() {
        return endNanos - startNanos;
    }

    /** How long the command waited between being enqueued and starting. */
    public long waitingNanos() {
        return startNanos - queuedNanos;
    }
}
