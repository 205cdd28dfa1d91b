package dev.specula.core;

import static dev.specula.core.TestArrays.argmax;
import static dev.specula.core.TestArrays.asFloats;
import static dev.specula.core.TestArrays.rows;
import static dev.specula.core.TestArrays.sample;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * With truncated settings (top-k, top-p, min-p, for the target and, independently, for the
 * draft) every fast backend emits the reference verifier's tokens; a backend that supports
 * truncation extends this class and supplies its verifier (published in core's test jar).
 *
 * <p>The check, as in {@link AgreementSuite}: over 12,000 random sequences (various V, g, B,
 * temperatures, settings, draft kinds, masked tokens, logits rounded so that thresholds fall in
 * tie groups) the outcomes may differ in at most 1 per 10,000, and every difference must be a
 * floating-point boundary case that the test establishes on its own, in double precision from
 * {@link Truncations}: the accept uniform within 1e-5 (relative) of the ratio p(d)/q(d), the
 * sample uniform's target within 1e-5 of the cumulative sum between the two tokens drawn, or a
 * top-p decision of a row involved that is within 1e-5 (relative) of its limit p &times; mass(K).
 * A second test does the same on rows of 32,000 to 100,000 tokens, where the sort-free search of
 * the threshold takes several counting passes before it finishes on a bucket.
 */
public abstract class TruncatedAgreementSuite {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;
    private static final int CASES = 12_000;
    private static final double BOUNDARY = 1e-5;
    private static final int[] VOCABS = {1, 2, 3, 7, 16, 33, 100, 511, 512, 513, 1000, 2049, 5000};

    private enum Kind { LOGITS, LOGITS_RECORDED, GREEDY_DRAFT, PROBABILITIES, ONE_HOT }

    private record Case(VerificationBatch batch, float[][][] target, float[][][] draft, Kind kind, SamplingSettings[] settings,
                        SamplingSettings[] draftSettings) {}

    /** The backend under test, for one test method; it is closed afterwards. */
    protected abstract ChainVerifier newVerifier();

    /** The backend under test, sharing its work out where it can (by default the same as {@link #newVerifier()}). */
    protected ChainVerifier newParallelVerifier() {
        return newVerifier();
    }

    @Test
    public void fastAndReferenceEmitTheSameTokensExceptOnBoundaries() {
        SplittableRandom random = new SplittableRandom(20_261_122);
        List<String> mismatches = new ArrayList<>();
        int sequences = 0;
        try (ChainVerifier fast = newVerifier()) {
            ReferenceVerifier reference = new ReferenceVerifier();
            while (sequences < CASES) {
                Case c = randomCase(random, 1 + random.nextInt(6), VOCABS[random.nextInt(VOCABS.length)]);
                sequences += compare(c, reference, fast, mismatches);
            }
        }
        assertTrue(mismatches.size() <= sequences / 10_000, mismatches.size() + " mismatches in " + sequences + " sequences: " + mismatches);
    }

    @Test
    public void largeVocabulariesAgree() {
        SplittableRandom random = new SplittableRandom(8);
        List<String> mismatches = new ArrayList<>();
        try (ChainVerifier fast = newParallelVerifier()) {
            ReferenceVerifier reference = new ReferenceVerifier();
            for (int k = 0; k < 40; k++) compare(randomCase(random, 1 + random.nextInt(2), 32_000 + random.nextInt(70_000)), reference, fast, mismatches);
        }
        assertTrue(mismatches.size() <= 1, mismatches.size() + " mismatches: " + mismatches);
    }

    private static int compare(Case c, ReferenceVerifier reference, ChainVerifier fast, List<String> mismatches) {
        VerificationResult expected = reference.verify(c.batch());
        VerificationResult actual = fast.verify(c.batch());
        for (int b = 0; b < c.batch().sequences(); b++) {
            if (Arrays.equals(expected.emittedTokens(b), actual.emittedTokens(b)) && expected.ending(b) == actual.ending(b)) continue;
            String boundary = boundary(c, b, expected, actual);
            assertTrue(boundary != null, "sequence " + b + " of a " + c.kind() + " case with V = " + c.batch().vocabSize() + ", settings "
                    + c.settings()[b] + ", draft settings " + c.draftSettings()[b] + ": reference " + Arrays.toString(expected.emittedTokens(b))
                    + ", fast " + Arrays.toString(actual.emittedTokens(b)) + " and no boundary case explains the difference");
            mismatches.add(boundary);
        }
        return c.batch().sequences();
    }

    // ---- random cases ------------------------------------------------------------------------

    private static SamplingSettings randomSettings(SplittableRandom random, int vocab, boolean greedyAllowed) {
        float t = greedyAllowed && random.nextInt(10) == 0 ? 0f : new float[] {0.3f, 0.7f, 1f, 1.5f}[random.nextInt(4)];
        SamplingSettings s = SamplingSettings.temperature(t);
        if (random.nextInt(3) > 0) {
            int[] ks = {1, 2, 5, 20, 100, Math.max(1, vocab / 3), vocab, vocab + 10};
            s = s.withTopK(ks[random.nextInt(ks.length)]);
        }
        if (random.nextInt(3) > 0) s = s.withTopP(new float[] {0.3f, 0.6f, 0.9f, 0.95f, 0.99f, 1f}[random.nextInt(6)]);
        if (random.nextInt(3) == 0) s = s.withMinP(new float[] {0.01f, 0.05f, 0.2f, 1f}[random.nextInt(4)]);
        return s;
    }

    private static Case randomCase(SplittableRandom random, int sequences, int vocab) {
        int g = random.nextInt(7);
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        double scale = new double[] {0.5, 2, 6}[random.nextInt(3)];
        double mask = random.nextInt(4) == 0 ? 0.3 : 0.0;
        boolean rounded = random.nextInt(3) == 0; // logits on a grid of quarters: thresholds inside tie groups
        float[][][] target = new float[sequences][g + 1][];
        float[][][] draft = new float[sequences][g][];
        for (int b = 0; b < sequences; b++) {
            for (int r = 0; r <= g; r++) target[b][r] = logits(random, vocab, scale, mask, rounded);
            double noise = random.nextBoolean() ? 0.3 : 3.0;
            for (int r = 0; r < g; r++) {
                draft[b][r] = target[b][r].clone();
                for (int v = 0; v < vocab; v++) {
                    if (draft[b][r][v] != NEG_INF) draft[b][r][v] += (float) (noise * random.nextGaussian());
                    if (rounded) draft[b][r][v] = Math.round(4 * draft[b][r][v]) / 4f;
                }
            }
        }
        SamplingSettings[] settings = new SamplingSettings[sequences], draftSettings = new SamplingSettings[sequences];
        VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(rows(target, vocab)).seedAll(random.nextLong());
        for (int b = 0; b < sequences; b++) {
            settings[b] = randomSettings(random, vocab, true);
            draftSettings[b] = kind == Kind.GREEDY_DRAFT ? SamplingSettings.GREEDY : randomSettings(random, vocab, false);
            batch.settings(b, settings[b]).draftSettings(b, draftSettings[b]).stream(b, random.nextInt()).step(b, random.nextLong());
        }
        switch (kind) {
            case LOGITS, LOGITS_RECORDED, GREEDY_DRAFT -> batch.draftDistribution(DraftDistribution.logits(rows(draft, vocab)));
            case PROBABILITIES -> {
                for (int b = 0; b < sequences; b++) {
                    for (int r = 0; r < g; r++) draft[b][r] = asFloats(Truncations.distribution(draft[b][r], draftSettings[b]));
                }
                batch.draftDistribution(DraftDistribution.probabilities(rows(draft, vocab)));
            }
            case ONE_HOT -> batch.draftDistribution(DraftDistribution.oneHot());
        }
        for (int b = 0; b < sequences; b++) {
            int count = random.nextInt(g + 1);
            for (int i = 0; i < count; i++) {
                switch (kind) {
                    case LOGITS, GREEDY_DRAFT -> {
                        int token = DraftSampler.sampleDraft(batch, b, i);
                        if (random.nextBoolean()) batch.draftToken(b, i, token); // forget the recorded log q: the row is read
                    }
                    case LOGITS_RECORDED -> DraftSampler.sampleDraft(batch, b, i);
                    case PROBABILITIES -> batch.draftToken(b, i, sample(draft[b][i], random));
                    case ONE_HOT -> batch.draftToken(b, i, random.nextInt(4) == 0 ? random.nextInt(vocab) : argmax(target[b][i]));
                }
            }
            batch.draftCount(b, count);
        }
        return new Case(batch, target, draft, kind, settings, draftSettings);
    }

    private static float[] logits(SplittableRandom random, int vocab, double scale, double mask, boolean rounded) {
        float[] z = new float[vocab];
        for (int v = 0; v < vocab; v++) {
            z[v] = random.nextDouble() < mask ? NEG_INF : (float) (scale * random.nextGaussian());
            if (rounded) z[v] = Math.round(4 * z[v]) / 4f;
        }
        z[random.nextInt(vocab)] = (float) (scale * random.nextGaussian());
        return z;
    }

    // ---- the boundary check, in double, independent of both verifiers -------------------------

    /** Why sequence b's outcomes may differ, or null if they may not (see the class comment). */
    private static String boundary(Case c, int b, VerificationResult expected, VerificationResult actual) {
        VerificationBatch batch = c.batch();
        SamplingSettings s = c.settings()[b];
        if (s.isGreedy()) return null;
        int split = Math.min(expected.accepted(b), actual.accepted(b));
        String topP = topPBoundary(c.target()[b][split], s);
        if (topP == null && split < batch.draftCount(b) && c.kind() != Kind.PROBABILITIES && c.kind() != Kind.ONE_HOT) {
            topP = topPBoundary(c.draft()[b][split], c.draftSettings()[b]);
        }
        if (topP != null) return "top-p boundary at position " + split + ": " + topP;
        int vocab = batch.vocabSize();
        long seed = batch.seed(b), step = batch.step(b);
        int stream = batch.stream(b);
        double[] p = Truncations.distribution(c.target()[b][split], s);
        if (expected.accepted(b) != actual.accepted(b)) {
            int d = batch.draftToken(b, split);
            double ratio = p[d] / q(c, b, split, vocab)[d];
            double u = RandomStreams.acceptUniform(seed, stream, step, split);
            return Math.abs(u - ratio) <= BOUNDARY * ratio ? "accept boundary at position " + split + ": u " + u + ", ratio " + ratio : null;
        }
        double[] from = p;
        if (split < batch.draftCount(b)) {
            double[] q = q(c, b, split, vocab);
            double[] residual = new double[vocab];
            double mass = 0;
            for (int v = 0; v < vocab; v++) mass += residual[v] = Math.max(0, p[v] - q[v]);
            if (mass > 0) from = residual;
        }
        double total = Arrays.stream(from).sum();
        double target = RandomStreams.sampleUniform(seed, stream, step, split) * total;
        int lo = Math.min(expected.nextToken(b), actual.nextToken(b)), hi = Math.max(expected.nextToken(b), actual.nextToken(b));
        double below = 0;
        for (int v = 0; v <= lo; v++) below += from[v];
        double between = 0;
        for (int v = lo + 1; v < hi; v++) between += from[v];
        boolean onBoundary = Math.abs(target - below) <= BOUNDARY * total && between <= BOUNDARY * total;
        return onBoundary ? "sample boundary at position " + split + ": target " + target + ", cumulative " + below : null;
    }

    /** A description if some tie group's mass above lies within {@link #BOUNDARY} of top-p's limit in row z, else null. */
    private static String topPBoundary(float[] z, SamplingSettings s) {
        if (s.isGreedy() || s.topP() >= 1f) return null;
        SamplingSettings withoutP = s.withTopP(1f).withMinP(0f);
        double[] p = Distributions.softmax(z, s.temperature());
        double[] k = Truncations.distribution(z, withoutP);
        double massK = 0;
        for (int v = 0; v < z.length; v++) if (k[v] > 0) massK += p[v];
        double limit = s.topP() * massK;
        for (int v = 0; v < z.length; v++) {
            if (k[v] == 0) continue;
            double above = 0;
            for (int u = 0; u < z.length; u++) if (k[u] > 0 && z[u] > z[v]) above += p[u];
            if (Math.abs(above - limit) <= BOUNDARY * massK) return "mass above token " + v + " is " + above + ", limit " + limit;
        }
        return null;
    }

    /** The truncated q of draft row i of sequence b, in double. */
    private static double[] q(Case c, int b, int i, int vocab) {
        return switch (c.kind()) {
            case LOGITS, LOGITS_RECORDED, GREEDY_DRAFT -> Truncations.distribution(c.draft()[b][i], c.draftSettings()[b]);
            case PROBABILITIES -> {
                double[] q = new double[vocab];
                for (int v = 0; v < vocab; v++) q[v] = c.draft()[b][i][v];
                yield q;
            }
            case ONE_HOT -> Distributions.oneHot(vocab, c.batch().draftToken(b, i));
        };
    }

    @Test
    public void theBoundaryCheckRejectsOrdinaryDifferences() {
        SplittableRandom random = new SplittableRandom(4);
        int checked = 0;
        ReferenceVerifier reference = new ReferenceVerifier();
        while (checked < 200) {
            Case c = randomCase(random, 1, 50);
            if (c.settings()[0].isGreedy()) continue;
            VerificationResult expected = reference.verify(c.batch());
            double[] p = Truncations.distribution(c.target()[0][expected.accepted(0)], c.settings()[0]);
            int other = (expected.nextToken(0) + 1 + random.nextInt(48)) % 50;
            if (topPBoundary(c.target()[0][expected.accepted(0)], c.settings()[0]) != null || p[other] == 0) continue;
            VerificationResult wrong = VerificationResult.forBatch(c.batch());
            wrong.set(0, expected.accepted(0), other, expected.ending(0), c.batch());
            assertEquals(null, boundary(c, 0, expected, wrong), "a random other token was taken for a boundary case");
            checked++;
        }
    }
}
