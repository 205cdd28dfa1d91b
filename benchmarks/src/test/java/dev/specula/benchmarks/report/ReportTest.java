package dev.specula.benchmarks.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The report on a small JMH result file written here, whose ratios are worked out by hand:
 * <pre>
 * B=1  g=4 V=128256 ALL_ACCEPTED: reference 2000 us, fast 1T 150 us, fast all 100 us, floor 120 us
 *      speed-up all = 2000/100 = 20.00 (met, 2.00x the target); 1T = 2000/150 = 13.33
 *      1T over floor = 150/120 = 1.25 (met: the limit is inclusive); all over floor = 100/120 = 0.83
 * B=64 g=4 V=128256 ALL_ACCEPTED: reference 50 ms = 50000 us, fast 1T 13000 us, fast all 8000 us, floor 10000 us
 *      speed-up all = 50000/8000 = 6.25: missed by 1 - 6.25/10 = 37.5%, needs 10/6.25 = 1.60x more
 *      1T over floor = 13000/10000 = 1.30: over 1.25 by 1.30/1.25 - 1 = 4.0%; all over floor = 8000/10000 = 0.80
 *      speed-up 1T = 50000/13000 = 3.85
 * allocation (gc.alloc.rate.norm; the harness's share is the floor's figure times fast time / floor time):
 *      B=1:  floor 4.0 B at 120 us; fast 1T 5.5 B at 150 us: share 4.0 * 150/120 = 5.0, own 0.50;
 *            fast all 0.0009 B at 100 us: share 3.33, own 0 (never below 0)
 *      B=64: floor 400 B at 10000 us; fast 1T 535 B at 13000 us: share 520, own 15 (under 16: met);
 *            fast all 416 B at 8000 us: share 320, own 96: the worst, missed by 96 B/call.
 * </pre>
 */
class ReportTest {
    @TempDir
    static Path directory;
    static String report;

    private static final Machine MACHINE = new Machine("Test CPU @ 1 GHz", "AVX2", 2, LocalDate.of(2026, 1, 2));

    @BeforeAll
    static void writeReport() throws IOException {
        Path json = directory.resolve("fixture.json");
        Files.writeString(json, "[" + String.join(",",
                result("ReferenceVerifierBenchmark.verify", null, 1, 2000, "us/op", 48),
                result("FastVerifierBenchmark.verify", "1", 1, 150, "us/op", 5.5).replace("\"scoreError\":10.0", "\"scoreError\":60.0")
                        .replace("\"rawData\":[[150.0]]", "\"rawData\":[[300.0,100.0,50.0]]"),
                result("FastVerifierBenchmark.verify", "all", 1, 100, "us/op", 0.0009),
                result("FloorBenchmark.floor", null, 1, 120, "us/op", 4.0),
                result("ReferenceVerifierBenchmark.verify", null, 64, 50, "ms/op", 48),
                result("FastVerifierBenchmark.verify", "1", 64, 13000, "us/op", 535),
                result("FastVerifierBenchmark.verify", "all", 64, 8000, "us/op", 416),
                result("FloorBenchmark.floor", null, 64, 10_000_000, "ns/op", 400),
                result("SomeOtherBenchmark.run", null, 64, 1, "us/op", 0)) + "]");
        Path written = Report.write(json, directory.resolve("out"), MACHINE);
        assertEquals(directory.resolve("out").resolve("REPORT.md"), written);
        report = Files.readString(written);
    }

    @Test
    void theHeadlineSpeedUpIsMetAndTheBatchOneMissedByHowMuch() {
        assertTrue(report.contains("| fast ≥ 10× faster than reference | B=1 g=4 V=128256 ALL_ACCEPTED | 20.00× | ✅ met, 2.00× the target |"), report);
        assertTrue(report.contains("| B=64 g=4 V=128256 ALL_ACCEPTED | 6.25× | ❌ missed by 37.5% (needs 1.60× more speed) |"), report);
    }

    @Test
    void theFloorTargetNamesTheWorstCase() {
        assertTrue(report.contains("| fast (1 thread) ≤ 1.25× the floor | every case (2); worst: B=64 g=4 V=128256 ALL_ACCEPTED | 1 of 2 within; worst 1.30× "
                + "| ❌ missed in 1 case(s); the worst is 4.0% over the limit |"), report);
    }

