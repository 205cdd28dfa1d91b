package dev.specula.benchmarks;

import dev.specula.core.Ending;
import dev.specula.core.FastVerifier;
import dev.specula.core.FloatRows;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.VerificationResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.lang.foreign.Arena;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.*;

/**
 * The workloads really have the acceptance their regime names: checked by running the reference
 * verifier (the oracle) on them. The reference verifier also refuses a recorded draft
 * log-probability that disagrees with its row, so every verification here checks those too.
 */
class SyntheticWorkloadTest {
    private static final int B = 16, G = 4, V = 32_000;
    /** Outcomes do not depend on V; a small one keeps the verifications fast. */
    private static final int SMALL_V = 8_000;

    /** Accepted drafts per sequence for B = 16, g = 4 under alpha = 0.7, from the law worked out by hand:
     *  P(K <= k) = 0.3, 0.51, 0.657, 0.7599, 1 for k = 0..4, read at the levels (b + 1/2) / 16. */
    private static final int[] REALISTIC_PLAN = {0, 0, 0, 0, 0, 1, 1, 1, 2, 2, 2, 3, 4, 4, 4, 4};

    @ParameterizedTest
    @EnumSource(Regime.class)
    void theReferenceVerifierAcceptsExactlyWhatTheRegimeSays(Regime regime) {
        try (Arena arena = Arena.ofShared()) {
            SyntheticWorkload workload = SyntheticWorkload.generate(arena, B, G, SMALL_V, regime, 7);
            VerificationResult result = new ReferenceVerifier().verify(workload.batch());
            for (int b = 0; b < B; b++) {
                int expected = switch (regime) {
                    case ALL_ACCEPTED -> G;
                    case REJECT_FIRST -> 0;
                    case REALISTIC -> REALISTIC_PLAN[b];
                };
                assertEquals(expected, workload.plannedAccepted(b), "plan of sequence " + b);
                assertEquals(expected, result.accepted(b), "accepted drafts of sequence " + b);
                assertEquals(expected == G ? Ending.BONUS : Ending.CORRECTION, result.ending(b));
                assertEquals(G, workload.batch().draftCount(b));
            }
        }
    }

    @ParameterizedTest
    @EnumSource(Regime.class)
    void theFastVerifierReachesThePlannedOutcomeToo(Regime regime) {
        // The planned decisions clear their accept uniforms by a relative margin of 1e-3, so a
        // verifier working in float precision decides as the double-precision reference does.
        try (Arena arena = Arena.ofShared(); FastVerifier fast = new FastVerifier(2)) {
            SyntheticWorkload workload = SyntheticWorkload.generate(arena, B, G, SMALL_V, regime, 8);
            VerificationResult result = fast.verify(workload.batch());
            for (int b = 0; b < B; b++) assertEquals(workload.plannedAccepted(b), result.accepted(b), "sequence " + b);
        }
    }

    @Test
    void theRealisticRegimeAcceptsSeventyPercentOfTheDraftsItTests() {
        try (Arena arena = Arena.ofShared()) {
            SyntheticWorkload workload = SyntheticWorkload.generate(arena, 64, G, SMALL_V, Regime.REALISTIC, 11);
            VerificationResult result = new ReferenceVerifier().verify(workload.batch());
            int accepted = 0, rejected = 0;
            for (int b = 0; b < 64; b++) {
                accepted += result.accepted(b);
                if (result.ending(b) == Ending.CORRECTION) rejected++;
            }
            // Per-position acceptance: accepted tests over all tests made (a rejection ends a sequence).
            double alpha = (double) accepted / (accepted + rejected);
            assertEquals(0.7, alpha, 0.03, "measured per-position acceptance");
        }
    }

    @Test
    void draftRowsOverlapTheirTargetRowsByAboutSeventyPercent() {
        // beta = sum_v min(p, q), computed here independently of the workload's own arithmetic.
        try (Arena arena = Arena.ofShared()) {
            SyntheticWorkload small = SyntheticWorkload.generate(arena, B, G, V, Regime.REJECT_FIRST, 3);
            assertEquals(0.72, meanBeta(small, B, G), 0.05, "mean beta at V = 32000");
            SyntheticWorkload large = SyntheticWorkload.generate(arena, 2, G, 128_256, Regime.REJECT_FIRST, 3);
            assertEquals(0.72, meanBeta(large, 2, G), 0.07, "mean beta at V = 128256");
        }
    }

    @Test
    void targetRowsAreLanguageModelLike() {
        // A Zipf law with exponent in [1, 2] over 32000 tokens puts 0.1 to 0.65 of the mass on the
        // top token (1 / H(V, s)): rows are neither uniform nor one-hot.
        try (Arena arena = Arena.ofShared()) {
            SyntheticWorkload workload = SyntheticWorkload.generate(arena, 4, 2, V, Regime.ALL_ACCEPTED, 5);
            int[] topTokens = new int[12];
            for (int b = 0; b < 4; b++) {
                for (int r = 0; r < 3; r++) {
                    double[] p = softmax(workload.target(), b, r);
                    double top = 0;
                    for (int v = 0; v < V; v++) {
                        if (p[v] > top) {
                            top = p[v];
                            topTokens[b * 3 + r] = v;
                        }
                    }
                    assertTrue(top > 0.05 && top < 0.8, "top probability " + top + " of row " + r + " of sequence " + b);
                }
            }
            assertTrue(IntStream.of(topTokens).distinct().count() >= 10, "the top token moves from row to row");
        }
    }

