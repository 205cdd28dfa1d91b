package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.FloatRows;
import dev.specula.core.ReferenceVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The CUDA backend's host logic with truncated settings: {@link PipelineInputs} writes every
 * sequence's top-k, top-p and min-p (target and draft), {@link PipelinePlan#launches(boolean)}
 * adds the threshold stage, and the hand-written C run on PoCL emits the reference verifier's
 * tokens. Sixty fixed random batches (per-sequence settings mixing all three truncations,
 * draft logits sampled from their own truncated q); the full truncated agreement suite runs on
 * the same C through {@code OpenClVerifier.handwritten}.
 */
class PlanOnOpenClTruncationTest {
    private static SamplingSettings settings(SplittableRandom random, int vocab) {
        SamplingSettings s = SamplingSettings.temperature(new float[] {0.5f, 1f, 1.5f}[random.nextInt(3)]);
        if (random.nextBoolean()) s = s.withTopK(new int[] {1, 3, 40, vocab / 2}[random.nextInt(4)]);
        if (random.nextBoolean()) s = s.withTopP(new float[] {0.3f, 0.8f, 0.95f}[random.nextInt(3)]);
        if (random.nextInt(3) == 0) s = s.withMinP(new float[] {0.02f, 0.3f}[random.nextInt(2)]);
        return s;
    }

    @Test
    void truncatedBatchesGetTheReferenceTokens() {
        SplittableRandom random = new SplittableRandom(66);
        ReferenceVerifier reference = new ReferenceVerifier();
        // Work-groups of up to 256, as CUDA's blocks: at V = 5000 they are 128 wide, wider than the threshold
        // stage's 64 counting work-items, so the others only join its barriers, as on a GPU.
        try (OpenClPlanVerifier plan = new OpenClPlanVerifier(OpenClTestDevice.require(), 256)) {
            for (int c = 0; c < 60; c++) {
                int sequences = 1 + random.nextInt(3), g = random.nextInt(4), vocab = new int[] {50, 700, 5000}[random.nextInt(3)];
                float[] target = new float[sequences * (g + 1) * vocab], draft = new float[sequences * Math.max(g, 1) * vocab];
                for (int k = 0; k < target.length; k++) target[k] = (float) (2 * random.nextGaussian());
                for (int k = 0; k < draft.length; k++) draft[k] = (float) (2 * random.nextGaussian());
                boolean logits = random.nextBoolean();
                VerificationBatch batch = new VerificationBatch(sequences, g, vocab).target(FloatRows.of(target, sequences, g + 1, vocab))
                        .draftDistribution(logits ? DraftDistribution.logits(FloatRows.of(draft, sequences, Math.max(g, 1), vocab))
                                : DraftDistribution.oneHot())
                        .seedAll(c);
                for (int b = 0; b < sequences; b++) {
                    batch.settings(b, settings(random, vocab)).draftSettings(b, settings(random, vocab));
                    for (int i = 0; i < g; i++) {
                        if (logits) DraftSampler.sampleDraft(batch, b, i);
                        else batch.draftToken(b, i, random.nextInt(vocab));
                    }
                    batch.draftCount(b, g);
                }
                assertEquals(reference.verify(batch).toString(), plan.verify(batch).toString(), "case " + c);
            }
        }
    }
}