    @Test
    void theAllocationTargetReportsTheWorstBytesPerCall() {
        assertTrue(report.contains("worst 96 B/call over the harness | ❌ missed by 96 B/call |"), report);
        assertTrue(report.contains("B=64 g=4 V=128256 ALL_ACCEPTED, fast, all threads"), report);
    }

    @Test
    void everyCaseHasItsTimesRatiosAndAllocation() {
        assertTrue(report.contains("| 1 | 4 | 128256 | ALL_ACCEPTED | 2000 ± 10.0 | 150 ± 60.0 | 100 ± 10.0 | 120 ± 10.0 "
                + "| 13.33× | 20.00× | 1.25× ✅ | 0.83× | 5.50 / 0.50 | 0.00 / 0.00 |"), report);
        // ms/op and ns/op are converted to microseconds (errors too: 10 ms and 10 ns per op).
        assertTrue(report.contains("| 64 | 4 | 128256 | ALL_ACCEPTED | 50000 ± 10000 | 13000 ± 10.0 | 8000 ± 10.0 "
                + "| 10000 ± 0.0100 | 3.85× | 6.25× | 1.30× ❌ | 0.80× | 535 / 15 | 416 / 96 |"), report);
        assertFalse(report.contains("SomeOther"), "unknown benchmarks are left out");
    }

    @Test
    void theMachineAndTheNoiseAreDescribed() {
        assertTrue(report.contains("| CPU | Test CPU @ 1 GHz |"));
        assertTrue(report.contains("| SIMD | AVX2 |"));
        assertTrue(report.contains("| cores | 2 |"));
        assertTrue(report.contains("| JDK | 25.0.1 (OpenJDK 64-Bit Server VM 25.0.1+8-LTS) |"));
        assertTrue(report.contains("| report date | 2026-01-02 "));
        assertTrue(report.contains("shared"));
    }

    @Test
    void measurementsWhoseErrorExceedsAQuarterOfTheScoreListTheirIterations() {
        // Every error is 10 units: 10 ms on the 50 ms reference at B=64 is 20% (not listed); the
        // fixture's one noisy result is the B=1 fast 1T case given a 60 us error on 150 us below.
        assertTrue(report.contains("## Noisy measurements"), report);
        assertTrue(report.contains("| B=1 g=4 V=128256 ALL_ACCEPTED | fast, 1 thread | 300, 100, 50.0 |"), report);
        assertEquals(1, report.split("ALL_ACCEPTED \\| fast, ", -1).length - 1, "only the noisy measurement is listed");
    }

