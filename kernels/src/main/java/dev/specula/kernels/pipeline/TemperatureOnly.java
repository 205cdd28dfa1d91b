package dev.specula.kernels.pipeline;

import dev.specula.core.DraftDistribution;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;

/**
 * A guard for backends that form p and q by temperature alone: a batch asking for top-k, top-p
 * or min-p (core's {@link SamplingSettings#truncates()}) is refused before any native call rather
 * than verified against the wrong distributions. The device pipeline itself truncates (its
 * {@link Stage#THRESHOLD} stage), so {@code OpenClVerifier} and {@code CudaVerifier} do not call
 * this; verifiers that reproduce published temperature-only kernels do.
 */
public final class TemperatureOnly {
    private TemperatureOnly() {}

    /**
     * @throws IllegalArgumentException naming the first sequence whose target settings, or whose
     *     draft settings when the drafts are given as logits, truncate
     */
    public static void require(VerificationBatch batch, String backend) {
        boolean draftLogits = batch.draftDistribution() instanceof DraftDistribution.Logits;
        for (int b = 0; b < batch.sequences(); b++) {
            if (batch.settings(b).truncates()) throw refused(backend, "target", b, batch.settings(b));
            if (draftLogits && batch.draftSettings(b).truncates()) throw refused(backend, "draft", b, batch.draftSettings(b));
        }
    }

    private static IllegalArgumentException refused(String backend, String which, int b, SamplingSettings settings) {
        return new IllegalArgumentException("the " + backend + " backend verifies temperature-only distributions, but the " + which
                + " settings of sequence " + b + " truncate (" + settings + "): use FastVerifier for top-k, top-p and min-p");
    }
}
