package dev.specula.kernels;

/**
 * The device time of one verify call, from OpenCL profiling events (start to end of each kernel),
 * and how many bytes of rows the call copied before the kernels could read them (0 when every
 * row was read in place: zero-copy host segments or {@link DeviceRows}).
 *
 * @param rowStatsNanos    {@code RowStatsKernel}
 * @param rowCombineNanos  {@code RowCombineKernel}
 * @param thresholdNanos   {@code ThresholdKernel} (0 when no row of the batch is truncated: the stage is not run)
 * @param acceptNanos      {@code AcceptKernel}
 * @param sampleTilesNanos {@code SampleTilesKernel}
 * @param samplePickNanos  {@code SamplePickKernel}
 * @param copiedBytes      bytes of logit or probability rows copied for the call
 */
public record KernelTimes(long rowStatsNanos, long rowCombineNanos, long thresholdNanos, long acceptNanos, long sampleTilesNanos,
                          long samplePickNanos, long copiedBytes) {
    /** Before any call. */
    public static final KernelTimes NONE = new KernelTimes(0, 0, 0, 0, 0, 0, 0);

    /** The summed kernel time of the stages. */
    public long totalNanos() {
        return rowStatsNanos + rowCombineNanos + thresholdNanos + acceptNanos + sampleTilesNanos + samplePickNanos;
    }
}
