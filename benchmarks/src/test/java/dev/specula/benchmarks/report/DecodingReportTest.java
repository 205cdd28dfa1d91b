package dev.specula.benchmarks.report;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The report's decoding section on a small harness file written here, worked out by hand:
 * <pre>
 * model g=2: α 0.5, formula (1 − 0.5³)/(1 − 0.5) = 1.75; plain 1000, spec 500 tok/s: 0.50×; verification 4%: met
 * model g=4: α 0.5, formula (1 − 0.5⁵)/0.5 = 1.9375 → "1.94"; 1000 → 600: 0.60×; verification exactly 5%: missed (strict)
 * ngram g=1: α undefined (null: no draft tested) → "—"; 2000 → 1800: 0.90×; verification 1.25%: met
 * met in 2 of 3 rows, the largest share 5.00% (model, g = 4); best: model 0.60× at g = 4, ngram 0.90× at g = 1
 * </pre>
 */
class DecodingReportTest {
    @TempDir
    static Path directory;
    static String report;

    private static final Machine MACHINE = new Machine("Test CPU @ 1 GHz", "AVX2", 2, LocalDate.of(2026, 1, 2));

    static final String FIXTURE = """
            {"schema": "specula-decoding-benchmark/1", "model": "stories260K", "prompt": "Once \\"upon\\" a time",
             "temperature": 0.8, "draftTemperature": 0.5, "steps": 200, "repeats": 3, "seed": 42, "backend": "fast",
             "selfLayers": 4, "cpu": "Test CPU", "cores": 2, "jdk": "25.0.1", "vm": "Test VM", "date": "2026-01-02T03:04:05Z",
             "rows": [
              {"draft": "model", "draftLength": 2, "alpha": 0.5, "tokensPerVerification": 1.7, "predictedTokensPerVerification": 1.75,
               "formulaTokensPerVerification": 1.75, "plainTokensPerSecond": 1000, "speculativeTokensPerSecond": 500, "speedUp": 0.5,
               "verificationShare": 0.04, "draftShare": 0.45, "targetShare": 0.5},
              {"draft": "model", "draftLength": 4, "alpha": 0.5, "tokensPerVerification": 1.9, "predictedTokensPerVerification": 1.9375,
               "formulaTokensPerVerification": 1.9375, "plainTokensPerSecond": 1000, "speculativeTokensPerSecond": 600, "speedUp": 0.6,
               "verificationShare": 0.05, "draftShare": 0.45, "targetShare": 0.5},
              {"draft": "ngram", "draftLength": 1, "alpha": null, "tokensPerVerification": 1, "predictedTokensPerVerification": 1,
               "formulaTokensPerVerification": null, "plainTokensPerSecond": 2000, "speculativeTokensPerSecond": 1800, "speedUp": 0.9,
               "verificationShare": 0.0125, "draftShare": 0.001, "targetShare": 0.9}
             ]}
            """;

    @BeforeAll
    static void writeReport() throws IOException {
        Path jmh = directory.resolve("jmh.json");
        Files.writeString(jmh, "[" + ReportTest.result("FloorBenchmark.floor", null, 1, 120, "us/op", 0) + "]");
        Path decoding = directory.resolve("decoding.json");
        Files.writeString(decoding, FIXTURE);
        report = Files.readString(Report.write(jmh, Optional.of(decoding), directory.resolve("out"), MACHINE));
    }

    @Test
    void everyRowHasItsNumbersAndItsVerdict() {
        assertTrue(report.contains("## Speculative decoding with a real model (stories260K)"), report);
        assertTrue(report.contains("| model | 2 | 0.500 | 1.70 | 1.75 | 1.75 | 1000 | 500 | 0.50× | 4.00% | 45.00% | 50.00% | ✅ met |"), report);
        assertTrue(report.contains("| model | 4 | 0.500 | 1.90 | 1.94 | 1.94 | 1000 | 600 | 0.60× | 5.00% | 45.00% | 50.00% | ❌ missed |"), report);
        assertTrue(report.contains("| ngram | 1 | — | 1.00 | 1.00 | — | 2000 | 1800 | 0.90× | 1.25% | 0.10% | 90.00% | ✅ met |"), report);
    }

    @Test
    void theSummaryCountsTheRowsAndNamesTheBestDraftLengths() {
        assertTrue(report.contains("**Verification share < 5% of the step: ❌ missed** in 2 of 3 rows; the largest share is 5.00% (model, g = 4)."),
                report);
        assertTrue(report.contains("**Noise.** Plain decoding is the same in every row, yet its median ranges from 1000 to 2000 tokens/s"), report);
        assertTrue(report.contains("**Speed-up at the best g, per draft kind:** `model` 0.60× at g = 4; `ngram` 0.90× at g = 1."), report);
    }

