package dev.specula.core;

import dev.specula.core.internal.RowMath;

/**
 * Samples draft tokens from draft logits and returns what verification needs, log q(d), so that
 * the q the verifier uses is the distribution the draft was really drawn from.
 *
 * <p>Known bugs of other systems come from breaking that rule (transformers #47932: drafts
 * sampled from processed logits, verified against raw ones). Sampling here uses the same row
 * arithmetic as the verifiers ({@link SamplingSettings}: q = softmax(z / T) truncated by top-k,
 * top-p and min-p and renormalised, arg-max when T = 0) and inverse-CDF selection with a
 * {@link RandomStreams#draftUniform draft uniform}. The truncation threshold is the reference
 * verifier's ({@link RowMath#truncationThreshold}), so every verifier checks a truncated draft
 * against the distribution it was drawn from.
 *
 * <pre>{@code
 * batch.draftDistribution(DraftDistribution.logits(draftRows)).draftSettings(SamplingSettings.temperature(1.2f));
 * for (int i = 0; i < g; i++) {
 *     draftModel.forward(token, draftRows, i);           // writes draft row i
 *     token = DraftSampler.sampleDraft(batch, 0, i);      // records d_i and log q_i(d_i)
 * }
 * }</pre>
 *
 * <p>Without truncation it is allocation-free: no array proportional to V is made. With
 * truncation it sorts a copy of the row (the textbook threshold, O(V log V)) in a per-thread
 * workspace of V floats, kept between calls.
 */
public final class DraftSampler {
    /** Per-thread room for the sorted copy of a row that truncation needs; grown to the largest V seen. */
    private static final ThreadLocal<float[][]> SORTED = ThreadLocal.withInitial(() -> new float[][] {new float[0]});

    private DraftSampler() {}

    /**
     * Samples a token from row r of sequence b of {@code rows} under {@code settings}.
     *
     * @param u a uniform in (0, 1); ignored when the settings are greedy
     */
    public static DraftSample sample(FloatRows rows, int b, int r, SamplingSettings settings, double u) {
        if (!(u > 0 && u < 1)) throw new IllegalArgumentException("uniform must be in (0, 1), got " + u);
        if (rows == null || settings == null) throw new IllegalArgumentException("draft logit rows or settings are null");
        rows.requireRow(b, r);
        rows.requireAlive("draft logits");
        if (settings.isGreedy()) return new DraftSample(RowMath.argmax(rows, b, r, "draft logits"), 0.0);
        float t = settings.temperature();
        float max = RowMath.maxLogit(rows, b, r, "draft logits");
        float cut = settings.truncates()
                ? RowMath.truncationThreshold(rows, b, r, settings, "draft logits", workspace(rows.vocabSize()))
                : Float.NEGATIVE_INFINITY;
        double sum = RowMath.sumWeights(rows, b, r, max, t, cut);
        int token = RowMath.sampleWeights(rows, b, r, max, t, cut, sum, u);
        double logProbability = ((double) rows.get(b, r, token) - max) / t - Math.log(sum);
        return new DraftSample(token, Math.min(0.0, logProbability));
    }

    private static float[] workspace(int vocab) {
        float[][] holder = SORTED.get();
        if (holder[0].length < vocab) holder[0] = new float[vocab];
        return holder[0];
    }

    /**
     * Samples draft i of sequence b from the batch's {@link DraftDistribution.Logits draft
     * logits} with the sequence's draft settings and draft uniform, records the token and its
     * log-probability in the batch, sets the sequence's draft count to {@code i + 1}, and
     * returns the token.
     */
    public static int sampleDraft(VerificationBatch batch, int b, int i) {
        if (!(batch.draftDistribution() instanceof DraftDistribution.Logits(FloatRows rows))) {
            throw new IllegalStateException("sampleDraft needs draft logits in the batch, found " + batch.draftDistribution());
        }
        double u = RandomStreams.draftUniform(batch.seed(b), batch.stream(b), batch.step(b), i);
        DraftSample sample = sample(rows, b, i, batch.draftSettings(b), u);
        batch.draftToken(b, i, sample.token())
                .draftLogProbability(b, i, sample.logProbability())
                .draftCount(b, i + 1);
        return sample.token();
    }
}
