package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * The stages of the device pipeline, in launch order; each kernel is named after its Java class.
 * {@link #THRESHOLD} runs only for batches with a truncated row (top-k, top-p or min-p).
 */
public enum Stage {
    ROW_STATS(RowStatsKernel.class),
    ROW_COMBINE(RowCombineKernel.class),
    THRESHOLD(ThresholdKernel.class),
    ACCEPT(AcceptKernel.class),
    SAMPLE_TILES(SampleTilesKernel.class),
    SAMPLE_PICK(SamplePickKernel.class);

    private final Class<? extends Kernel> javaKernel;

    Stage(Class<? extends Kernel> javaKernel) {
        this.javaKernel = javaKernel;
    }

    /** The Java kernel class of this stage. */
    public Class<? extends Kernel> javaKernel() {
        return javaKernel;
    }

    /** The kernel function's name in every source: the Java class's simple name. */
    public String kernelName() {
        return javaKernel.getSimpleName();
    }
}
