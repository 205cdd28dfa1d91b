package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Deterministic behaviour of {@link ReferenceVerifier} and {@link DraftSampler}: edge cases that
 * must hold for every seed, layout independence and reproducibility. (Distributional exactness is
 * checked statistically elsewhere.)
 */
class ReferenceVerifierTest {
    /** The verifier under test; {@link FastVerifierBehaviourTest} runs every test here against the fast verifier. */
    ChainVerifier verifier() {
        return new ReferenceVerifier();
    }

    private static final float NEG_INF = Float.NEGATIVE_INFINITY;
    private static final SamplingSettings T1 = SamplingSettings.DEFAULT;

    // ---- helpers written independently of the code under test --------------------------------

    /** Dense rows from [sequence][row][token]. */
    private static FloatRows rows(float[][][] data) {
        int b = data.length, r = data[0].length, v = data[0][0].length;
        float[] flat = new float[b * r * v];
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < r; j++) System.arraycopy(data[i][j], 0, flat, (i * r + j) * v, v);
        }
        return FloatRows.of(flat, b, r, v);
    }

    private static int argmaxLowest(float[] z) {
        int best = 0;
        for (int v = 1; v < z.length; v++) if (z[v] > z[best]) best = v;
        return best;
    }

    /** Random logits in [-3, 3), each masked to -infinity with probability {@code mask}, never all. */
    private static float[] randomRow(SplittableRandom rnd, int v, double mask) {
        float[] z = new float[v];
        for (int i = 0; i < v; i++) z[i] = rnd.nextDouble() < mask ? NEG_INF : (float) (rnd.nextDouble() * 6 - 3);
        z[rnd.nextInt(v)] = (float) rnd.nextDouble();
        return z;
    }

    private static float[][][] randomRows(SplittableRandom rnd, int b, int r, int v, double mask) {
        float[][][] out = new float[b][r][];
        for (int i = 0; i < b; i++) for (int j = 0; j < r; j++) out[i][j] = randomRow(rnd, v, mask);
        return out;
    }

    /** Asserts the basic shape of an outcome: the emitted tokens begin with the accepted drafts. */
    private static void assertWellFormed(VerificationBatch batch, VerificationResult result, int b) {
        int n = batch.draftCount(b), a = result.accepted(b);
        assertTrue(a >= 0 && a <= n, "accepted " + a + " of " + n);
        int[] emitted = result.emittedTokens(b);
        assertEquals(a + 1, emitted.length);
        for (int i = 0; i < a; i++) assertEquals(batch.draftToken(b, i), emitted[i], "emitted token " + i + " is not draft " + i);
        assertEquals(a == n ? Ending.BONUS : Ending.CORRECTION, result.ending(b));
        assertEquals(emitted[a], result.nextToken(b));
    }

    // ---- V = 1 and draft count 0 -------------------------------------------------------------

    @Test
    void vocabularyOfOneAcceptsEveryDraft() {
        VerificationBatch batch = new VerificationBatch(1, 3, 1)
                .target(FloatRows.of(new float[] {0f, -5f, 7f, 0f}, 1, 4, 1))
                .drafts(0, 0, 0, 0);
        ChainVerifier verifier = verifier();
        for (DraftDistribution q : new DraftDistribution[] {DraftDistribution.oneHot(),
                DraftDistribution.logits(FloatRows.of(new float[] {3f, 0f, -2f}, 1, 3, 1))}) {
            batch.draftDistribution(q);
            for (long seed = 0; seed < 200; seed++) {
                VerificationResult r = verifier.verify(batch.seedAll(seed));
                assertArrayEquals(new int[] {0, 0, 0, 0}, r.emittedTokens(0));
                assertEquals(Ending.BONUS, r.ending(0));
            }
        }
    }

    @Test
    void noDraftsEmitsExactlyOneBonusTokenFromRowZero() {
        // Row 0 allows only token 3, the last row only token 1: the bonus must come from row 0.
        float[][][] target = {{{NEG_INF, NEG_INF, NEG_INF, 0f}, {0f, 0f, 0f, 0f}, {NEG_INF, 0f, NEG_INF, NEG_INF}}};
        VerificationBatch batch = new VerificationBatch(1, 2, 4).target(rows(target)).draftCount(0, 0);
        for (SamplingSettings s : new SamplingSettings[] {T1, SamplingSettings.GREEDY}) {
            for (long seed = 0; seed < 100; seed++) {
                VerificationResult r = verifier().verify(batch.settings(s).seedAll(seed));
                assertEquals(0, r.accepted(0));
                assertEquals(1, r.emittedCount(0));
                assertEquals(Ending.BONUS, r.ending(0));
                assertEquals(3, r.nextToken(0));
            }
        }
    }

    // ---- greedy target -----------------------------------------------------------------------

    /** Arg-maxes by hand: row 0 -> 1 (tie with 2), row 1 -> 2, row 2 -> 0, row 3 -> 3. */
    private static final float[][][] GREEDY_TARGET = {{
        {1f, 5f, 5f, 2f},
        {0f, 0f, 3f, NEG_INF},
        {7f, 1f, 1f, 1f},
        {0f, 1f, 2f, 9f}}};

    private VerificationResult greedy(int... drafts) {
        VerificationBatch batch = new VerificationBatch(1, 3, 4).target(rows(GREEDY_TARGET))
                .settings(SamplingSettings.GREEDY).drafts(0, drafts);
        return verifier().verify(batch);
    }

    @Test
    void greedyTargetAcceptsExactlyTheArgmax() {
        VerificationResult all = greedy(1, 2, 0);
        assertArrayEquals(new int[] {1, 2, 0, 3}, all.emittedTokens(0)); // bonus = arg-max of row 3
        assertEquals(Ending.BONUS, all.ending(0));

        VerificationResult second = greedy(1, 3, 0);
        assertArrayEquals(new int[] {1, 2}, second.emittedTokens(0)); // correction = arg-max of row 1
        assertEquals(Ending.CORRECTION, second.ending(0));

        VerificationResult third = greedy(1, 2, 3);
        assertArrayEquals(new int[] {1, 2, 0}, third.emittedTokens(0));
        assertEquals(Ending.CORRECTION, third.ending(0));
    }

    @Test
    void greedyTiesGoToTheLowestTokenId() {
        // Tokens 1 and 2 tie in row 0: 2 is not "the" arg-max, so it is rejected and 1 emitted.
        VerificationResult r = greedy(2, 2, 0);
        assertArrayEquals(new int[] {1}, r.emittedTokens(0));
        assertEquals(Ending.CORRECTION, r.ending(0));
    }

    @Test
    void greedyTargetDoesNotDependOnTheSeed() {
        VerificationBatch batch = new VerificationBatch(1, 3, 4).target(rows(GREEDY_TARGET))
                .settings(SamplingSettings.GREEDY).drafts(0, 1, 2, 0);
        for (long seed = 0; seed < 50; seed++) {
            assertArrayEquals(new int[] {1, 2, 0, 3}, verifier().verify(batch.seedAll(seed).stepAll(seed)).emittedTokens(0));
        }
    }

    // ---- certain acceptance and certain rejection --------------------------------------------

    @Test
    void oneHotDraftWithCertainTargetIsAlwaysAccepted() {
        // p_i(d_i) = 1 = q_i(d_i): the ratio is 1 and u < 1 always. The bonus row also allows one token.
        float[][][] target = {{
            {NEG_INF, NEG_INF, 4f, NEG_INF, NEG_INF},
            {-1f, NEG_INF, NEG_INF, NEG_INF, NEG_INF},
            {NEG_INF, NEG_INF, NEG_INF, NEG_INF, 0f},
            {NEG_INF, 2f, NEG_INF, NEG_INF, NEG_INF}}};
        VerificationBatch batch = new VerificationBatch(1, 3, 5).target(rows(target)).drafts(0, 2, 0, 4);
        ChainVerifier verifier = verifier();
        for (float t : new float[] {1f, 0.3f, 5f}) {
            for (long seed = 0; seed < 300; seed++) {
                VerificationResult r = verifier.verify(batch.settings(SamplingSettings.temperature(t)).seedAll(seed).stepAll(seed * 7));
                assertArrayEquals(new int[] {2, 0, 4, 1}, r.emittedTokens(0), "seed " + seed + ", temperature " + t);
            }
        }
    }

    @Test
    void draftWithZeroDraftProbabilityIsAlwaysRejected() {
        // q(d) = 0 for d = 0: d could not have been sampled from q, so it is rejected. The
        // correction comes from max(0, p - q), which keeps p(0) at token 0: d itself is a possible
        // (here the most likely) correction; token 2, where q > p, is not.
        float[] targetRow = {1f, 1f, 0f, 0f};
        float[] draftLogits = {NEG_INF, 0f, 2f, 0f};
        double[] p = Distributions.softmax(targetRow, 1), q = Distributions.softmax(draftLogits, 1);
        float[] draftProbs = {0f, 0.2f, 0.6f, 0.2f};
        VerificationBatch batch = new VerificationBatch(1, 1, 4).target(rows(new float[][][] {{targetRow, {0f, 0f, 0f, 0f}}})).drafts(0, 0);
        ChainVerifier verifier = verifier();
        for (DraftDistribution dist : new DraftDistribution[] {
                DraftDistribution.logits(FloatRows.of(draftLogits, 1, 1, 4)),
                DraftDistribution.probabilities(FloatRows.of(draftProbs, 1, 1, 4))}) {
            double[] qUsed = dist instanceof DraftDistribution.Logits ? q : new double[] {0, 0.2, 0.6, 0.2};
            Set<Integer> corrections = new HashSet<>();
            for (long seed = 0; seed < 300; seed++) {
                VerificationResult r = verifier.verify(batch.draftDistribution(dist).seedAll(seed));
                assertEquals(0, r.accepted(0), "seed " + seed);
                assertEquals(Ending.CORRECTION, r.ending(0));
                int c = r.nextToken(0);
                assertTrue(p[c] > qUsed[c], "correction " + c + " is outside the residual's support");
                corrections.add(c);
            }
            assertTrue(corrections.contains(0), "the residual max(0, p - q) has most of its mass on token 0");
        }
    }

    @Test
    void draftTheTargetMasksIsAlwaysRejectedAndNeverEmitted() {
        // p(0) = 0 (logit -infinity) while the draft liked token 0: reject, and never correct to 0.
        float[][][] target = {{{NEG_INF, 1f, 0f, 2f}, {0f, 0f, 0f, 0f}}};
        float[] draftLogits = {3f, 0f, 0f, 0f};
        VerificationBatch batch = new VerificationBatch(1, 1, 4).target(rows(target)).drafts(0, 0);
        ChainVerifier verifier = verifier();
        for (DraftDistribution dist : new DraftDistribution[] {DraftDistribution.oneHot(),
                DraftDistribution.logits(FloatRows.of(draftLogits, 1, 1, 4))}) {
            for (long seed = 0; seed < 300; seed++) {
                VerificationResult r = verifier.verify(batch.draftDistribution(dist).seedAll(seed));
                assertEquals(0, r.accepted(0));
                assertNotEquals(0, r.nextToken(0), "seed " + seed);
            }
        }
    }

    @Test
    void maskedTargetTokensAreNeverEmitted() {
        // Drafts are sampled from unmasked draft rows, so they often hit tokens the target masks;
        // whatever is emitted at row k must have a finite target logit in row k.
        int b = 3, g = 4, v = 6;
        SplittableRandom rnd = new SplittableRandom(5);
        float[][][] target = randomRows(rnd, b, g + 1, v, 0.5);
        float[][][] draft = randomRows(rnd, b, g, v, 0.0);
        VerificationBatch batch = new VerificationBatch(b, g, v).target(rows(target)).draftDistribution(DraftDistribution.logits(rows(draft)));
        ChainVerifier verifier = verifier();
        VerificationResult result = VerificationResult.forBatch(batch);
        for (long seed = 0; seed < 1000; seed++) {
            batch.seedAll(seed).settings(SamplingSettings.temperature(seed % 2 == 0 ? 1f : 0.6f));
            for (int s = 0; s < b; s++) for (int i = 0; i < g; i++) DraftSampler.sampleDraft(batch, s, i);
            verifier.verify(batch, result);
            for (int s = 0; s < b; s++) {
                assertWellFormed(batch, result, s);
                int[] emitted = result.emittedTokens(s);
                for (int k = 0; k < emitted.length; k++) {
                    assertNotEquals(NEG_INF, target[s][k][emitted[k]], "seed " + seed + ": masked token emitted at row " + k);
                }
            }
        }
    }

    // ---- several sequences, layouts, reproducibility ------------------------------------------

    @Test
    void draftCountsMayDifferPerSequence() {
        // Every target row allows exactly one token, and the drafts are those tokens, so sequence b
        // accepts all its drafts and takes the bonus from row draftCount(b), not from row g.
        int g = 4, v = 5;
        int[][] allowed = {{3, 1, 4, 0, 2}, {0, 2, 2, 4, 1}, {4, 4, 0, 1, 3}};
        float[][][] target = new float[3][g + 1][v];
        for (int s = 0; s < 3; s++) {
            for (int r = 0; r <= g; r++) {
                Arrays.fill(target[s][r], NEG_INF);
                target[s][r][allowed[s][r]] = 0.5f;
            }
        }
        VerificationBatch batch = new VerificationBatch(3, g, v).target(rows(target))
                .drafts(0).drafts(1, 0, 2).drafts(2, 4, 4, 0, 1);
        for (SamplingSettings s : new SamplingSettings[] {T1, SamplingSettings.GREEDY}) {
            VerificationResult r = verifier().verify(batch.settings(s));
            assertArrayEquals(new int[] {3}, r.emittedTokens(0));
            assertArrayEquals(new int[] {0, 2, 2}, r.emittedTokens(1));
            assertArrayEquals(new int[] {4, 4, 0, 1, 3}, r.emittedTokens(2));
            for (int b = 0; b < 3; b++) assertEquals(Ending.BONUS, r.ending(b));
        }
    }

    /** A copy of dense rows into a padded layout whose padding is NaN. */
    private static FloatRows paddedCopy(float[][][] data, int extraRows, long rowStride, long sequenceStride) {
        int b = data.length, r = data[0].length, v = data[0][0].length;
        float[] flat = new float[(int) ((b - 1) * sequenceStride + (r + extraRows - 1) * rowStride + v)];
        Arrays.fill(flat, Float.NaN);
        for (int i = 0; i < b; i++) {
            for (int j = 0; j < r; j++) System.arraycopy(data[i][j], 0, flat, (int) (i * sequenceStride + j * rowStride), v);
        }
        return new FloatRows(MemorySegment.ofArray(flat), b, r + extraRows, v, rowStride, sequenceStride);
    }

    @Test
    void paddedRowsGiveTheSameResultsAsDenseRows() {
        int b = 3, g = 3, v = 7;
        SplittableRandom rnd = new SplittableRandom(11);
        float[][][] target = randomRows(rnd, b, g + 1, v, 0.2);
        float[][][] draft = randomRows(rnd, b, g, v, 0.2);
        int[][] drafts = {{0, 1, 2}, {6, 5}, {3, 3, 3}};
        // Row stride 10 > V, sequence stride with slack, one extra (NaN) target row per sequence.
        FloatRows paddedTarget = paddedCopy(target, 1, 10, 10 * (g + 2) + 3);
        FloatRows paddedDraft = paddedCopy(draft, 0, 9, 9 * g + 5);
        for (SamplingSettings s : new SamplingSettings[] {T1, SamplingSettings.temperature(0.5f), SamplingSettings.GREEDY}) {
            for (long step = 0; step < 300; step++) {
                VerificationResult dense = verifyWith(rows(target), rows(draft), drafts, s, step);
                VerificationResult padded = verifyWith(paddedTarget, paddedDraft, drafts, s, step);
                for (int i = 0; i < b; i++) {
                    assertArrayEquals(dense.emittedTokens(i), padded.emittedTokens(i), "step " + step + ", sequence " + i);
                    assertEquals(dense.ending(i), padded.ending(i));
                }
            }
        }
    }

    private VerificationResult verifyWith(FloatRows target, FloatRows draft, int[][] drafts, SamplingSettings s, long step) {
        VerificationBatch batch = new VerificationBatch(drafts.length, 3, target.vocabSize())
                .target(target).draftDistribution(DraftDistribution.logits(draft)).settings(s).seedAll(99).stepAll(step);
        for (int i = 0; i < drafts.length; i++) batch.drafts(i, drafts[i]);
        return verifier().verify(batch);
    }

    @Test
    void aSequenceGetsTheSameTokensInAnyBatchSlot() {
        // Sequence X (stream 77, seed 99) alone in a batch of 1, and in slot 3 of a batch of 5
        // whose other slots hold other data and other seeds: same drafts, same emitted tokens.
        int g = 4, v = 8, slot = 3;
        SplittableRandom rnd = new SplittableRandom(3);
        float[][][] big = randomRows(rnd, 5, g + 1, v, 0.1);
        float[][][] bigDraft = randomRows(rnd, 5, g, v, 0.1);
        float[][][] alone = {big[slot]};
        float[][][] aloneDraft = {bigDraft[slot]};
        VerificationBatch one = new VerificationBatch(1, g, v).target(rows(alone))
                .draftDistribution(DraftDistribution.logits(rows(aloneDraft))).seedAll(99).stream(0, 77);
        VerificationBatch five = new VerificationBatch(5, g, v).target(rows(big))
                .draftDistribution(DraftDistribution.logits(rows(bigDraft))).stream(slot, 77);
        for (int b = 0; b < 5; b++) five.seed(b, b == slot ? 99 : 1000 + b);
        ChainVerifier verifier = verifier();
        Set<String> outcomes = new HashSet<>();
        for (long step = 0; step < 300; step++) {
            one.stepAll(step);
            five.stepAll(step);
            for (int i = 0; i < g; i++) {
                DraftSampler.sampleDraft(one, 0, i);
                for (int b = 0; b < 5; b++) DraftSampler.sampleDraft(five, b, i);
            }
            for (int i = 0; i < g; i++) assertEquals(one.draftToken(0, i), five.draftToken(slot, i), "draft " + i + ", step " + step);
            int[] expected = verifier.verify(one).emittedTokens(0);
            int[] inBatch = verifier.verify(five).emittedTokens(slot);
            assertArrayEquals(expected, inBatch, "step " + step);
            outcomes.add(Arrays.toString(expected));
        }
        assertTrue(outcomes.size() > 10, "the case is not degenerate: " + outcomes.size() + " distinct outcomes");
    }

    @Test
    void resultsDependOnTheStepAndNothingElseChanges() {
        int g = 3, v = 6;
        SplittableRandom rnd = new SplittableRandom(17);
        // Temperature 3 flattens both rows, so that many outcomes are likely.
        VerificationBatch batch = new VerificationBatch(1, g, v).target(rows(randomRows(rnd, 1, g + 1, v, 0.0)))
                .draftDistribution(DraftDistribution.logits(rows(randomRows(rnd, 1, g, v, 0.0)))).drafts(0, 1, 4, 2).seedAll(5)
                .settings(SamplingSettings.temperature(3f)).draftSettings(SamplingSettings.temperature(3f));
        ChainVerifier verifier = verifier();
        Set<String> outcomes = new HashSet<>();
        Set<Integer> acceptedCounts = new HashSet<>();
        for (long step = 0; step < 200; step++) {
            VerificationResult r = verifier.verify(batch.stepAll(step));
            // Same step again: the same tokens (no hidden state in the verifier).
            assertArrayEquals(r.emittedTokens(0), verifier.verify(batch).emittedTokens(0), "step " + step);
            outcomes.add(Arrays.toString(r.emittedTokens(0)));
            acceptedCounts.add(r.accepted(0));
        }
        assertTrue(outcomes.size() >= 10, "only " + outcomes.size() + " distinct outcomes over 200 steps");
        assertTrue(acceptedCounts.size() >= 2, "accepted counts " + acceptedCounts);
    }

    @Test
    void aResultIsOverwrittenByTheNextCall() {
        VerificationBatch batch = new VerificationBatch(1, 3, 4).target(rows(GREEDY_TARGET)).settings(SamplingSettings.GREEDY);
        VerificationResult result = new VerificationResult(2, 5); // larger than needed is fine
        ChainVerifier verifier = verifier();
        verifier.verify(batch.drafts(0, 1, 2, 0), result);
        assertArrayEquals(new int[] {1, 2, 0, 3}, result.emittedTokens(0));
        assertEquals(Ending.BONUS, result.ending(0));

        verifier.verify(batch.drafts(0, 3), result);
        assertArrayEquals(new int[] {1}, result.emittedTokens(0));
        assertEquals(0, result.accepted(0));
        assertEquals(Ending.CORRECTION, result.ending(0));
        assertThrows(IllegalArgumentException.class, () -> result.emitted(0, 1)); // old tokens are not visible
    }

    @Test
    void emittedTokensStartWithTheAcceptedDrafts() {
        int b = 4, g = 5, v = 5;
        SplittableRandom rnd = new SplittableRandom(23);
        // Draft rows close to the target rows, so that runs of acceptances are common.
        float[][][] target = randomRows(rnd, b, g + 1, v, 0.0);
        float[][][] draft = new float[b][g][v];
        for (int s = 0; s < b; s++) {
            for (int i = 0; i < g; i++) for (int t = 0; t < v; t++) draft[s][i][t] = target[s][i][t] + (float) (rnd.nextDouble() - 0.5);
        }
        VerificationBatch batch = new VerificationBatch(b, g, v).target(rows(target)).draftDistribution(DraftDistribution.logits(rows(draft)));
        ChainVerifier verifier = verifier();
        VerificationResult result = VerificationResult.forBatch(batch);
        int longest = 0;
        for (long step = 0; step < 500; step++) {
            batch.stepAll(step);
            for (int s = 0; s < b; s++) for (int i = 0; i <= (int) (step % g); i++) DraftSampler.sampleDraft(batch, s, i);
            verifier.verify(batch, result);
            for (int s = 0; s < b; s++) {
                assertWellFormed(batch, result, s);
                longest = Math.max(longest, result.accepted(s));
            }
        }
        assertTrue(longest >= 3, "the test never saw 3 accepted drafts in a row");
    }

    // ---- DraftSampler ------------------------------------------------------------------------

    @Test
    void sampleDraftRecordsTheTokenItsLogProbabilityAndTheCount() {
        int g = 4, v = 7;
        SplittableRandom rnd = new SplittableRandom(31);
        float[][][] draft = randomRows(rnd, 2, g, v, 0.3);
        float temperature = 0.7f;
        VerificationBatch batch = new VerificationBatch(2, g, v).target(rows(randomRows(rnd, 2, g + 1, v, 0.0)))
                .draftDistribution(DraftDistribution.logits(rows(draft))).draftSettings(SamplingSettings.temperature(temperature));
        for (long step = 0; step < 100; step++) {
            batch.stepAll(step).seedAll(step * 31);
            for (int i = 0; i < g; i++) {
                int token = DraftSampler.sampleDraft(batch, 1, i);
                double[] q = Distributions.softmax(draft[1][i], temperature);
                assertTrue(q[token] > 0, "sampled a masked token");
                assertEquals(token, batch.draftToken(1, i));
                assertEquals(Math.log(q[token]), batch.draftLogProbability(1, i), 1e-9);
                assertEquals(i + 1, batch.draftCount(1));
                // Drafts use the DRAFT-purpose uniform of (seed, stream, step, position): inverse CDF by hand.
                double u = RandomStreams.draftUniform(batch.seed(1), batch.stream(1), step, i);
                double cumulative = 0;
                int expected = -1;
                for (int t = 0; t < v && expected < 0; t++) if ((cumulative += q[t]) > u) expected = t;
                assertEquals(expected, token, "step " + step + ", position " + i);
            }
            // The recorded log-probabilities are consistent with the rows: verification accepts them.
            verifier().verify(batch);
        }
    }

    @Test
    void greedyDraftSettingsGiveTheArgmaxWithLogProbabilityZero() {
        float[] row = {0.5f, 2f, NEG_INF, 2f, -1f}; // tie between 1 and 3 -> 1
        VerificationBatch batch = new VerificationBatch(1, 1, 5).target(FloatRows.of(new float[10], 1, 2, 5))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(row, 1, 1, 5))).draftSettings(SamplingSettings.GREEDY);
        for (long seed = 0; seed < 20; seed++) {
            assertEquals(argmaxLowest(row), DraftSampler.sampleDraft(batch.seedAll(seed), 0, 0));
            assertEquals(1, batch.draftToken(0, 0));
            assertEquals(0.0, batch.draftLogProbability(0, 0));
            assertEquals(1, batch.draftCount(0));
        }
    }

    @Test
    void draftSamplerUsesTheInverseCdf() {
        // Weights 1 : 1 : 2, so the CDF steps at 1/4 and 1/2.
        FloatRows row = FloatRows.of(new float[] {0f, 0f, (float) Math.log(2)}, 1, 1, 3);
        assertEquals(0, DraftSampler.sample(row, 0, 0, T1, 0.1).token());
        assertEquals(1, DraftSampler.sample(row, 0, 0, T1, 0.3).token());
        assertEquals(2, DraftSampler.sample(row, 0, 0, T1, 0.6).token());
        assertEquals(2, DraftSampler.sample(row, 0, 0, T1, 0.99).token());
        assertEquals(Math.log(0.25), DraftSampler.sample(row, 0, 0, T1, 0.1).logProbability(), 1e-7);
        assertEquals(Math.log(0.5), DraftSampler.sample(row, 0, 0, T1, 0.6).logProbability(), 1e-7);
    }

    @Test
    void extremeUniformsNeverPickAMaskedToken() {
        double nearOne = Math.nextDown(1.0), nearZero = Double.MIN_VALUE;
        float[][] rows = {
            {0f, 0f, NEG_INF},
            {NEG_INF, 3f, NEG_INF, NEG_INF},
            {NEG_INF, NEG_INF, 0f, 1f, NEG_INF, NEG_INF, NEG_INF},
            {5f, 5f - 1e-3f, -40f, NEG_INF},
        };
        for (float[] z : rows) {
            FloatRows r = FloatRows.of(z, 1, 1, z.length);
            for (float t : new float[] {1f, 0.05f, 20f}) {
                for (double u : new double[] {nearOne, nearZero}) {
                    DraftSample s = DraftSampler.sample(r, 0, 0, SamplingSettings.temperature(t), u);
                    assertNotEquals(NEG_INF, z[s.token()], Arrays.toString(z) + " u " + u + " T " + t);
                    assertTrue(s.logProbability() <= 0 && s.logProbability() > Double.NEGATIVE_INFINITY);
                }
            }
        }
    }

    @Test
    void paddingIsNotReadBySampleDraft() {
        // A padded draft row whose padding is NaN samples like its dense copy.
        float[] dense = {0.3f, -1f, 2f, 0.5f};
        float[] padded = {0.3f, -1f, 2f, 0.5f, Float.NaN, Float.NaN};
        FloatRows d = FloatRows.of(dense, 1, 1, 4);
        FloatRows p = new FloatRows(MemorySegment.ofArray(padded), 1, 1, 4, 6, 6);
        for (int k = 1; k < 100; k++) {
            double u = k / 100.0;
            assertEquals(DraftSampler.sample(d, 0, 0, T1, u), DraftSampler.sample(p, 0, 0, T1, u));
        }
    }
}
