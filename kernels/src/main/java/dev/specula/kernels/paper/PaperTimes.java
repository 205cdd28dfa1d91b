package dev.specula.kernels.paper;

/**
 * What the last verify call of a {@link PaperVerifier} cost on the device.
 *
 * @param kernelNanos the summed OpenCL profiling-event time (start to end) of every kernel launched
 * @param launches    the number of kernel launches
 * @param copiedBytes bytes of logit rows copied to reach the device (0 when read in place)
 */
public record PaperTimes(long kernelNanos, int launches, long copiedBytes) {
    /** Before any call. */
    public static final PaperTimes NONE = new PaperTimes(0, 0, 0);
}
