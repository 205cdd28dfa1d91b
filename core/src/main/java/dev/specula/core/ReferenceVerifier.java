package dev.specula.core;

import dev.specula.core.internal.RowMath;
import java.util.Arrays;

/**
 * The textbook chain verifier, written for clarity: it is the oracle every faster backend is
 * tested against. Per position it forms the full distributions p and q in double precision,
 * applies the ratio test, and at a rejection builds the residual max(0, p - q), normalises it and
 * samples it by inverse CDF (Leviathan et al. 2023, algorithm 1; Chen et al. 2023, algorithm 2).
 *
 * <p>Truncated settings (top-k, top-p, min-p; {@link SamplingSettings}) are applied the textbook
 * way: each row's threshold comes from a sorted copy of its logits
 * ({@link RowMath#truncationThreshold}), and p and q are the renormalised distributions over the
 * kept tokens — the target's with the target settings, the draft's with the draft settings, so
 * the draft may be truncated differently from the target and q is still what it was sampled from.
 *
 * <h2>Edge cases, as defined for every backend</h2>
 * <ul>
 *   <li><b>u = 0</b> cannot occur: {@link RandomStreams} uniforms lie in [2^-53, 1 - 2^-53].
 *   <li><b>q(d) = 0</b>: the draft could not have been drawn from q, so it is rejected (and the
 *       residual is then p itself, up to where q is positive).
 *   <li><b>p(d) &gt;= q(d)</b>: always accepted, since u &lt; 1.
 *   <li><b>Residual mass 0</b> (p equals q up to rounding, so no mass is left): the correction
 *       is sampled from p.
 *   <li><b>An inverse-CDF draw that rounding pushes past the last token</b>: the last token of
 *       positive weight is taken; a token of weight 0 is never emitted.
 *   <li><b>-infinity logits</b> give probability 0 (masked tokens); NaN, +infinity, or a row
 *       with no finite logit raise {@link NonFiniteLogitException}.
 *   <li><b>V = 1</b>: p = q = [1]; every draft (necessarily token 0) is accepted.
 *   <li><b>Greedy target</b> (temperature 0): accept iff d is the target's arg-max (lowest id
 *       among ties); emit the arg-max. q is not read.
 *   <li><b>Greedy draft settings</b> with draft logits: q is one-hot at the draft's arg-max.
 *   <li><b>Draft probabilities</b> are used as given; each row must be finite, non-negative and
 *       sum to 1 within 1e-3.
 *   <li>A recorded {@linkplain VerificationBatch#draftLogProbability draft log-probability}
 *       that disagrees with the draft row by more than 1e-4 is rejected: the draft was not
 *       sampled from the q it is verified against.
 * </ul>
 *
 * <p>Not thread-safe: it keeps its row workspaces (grown to V on first use) between calls.
 */
public final class ReferenceVerifier implements ChainVerifier {
    /** How far a recorded draft log-probability may be from the one computed from its row. */
    static final double LOG_PROBABILITY_TOLERANCE = 1e-4;
    /** How far a row of draft probabilities may sum from 1. */
    static final double PROBABILITY_SUM_TOLERANCE = 1e-3;

    private double[] p = new double[0];
    private double[] q = new double[0];
    private double[] residual = new double[0];
    private float[] sorted = new float[0];
    // Outcomes of the current call, copied to the result only once every sequence has been
    // verified, so that a call that throws leaves the result as it was.
    private int[] stagedAccepted = new int[0];
    private int[] stagedToken = new int[0];
    private Ending[] stagedEnding = new Ending[0];

    @Override
    public String name() {
        return "reference";
    }

    @Override
    public void verify(VerificationBatch batch, VerificationResult result) {
        batch.validate();
        result.requireFits(batch);
        int vocab = batch.vocabSize();
        if (p.length < vocab) {
            p = new double[vocab];
            q = new double[vocab];
            residual = new double[vocab];
            sorted = new float[vocab];
        }
        int sequences = batch.sequences();
        if (stagedAccepted.length < sequences) {
            stagedAccepted = new int[sequences];
            stagedToken = new int[sequences];
            stagedEnding = new Ending[sequences];
        }
        for (int b = 0; b < sequences; b++) verifySequence(batch, b);
        for (int b = 0; b < sequences; b++) result.set(b, stagedAccepted[b], stagedToken[b], stagedEnding[b], batch);
    }