    @Test
    void theFloorListsTheRowsTheAlgorithmMustRead() {
        try (Arena arena = Arena.ofShared()) {
            // All accepted: target rows 0..g of every sequence.
            RowPass[] all = SyntheticWorkload.generate(arena, 2, 3, 1000, Regime.ALL_ACCEPTED, 1).floorPasses();
            assertEquals(2 * 4, all.length);
            // Rejected at 0: target row 0 twice (normaliser, then residual) and draft row 0.
            SyntheticWorkload rejected = SyntheticWorkload.generate(arena, 2, 3, 1000, Regime.REJECT_FIRST, 1);
            RowPass[] passes = rejected.floorPasses();
            assertEquals(2 * 3, passes.length);
            FloatRows target = rejected.target(), drafts = rejected.drafts();
            assertPass(passes[0], target, 0, 0);
            assertPass(passes[1], target, 0, 0);
            assertPass(passes[2], drafts, 0, 0);
            assertPass(passes[3], target, 1, 0);
            assertPass(passes[5], drafts, 1, 0);
            // Realistic, B = 16, g = 4: 5 passes per fully accepted sequence, k + 3 per sequence rejected at k.
            int expected = 0;
            for (int k : REALISTIC_PLAN) expected += k == G ? G + 1 : k + 3;
            assertEquals(68, expected);
            assertEquals(expected, SyntheticWorkload.generate(arena, B, G, 1000, Regime.REALISTIC, 1).floorPasses().length);
        }
    }

    @Test
    void aBatchOfOneGetsTheMedianOutcome() {
        // P(K = 0) = 0.3 < 1/2 <= P(K <= 1) = 0.51, for any g >= 1.
        assertEquals(1, Regime.REALISTIC.acceptedDrafts(0, 1, 4));
        assertEquals(1, Regime.REALISTIC.acceptedDrafts(0, 1, 8));
        assertEquals(1, Regime.REALISTIC.acceptedDrafts(0, 1, 1));
        assertEquals(4, Regime.ALL_ACCEPTED.acceptedDrafts(0, 1, 4));
        assertEquals(0, Regime.REJECT_FIRST.acceptedDrafts(0, 1, 4));
    }

    @Test
    void theSameSeedGivesTheSameWorkload() {
        try (Arena arena = Arena.ofShared()) {
            SyntheticWorkload a = SyntheticWorkload.generate(arena, 3, 2, 500, Regime.REALISTIC, 9);
            SyntheticWorkload b = SyntheticWorkload.generate(arena, 3, 2, 500, Regime.REALISTIC, 9);
            SyntheticWorkload other = SyntheticWorkload.generate(arena, 3, 2, 500, Regime.REALISTIC, 10);
            assertEquals(a.target().get(2, 1, 77), b.target().get(2, 1, 77));
            assertEquals(a.drafts().get(1, 1, 499), b.drafts().get(1, 1, 499));
            assertEquals(a.batch().draftToken(2, 1), b.batch().draftToken(2, 1));
            assertNotEquals(a.target().get(2, 1, 77), other.target().get(2, 1, 77));
        }
    }

    @Test
    void refusesAConfinedArenaAndBadShapes() {
        try (Arena arena = Arena.ofConfined()) {
            var e = assertThrows(IllegalArgumentException.class, () -> SyntheticWorkload.generate(arena, 1, 1, 100, Regime.REALISTIC, 1));
            assertTrue(e.getMessage().contains("shared arena"), e.getMessage());
        }
        try (Arena arena = Arena.ofShared()) {
            assertThrows(IllegalArgumentException.class, () -> SyntheticWorkload.generate(arena, 1, 0, 100, Regime.REALISTIC, 1));
            assertThrows(IllegalArgumentException.class, () -> SyntheticWorkload.generate(arena, 1, 1, 100, null, 1));
        }
    }

    private static void assertPass(RowPass pass, FloatRows rows, int b, int r) {
        assertSame(rows.segment(), pass.segment());
        assertEquals(rows.rowOffset(b, r), pass.firstFloat());
        assertEquals(rows.vocabSize(), pass.length());
        float max = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < rows.vocabSize(); v++) max = Math.max(max, rows.get(b, r, v));
        assertEquals(max, pass.shift());
    }

    private static double meanBeta(SyntheticWorkload workload, int sequences, int drafts) {
        double sum = 0;
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < drafts; i++) {
                double[] p = softmax(workload.target(), b, i), q = softmax(workload.drafts(), b, i);
                for (int v = 0; v < p.length; v++) sum += Math.min(p[v], q[v]);
            }
        }
        return sum / (sequences * drafts);
    }

    private static double[] softmax(FloatRows rows, int b, int r) {
        double[] out = new double[rows.vocabSize()];
        double max = Double.NEGATIVE_INFINITY;
        for (int v = 0; v < out.length; v++) max = Math.max(max, rows.get(b, r, v));
        double sum = 0;
        for (int v = 0; v < out.length; v++) {
            out[v] = Math.exp(rows.get(b, r, v) - max);
            sum += out[v];
        }
        for (int v = 0; v < out.length; v++) out[v] /= sum;
        return out;
    }
}
