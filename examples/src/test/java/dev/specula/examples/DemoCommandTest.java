package dev.specula.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.examples.llama.TestModels;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./specula demo}: the real-model demo, the benchmark's options, the synthetic fallback. */
class DemoCommandTest {
    private static final String[] TINY_SYNTHETIC = {"--vocab", "300", "--batch", "2", "--calls", "20", "--samples", "3000", "--seed", "5"};

    private record Run(int status, String out, String err) {}

    private static Run run(Supplier<Optional<Stories>> models, String... args) {
        var out = new ByteArrayOutputStream();
        var err = new ByteArrayOutputStream();
        int status = DemoCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8), models, TINY_SYNTHETIC);
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static Supplier<Optional<Stories>> realModels() {
        return () -> {
            try {
                return Optional.of(new Stories(TestModels.require(Stories.TARGET), TestModels.require(Stories.DRAFT),
                        TestModels.require(Stories.TOKENIZER)));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        };
    }

    @Test
    void greedyDemoPrintsThePublishedStoryItsStatisticsAndTheSpeedComparison() {
        Run r = run(realModels(), "--temperature", "0", "--steps", "60", "--repeats", "1", "--prompt", "");
        assertEquals(0, r.status(), r.out() + r.err());
        // Greedy decoding of stories260K from BOS is the text published with the model.
        assertTrue(r.out().contains("Once upon a time, there was a little girl named Lily. She loved to play outside in the park."), r.out());
        assertTrue(r.out().contains("Acceptance per draft position"), r.out());
        Matcher m = Pattern.compile("tokens per verification (\\d+\\.\\d+) measured, (\\d+\\.\\d+) from").matcher(r.out());
        assertTrue(m.find(), r.out());
        double measured = Double.parseDouble(m.group(1));
        assertTrue(measured > 1 && measured <= 5, "between 1 and g + 1 = 5: " + measured);
        assertTrue(r.out().contains("plain ") && r.out().contains("speculative ") && r.out().contains("verification"), r.out());
        assertTrue(r.out().contains("token for token the plain one"), r.out());
    }

    @Test
    void eachDraftKindRuns() {
        for (String kind : new String[] {"ngram", "self"}) {
            Run r = run(realModels(), "--draft", kind, "--steps", "40", "--repeats", "1", "--seed", "3", "--draft-length", "3");
            assertEquals(0, r.status(), r.out() + r.err());
            assertTrue(r.out().contains(kind.equals("ngram") ? "n-gram lookup" : "early exit"), r.out());
            assertTrue(r.out().contains("[40 tokens, stopped: MAX_TOKENS]") || r.out().contains("stopped: STOP_TOKEN"), r.out());
        }
    }

    /**
     * The harness on the real model, tiny (3 tokens, 1 timed run): the table and a JSON file with the
     * documented schema, a row per draft kind and length whose speed-up is its own tokens/s ratio.
     */
    @Test
    void theBenchmarkWritesItsTableAndJson(@TempDir Path directory) throws IOException {
        Path json = directory.resolve("sub").resolve("decoding.json");
        Run r = run(realModels(), "--bench", "--steps", "3", "--repeats", "1", "--prompt", "Tom \"said\"", "--json", json.toString());
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("Wrote " + json), r.out());
        String text = Files.readString(json);
        assertTrue(text.startsWith("{\n  \"schema\": \"specula-decoding-benchmark/1\",\n"), text);
        assertTrue(text.contains("\"prompt\": \"Tom \\\"said\\\"\",\n"), text);
        for (String setting : new String[] {"\"steps\": 3,", "\"repeats\": 1,", "\"seed\": 42,", "\"backend\": \"fast\",",
                "\"temperature\": 0.8,", "\"cores\": ", "\"jdk\": \"", "\"cpu\": \"", "\"date\": \""}) {
            assertTrue(text.contains(setting), setting + " in " + text);
        }
        Matcher row = Pattern.compile("\\{\"draft\": \"(\\w+)\", \"draftLength\": (\\d+), \"alpha\": ([-\\d.Ena]+|null), "
                + "\"tokensPerVerification\": [\\d.E]+, \"predictedTokensPerVerification\": [\\d.E]+, "
                + "\"formulaTokensPerVerification\": ([\\d.E]+|null), \"plainTokensPerSecond\": ([\\d.E]+), "
                + "\"speculativeTokensPerSecond\": ([\\d.E]+), \"speedUp\": ([\\d.E-]+), \"verificationShare\": [\\d.E-]+, "
                + "\"draftShare\": [\\d.E-]+, \"targetShare\": [\\d.E-]+\\}").matcher(text);
        StringBuilder cells = new StringBuilder();
        while (row.find()) {
            cells.append(row.group(1)).append(row.group(2)).append(' ');
            double ratio = Double.parseDouble(row.group(6)) / Double.parseDouble(row.group(5));
            assertEquals(ratio, Double.parseDouble(row.group(7)), 1e-4 * ratio, row.group());
        }
        assertEquals("model1 model2 model4 model8 ngram1 ngram2 ngram4 ngram8 self1 self2 self4 self8 ", cells.toString(), text);
    }

    @Test
    void jsonStringsAndNumbersAreValidJson() {
        assertEquals("\"a\\\"b\\\\c\\nd\\u0001\"", DecodingResultsJson.string("a\"b\\c\nd\u0001"));
        assertEquals("null", DecodingResultsJson.number(Double.NaN));
        assertEquals("null", DecodingResultsJson.number(Double.POSITIVE_INFINITY));
        assertEquals("2", DecodingResultsJson.number(2.0));
        assertEquals("0.123457", DecodingResultsJson.number(0.1234567));
        assertEquals("1.23457E-5", DecodingResultsJson.number(0.0000123456789));
    }

    @Test
    void withoutModelsItSaysWhereToGetThemAndRunsTheSyntheticDemo() {
        Run r = run(Optional::empty);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("No model found") && r.out().contains("huggingface.co/karpathy/tinyllamas"), r.out());
        assertTrue(r.out().contains("V = 300 tokens") && r.out().contains("OK: within noise"), r.out());
        assertEquals(2, run(Optional::empty, "--bench").status(), "the benchmark needs the models");
    }

    @Test
    void aBadModelFileIsReportedNotThrown() {
        Run r = run(() -> {
            throw new IllegalArgumentException("stories260K.bin: truncated checkpoint");
        });
        assertEquals(1, r.status());
        assertTrue(r.err().contains("cannot load the model files: stories260K.bin: truncated checkpoint"), r.err());
    }

    @Test
    void syntheticDemoStaysReachable() {
        String[] args = new String[TINY_SYNTHETIC.length + 1];
        args[0] = "--synthetic";
        System.arraycopy(TINY_SYNTHETIC, 0, args, 1, TINY_SYNTHETIC.length);
        Run r = run(() -> {
            throw new AssertionError("the synthetic demo must not look for models");
        }, args);
        assertEquals(0, r.status(), r.out() + r.err());
        assertTrue(r.out().contains("synthetic workload"), r.out());
    }

    @Test
    void badOptionsAreRejectedBeforeAnythingRuns() {
        Supplier<Optional<Stories>> never = () -> {
            throw new AssertionError("no model is loaded on bad options");
        };
        Run r = run(never, "--draft", "oracle");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--draft must be one of model|ngram|self, got 'oracle'"), r.err());
        r = run(never, "--backend", "cuda");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--backend must be one of reference|fast"), r.err());
        r = run(never, "--draft-length", "0");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--draft-length needs an integer in [1, 64], got '0'"), r.err());
        r = run(never, "--temperature", "-1");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--temperature needs a number in [0, 10]"), r.err());
        r = run(never, "--steps");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--steps needs a value"), r.err());
        r = run(never, "--json", "out.json");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("--json writes the benchmark's measurements; it goes with --bench"), r.err());
        r = run(never, "--help");
        assertEquals(0, r.status());
        assertTrue(r.out().startsWith("Usage: ./specula demo"), r.out());
    }
}
