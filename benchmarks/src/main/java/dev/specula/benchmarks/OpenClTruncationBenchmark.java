package dev.specula.benchmarks;

import dev.specula.core.ChainVerifier;
import dev.specula.kernels.Devices;
import dev.specula.kernels.OpenClVerifier;
import org.openjdk.jmh.annotations.Param;

/**
 * What truncation costs the OpenCL backend: {@link TruncationBenchmark}'s calls (the same rows,
 * settings, steps and parameters) on an OpenCL device, with the Java kernels translated by Aparapi
 * ({@code kernels = java}) or the hand-written OpenCL C ({@code kernels = handwritten}). With
 * top-k or top-p the pipeline adds its threshold stage ({@code ThresholdKernel}); temperature-only
 * calls skip it. The report divides the truncated times by the temperature-only time of the same
 * kernels in the same run.
 */
public class OpenClTruncationBenchmark extends TruncationBenchmark {
    /** Which source the stages come from. */
    @Param({"java", "handwritten"})
    public String kernels;

    /** The device, as {@code --device} takes it: an index, a name or vendor substring, or {@code type:gpu}. */
    @Param({"0"})
    public String device;

    @Override
    protected ChainVerifier openVerifier() {
        return switch (kernels) {
            case "java" -> OpenClVerifier.javaKernels(Devices.select(device));
            case "handwritten" -> OpenClVerifier.handwritten(Devices.select(device));
            default -> throw new IllegalArgumentException("kernels must be java or handwritten, got " + kernels);
        };
    }
}
