package dev.specula.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A case the random suites rarely reach: the draft is truncated exactly like the target and its
 * rows equal the target's, so q = p, and the drafts lie outside the kept set (q(d) = 0), so the
 * first draft is rejected and the residual max(0, p - q) is 0 everywhere: the correction must be
 * drawn from p, as the reference does. A residual that rounding leaves slightly positive (for
 * instance {@code p - q} fused into one FMA) draws other tokens, or none.
 */
class OpenClTruncationEdgeTest {
    @Test
    void aResidualOfEqualTruncatedDistributionsFallsBackToP() {
        int vocab = 5000, g = 2;
        SplittableRandom random = new SplittableRandom(77);
        float[] target = new float[(g + 1) * vocab];
        for (int k = 0; k < target.length; k++) target[k] = (float) (2 * random.nextGaussian());
        float[] draft = java.util.Arrays.copyOf(target, g * vocab);
        ReferenceVerifier reference = new ReferenceVerifier();
        for (OpenClVerifier verifier : List.of(OpenClVerifier.javaKernels(OpenClTestDevice.require()),
                OpenClVerifier.handwritten(OpenClTestDevice.require()))) {
            try (verifier) {
                for (SamplingSettings s : List.of(SamplingSettings.DEFAULT.withTopK(20), SamplingSettings.temperature(0.7f).withTopP(0.5f),
                        SamplingSettings.DEFAULT.withMinP(0.3f))) {
                    for (long seed = 0; seed < 8; seed++) {
                        VerificationBatch batch = new VerificationBatch(1, g, vocab).target(FloatRows.of(target, 1, g + 1, vocab))
                                .draftDistribution(DraftDistribution.logits(FloatRows.of(draft, 1, g, vocab)))
                                .settings(s).draftSettings(s).seedAll(seed);
                        batch.drafts(0, lowest(target, vocab), lowest(target, vocab)); // far below every threshold
                        assertEquals(reference.verify(batch).toString(), verifier.verify(batch).toString(), verifier.name() + " " + s);
                    }
                }
            }
        }
    }

    /** The token of row 0 with the smallest logit. */
    private static int lowest(float[] rows, int vocab) {
        int best = 0;
        for (int v = 1; v < vocab; v++) if (rows[v] < rows[best]) best = v;
        return best;
    }
}
