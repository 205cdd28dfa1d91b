package dev.specula.benchmarks.report;

import java.util.List;

/**
 * One JMH result, reduced to what the report needs.
 *
 * @param microseconds average time per call
 * @param errorMicroseconds JMH's 99.9% confidence half-width (NaN if it could not be computed)
 * @param allocatedBytes bytes allocated per call ({@code gc.alloc.rate.norm}), NaN when the run
 *     had no GC profiler
 * @param iterations the time per call of each measurement iteration, in microseconds, in order
 */
public record Measurement(CaseKey key, Contender contender, double microseconds, double errorMicroseconds,
                          double allocatedBytes, List<Double> iterations) {
    public Measurement {
        iterations = List.copyOf(iterations);
    }

    /** Whether JMH's error half-width exceeds {@code fraction} of the score (or could not be computed). */
    public boolean noisierThan(double fraction) {
        return !(errorMicroseconds <= fraction * microseconds);
    }
}
