package dev.specula.benchmarks.report;

import java.util.List;
import java.util.Map;

/**
 * One result of {@code OpenClVerifierBenchmark}: a kernel source on a device for one case.
 *
 * @param kernels "java" (translated by Aparapi) or "handwritten"
 * @param device the device query the benchmark was given ({@code --device} syntax)
 * @param microseconds whole-call time per call (JMH's score)
 * @param errorMicroseconds JMH's 99.9% confidence half-width (NaN if it could not be computed)
 * @param stageMicroseconds kernel time per call from OpenCL profiling events, per stage counter
 *     name ("rowStatsNanos", ...) — empty when the run lacked the counters
 */
public record DeviceMeasurement(CaseKey key, String kernels, String device, double microseconds, double errorMicroseconds,
                                Map<String, Double> stageMicroseconds) {
    /** The stage counters of the benchmark, in pipeline order. */
    static final List<String> STAGES = List.of("rowStatsNanos", "rowCombineNanos", "acceptNanos",
            "sampleTilesNanos", "samplePickNanos");

    public DeviceMeasurement {
        stageMicroseconds = Map.copyOf(stageMicroseconds);
    }

    /** The summed kernel time of the stages per call, or NaN without the counters. */
    public double kernelMicroseconds() {
        return stageMicroseconds.isEmpty() ? Double.NaN : STAGES.stream().mapToDouble(s -> stageMicroseconds.getOrDefault(s, 0.0)).sum();
    }
}
