package dev.specula.core;

import static dev.specula.core.ExactnessChecks.assertExact;
import static dev.specula.core.ExactnessChecks.assertGreedyMarkovDecodingIsArgmax;
import static dev.specula.core.ExactnessChecks.assertMarkovDecodingExact;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.ExactnessChecks.Chain;
import dev.specula.core.ExactnessChecks.Draft;
import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The exactness suite: every backend's test extends this class and supplies its verifier (it is
 * published in core's test jar, so backends in other modules run it too).
 *
 * <p>Each test runs the whole draft-then-verify step {@link ExactnessChecks#TRIALS} times with
 * fresh drafts and asserts, by chi-square at significance 1e-3, that (a) the first emitted token
 * follows p_0, (b) the second, after an accepted draft, follows p_1 and (c) the number of
 * accepted drafts follows beta_i = sum min(p_i, q_i). 200,000 trials detect a total-variation
 * bias of 0.01 with probability >= 0.98 ({@link Distributions} derives this). Seeds are fixed.
 */
public abstract class ExactnessSuite {
    static final float NEG_INF = Float.NEGATIVE_INFINITY;

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

    static float[][] randomRows(int rows, int vocab, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] z = new float[rows][vocab];
        for (float[] row : z) for (int v = 0; v < vocab; v++) row[v] = (float) (scale * random.nextGaussian());
        return z;
    }

    /** {@code rows} with Gaussian noise of the given scale added: a draft of controllable quality. */
    static float[][] perturbed(float[][] rows, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[][] z = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            z[r] = rows[r].clone();
            for (int v = 0; v < z[r].length; v++) z[r][v] += (float) (scale * random.nextGaussian());
        }
        return z;
    }

    /** Only the tokens in {@code support} keep their logit; the rest are masked with -infinity. */
    static float[][] masked(float[][] rows, int... support) {
        float[][] z = new float[rows.length][];
        for (int r = 0; r < rows.length; r++) {
            z[r] = new float[rows[r].length];
            Arrays.fill(z[r], NEG_INF);
            for (int v : support) z[r][v] = rows[r][v];
        }
        return z;
    }

    static float[][] probabilities(float[][] logits) {
        float[][] q = new float[logits.length][];
        for (int r = 0; r < logits.length; r++) {
            double[] p = Distributions.softmax(logits[r], 1);
            q[r] = new float[p.length];
            for (int v = 0; v < p.length; v++) q[r][v] = (float) p[v];
        }
        return q;
    }

    // ---- ordinary pairs ----------------------------------------------------------------------

    @Test
    public void draftCloseToTarget() {
        float[][] target = randomRows(5, 16, 1.5, 1);
        assertExact("close draft", verifier, new Chain(target, 1f, new Draft.Logits(perturbed(target, 0.7, 2), 1f)), 11);
    }

    @Test
    public void draftEqualToTarget() {
        float[][] target = randomRows(4, 8, 1.0, 3);
        assertExact("q = p", verifier, new Chain(target, 1f, new Draft.Logits(target, 1f)), 12);
    }

    @Test
    public void draftAtDifferentTemperatureThanTarget() {
        float[][] target = randomRows(4, 12, 2.0, 4);
        assertExact("target T=0.7, draft T=1.3", verifier,
                new Chain(target, 0.7f, new Draft.Logits(perturbed(target, 0.5, 5), 1.3f)), 13);
    }

    @Test
    public void draftGivenAsProbabilities() {
        float[][] target = randomRows(4, 10, 1.5, 6);
        assertExact("draft probabilities", verifier,
                new Chain(target, 1f, new Draft.Probabilities(probabilities(perturbed(target, 1.0, 7)))), 14);
    }

    @Test
    public void languageModelLikeRows() {
        // Zipf-shaped logits over 128 tokens: the tail is pooled, the head is tested cell by cell.
        int vocab = 128;
        float[][] target = new float[5][vocab];
        SplittableRandom random = new SplittableRandom(8);
        for (float[] row : target) {
            for (int v = 0; v < vocab; v++) row[v] = (float) (-1.1 * Math.log(1 + ((v * 7 + random.nextInt(vocab)) % vocab)) + 0.3 * random.nextGaussian());
        }
        assertExact("Zipf rows, V=128", verifier, new Chain(target, 0.9f, new Draft.Logits(perturbed(target, 0.6, 9), 1f)), 15);
    }

    @Test
    public void noDrafts() {
        assertExact("g = 0", verifier, new Chain(randomRows(1, 9, 1.0, 10), 1f, new Draft.OneHot()), 16);
    }

    // ---- one-hot drafts (n-gram, prompt lookup, PaSS look-ahead) ----------------------------

    @Test
    public void oneHotDraftsIncludingImprobableAndImpossibleTokens() {
        float[][] target = randomRows(4, 10, 1.5, 11);
        target[2][7] = NEG_INF;                       // p_2(7) = 0: draft 7 at position 2 must always be rejected
        int likely = ExactnessChecks.argmax(Distributions.softmax(target[0], 1));
        double[] p1 = Distributions.softmax(target[1], 1);
        int unlikely = 0;
        for (int v = 1; v < p1.length; v++) if (p1[v] < p1[unlikely]) unlikely = v;
        assertExact("one-hot drafts", verifier, new Chain(target, 1f, new Draft.OneHot(likely, unlikely, 7)), 17);
    }

    @Test
    public void oneHotDraftsFromGreedyDraftModel() {
        float[][] target = randomRows(4, 10, 1.0, 12);
        assertExact("greedy draft model (one-hot q)", verifier,
                new Chain(target, 1f, new Draft.Logits(perturbed(target, 1.0, 13), 0f)), 18);
    }

    // ---- adversarial pairs -------------------------------------------------------------------

    @Test
    public void disjointSupports() {
        float[][] base = randomRows(3, 8, 1.0, 14);
        assertExact("disjoint supports", verifier,
                new Chain(masked(base, 0, 1, 2), 1f, new Draft.Logits(masked(base, 3, 4, 5), 1f)), 19);
    }

    @Test
    public void draftIsZeroWhereTargetIsNot() {
        float[][] base = randomRows(4, 8, 1.0, 15);
        assertExact("q = 0 where p > 0", verifier,
                new Chain(base, 1f, new Draft.Logits(masked(perturbed(base, 0.5, 16), 0, 1, 2, 3, 6), 1f)), 20);
    }

    @Test
    public void oneHotTarget() {
        float[][] target = masked(randomRows(4, 8, 1.0, 17), 5);
        assertExact("one-hot p", verifier, new Chain(target, 1f, new Draft.Logits(randomRows(3, 8, 1.0, 18), 1f)), 21);
    }

    @Test
    public void veryPeakedRows() {
        float[][] target = randomRows(4, 10, 1.0, 19);
        float[][] draft = randomRows(3, 10, 1.0, 20);
        for (float[] row : target) row[3] += 12f;       // p(3) ~ 0.99998
        for (float[] row : draft) row[4] += 12f;        // q peaked elsewhere
        draft[1][3] += 12f;
        assertExact("very peaked rows", verifier, new Chain(target, 1f, new Draft.Logits(draft, 1f)), 22);
    }

    @Test
    public void vocabularyOfOne() {
        float[][] one = {{0.5f}, {-3f}, {7f}};
        assertExact("V = 1", verifier, new Chain(one, 1f, new Draft.Logits(new float[][] {{2f}, {1f}}, 1f)), 23);
    }

    @Test
    public void vocabularyOfTwo() {
        float[][] target = {{0.3f, -0.2f}, {1.0f, 1.5f}, {-2f, 0f}, {0f, 0f}};
        float[][] draft = {{-0.5f, 0.4f}, {1.2f, 0.1f}, {0f, 0f}};
        assertExact("V = 2", verifier, new Chain(target, 1f, new Draft.Logits(draft, 1f)), 24);
    }

    @Test
    public void hugeAndVeryNegativeLogits() {
        float[][] target = {
            {1e30f, 1e30f, -1e30f, 9e29f, -3e38f, 1e30f},
            {1e4f, 1e4f - 1f, 1e4f - 2.5f, -1e4f, 1e4f - 0.5f, NEG_INF},
            {-1e4f, -1e4f - 1f, -1e4f - 0.25f, -1e4f - 3f, -3e38f, -1e4f + 0.5f},
        };
        float[][] draft = {
            {-1e30f, 1e30f, 1e30f, 1e30f, 0f, -3e38f},
            {-1e4f, -1e4f - 2f, -1e4f, -1e4f - 0.5f, -1e4f - 1f, -1e4f},
        };
        assertExact("huge and very negative logits", verifier, new Chain(target, 1f, new Draft.Logits(draft, 1f)), 25);
    }

    @Test
    public void greedyVerificationAcceptsExactlyTheArgmax() {
        // p is one-hot at the arg-max: check (a)-(c) with the draft's acceptance = q(arg-max).
        float[][] target = randomRows(5, 6, 1.0, 21);
        assertExact("greedy target", verifier, new Chain(target, 0f, new Draft.Logits(perturbed(target, 0.5, 22), 1f)), 26);
    }

    // ---- whole decoding runs -----------------------------------------------------------------

    @Test
    public void speculativeDecodingOfAMarkovModelIsExact() {
        // V^3 = 216 cells of three decoded tokens; 400,000 sequences give lambda >= 4 N d^2 = 160 for
        // d = 0.01, against a critical value of about 280 at 1e-3 with mean >= 375: power ~ 1.
        float[][] target = randomRows(6, 6, 1.2, 23);
        float[][] draft = perturbed(target, 0.8, 24);
        assertMarkovDecodingExact("Markov model, 3 tokens", verifier, target, 1f, draft, 1.2f, 3, 2, 3, 400_000, 27);
    }

    @Test
    public void greedySpeculativeDecodingEqualsArgmaxDecoding() {
        float[][] target = randomRows(12, 12, 2.0, 25);
        float[][] draft = perturbed(target, 0.4, 26);
        double tokensPerVerification = assertGreedyMarkovDecodingIsArgmax(verifier, target, draft, 1f, 4, 0, 30, 2_000, 28);
        assertTrue(tokensPerVerification > 1.2, "drafts should often be accepted, got " + tokensPerVerification);
    }
}
