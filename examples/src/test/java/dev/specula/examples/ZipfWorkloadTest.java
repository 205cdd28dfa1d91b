package dev.specula.examples;

import dev.specula.core.FloatRows;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.util.HashSet;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ZipfWorkloadTest {

    @Test
    void softmaxAndOverlapOfKnownRows() {
        // p = (1, 2, 3, 4) / 10 and q = (4, 3, 2, 1) / 10: sum_v min(p, q) = (1 + 2 + 2 + 1) / 10.
        float[] logits = new float[8];
        for (int v = 0; v < 4; v++) {
            logits[v] = (float) Math.log(v + 1);
            logits[4 + v] = (float) Math.log(4 - v);
        }
        FloatRows rows = FloatRows.of(logits, 1, 2, 4);
        double[] p = ZipfWorkload.distribution(rows, 0, 0, 1);
        double[] q = ZipfWorkload.distribution(rows, 0, 1, 1);
        assertArrayEquals(new double[] {0.1, 0.2, 0.3, 0.4}, p, 1e-7);
        assertEquals(0.6, ZipfWorkload.overlap(p, q), 1e-7);
        // Temperature 1/2 squares the weights: (1, 4, 9, 16) / 30.
        assertArrayEquals(new double[] {1 / 30.0, 4 / 30.0, 9 / 30.0, 16 / 30.0}, ZipfWorkload.distribution(rows, 0, 0, 0.5), 1e-7);
    }

    @Test
    void sameSeedGivesSameRowsAndTheTopTokenMovesFromRowToRow() {
        try (Arena arena = Arena.ofConfined()) {
            ZipfWorkload a = ZipfWorkload.generate(arena, 3, 4, 1000, 7);
            ZipfWorkload b = ZipfWorkload.generate(arena, 3, 4, 1000, 7);
            ZipfWorkload c = ZipfWorkload.generate(arena, 3, 4, 1000, 8);
            assertEquals(-1, a.target().segment().mismatch(b.target().segment()));
            assertNotEquals(-1, a.target().segment().mismatch(c.target().segment()));

            Set<Integer> topTokens = new HashSet<>();
            for (int s = 0; s < 3; s++) {
                for (int r = 0; r < 5; r++) {
                    double[] p = ZipfWorkload.distribution(a.target(), s, r, 1);
                    int top = 0;
                    for (int v = 1; v < p.length; v++) if (p[v] > p[top]) top = v;
                    topTokens.add(top);
                    // Exponents in [1, 2] over 1000 tokens: the top token holds between about 13% and 70%.
                    assertTrue(p[top] > 0.1 && p[top] < 0.8, "top probability " + p[top]);
                }
            }
            assertTrue(topTokens.size() >= 10, "the shuffle should move the top token, got only " + topTokens);
        }
    }

    @Test
    void noiseCalibrationHitsTheWantedBeta() {
        try (Arena arena = Arena.ofConfined()) {
            ZipfWorkload w = ZipfWorkload.generate(arena, 4, 4, 2000, 11);
            w.setDraftNoise(0);
            assertEquals(1.0, w.meanBeta(4), 1e-6, "a draft equal to the target is always accepted");

            double good = w.noiseForBeta(0.8);
            w.setDraftNoise(good);
            assertEquals(0.8, w.meanBeta(4), 0.01);
            double weak = w.noiseForBeta(0.5);
            w.setDraftNoise(weak);
            assertEquals(0.5, w.meanBeta(4), 0.01);
            assertTrue(weak > good, "a weaker draft needs more noise: " + weak + " vs " + good);
        }
    }

    @Test
    void betaIsOneMinusTheTotalVariationDistance() {
        try (Arena arena = Arena.ofConfined()) {
            ZipfWorkload w = ZipfWorkload.generate(arena, 2, 2, 500, 5);
            w.setDraftNoise(1.0);
            for (int b = 0; b < 2; b++) {
                for (int i = 0; i < 2; i++) {
                    double[] p = ZipfWorkload.distribution(w.target(), b, i, 0.7);
                    double[] q = ZipfWorkload.distribution(w.drafts(), b, i, 1.3);
                    assertEquals(1 - FirstTokenCheck.tv(p, q), w.beta(b, i, 0.7, 1.3), 1e-12);
                }
            }
        }
    }
}
