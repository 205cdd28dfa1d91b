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
 * Every fast backend emits the reference verifier's tokens; a backend's test extends this class
 * and supplies its verifier (it is published in core's test jar for the other modules).
 *
 * <p>The check: over 12,000 random sequences (various
 * V, g, B, temperatures, draft kinds, masked tokens, with and without recorded draft
 * log-probabilities) the outcomes may differ in at most 1 per 10,000, and every difference must be
 * a floating-point boundary case, which the test establishes on its own, in double precision:
 * the accept uniform within 1e-5 (relative) of the ratio p(d)/q(d) at the position where the two
 * verifiers part, or the sample uniform's target u * mass within 1e-5 (of the mass) of the
 * cumulative sum that separates the two tokens drawn.
 */
public abstract class AgreementSuite {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;
    private static final int CASES = 12_000;
    private static final double BOUNDARY = 1e-5;
    private static final int[] VOCABS = {1, 2, 3, 7, 16, 33, 100, 511, 512, 513, 1000, 2049, 5000};

    private enum Kind { LOGITS, LOGITS_RECORDED, GREEDY_DRAFT, PROBABILITIES, ONE_HOT }

    /** One random batch, with everything the test needs to recompute the reference's decisions. */
    private record Case(VerificationBatch batch, float[][][] target, float[][][] draft, Kind kind, float[] temperatures,
                        float[] draftTemperatures) {}

    /** The backend under test, for one test method; it is closed afterwards. */
    protected abstract ChainVerifier newVerifier();

    /** The backend under test, sharing its work out where it can (by default the same as {@link #newVerifier()}). */
    protected ChainVerifier newParallelVerifier() {
        return newVerifier();
    }

    @Test
    public void fastAndReferenceEmitTheSameTokensExceptOnBoundaries() {
        SplittableRandom random = new SplittableRandom(20_261_121);
        List<String> mismatches = new ArrayList<>();
        int sequences = 0;
        try (ChainVerifier fast = newVerifier()) {
            ReferenceVerifier reference = new ReferenceVerifier();
            while (sequences < CASES) {
                Case c = randomCase(random);
                VerificationResult expected = reference.verify(c.batch());
                VerificationResult actual = fast.verify(c.batch());
                for (int b = 0; b < c.batch().sequences(); b++, sequences++) {
                    if (Arrays.equals(expected.emittedTokens(b), actual.emittedTokens(b)) && expected.ending(b) == actual.ending(b)) continue;
                    String boundary = boundary(c, b, expected, actual);
                    assertTrue(boundary != null, "sequence " + b + " of a " + c.kind() + " case with V = " + c.batch().vocabSize()
                            + ": reference " + Arrays.toString(expected.emittedTokens(b)) + ", fast " + Arrays.toString(actual.emittedTokens(b))
                            + " and no boundary case explains the difference");
                    mismatches.add(boundary);
                }
            }
        }
        assertTrue(mismatches.size() <= sequences / 10_000, mismatches.size() + " mismatches in " + sequences + " sequences: " + mismatches);
    }

    /** The same agreement on a few large rows, where float sums run longest (fewer cases: the reference is slow there). */
    @Test
    public void largeVocabulariesAgree() {
        SplittableRandom random = new SplittableRandom(7);
        try (ChainVerifier fast = newParallelVerifier()) {
            ReferenceVerifier reference = new ReferenceVerifier();
            int mismatches = 0;
            for (int k = 0; k < 60; k++) {
                Case c = randomCase(random, 1 + random.nextInt(2), 32_000 + random.nextInt(70_000));
                VerificationResult expected = reference.verify(c.batch());
                VerificationResult actual = fast.verify(c.batch());
                for (int b = 0; b < c.batch().sequences(); b++) {
                    if (!Arrays.equals(expected.emittedTokens(b), actual.emittedTokens(b))) {
                        assertTrue(boundary(c, b, expected, actual) != null, "large V: no boundary case explains a difference");
                        mismatches++;
                    }
                }
            }
            assertTrue(mismatches <= 1, mismatches + " mismatches");
        }
    }

    // ---- random cases ------------------------------------------------------------------------

    private static Case randomCase(SplittableRandom random) {
        return randomCase(random, 1 + random.nextInt(6), VOCABS[random.nextInt(VOCABS.length)]);
    }

    private static Case randomCase(SplittableRandom random, int sequences, int vocab) {
        int g = random.nextInt(7);
        Kind kind = Kind.values()[random.nextInt(Kind.values().length)];
        double scale = new double[] {0.5, 2, 6}[random.nextInt(3)];
        double mask = random.nextInt(4) == 0 ? 0.3 : 0.0;
        float[][][] target = new float[sequences][g + 1][];
        float[][][] draft = new float[sequences][g][];
        for (int b = 0; b < sequences; b++) {
            for (int r = 0; r <= g; r++) target[b][r] = logits(random, vocab, scale, mask);
            // Drafts near the target (often accepted) or unrelated (often rejected).
            double noise = random.nextBoolean() ? 0.3 : 3.0;
            for (int r = 0; r < g; r++) {
                draft[b][r] = target[b][r].clone();
                for (int v = 0; v < vocab; v++) if (draft[b][r][v] != NEG_INF) draft[b][r][v] += (float) (noise * random.nextGaussian());
            }
        }
        float[] temperatures = new float[sequences], draftTemperatures = new float[sequences];
        VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(rows(target, vocab)).seedAll(random.nextLong());
        for (int b = 0; b < sequences; b++) {
            temperatures[b] = random.nextInt(8) == 0 ? 0f : new float[] {0.3f, 0.7f, 1f, 1.5f}[random.nextInt(4)];
            draftTemperatures[b] = kind == Kind.GREEDY_DRAFT ? 0f : new float[] {0.5f, 1f, 1.3f}[random.nextInt(3)];
            batch.settings(b, SamplingSettings.temperature(temperatures[b]))
                    .draftSettings(b, SamplingSettings.temperature(draftTemperatures[b]))
                    .stream(b, random.nextInt()).step(b, random.nextLong());
        }
        switch (kind) {
            case LOGITS, LOGITS_RECORDED, GREEDY_DRAFT -> batch.draftDistribution(DraftDistribution.logits(rows(draft, vocab)));
            case PROBABILITIES -> {
                for (int b = 0; b < sequences; b++) {
                    for (int r = 0; r < g; r++) draft[b][r] = asFloats(Distributions.softmax(draft[b][r], draftTemperatures[b]));
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
        return new Case(batch, target, draft, kind, temperatures, draftTemperatures);
    }

    private static float[] logits(SplittableRandom random, int vocab, double scale, double mask) {
        float[] z = new float[vocab];
        for (int v = 0; v < vocab; v++) z[v] = random.nextDouble() < mask ? NEG_INF : (float) (scale * random.nextGaussian());
        z[random.nextInt(vocab)] = (float) (scale * random.nextGaussian());
        return z;
    }

    // ---- the boundary check, in double, independent of both verifiers -------------------------

    /**
     * Why sequence b's outcomes may differ, or null if they may not: walks the chain as the
     * reference algorithm defines it, in double precision, to the first position where the two
     * outcomes part, and checks that the uniform used there lies within {@link #BOUNDARY} of the
     * decision's threshold.
     */
    private static String boundary(Case c, int b, VerificationResult expected, VerificationResult actual) {
        VerificationBatch batch = c.batch();
        float t = c.temperatures()[b];
        if (t == 0f) return null; // greedy verification has no uniform: no boundary to be near
        int vocab = batch.vocabSize();
        long seed = batch.seed(b), step = batch.step(b);
        int stream = batch.stream(b);
        int split = Math.min(expected.accepted(b), actual.accepted(b));
        if (expected.accepted(b) != actual.accepted(b)) {
            // One accepted draft `split`, the other rejected it: the accept uniform must sit on the ratio.
            int d = batch.draftToken(b, split);
            double ratio = Distributions.softmax(c.target()[b][split], t)[d] / q(c, b, split, vocab)[d];
            double u = RandomStreams.acceptUniform(seed, stream, step, split);
            return Math.abs(u - ratio) <= BOUNDARY * ratio ? "accept boundary at position " + split + ": u " + u + ", ratio " + ratio : null;
        }
        // Same accepted count, different last token: both sampled the same distribution with the same uniform.
        double[] p = Distributions.softmax(c.target()[b][split], t);
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
        for (int v = 0; v <= lo; v++) below += from[v];      // the cumulative sum that ends token lo
        double between = 0;
        for (int v = lo + 1; v < hi; v++) between += from[v]; // mass strictly between the two tokens
        boolean onBoundary = Math.abs(target - below) <= BOUNDARY * total && between <= BOUNDARY * total;
        return onBoundary ? "sample boundary at position " + split + ": target " + target + ", cumulative " + below : null;
    }

    /** q of draft row i of sequence b as the reference defines it, in double. */
    private static double[] q(Case c, int b, int i, int vocab) {
        return switch (c.kind()) {
            case LOGITS, LOGITS_RECORDED -> Distributions.softmax(c.draft()[b][i], c.draftTemperatures()[b]);
            case GREEDY_DRAFT -> Distributions.oneHot(vocab, argmax(c.draft()[b][i]));
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
        // The check must not excuse every difference: a made-up "fast" outcome that picked another
        // token than the reference, away from any boundary, is not a boundary case.
        SplittableRandom random = new SplittableRandom(3);
        int checked = 0;
        ReferenceVerifier reference = new ReferenceVerifier();
        while (checked < 200) {
            Case c = randomCase(random, 1, 50);
            if (c.temperatures()[0] == 0f) continue;
            VerificationResult expected = reference.verify(c.batch());
            VerificationResult wrong = VerificationResult.forBatch(c.batch());
            int other = (expected.nextToken(0) + 1 + random.nextInt(48)) % 50;
            wrong.set(0, expected.accepted(0), other, expected.ending(0), c.batch());
            assertEquals(null, boundary(c, 0, expected, wrong), "a random other token was taken for a boundary case");
            checked++;
        }
    }
}
