package dev.specula.examples;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.FloatRows;
import dev.specula.core.SamplingSettings;
import dev.specula.core.decoding.DecodingStats;
import dev.specula.core.decoding.Generation;
import dev.specula.core.decoding.SpeculativeDecoder;
import dev.specula.examples.llama.LlamaModel;
import dev.specula.examples.llama.TestModels;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.inference.ChiSquareTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Speculative decoding of the real stories260K model with each draft source the demo offers:
 * the Q8_0 copy, n-gram lookup and the early exit after 4 of the 5 layers.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SpeculativeStoriesTest {
    static final String[] PROMPTS = {"", "Once upon a time", "Tom and Lily went to the park. Tom and Lily", "The little dog was sad because"};
    static final int TOKENS = 240;

    private Stories stories;

    @BeforeAll
    void load() throws IOException {
        stories = new Stories(TestModels.require(Stories.TARGET), TestModels.require(Stories.DRAFT),
                TestModels.require(Stories.TOKENIZER));
    }

    @AfterAll
    void close() {
        if (stories != null) stories.close();
    }

    /** Greedy decoding one token at a time straight from the model: the oracle. */
    private int[] greedy(int[] prompt, int count) {
        LlamaModel model = stories.target;
        model.rollback(0);
        int[] out = new int[count];
        FloatRows rows = model.forward(prompt, 0, prompt.length);
        for (int k = 0; k < count; k++) {
            int best = 0, row = rows.rowsPerSequence() - 1;
            for (int v = 1; v < rows.vocabSize(); v++) if (rows.get(0, row, v) > rows.get(0, row, best)) best = v;
            out[k] = best;
            rows = model.forward(new int[] {best}, 0, 1);
        }
        return out;
    }

    @Test
    void greedySpeculativeDecodingEqualsGreedyPlainDecodingForEveryDraftSource() {
        for (String text : PROMPTS) {
            int[] prompt = stories.encode(text);
            int[] expected = greedy(prompt, TOKENS);
            SpeculativeDecoder plainDecoder = SpeculativeDecoder.builder(stories.target).settings(SamplingSettings.GREEDY).build();
            assertArrayEquals(expected, plainDecoder.generatePlain(prompt, TOKENS).tokens(), "plain, prompt '" + text + "'");
            for (DraftKind kind : DraftKind.values()) {
                for (int g : new int[] {2, 5}) {
                    SpeculativeDecoder decoder = SpeculativeDecoder.builder(stories.target)
                            .draftSource(stories.draftSource(kind, Stories.DEFAULT_SELF_LAYERS))
                            .settings(SamplingSettings.GREEDY).draftSettings(SamplingSettings.GREEDY).draftLength(g).build();
                    String what = kind + ", g " + g + ", prompt '" + text + "'";
                    Generation speculative = decoder.generate(prompt, TOKENS);
                    assertArrayEquals(expected, speculative.tokens(), "speculative, " + what);
                    DecodingStats s = speculative.stats();
                    // The drafts were really used: the Q8_0 copy almost always agrees, lookup and the
                    // early exit less often.
                    double minimum = switch (kind) {
                        case MODEL -> 0.8;
                        case SELF -> 0.2;
                        case NGRAM -> 0.02;
                    };
                    assertTrue(s.alpha() > minimum, what + ": " + s);
                }
            }
        }
    }

    /**
     * The first two tokens after a prompt, sampled at temperature 1 through speculative decoding
     * (drafts at temperature 1.2, g = 3, four tokens generated so the first verification drafts
     * three), against the exact joint distribution p(t1) p(t2 | t1) computed from the model.
     *
     * <p>Power: with N = {@value #TRIALS} generations per source, a bias of total-variation
     * distance d gives a chi-square non-centrality of at least 4 N d^2 (Cauchy-Schwarz), 115 at
     * d = 0.12. The test asserts that at most 100 cells remain after pooling cells expected below
     * 5; with 100 degrees of freedom the critical value at 1e-3 is about 149 while the statistic
     * then has mean >= 215 and standard deviation about 26, so such a bias is detected with
     * probability >= 0.99. (The real model costs a fraction of a millisecond per forward pass,
     * which bounds N; the toy-model suite in core tests the loop itself, and plain sampling, at
     * TV 0.025.)
     */
    static final int TRIALS = 2_000;
    static final float DRAFT_TEMPERATURE = 1.2f;

    @Test
    void sampledSpeculativeDecodingFollowsTheTargetsDistribution() {
        List<String> failures = new ArrayList<>();
        for (DraftKind kind : DraftKind.values()) {
            // Lookup needs a prompt that repeats itself; the models are given a short one (cheaper prefill).
            int[] prompt = stories.encode(kind == DraftKind.NGRAM ? "Tom and Lily went to the park. Tom and Lily" : "Lily saw a");
            double[] exact = exactPairs(prompt);
            SpeculativeDecoder.Builder builder = SpeculativeDecoder.builder(stories.target)
                    .draftSource(stories.draftSource(kind, Stories.DEFAULT_SELF_LAYERS))
                    .settings(SamplingSettings.temperature(1f)).draftSettings(SamplingSettings.temperature(DRAFT_TEMPERATURE))
                    .draftLength(3).seed(2026);
            failures.addAll(check(kind.toString(), exact, prompt, builder));
        }
        assertTrue(failures.isEmpty(), String.join("\n", failures));
    }

    private List<String> check(String what, double[] exact, int[] prompt, SpeculativeDecoder.Builder builder) {
        int vocab = stories.target.vocabularySize();
        long[] counts = new long[vocab * vocab];
        long accepted = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            SpeculativeDecoder decoder = builder.stream(trial).build();
            Generation g = decoder.generate(prompt, 4);
            int[] t = g.tokens();
            counts[t[0] * vocab + t[1]]++;
            accepted += g.stats().emittedTokens() - g.stats().verifications();
        }
        List<String> failures = new ArrayList<>();
        double pValue = pValue(exact, counts, failures, what);
        if (pValue < 1e-3) failures.add(what + ": chi-square p = " + pValue);
        if (accepted < TRIALS / 10) failures.add(what + ": only " + accepted + " drafts accepted");
        return failures;
    }

    /** p(t1, t2) = p(t1 | prompt) p(t2 | prompt, t1) at temperature 1, in double precision. */
    private double[] exactPairs(int[] prompt) {
        LlamaModel model = stories.target;
        int vocab = model.vocabularySize();
        model.rollback(0);
        FloatRows rows = model.forward(prompt, 0, prompt.length);
        double[] first = softmax(rows, rows.rowsPerSequence() - 1);
        double[] joint = new double[vocab * vocab];
        for (int t1 = 0; t1 < vocab; t1++) {
            if (first[t1] < 1e-7) continue;   // its pairs are expected < 0.01 times in all: pooled anyway
            model.rollback(prompt.length);
            double[] second = softmax(model.forward(new int[] {t1}, 0, 1), 0);
            for (int t2 = 0; t2 < vocab; t2++) joint[t1 * vocab + t2] = first[t1] * second[t2];
        }
        return joint;
    }

    private static double[] softmax(FloatRows rows, int row) {
        int vocab = rows.vocabSize();
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < vocab; v++) max = Math.max(max, rows.get(0, row, v));
        double[] p = new double[vocab];
        double sum = 0;
        for (int v = 0; v < vocab; v++) sum += p[v] = Math.exp(rows.get(0, row, v) - max);
        for (int v = 0; v < vocab; v++) p[v] /= sum;
        return p;
    }

    /** Chi-square p-value with cells expected below 5 pooled into one (cells of probability 0 included). */
    private static double pValue(double[] p, long[] observed, List<String> failures, String what) {
        long n = Arrays.stream(observed).sum();
        List<double[]> cells = new ArrayList<>();
        double pooledExpected = 0, pooledObserved = 0;
        for (int c = 0; c < p.length; c++) {
            double e = p[c] * n;
            if (e < 5) {
                pooledExpected += e;
                pooledObserved += observed[c];
            } else {
                cells.add(new double[] {e, observed[c]});
            }
        }
        cells.add(new double[] {Math.max(pooledExpected, 1e-9), pooledObserved});
        if (cells.size() > 100) failures.add(what + ": " + cells.size() + " cells, more than the power statement allows");
        double[] expected = cells.stream().mapToDouble(c -> c[0]).toArray();
        long[] counts = cells.stream().mapToLong(c -> (long) c[1]).toArray();
        return ChiSquareTest.withDefaults().test(expected, counts).getPValue();
    }
}
