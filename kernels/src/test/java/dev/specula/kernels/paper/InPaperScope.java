package dev.specula.kernels.paper;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import java.util.Arrays;

/**
 * Core's exactness and agreement suites also draw one-hot drafts, probability drafts, greedy
 * drafts and greedy targets, which a {@link PaperVerifier} refuses (it verifies draft-model
 * logits at T > 0). This wrapper hands the paper verifier the same chain in its scope: every
 * such distribution is written as logit rows at T = 1 whose softmax is that distribution
 * (one-hot at token t: 0 at t, -infinity elsewhere; probabilities: their logarithms), and every
 * other input (drafts, counts, recorded log q, random streams) is passed unchanged. So every
 * token of the suites still comes from the paper verifier's kernels, on an equivalent chain.
 */
final class InPaperScope implements ChainVerifier {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;
    private final PaperVerifier verifier;

    InPaperScope(PaperVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void verify(VerificationBatch batch, VerificationResult result) {
        verifier.verify(inScope(batch), result);
    }

    @Override
    public String name() {
        return verifier.name();
    }

    @Override
    public boolean exact() {
        return verifier.exact();
    }

    @Override
    public void close() {
        verifier.close();
    }

    /** The same chain as draft-model logits at T > 0 (the batch itself when it is already). */
    static VerificationBatch inScope(VerificationBatch batch) {
        int sequences = batch.sequences(), g = batch.maxDrafts(), vocab = batch.vocabSize();
        boolean greedyTarget = false, greedyDraft = false;
        for (int b = 0; b < sequences; b++) {
            greedyTarget |= batch.settings(b).temperature() == 0f;
            greedyDraft |= batch.draftSettings(b).temperature() == 0f;
        }
        if (batch.draftDistribution() instanceof DraftDistribution.Logits && !greedyTarget && !greedyDraft) return batch;

        FloatRows target = batch.target();
        float[] targetLogits = new float[sequences * (g + 1) * vocab];
        for (int b = 0; b < sequences; b++) {
            boolean greedy = batch.settings(b).temperature() == 0f;
            for (int r = 0; r <= g; r++) {
                int at = (b * (g + 1) + r) * vocab;
                if (greedy) {
                    oneHot(targetLogits, at, vocab, argmax(target, b, r));
                } else {
                    for (int v = 0; v < vocab; v++) targetLogits[at + v] = target.get(b, r, v);
                }
            }
        }
        float[] draftLogits = new float[Math.max(1, sequences * g * vocab)];
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < g; i++) {
                int at = (b * g + i) * vocab;
                switch (batch.draftDistribution()) {
                    case DraftDistribution.Logits(FloatRows rows) -> {
                        if (batch.draftSettings(b).temperature() == 0f) {
                            oneHot(draftLogits, at, vocab, argmax(rows, b, i));
                        } else {
                            for (int v = 0; v < vocab; v++) draftLogits[at + v] = rows.get(b, i, v);
                        }
                    }
                    case DraftDistribution.Probabilities(FloatRows rows) -> {
                        for (int v = 0; v < vocab; v++) draftLogits[at + v] = (float) Math.log(rows.get(b, i, v));
                    }
                    case DraftDistribution.OneHot o -> oneHot(draftLogits, at, vocab, i < batch.draftCount(b) ? batch.draftToken(b, i) : 0);
                }
            }
        }
        VerificationBatch copy = new VerificationBatch(sequences, g, vocab).target(FloatRows.of(targetLogits, sequences, g + 1, vocab))
                .draftDistribution(DraftDistribution.logits(FloatRows.of(draftLogits, sequences, g, vocab)));
        boolean logitDrafts = batch.draftDistribution() instanceof DraftDistribution.Logits;
        for (int b = 0; b < sequences; b++) {
            float t = batch.settings(b).temperature(), tq = batch.draftSettings(b).temperature();
            copy.settings(b, SamplingSettings.temperature(t == 0f ? 1f : t))
                    .draftSettings(b, SamplingSettings.temperature(logitDrafts && tq != 0f ? tq : 1f))
                    .seed(b, batch.seed(b)).stream(b, batch.stream(b)).step(b, batch.step(b));
            for (int i = 0; i < batch.draftCount(b); i++) {
                copy.draftToken(b, i, batch.draftToken(b, i));
                double recorded = batch.draftLogProbability(b, i);
                if (!Double.isNaN(recorded)) copy.draftLogProbability(b, i, recorded);
            }
            copy.draftCount(b, batch.draftCount(b));
        }
        return copy;
    }

    private static void oneHot(float[] logits, int at, int vocab, int token) {
        Arrays.fill(logits, at, at + vocab, NEG_INF);
        logits[at + token] = 0f;
    }

    /** The arg-max of a row, lowest index among ties, as core's verifiers take it. */
    private static int argmax(FloatRows rows, int b, int r) {
        int best = 0;
        for (int v = 1; v < rows.vocabSize(); v++) if (rows.get(b, r, v) > rows.get(b, r, best)) best = v;
        return best;
    }
}
