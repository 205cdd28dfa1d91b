package dev.specula.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The paper table on small result files written here, whose ratios are worked out by hand
 * (times in µs per call; kernel time in brackets; 10 calls per iteration):
 * <pre>
 * V=32000 g=5 B=8:  baseline 1000 [800], exact-concurrent 900 [720], sigmoid 400 [300],
 *                   sigmoid-exact-bonus 420 [310], specula-exact 700 [150], fast-cpu 200 [no kernels]
 *   exact-concurrent / specula = 900 / 700 = 1.286: misses 1.5, needs 1.5 / 1.286 = 1.17x more;
 *     on kernels 720 / 150 = 4.80 would meet it: host work 700 - 150 = 550 us against 900 - 720 = 180 us.
 *   sigmoid / specula = 400 / 700: Specula 700 / 400 - 1 = 75.0% slower.
 *   ratios to the baseline: exact-concurrent 0.90 [0.90], specula 0.70 [0.19], fast-cpu 0.20.
 * V=128256 g=5 B=8: baseline 4000 [3600], exact-concurrent 3200 [2800], sigmoid 1500 [1300], specula 1000 [700]
 *   exact-concurrent / specula = 3.20 (met); sigmoid / specula = 1.50 (met).
 *   ratios: exact-concurrent 0.80 [0.78]; over both sizes its median call ratio is (0.90 + 0.80) / 2 = 0.85.
 * </pre>
 */
class PaperSectionTest {
    @TempDir
    static Path directory;
    static String report;

    @BeforeAll
    static void writeReport() throws IOException {
        Files.writeString(directory.resolve("jmh-result.json"), "[]");
        Files.writeString(directory.resolve(Report.PAPER_RESULTS), "[" + String.join(",",
                result("baseline", 32000, 1000, 800, 13),
                result("exact-concurrent", 32000, 900, 720, 4),
                result("sigmoid", 32000, 400, 300, 3),
                result("sigmoid-exact-bonus", 32000, 420, 310, 3),
                result("specula-exact", 32000, 700, 150, 5),
                result("fast-cpu", 32000, 200, 0, 0),
                result("baseline", 128256, 4000, 3600, 13),
                result("exact-concurrent", 128256, 3200, 2800, 4),
                result("sigmoid", 128256, 1500, 1300, 3),
                result("specula-exact", 128256, 1000, 700, 5)) + "]");
        Files.writeString(directory.resolve(Report.PAPER_ACCURACY), """
                {"date": "2026-01-02T00:00:00Z", "device": "0", "drafts": 5, "bins": 16, "quick": false, "zLimit": 4.0, "seconds": 250.0,
                 "workloads": [{"name": "synthetic V=32000", "kind": "synthetic", "vocab": 32000, "sequences": 8, "drafts": 5, "trials": 150,
                   "verifiers": [
                     {"verifier": "specula-exact", "label": "Specula exact", "exact": true, "acceptanceRate": 0.7, "predictedAcceptanceRate": 0.702,
                      "tokensPerVerification": 4.5, "predictedTokensPerVerification": 4.51,
                      "firstToken": {"tv": 0.05, "noise": 0.048, "standardError": 0.002, "z": 1.0, "atNoiseLevel": true, "predicted": 0.0,
                                     "predictedFull": 0.0, "samples": 1200},
                      "bonusToken": {"tv": 0.1, "noise": 0.1, "standardError": 0.01, "z": 0.0, "atNoiseLevel": true, "predicted": 0.0,
                                     "predictedFull": 0.0, "samples": 200},
                      "seconds": 10.0},
                     {"verifier": "sigmoid", "label": "sigmoid (inexact)", "exact": false, "acceptanceRate": 0.9998, "predictedAcceptanceRate": 0.9999,
                      "tokensPerVerification": 5.999, "predictedTokensPerVerification": 5.9995,
                      "firstToken": {"tv": 0.3, "noise": 0.048, "standardError": 0.01, "z": 25.2, "atNoiseLevel": false, "predicted": 0.29,
                                     "predictedFull": 0.31, "samples": 1200},
                      "bonusToken": {"tv": 0.9, "noise": 0.05, "standardError": 0.01, "z": 85.0, "atNoiseLevel": false, "predicted": 0.91,
                                     "predictedFull": 0.95, "samples": 1190},
                      "seconds": 12.0}]}]}
                """);
        report = Files.readString(Report.write(directory.resolve("jmh-result.json"), directory.resolve("out"),
                new Machine("Test CPU", "AVX2", 2, LocalDate.of(2026, 1, 2))));
    }

    private static String result(String variant, int vocab, double micros, double kernelMicros, int launches) {
        return String.format(Locale.ROOT, """
                {"benchmark": "dev.specula.benchmarks.paper.PaperBenchmark.verify", "mode": "avgt",
                 "params": {"variant": "%s", "device": "0", "vocab": "%d", "drafts": "5", "batch": "8", "regime": "ALL_ACCEPTED"},
                 "primaryMetric": {"score": %s, "scoreError": 1.0, "scoreUnit": "us/op", "rawData": [[%s]]},
                 "secondaryMetrics": {"calls": {"score": 10.0}, "kernelNanos": {"score": %s}, "launches": {"score": %d}}}""",
                variant, vocab, micros, micros, kernelMicros * 10 * 1000, launches * 10);
    }