    @Test
    void theSettingsAndTheExplanationAreThere() {
        assertTrue(report.contains("prompt \"Once \"upon\" a time\", temperature 0.8 (draft 0.5), at most 200 tokens, median of 3"), report);
        assertTrue(report.contains("`self` = the target's first 4 layers. Test CPU, 2 cores, JDK 25.0.1 (Test VM), 2026-01-02T03:04:05Z."), report);
        assertTrue(report.contains("Why speculative decoding is slower than plain decoding here"), report);
        assertTrue(report.contains("runs 4 of the target's 5 layers"), report);
    }

    @Test
    void theChartIsAPngTheReportLinks() throws IOException {
        Path png = directory.resolve("out").resolve(Charts.DECODING);
        byte[] head = Files.readAllBytes(png);
        assertArrayEquals(new byte[] {(byte) 0x89, 'P', 'N', 'G'}, java.util.Arrays.copyOf(head, 4));
        assertTrue(report.contains("![decoding.png](decoding.png)"), report);
    }

    @Test
    void withoutTheDecodingFileThereIsNoSection(@TempDir Path other) throws IOException {
        Path jmh = other.resolve("jmh.json");
        Files.writeString(jmh, "[" + ReportTest.result("FloorBenchmark.floor", null, 1, 120, "us/op", 0) + "]");
        String plain = Files.readString(Report.write(jmh, other, MACHINE));
        assertFalse(plain.contains(DecodingSection.TITLE), plain);
        assertFalse(Files.exists(other.resolve(Charts.DECODING)));
    }

    @Test
    void badFilesAreRejectedWithTheReason() {
        var schema = assertThrows(IllegalArgumentException.class,
                () -> DecodingResults.parse(FIXTURE.replace("specula-decoding-benchmark/1", "other/2")));
        assertTrue(schema.getMessage().contains("other/2"), schema.getMessage());
        var missing = assertThrows(IllegalArgumentException.class,
                () -> DecodingResults.parse(FIXTURE.replace("\"speedUp\": 0.9,", "")));
        assertTrue(missing.getMessage().contains("missing"), missing.getMessage());
        assertThrows(IllegalArgumentException.class, () -> DecodingResults.parse("[1, 2]"));
        assertThrows(IllegalArgumentException.class, () -> DecodingResults.parse(FIXTURE.replace("\"steps\": 200", "\"steps\": \"many\"")));
    }

    /**
     * The committed file that {@code ./specula bench --decoding} wrote with the real harness: it
     * parses, covers every draft kind at every draft length, and its formula column is
     * (1 − α^(g+1)) / (1 − α) at its own α, computed here.
     */
    @Test
    void theHarnessFileInTheRepositoryParses() throws IOException {
        Path committed = Path.of("results", Report.DECODING_RESULTS);
        assertTrue(Files.isRegularFile(committed), "benchmarks/results/decoding.json is committed");
        DecodingResults d = DecodingResults.read(committed);
        assertEquals(12, d.rows().size());
        assertEquals(Set.of("model", "ngram", "self"), d.rows().stream().map(DecodingResults.Row::draft).collect(Collectors.toSet()));
        assertEquals(List.of(1, 2, 4, 8, 1, 2, 4, 8, 1, 2, 4, 8), d.rows().stream().map(DecodingResults.Row::draftLength).toList());
        for (DecodingResults.Row r : d.rows()) {
            assertTrue(r.alpha() >= 0 && r.alpha() <= 1, r.toString());
            double formula = r.alpha() == 1 ? r.draftLength() + 1 : (1 - Math.pow(r.alpha(), r.draftLength() + 1)) / (1 - r.alpha());
            assertEquals(formula, r.formulaTokensPerVerification(), 1e-4 * formula, r.toString());
            assertEquals(r.speculativeTokensPerSecond() / r.plainTokensPerSecond(), r.speedUp(), 1e-4 * r.speedUp(), r.toString());
            assertTrue(r.tokensPerVerification() >= 1 && r.tokensPerVerification() <= r.draftLength() + 1, r.toString());
            double shares = r.verificationShare() + r.draftShare() + r.targetShare();
            assertTrue(r.verificationShare() > 0 && shares <= 1 + 1e-9, r.toString());
        }
    }
}