    private void stage(int b, int acceptedDrafts, int nextToken, Ending ending) {
        stagedAccepted[b] = acceptedDrafts;
        stagedToken[b] = nextToken;
        stagedEnding[b] = ending;
    }

    private void verifySequence(VerificationBatch batch, int b) {
        FloatRows target = batch.target();
        int n = batch.draftCount(b);
        SamplingSettings settings = batch.settings(b);
        long seed = batch.seed(b), step = batch.step(b);
        int stream = batch.stream(b);

        if (settings.isGreedy()) {
            for (int i = 0; i < n; i++) {
                int best = RowMath.argmax(target, b, i, "target logits");
                if (batch.draftToken(b, i) != best) {
                    stage(b, i, best, Ending.CORRECTION);
                    return;
                }
            }
            stage(b, n, RowMath.argmax(target, b, n, "target logits"), Ending.BONUS);
            return;
        }

        int vocab = batch.vocabSize();
        for (int i = 0; i < n; i++) {
            int d = batch.draftToken(b, i);
            targetRow(target, b, i, settings);
            draftRow(batch, b, i, q);
            double u = RandomStreams.acceptUniform(seed, stream, step, i);
            boolean accepted = q[d] > 0 && u < p[d] / q[d];
            if (!accepted) {
                double mass = 0;
                for (int v = 0; v < vocab; v++) {
                    residual[v] = Math.max(0.0, p[v] - q[v]);
                    mass += residual[v];
                }
                double[] from = mass > 0 ? residual : p;
                double total = mass > 0 ? mass : 1.0;
                int token = RowMath.sampleInverseCdf(from, vocab, total, RandomStreams.sampleUniform(seed, stream, step, i));
                stage(b, i, token, Ending.CORRECTION);
                return;
            }
        }
        targetRow(target, b, n, settings);
        int bonus = RowMath.sampleInverseCdf(p, vocab, 1.0, RandomStreams.sampleUniform(seed, stream, step, n));
        stage(b, n, bonus, Ending.BONUS);
    }

    /** Writes the (truncated) target distribution of row r to {@link #p}. */
    private void targetRow(FloatRows target, int b, int r, SamplingSettings settings) {
        float cut = RowMath.truncationThreshold(target, b, r, settings, "target logits", sorted);
        RowMath.softmax(target, b, r, settings.temperature(), cut, "target logits", p);
    }

    /** Writes q_i of sequence b to {@code out} and checks a recorded log q_i(d_i) against it. */
    private void draftRow(VerificationBatch batch, int b, int i, double[] out) {
        int vocab = batch.vocabSize();
        int d = batch.draftToken(b, i);
        switch (batch.draftDistribution()) {
            case DraftDistribution.OneHot o -> {
                Arrays.fill(out, 0, vocab, 0.0);
                out[d] = 1.0;
            }
            case DraftDistribution.Logits(FloatRows rows) -> {
                SamplingSettings draft = batch.draftSettings(b);
                if (draft.isGreedy()) {
                    Arrays.fill(out, 0, vocab, 0.0);
                    out[RowMath.argmax(rows, b, i, "draft logits")] = 1.0;
                } else {
                    float cut = RowMath.truncationThreshold(rows, b, i, draft, "draft logits", sorted);
                    RowMath.softmax(rows, b, i, draft.temperature(), cut, "draft logits", out);
                }
            }
            case DraftDistribution.Probabilities(FloatRows rows) -> {
                double sum = 0;
                for (int v = 0; v < vocab; v++) {
                    float x = rows.get(b, i, v);
                    if (!(x >= 0f && x <= 1f)) {
                        throw new IllegalArgumentException("draft probability of sequence " + b + ", row " + i + ", token " + v
                                + " is " + x + ", not in [0, 1]");
                    }
                    out[v] = x;
                    sum += x;
                }
                if (Math.abs(sum - 1.0) > PROBABILITY_SUM_TOLERANCE) {
                    throw new IllegalArgumentException("draft probabilities of sequence " + b + ", row " + i + " sum to " + sum
                            + ", not 1");
                }
            }
        }
        double recorded = batch.draftLogProbability(b, i);
        if (!Double.isNaN(recorded) && !(Math.abs(recorded - Math.log(out[d])) <= LOG_PROBABILITY_TOLERANCE)) {
            throw new IllegalArgumentException("draft " + i + " of sequence " + b + " (token " + d + ") was recorded with log q = "
                    + recorded + " but its draft distribution gives " + Math.log(out[d])
                    + ": the draft was not sampled from the distribution it is verified against");
        }
    }
}
