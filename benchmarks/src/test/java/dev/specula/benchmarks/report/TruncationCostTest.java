package dev.specula.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * The report's truncation section on a small JMH result, ratios worked out by hand:
 * <pre>
 * V=128256 ALL_ACCEPTED: temperature 400 us, top-k 500 us (1.25x, met), top-p 0.7 ms = 700 us (1.75x, missed)
 * V=256000 ALL_ACCEPTED: temperature 800 us, top-k 1200 us (1.50x, met: the limit is inclusive), top-p not measured
 * OpenCL, java kernels, V=128256 ALL_ACCEPTED: temperature 2000 us, top-k 3000 us (1.50x), top-p 5000 us (2.50x), no target
 * </pre>
 */
class TruncationCostTest {

    private static String result(String truncation, int vocab, double score, String unit) {
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"dev.specula.benchmarks.TruncationBenchmark.verify","mode":"avgt","threads":1,"forks":1,
                 "warmupIterations":3,"warmupTime":"1 s","measurementIterations":3,"measurementTime":"1 s",
                 "params":{"regime":"ALL_ACCEPTED","truncation":"%s","vocab":"%d"},
                 "primaryMetric":{"score":%s,"scoreError":10.0,"scoreUnit":"%s","rawData":[[%s]]},"secondaryMetrics":{}}""",
                truncation, vocab, score, unit, score);
    }

    /** A result of OpenClTruncationBenchmark with {@code kernels = java}: the same record under another name, with its parameter. */
    private static String openCl(String truncation, int vocab, double score) {
        return result(truncation, vocab, score, "us/op").replace("TruncationBenchmark.verify", "OpenClTruncationBenchmark.verify")
                .replace("\"params\":{", "\"params\":{\"device\":\"0\",\"kernels\":\"java\",");
    }

    private static final String JSON = "[" + String.join(",", List.of(
            result("temperature", 128256, 400, "us/op"), result("top-k", 128256, 500, "us/op"), result("top-p", 128256, 0.7, "ms/op"),
            result("temperature", 256000, 800, "us/op"), result("top-k", 256000, 1200, "us/op"),
            openCl("temperature", 128256, 2000), openCl("top-k", 128256, 3000), openCl("top-p", 128256, 5000),
            ReportTest.result("FloorBenchmark.floor", null, 1, 100, "us/op", 0))) + "]";

    @Test
    void ratiosAreTruncatedOverTemperatureOnlyOfTheSameRun() {
        JmhResults results = JmhResults.parse(JSON);
        TruncationCost cost = results.truncation();
        assertEquals(8, cost.results().size(), "the floor result is not a truncation result");
        assertEquals(1, results.measurements().size(), "truncation results are not verifier contenders");
        assertEquals(1.25, cost.ratio(128256, "ALL_ACCEPTED", "top-k").orElseThrow(), 1e-12);
        assertEquals(1.75, cost.ratio(128256, "ALL_ACCEPTED", "top-p").orElseThrow(), 1e-12);
        assertEquals(1.5, cost.ratio(256000, "ALL_ACCEPTED", "top-k").orElseThrow(), 1e-12);
        assertTrue(cost.ratio(256000, "ALL_ACCEPTED", "top-p").isEmpty());
        // The OpenCL results are their own backend: divided by the OpenCL temperature-only time, never the CPU's.
        assertEquals(1.5, cost.ratio("opencl-java", 128256, "ALL_ACCEPTED", "top-k").orElseThrow(), 1e-12);
        assertEquals(2.5, cost.ratio("opencl-java", 128256, "ALL_ACCEPTED", "top-p").orElseThrow(), 1e-12);
        assertTrue(cost.ratio("opencl-handwritten", 128256, "ALL_ACCEPTED", "top-k").isEmpty());
    }

    @Test
    void theSectionMarksTheTarget() {
        String md = JmhResults.parse(JSON).truncation().markdown();
        assertTrue(md.contains("| 128256 | ALL_ACCEPTED | 400 ± 10.0 | 500 ± 10.0 | 1.25× ✅ | 700 ± 10000 | 1.75× ❌ |"), md);
        assertTrue(md.contains("| 256000 | ALL_ACCEPTED | 800 ± 10.0 | 1200 ± 10.0 | 1.50× ✅ | — | — |"), md);
        // The OpenCL table follows under its backend's name, ratios without a target mark.
        assertTrue(md.indexOf("**opencl-java**") > md.indexOf("| 256000 | ALL_ACCEPTED"), md);
        assertTrue(md.contains("| 128256 | ALL_ACCEPTED | 2000 ± 10.0 | 3000 ± 10.0 | 1.50× | 5000 ± 10.0 | 2.50× |"), md);
        assertEquals("", new TruncationCost(List.of()).markdown(), "no section without the benchmark");
    }
}
