package dev.specula.benchmarks.report;

/**
 * One JMH result, reduced to what the report needs.
 *
 * @param microseconds average time per call
 * @param errorMicroseconds JMH's 99.9% confidence half-width (NaN if it could not be computed)
 * @param allocatedBytes bytes allocated per call ({@code gc.alloc.rate.norm}), NaN when the run
 *     had no GC profiler
 */
public record Measurement(CaseKey key, Contender contender, double microseconds, double errorMicroseconds,
                          double allocatedBytes) {}
