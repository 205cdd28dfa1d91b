package dev.specula.kernels.pipeline;

import dev.specula.core.DraftDistribution;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;

/**
 * Which batches need the {@link Stage#THRESHOLD} stage: those with a row whose distribution is
 * truncated (top-k, top-p or min-p at a positive temperature), for the target, or for the draft
 * when its rows are logits. Every other batch skips the stage, so the temperature-only pipeline
 * runs exactly as before.
 */
public final class Truncation {
    private Truncation() {}

    /** Whether some row of {@code batch} is truncated. */
    public static boolean anyRow(VerificationBatch batch) {
        boolean draftLogits = batch.draftDistribution() instanceof DraftDistribution.Logits && batch.maxDrafts() > 0;
        for (int b = 0; b < batch.sequences(); b++) {
            if (truncates(batch.settings(b))) return true;
            if (draftLogits && truncates(batch.draftSettings(b))) return true;
        }
        return false;
    }

    private static boolean truncates(SamplingSettings settings) {
        return !settings.isGreedy() && settings.truncates();
    }
}