    @Test
    void theConcurrentTargetIsMissedBySayingHowMuchAndWhy() {
        // the device column names this machine's device 0 when it has one: only the query is certain
        assertTrue(report.contains("| Specula exact ≥ 1.5× faster than exact-concurrent | "), report);
        assertTrue(report.contains("`0`"), report);
        assertTrue(report.contains("| speed-up (exact-concurrent time ÷ "
                + "Specula exact time, whole call): median 2.24×, worst 1.29× at V=32000 g=5 B=8; 1 of 2 sizes meet it "
                + "| ❌ missed at 1 of 2 sizes; at the worst Specula exact needs 1.17× more speed. Why: the kernels alone would meet it "
                + "(4.80× on kernel time), but the host work around them"), report);
        assertTrue(report.contains("costs Specula 550 µs against 180 µs"), report);
    }

    @Test
    void theSigmoidTargetSaysHowMuchSlower() {
        assertTrue(report.contains("| Specula exact no slower than sigmoid (inexact) | "), report);
        assertTrue(report.contains("| speed-up (sigmoid (inexact) time ÷ Specula exact time, whole call): median 1.04×, worst 0.57× at V=32000 g=5 B=8"), report);
        assertTrue(report.contains("missed at 1 of 2 sizes; at the worst Specula exact is 75.0% slower"), report);
    }

    @Test
    void theSummaryGivesRatiosToTheBaselineBesideThePublishedSavingsAndMarksTheInexact() {
        assertTrue(report.contains("| exact-concurrent | exact | 0.85× [0.80–0.90] | 0.84× [0.78–0.90] |"), report);
        assertTrue(report.contains("| 6–13% less | 4 | — | — |"), report);
        assertTrue(report.contains("| 37–94% less | 3 | synthetic 1.000 | first token: **above the noise**"), report);
        assertTrue(report.contains("| sigmoid (inexact) | ⚠ **inexact** |"), report);
        assertTrue(report.contains("| sigmoid, exact bonus (inexact) | ⚠ **inexact** |"), report);
        assertTrue(report.contains("37–94% less"), report);
        assertTrue(report.contains("| first token: **above the noise** on 1 of 1 workloads (largest 0.3000 vs noise 0.0480, predicted 0.2900); "
                + "bonus token: **above the noise** on 1 of 1 workloads (largest 0.9000 vs noise 0.0500, predicted 0.9100) |"), report);
        assertTrue(report.contains("| first token: at the noise level on all 1 workloads (largest 0.0500 vs noise 0.0480, predicted 0.0000); "
                + "bonus token: at the noise level on all 1 workloads"), report);
        // the fast CPU verifier has no kernels: its kernel columns are empty, not 0
        assertTrue(report.contains("| fast CPU | exact | 0.20× [0.20–0.20] | — | — |"), report);
    }

    @Test
    void thePerSizeTableHasCallAndKernelRatios() {
        assertTrue(report.contains("| exact-concurrent | 0.90× (0.90×) |"), report);
        assertTrue(report.contains("| Specula exact | 0.70× (0.19×) |"), report);
        assertTrue(report.contains("| baseline | 1000 µs |"), report);
    }

    @Test
    void theAccuracyTableGivesVerdictsAndPredictions() {
        assertTrue(report.contains("| Specula exact | exact | 0.700 (0.702) | 4.50 (4.51) | 0.0500 | 0.0480 | 0.0020 | 0.0000 / 0.0000 "
                + "| ✅ at noise level (z = 1.0) |"), report);
        assertTrue(report.contains("| sigmoid (inexact) | ⚠ **inexact** | 1.000 (1.000) | 6.00 (6.00) | 0.3000 | 0.0480 | 0.0100 "
                + "| 0.2900 / 0.3100 | departs from the target (z = 25.2) | 0.9000 (0.0500; 0.9100) **above noise** |"), report);
    }

    @Test
    void chartsAreWrittenForTheDeviceAndTheAccuracy() {
        for (String chart : List.of("paper-call-time-0.png", "paper-kernel-time-0.png", "paper-accuracy.png", "paper-accuracy-bonus.png")) {
            assertTrue(Files.isRegularFile(directory.resolve("out").resolve(chart)), chart);
            assertTrue(report.contains("![" + chart + "](" + chart + ")"), chart);
        }
    }

    @Test
    void noSectionWithoutEitherFileAndBadFilesAreRefused() throws IOException {
        Path empty = directory.resolve("empty");
        Files.createDirectories(empty);
        Files.writeString(empty.resolve("jmh-result.json"), "[]");
        String plain = Files.readString(Report.write(empty.resolve("jmh-result.json"), empty, new Machine("c", "AVX2", 2, LocalDate.of(2026, 1, 2))));
        assertFalse(plain.contains("Paper table"), plain);
        assertThrows(IllegalArgumentException.class, () -> PaperAccuracyResults.parse("{\"workloads\": 3}"));
        assertThrows(IllegalArgumentException.class, () -> PaperMeasurement.parse("{}"));
        assertEquals(List.of(), PaperMeasurement.parse("[{\"benchmark\": \"x.FastVerifierBenchmark.verify\"}]"));
    }
}
