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

    private static final String JSON = "[" + String.join(",", List.of(
            result("temperature", 128256, 400, "us/op"), result("top-k", 128256, 500, "us/op"), result("top-p", 128256, 0.7, "ms/op"),
            result("temperature", 256000, 800, "us/op"), result("top-k", 256000, 1200, "us/op"),
            ReportTest.result("FloorBenchmark.floor", null, 1, 100, "us/op", 0))) + "]";

    @Test
    void ratiosAreTruncatedOverTemperatureOnlyOfTheSameRun() {
        JmhResults results = JmhResults.parse(JSON);
        TruncationCost cost = results.truncation();
        assertEquals(5, cost.results().size(), "the floor result is not a truncation result");
        assertEquals(1, results.measurements().size(), "truncation results are not verifier contenders");
        assertEquals(1.25, cost.ratio(128256, "ALL_ACCEPTED", "top-k").orElseThrow(), 1e-12);
        assertEquals(1.75, cost.ratio(128256, "ALL_ACCEPTED", "top-p").orElseThrow(), 1e-12);
        assertEquals(1.5, cost.ratio(256000, "ALL_ACCEPTED", "top-k").orElseThrow(), 1e-12);
        assertTrue(cost.ratio(256000, "ALL_ACCEPTED", "top-p").isEmpty());
    }

    @Test
    void theSectionMarksTheTarget() {
        String md = JmhResults.parse(JSON).truncation().markdown();
        assertTrue(md.contains("| 128256 | ALL_ACCEPTED | 400 ± 10.0 | 500 ± 10.0 | 1.25× ✅ | 700 ± 10000 | 1.75× ❌ |"), md);
        assertTrue(md.contains("| 256000 | ALL_ACCEPTED | 800 ± 10.0 | 1200 ± 10.0 | 1.50× ✅ | — | — |"), md);
        assertEquals("", new TruncationCost(List.of()).markdown(), "no section without the benchmark");
    }
}
