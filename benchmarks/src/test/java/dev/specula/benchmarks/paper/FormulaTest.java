package dev.specula.benchmarks.paper;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The formulas the accuracy run predicts with, on rows small enough to work out by hand. */
class FormulaTest {
    private static float[] logits(double... z) {
        float[] f = new float[z.length];
        for (int i = 0; i < z.length; i++) f[i] = (float) z[i];
        return f;
    }

    /** For the exact formula the first emitted token follows p_0 whatever q_0 is: its predicted TV is 0. */
    @Test
    void theExactFormulaPredictsNoDistance() {
        SplittableRandom random = new SplittableRandom(3);
        for (int trial = 0; trial < 20; trial++) {
            int vocab = 2 + random.nextInt(300), g = 1 + random.nextInt(4);
            float[][] zp = new float[g + 1][vocab], zq = new float[g][vocab];
            for (float[] row : zp) for (int v = 0; v < vocab; v++) row[v] = (float) (3 * random.nextGaussian());
            for (float[] row : zq) for (int v = 0; v < vocab; v++) row[v] = (float) (3 * random.nextGaussian());
            Prediction prediction = Prediction.of(Formula.EXACT, zp, zq);
            double[] p0 = Formula.softmax(zp[0]);
            assertEquals(0.0, Tv.distance(prediction.firstToken(), p0), 1e-12);
            assertEquals(0.0, TokenBins.of(p0, 16).tv(prediction.firstToken()), 1e-12);
            assertEquals(0.0, Tv.distance(prediction.bonusToken(), Formula.softmax(zp[g])), 1e-15);
        }
    }

    /**
     * p = softmax(0, ln 3) = (1/4, 3/4) and q = softmax(ln 3, 0) = (3/4, 1/4): the exact acceptance is
     * sum min(p, q) = 1/2; with two such positions the expected accepted drafts are 1/2 + 1/4 = 3/4.
     */
    @Test
    void exactAcceptanceIsTheOverlapOfPAndQ() {
        float[] zp = logits(0, Math.log(3)), zq = logits(Math.log(3), 0);
        Prediction one = Prediction.of(Formula.EXACT, new float[][] {zp, zp}, new float[][] {zq});
        assertEquals(0.5, one.acceptance()[0], 1e-7);
        Prediction two = Prediction.of(Formula.EXACT, new float[][] {zp, zp, zp}, new float[][] {zq, zq});
        assertEquals(0.75, two.expectedAccepted(), 1e-7);
        assertEquals(0.25, two.allAccepted(), 1e-7);
    }

    /**
     * z_p = (0, 2), z_q = (2, 0): q = (e^2, 1) / (1 + e^2) and p the reverse. The paper's sigmoid of
     * (z + 1e4) / 2e4 is s(0) = sigma(0.5) and s(2) = sigma(0.5001): token 0 is accepted with
     * s(0) / s(2) < 1, token 1 always. Nearly every draft is accepted, so the first token follows
     * about q, and its distance to p is about TV(p, q) = (e^2 - 1) / (e^2 + 1) = 0.7616 — where the exact
     * acceptance is 2 / (1 + e^2) = 0.2384.
     */
    @Test
    void theSigmoidAcceptsNearlyEverythingAndEmitsAboutQ() {
        float[] zp = logits(0, 2), zq = logits(2, 0);
        double e2 = Math.exp(2), q0 = e2 / (1 + e2), q1 = 1 / (1 + e2);
        double s0 = 1 / (1 + Math.exp(-0.5)), s2 = 1 / (1 + Math.exp(-0.5001));
        Prediction sigmoid = Prediction.of(Formula.SIGMOID, new float[][] {zp, zp}, new float[][] {zq});
        assertEquals(q0 * s0 / s2 + q1, sigmoid.acceptance()[0], 1e-9);
        double tvPQ = (e2 - 1) / (e2 + 1);
        assertEquals(tvPQ, Tv.distance(sigmoid.firstToken(), Formula.softmax(zp)), 1e-4);
        assertTrue(Tv.distance(sigmoid.firstToken(), Formula.softmax(zp)) > 0.76);
        assertEquals(2 / (1 + e2), Prediction.of(Formula.EXACT, new float[][] {zp, zp}, new float[][] {zq}).acceptance()[0], 1e-7);
    }

    /** Below MIN the paper's sigmoid is 0, above MAX it is 1. */
    @Test
    void theSigmoidIsClampedOutsideItsRange() {
        assertEquals(0.0, Formula.sigmoid(-10_000.5), 0);
        assertEquals(1.0, Formula.sigmoid(10_000.5), 0);
        assertEquals(0.5, Formula.sigmoid(-10_000), 1e-15);
        assertEquals(1 / (1 + Math.exp(-1)), Formula.sigmoid(10_000), 1e-15);
    }

    /**
     * The residual of the sigmoid: z_p = (1, 0, 0), z_q = (0, 0, 0): only token 0 has p~ > q~, by
     * d = s(1) - s(0); its weight is d / (1e-6 + d), the others are floored at 1e-5, then the weights are normalised.
     */
    @Test
    void theSigmoidResidualIsDividedByItsSumAndFloored() {
        double d = 1 / (1 + Math.exp(-(1 + 1e4) / 2e4)) - 1 / (1 + Math.exp(-0.5));
        double w0 = d / (1e-6 + d), total = w0 + 2e-5;
        assertArrayEquals(new double[] {w0 / total, 1e-5 / total, 1e-5 / total},
                Formula.SIGMOID.residual(logits(1, 0, 0), logits(0, 0, 0)), 1e-12);
    }

    /** The sigmoid kernel never touches the bonus row: weights max(1e-5, z) of the raw logits. The corrected variant uses p. */
    @Test
    void theBonusOfTheSigmoidVariantComesFromRawLogits() {
        float[] z = logits(-1, 0.5, 1.5);
        double total = 1e-5 + 0.5 + 1.5;
        assertArrayEquals(new double[] {1e-5 / total, 0.5 / total, 1.5 / total}, Formula.SIGMOID.bonus(z), 1e-12);
        double[] p = {Math.exp(-1), Math.exp(0.5), Math.exp(1.5)};
        double sum = p[0] + p[1] + p[2];
        assertArrayEquals(new double[] {p[0] / sum, p[1] / sum, p[2] / sum}, Formula.SIGMOID_EXACT_BONUS.bonus(z), 1e-7);
    }
}
