package dev.specula.core;

import static dev.specula.core.TruncatedChecks.assertExact;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.specula.core.TruncatedChecks.Chain;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exactness suite for truncated sampling (top-k, top-p, min-p; {@link SamplingSettings}):
 * every backend that supports truncation extends this class and supplies its verifier (it is
 * published in core's test jar, so backends in other modules run it too).
 *
 * <p>Each test runs the whole draft-then-verify step {@link ExactnessChecks#TRIALS} times, with
 * drafts freshly sampled by {@link DraftSampler} from the draft's own truncated q (half the calls
 * without the recorded log q, so draft rows are read and truncated by the verifier too), and
 * asserts by chi-square at significance 1e-3 that (a) the first emitted token follows the
 * truncated, renormalised p_0, (b) the second, after an accepted draft, follows p_1 and (c) the
 * number of accepted drafts follows beta_i = sum min(p_i, q_i) of the truncated distributions.
 * The expected distributions come from {@link Truncations}, written independently of the code
 * under test. As in {@link ExactnessSuite}, 200,000 trials detect a total-variation bias of 0.01
 * with probability &gt;= 0.98 ({@link Distributions} derives this); a token emitted that the
 * truncation removed fails at once (probability 0). Seeds are fixed.
 */
public abstract class TruncatedExactnessSuite {
    private static final SamplingSettings T1 = SamplingSettings.DEFAULT;

    private ChainVerifier verifier;

    /** The verifier under test; closed after each test. */
    protected abstract ChainVerifier newVerifier();

    @BeforeEach
    public void open() {
        verifier = newVerifier();
    }

    @AfterEach
    public void close() {
        verifier.close();
    }

    private static float[][] rows(int rows, int vocab, double scale, long seed) {
        return ExactnessSuite.randomRows(rows, vocab, scale, seed);
    }

    private static float[][] near(float[][] rows, double noise, long seed) {
        float[][] draft = ExactnessSuite.perturbed(rows, noise, seed);
        float[][] out = new float[rows.length - 1][];
        System.arraycopy(draft, 0, out, 0, out.length);
        return out;
    }

    // ---- each setting alone -----------------------------------------------------------------------

    @Test
    public void topK() {
        float[][] target = rows(4, 12, 1.5, 101);
        assertExact("top-k 3", verifier, new Chain(target, T1.withTopK(3), near(target, 0.7, 102), T1), 201);
    }

    @Test
    public void topP() {
        float[][] target = rows(4, 16, 1.5, 103);
        assertExact("top-p 0.7", verifier, new Chain(target, T1.withTopP(0.7f), near(target, 0.7, 104), T1), 202);
    }

    @Test
    public void minP() {
        float[][] target = rows(4, 12, 1.5, 105);
        assertExact("min-p 0.1", verifier, new Chain(target, T1.withMinP(0.1f), near(target, 0.7, 106), T1), 203);
    }

    // ---- combinations, and drafts truncated differently --------------------------------------------

    @Test
    public void allThreeTogetherAtATemperature() {
        float[][] target = rows(4, 20, 2.0, 107);
        SamplingSettings s = SamplingSettings.temperature(0.8f).withTopK(8).withTopP(0.85f).withMinP(0.02f);
        assertExact("T 0.8, top-k 8, top-p 0.85, min-p 0.02", verifier, new Chain(target, s, near(target, 0.5, 108), s), 204);
    }

    @Test
    public void topKAndTopPTogether() {
        float[][] target = rows(4, 16, 1.5, 109);
        SamplingSettings s = T1.withTopK(6).withTopP(0.6f);
        assertExact("top-k 6 + top-p 0.6", verifier, new Chain(target, s, near(target, 0.6, 110), T1.withTopP(0.9f)), 205);
    }

    @Test
    public void topPAndMinPTogether() {
        float[][] target = rows(4, 16, 1.5, 111);
        SamplingSettings s = T1.withTopP(0.8f).withMinP(0.15f);
        assertExact("top-p 0.8 + min-p 0.15", verifier, new Chain(target, s, near(target, 0.6, 112), T1.withMinP(0.05f)), 206);
    }

    @Test
    public void aggressiveWarmerDraftThanTarget() {
        // Draft at a higher temperature with top-k 2: q is zero where p is not, and the residual must make up for it.
        float[][] target = rows(4, 12, 2.0, 113);
        assertExact("target T 0.7 top-k 5, draft T 1.3 top-k 2", verifier,
                new Chain(target, SamplingSettings.temperature(0.7f).withTopK(5), near(target, 0.5, 114),
                        SamplingSettings.temperature(1.3f).withTopK(2)), 207);
    }

    @Test
    public void truncatedDraftUntruncatedTarget() {
        float[][] target = rows(4, 14, 1.5, 115);
        assertExact("target untruncated, draft top-p 0.5", verifier,
                new Chain(target, T1, near(target, 0.4, 116), T1.withTopP(0.5f)), 208);
    }

    @Test
    public void truncatedTargetGreedyDraft() {
        float[][] target = rows(4, 10, 1.5, 117);
        assertExact("target top-k 4 min-p 0.05, greedy draft", verifier,
                new Chain(target, T1.withTopK(4).withMinP(0.05f), near(target, 0.8, 118), SamplingSettings.GREEDY.withTopK(3)), 209);
    }

    // ---- edges -----------------------------------------------------------------------------------

    @Test
    public void truncationKeepingASingleToken() {
        float[][] target = rows(4, 10, 1.0, 119);
        for (float[] row : target) assertEquals(1, Truncations.kept(row, T1.withTopP(0.01f)), "top-p 0.01 keeps the arg-max alone");
        assertExact("top-p 0.01 (one token)", verifier, new Chain(target, T1.withTopP(0.01f), near(target, 0.5, 120), T1), 210);
        assertExact("top-k 1 (one token)", verifier, new Chain(target, T1.withTopK(1), near(target, 0.5, 121), T1.withTopK(1)), 211);
    }

    @Test
    public void topKOfAtLeastTheVocabularyKeepsEverything() {
        float[][] target = rows(4, 9, 1.5, 122);
        for (float[] row : target) {
            assertArrayEquals(Distributions.softmax(row, 1), Truncations.distribution(row, T1.withTopK(9)), 1e-15);
            assertArrayEquals(Distributions.softmax(row, 1), Truncations.distribution(row, T1.withTopK(50)), 1e-15);
        }
        assertExact("top-k = V", verifier, new Chain(target, T1.withTopK(9), near(target, 0.7, 123), T1.withTopK(50)), 212);
    }

    @Test
    public void topPOfOneKeepsTheTopKSet() {
        float[][] target = rows(4, 12, 1.5, 124);
        assertExact("top-k 5 + top-p 1", verifier, new Chain(target, T1.withTopK(5).withTopP(1f), near(target, 0.7, 125),
                T1.withTopP(1f)), 213);
    }

    @Test
    public void minPRemovingAllButTheArgmax() {
        float[][] target = rows(4, 12, 1.0, 126);
        for (float[] row : target) row[row.length - 1] = 10f; // far above the rest: e^-6 < min-p for the runner-up
        for (float[] row : target) assertEquals(1, Truncations.kept(row, T1.withMinP(0.5f)));
        assertExact("min-p 0.5 (arg-max only)", verifier, new Chain(target, T1.withMinP(0.5f), near(target, 0.5, 127), T1), 214);
    }

    // ---- ties exactly at the threshold: every tied token is kept ----------------------------------

    /** Logits ln 4, ln 2, ln 2, ln 1, ln 1, ...: probabilities 0.4, 0.2, 0.2, 0.1, 0.1 (V = 5). */
    private static float[] tiedRow() {
        return new float[] {(float) Math.log(4), (float) Math.log(2), (float) Math.log(2), 0f, 0f};
    }

    @Test
    public void topKKeepsEveryTokenTiedWithTheKth() {
        float[] row = tiedRow();
        // k = 2: the 2nd largest logit is ln 2, shared by tokens 1 and 2: both kept, 3 tokens in all.
        double[] expected = {4 / 8.0, 2 / 8.0, 2 / 8.0, 0, 0};
        assertArrayEquals(expected, Truncations.distribution(row, T1.withTopK(2)), 1e-7);
        float[][] target = {row, row, row};
        assertExact("top-k 2 at a tie", verifier, new Chain(target, T1.withTopK(2), new float[][] {row, tiedRowReversed()}, T1), 215);
    }

    @Test
    public void topPKeepsTheWholeTieGroupAtTheBoundary() {
        float[] row = tiedRow();
        // top-p 0.5: the mass above token 0 is 0 and above tokens 1 and 2 it is 0.4 < 0.5, so both are kept
        // (a rule breaking ties by id would stop after token 1, whose running sum 0.6 reaches 0.5).
        double[] expected = {0.5, 0.25, 0.25, 0, 0};
        assertArrayEquals(expected, Truncations.distribution(row, T1.withTopP(0.5f)), 1e-7);
        float[][] target = {row, row, row};
        assertExact("top-p 0.5 at a tie", verifier, new Chain(target, T1.withTopP(0.5f), new float[][] {tiedRowReversed(), row}, T1), 216);
    }

    @Test
    public void minPOfOneKeepsEveryTokenTiedWithTheMaximum() {
        float[] row = {1f, 3f, -2f, 3f, 0.5f};
        assertArrayEquals(new double[] {0, 0.5, 0, 0.5, 0}, Truncations.distribution(row, T1.withMinP(1f)), 0);
        float[][] target = {row, row, row};
        assertExact("min-p 1 with two maxima", verifier, new Chain(target, T1.withMinP(1f), new float[][] {row, tiedRowReversed()}, T1), 217);
    }

    private static float[] tiedRowReversed() {
        float[] row = tiedRow();
        float[] out = new float[row.length];
        for (int v = 0; v < row.length; v++) out[v] = row[row.length - 1 - v];
        return out;
    }

    @Test
    public void largerRandomRowsWithManyTies() {
        // Logits rounded to quarters: many ties, and thresholds inside tie groups for every setting.
        SplittableRandom random = new SplittableRandom(128);
        float[][] target = new float[4][40];
        for (float[] row : target) for (int v = 0; v < row.length; v++) row[v] = Math.round(4 * random.nextGaussian()) / 4f;
        float[][] draft = near(target, 0.0, 129);
        SamplingSettings s = T1.withTopK(7).withTopP(0.7f).withMinP(0.03f);
        assertExact("quarter-rounded logits", verifier, new Chain(target, s, draft, T1.withTopK(10)), 218);
    }
}
