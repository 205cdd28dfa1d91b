package dev.specula.core;

import static dev.specula.core.ExactnessChecks.assertExact;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.ExactnessChecks.Chain;
import dev.specula.core.ExactnessChecks.Draft;
import dev.specula.core.internal.RowMath;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

/**
 * Negative controls: the exactness checks must <em>reject</em> verifiers that are slightly
 * wrong, or the suite proves nothing.
 */
class ExactnessNegativeControlTest {
    private static final float[][] TARGET = ExactnessSuite.randomRows(5, 16, 1.5, 1);
    private static final float[][] DRAFT = ExactnessSuite.perturbed(TARGET, 0.7, 2);

    @Test
    void aBiasOfTotalVariationOnePercentIsDetected() {
        // A verifier whose emitted distribution is softmax(z / (f T)) instead of softmax(z / T),
        // with f chosen so that the first token's bias is exactly TV = 0.01: the power claim of the
        // suite, demonstrated on the real checks.
        double f = temperatureFactorForBias(TARGET[0], 0.01);
        double bias = Distributions.totalVariation(Distributions.softmax(TARGET[0], 1), Distributions.softmax(TARGET[0], f));
        assertEquals(0.01, bias, 1e-6);
        AssertionFailedError error = assertThrows(AssertionFailedError.class, () -> assertExact("TV 0.01 bias",
                new TemperatureScalingVerifier((float) f), new Chain(TARGET, 1f, new Draft.Logits(DRAFT, 1f)), 11));
        assertTrue(error.getMessage().contains("first token"), error.getMessage());
    }

    @Test
    void verifyingAgainstTheWrongDraftTemperatureIsDetected() {
        // transformers #47932 in miniature: drafts sampled at temperature 1.4, verified as if at 1.
        Chain chain = new Chain(TARGET, 1f, new Draft.Logits(DRAFT, 1f), new Draft.Logits(DRAFT, 1.4f));
        assertThrows(AssertionFailedError.class, () -> assertExact("stale draft temperature", new ReferenceVerifier(), chain, 12));
    }

    @Test
    void unnormalisedDraftProbabilitiesAreDetected() {
        assertThrows(AssertionFailedError.class, () -> assertExact("unnormalised q", new UnnormalisedDraftVerifier(),
                new Chain(TARGET, 1f, new Draft.Logits(DRAFT, 1f)), 13));
    }

    @Test
    void theControlVerifiersAreOtherwiseSound() {
        // With f = 1 the scaling verifier is the reference itself and must pass: the failures above
        // come from the bias, not from the wrapper.
        assertExact("f = 1", new TemperatureScalingVerifier(1f), new Chain(TARGET, 1f, new Draft.Logits(DRAFT, 1f)), 14);
    }

    /** Bisection for the factor f in [1, 4] with TV(softmax(z), softmax(z / f)) = bias. */
    private static double temperatureFactorForBias(float[] z, double bias) {
        double lo = 1, hi = 4;
        for (int i = 0; i < 100; i++) {
            double mid = (lo + hi) / 2;
            double tv = Distributions.totalVariation(Distributions.softmax(z, 1), Distributions.softmax(z, mid));
            if (tv < bias) lo = mid;
            else hi = mid;
        }
        return (lo + hi) / 2;
    }

    /** The reference verifier, run with every target temperature multiplied by a factor. */
    private static final class TemperatureScalingVerifier implements ChainVerifier {
        private final ReferenceVerifier reference = new ReferenceVerifier();
        private final float factor;

        TemperatureScalingVerifier(float factor) {
            this.factor = factor;
        }

        @Override
        public void verify(VerificationBatch batch, VerificationResult result) {
            SamplingSettings[] original = new SamplingSettings[batch.sequences()];
            for (int b = 0; b < batch.sequences(); b++) {
                original[b] = batch.settings(b);
                batch.settings(b, SamplingSettings.temperature(original[b].temperature() * factor));
            }
            try {
                reference.verify(batch, result);
            } finally {
                for (int b = 0; b < batch.sequences(); b++) batch.settings(b, original[b]);
            }
        }

        @Override
        public String name() {
            return "temperature x " + factor;
        }
    }

    /**
     * A verifier with a classic bug: it uses the draft's unnormalised weights exp((z - max) / T)
     * as q. Draft logits only; everything else as in the reference.
     */
    private static final class UnnormalisedDraftVerifier implements ChainVerifier {
        @Override
        public void verify(VerificationBatch batch, VerificationResult result) {
            FloatRows draftRows = ((DraftDistribution.Logits) batch.draftDistribution()).rows();
            int vocab = batch.vocabSize();
            double[] p = new double[vocab], residual = new double[vocab];
            for (int b = 0; b < batch.sequences(); b++) {
                float t = batch.settings(b).temperature(), draftT = batch.draftSettings(b).temperature();
                long seed = batch.seed(b), step = batch.step(b);
                int stream = batch.stream(b), n = batch.draftCount(b), i = 0;
                for (; i < n; i++) {
                    RowMath.softmax(batch.target(), b, i, t, "target", p);
                    float max = RowMath.maxLogit(draftRows, b, i, "draft");
                    int d = batch.draftToken(b, i);
                    double qd = RowMath.weight(draftRows.get(b, i, d), max, draftT);   // the bug: not divided by the sum
                    if (RandomStreams.acceptUniform(seed, stream, step, i) < p[d] / qd) continue;
                    double mass = 0;
                    for (int v = 0; v < vocab; v++) mass += residual[v] = Math.max(0, p[v] - RowMath.weight(draftRows.get(b, i, v), max, draftT));
                    int token = mass > 0 ? RowMath.sampleInverseCdf(residual, vocab, mass, RandomStreams.sampleUniform(seed, stream, step, i))
                            : RowMath.sampleInverseCdf(p, vocab, 1, RandomStreams.sampleUniform(seed, stream, step, i));
                    result.set(b, i, token, Ending.CORRECTION, batch);
                    break;
                }
                if (i == n) {
                    RowMath.softmax(batch.target(), b, n, t, "target", p);
                    result.set(b, n, RowMath.sampleInverseCdf(p, vocab, 1, RandomStreams.sampleUniform(seed, stream, step, n)), Ending.BONUS, batch);
                }
            }
        }

        @Override
        public String name() {
            return "unnormalised q";
        }
    }
}
