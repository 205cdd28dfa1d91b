package dev.specula.core;

import static dev.specula.core.Distributions.assertFollows;
import static dev.specula.core.Distributions.beta;

import java.util.Arrays;

/**
 * {@link ExactnessChecks} for truncated settings: the whole draft-then-verify step run many times
 * with drafts freshly sampled by {@link DraftSampler} from the draft's truncated q, the emitted
 * tokens compared with the truncated target distributions computed by {@link Truncations}.
 */
final class TruncatedChecks {
    private TruncatedChecks() {}

    /** A chain: g+1 target rows and their settings; g draft rows and theirs (the draft's q is what it is sampled from). */
    record Chain(float[][] target, SamplingSettings settings, float[][] draft, SamplingSettings draftSettings) {
        int vocab() {
            return target[0].length;
        }

        int drafts() {
            return target.length - 1;
        }

        double[] p(int i) {
            return Truncations.distribution(target[i], settings);
        }

        double[] q(int i) {
            return Truncations.distribution(draft[i], draftSettings);
        }
    }

    /**
     * Asserts, each by chi-square at 1e-3 over {@link ExactnessChecks#TRIALS} trials, that (a) the
     * first emitted token follows the truncated p_0, (b) the second, after an accepted draft,
     * follows the truncated p_1, (c) the number of accepted drafts follows beta_i = sum min(p_i, q_i)
     * of the truncated p_i and q_i.
     */
    static void assertExact(String what, ChainVerifier verifier, Chain chain, long seed) {
        int vocab = chain.vocab(), g = chain.drafts(), batchSize = ExactnessChecks.BATCH;
        VerificationBatch batch = new VerificationBatch(batchSize, g, vocab)
                .target(FloatRows.of(ExactnessChecks.replicate(chain.target(), g + 1, batchSize), batchSize, g + 1, vocab))
                .settings(chain.settings())
                .draftDistribution(DraftDistribution.logits(FloatRows.of(ExactnessChecks.replicate(chain.draft(), g, batchSize), batchSize, g, vocab)))
                .draftSettings(chain.draftSettings())
                .seedAll(seed);
        VerificationResult result = VerificationResult.forBatch(batch);
        long[] first = new long[vocab], second = new long[vocab], accepted = new long[g + 1];
        for (int call = 0; call < ExactnessChecks.TRIALS / batchSize; call++) {
            batch.stepAll(call);
            for (int b = 0; b < batchSize; b++) {
                for (int i = 0; i < g; i++) {
                    DraftSampler.sampleDraft(batch, b, i);
                    // Every other call forgets the recorded log q, so that the draft rows are read and truncated too.
                    if (call % 2 == 1) batch.draftToken(b, i, batch.draftToken(b, i));
                }
            }
            verifier.verify(batch, result);
            for (int b = 0; b < batchSize; b++) {
                first[result.emitted(b, 0)]++;
                accepted[result.accepted(b)]++;
                if (result.accepted(b) >= 1) second[result.emitted(b, 1)]++;
            }
        }
        assertFollows(what + ", first token", chain.p(0), first);
        if (g >= 1 && Arrays.stream(second).sum() > 0) assertFollows(what + ", second token after an accepted draft", chain.p(1), second);
        double[] lengths = new double[g + 1];
        double reach = 1;
        for (int k = 0; k < g; k++) {
            double b = beta(chain.p(k), chain.q(k));
            lengths[k] = reach * (1 - b);
            reach *= b;
        }
        lengths[g] = reach;
        assertFollows(what + ", accepted drafts", lengths, accepted);
    }
}