    @Test
    void chartsAreWrittenAsPngFilesNextToTheReport() throws IOException {
        for (String chart : List.of(Charts.SPEED_UP, Charts.OVER_FLOOR, Charts.TIMES)) {
            Path png = directory.resolve("out").resolve(chart);
            byte[] bytes = Files.readAllBytes(png);
            assertTrue(bytes.length > 1000, chart + " is " + bytes.length + " bytes");
            assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(bytes, 4), chart);
            assertTrue(report.contains("](" + chart + ")"), chart + " is linked from the report");
        }
    }

    @Test
    void aRunWithoutTheFastVerifierOrTheGcProfilerSaysWhatWasNotMeasured(@TempDir Path other) throws IOException {
        Path json = other.resolve("reference-only.json");
        Files.writeString(json, "[" + result("ReferenceVerifierBenchmark.verify", null, 1, 2000, "us/op", Double.NaN) + "]");
        String text = Files.readString(Report.write(json, other, MACHINE));
        assertEquals(4, text.split("➖ not measured in this run", -1).length - 1, text);
        assertTrue(text.contains("run with -prof gc"));
        assertTrue(text.contains("No chart"));
        assertFalse(Files.exists(other.resolve(Charts.SPEED_UP)));
    }

    @Test
    void aVerifierFasterThanTheFloorItIncludesIsFlaggedAsADisturbedMeasurement(@TempDir Path other) throws IOException {
        // fast 1T 50 us against a 100 us floor: 0.50x, under the plausible 0.95x.
        Path json = other.resolve("disturbed.json");
        Files.writeString(json, "[" + result("FastVerifierBenchmark.verify", "1", 1, 50, "us/op", 0) + ","
                + result("FloorBenchmark.floor", null, 1, 100, "us/op", 0) + "]");
        String text = Files.readString(Report.write(json, other, MACHINE));
        assertTrue(text.contains("| 0.50× ⚠ |"), text);
        assertTrue(text.contains("➖ not shown; 1 case(s) under 0.95× (⚠): their floor was disturbed by other load, so they prove nothing; rerun"), text);
    }

    @Test
    void refusesWhatIsNotAJmhResultFile(@TempDir Path other) throws IOException {
        Path json = other.resolve("bad.json");
        Files.writeString(json, "{\"not\": \"an array\"}");
        assertThrows(IllegalArgumentException.class, () -> Report.write(json, other, MACHINE));
        Files.writeString(json, "[" + result("FloorBenchmark.floor", null, 1, 5, "ops/us", 0) + "]");
        var e = assertThrows(IllegalArgumentException.class, () -> Report.write(json, other, MACHINE));
        assertTrue(e.getMessage().contains("ops/us"), e.getMessage());
    }

    @Test
    void readsTheCpuModelFromProcCpuinfo() {
        assertEquals("Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz",
                Machine.cpuModel("processor\t: 0\nvendor_id\t: GenuineIntel\nmodel name\t: Intel(R) Xeon(R) Platinum 8481C CPU @ 2.70GHz\n"));
        assertEquals("unknown", Machine.cpuModel("processor : 0\n"));
        assertEquals("AVX-512", Machine.simd("flags\t\t: fpu sse2 avx avx2 avx512f avx512dq\n"));
        assertEquals("AVX2", Machine.simd("flags\t\t: fpu sse2 avx avx2 fma\n"));
        assertEquals("NEON", Machine.simd("Features\t: fp asimd evtstrm\n"));
        assertEquals("unknown", Machine.simd("flags : fpu sse2\n"));
    }

    @Test
    void threeSignificantDigits() {
        assertEquals("2000", MarkdownReport.significant(2000));
        assertEquals("1.23", MarkdownReport.significant(1.2345));
        assertEquals("0.0100", MarkdownReport.significant(0.01));
        assertEquals("123", MarkdownReport.significant(123.4));
    }

    /** One JMH result in the shape JMH 1.37 writes (score error 10 units; allocation NaN = no GC profiler). */
    static String result(String benchmark, String threads, int batch, double score, String unit, double allocated) {
        String params = "\"batch\":\"" + batch + "\",\"drafts\":\"4\",\"regime\":\"ALL_ACCEPTED\",\"vocab\":\"128256\""
                + (threads == null ? "" : ",\"threads\":\"" + threads + "\"");
        String secondary = Double.isNaN(allocated) ? "{}" : String.format(Locale.ROOT,
                "{\"gc.alloc.rate.norm\":{\"score\":%s,\"scoreError\":\"NaN\",\"scoreUnit\":\"B/op\",\"rawData\":[[%s]]}}",
                allocated, allocated);
        return String.format(Locale.ROOT, """
                {"jmhVersion":"1.37","benchmark":"dev.specula.benchmarks.%s","mode":"avgt","threads":1,"forks":1,
                 "jvm":"/usr/lib/jvm/temurin-25-jdk-amd64/bin/java","jvmArgs":["--add-modules=jdk.incubator.vector"],
                 "jdkVersion":"25.0.1","vmName":"OpenJDK 64-Bit Server VM","vmVersion":"25.0.1+8-LTS",
                 "warmupIterations":3,"warmupTime":"2 s","warmupBatchSize":1,"measurementIterations":5,"measurementTime":"2 s",
                 "measurementBatchSize":1,"params":{%s},
                 "primaryMetric":{"score":%s,"scoreError":10.0,"scoreConfidence":[0,0],"scoreUnit":"%s","rawData":[[%s]]},
                 "secondaryMetrics":%s}""", benchmark, params, score, unit, score, secondary);
    }
}
