package dev.specula.benchmarks.paper;

/**
 * What a verifier computes, in double precision, for one draft position with target logits z_p
 * and draft logits z_q (temperature 1): the probability of accepting each draft token, the
 * distribution a rejection samples from, and the distribution of the bonus token. From these the
 * accuracy run predicts the acceptance rate and the distribution of emitted tokens
 * ({@link Prediction}), to set beside what the verifier measurably does.
 *
 * <p>The drafts are always drawn from the exact q = softmax(z_q): the draft model samples them,
 * whatever the verifier does afterwards.
 */
enum Formula {
    /**
     * Speculative sampling (Leviathan et al. 2023, algorithm 1): accept d with probability
     * min(1, p(d) / q(d)), resample from norm(max(0, p - q)), bonus from p. Every emitted token
     * follows p exactly.
     */
    EXACT,
    /**
     * The seed paper's sigmoid kernel (Wagner et al. 2024, dwgnr/optimized-speculative-sampling,
     * {@code speculative_sampling_fp32_sigmoid.cu}): p~ = s(z_p), q~ = s(z_q) with
     * s(z) = sigma((z - MIN) / (MAX - MIN)), MIN = -1e4, MAX = 1e4, 0 below MIN and 1 above MAX,
     * not renormalised; accept with min(1, p~(d) / q~(d)); resample from weights
     * max(1e-5, max(0, p~ - q~) / (1e-6 + sum max(0, p~ - q~))); the bonus row is never passed
     * through the kernel, so the bonus is drawn from weights max(1e-5, z) of the raw target logits.
     */
    SIGMOID,
    /** {@link #SIGMOID}, with the bonus drawn from the exact p instead of the raw logits. */
    SIGMOID_EXACT_BONUS;

    static final double MIN_LOGIT = -1e4, MAX_LOGIT = 1e4;
    static final double RESIDUAL_SUM_START = 1e-6, WEIGHT_FLOOR = 1e-5;

    /** The paper's scaled sigmoid of one logit. */
    static double sigmoid(double z) {
        if (z < MIN_LOGIT) return 0;
        if (z > MAX_LOGIT) return 1;
        return 1 / (1 + Math.exp(-(z - MIN_LOGIT) / (MAX_LOGIT - MIN_LOGIT)));
    }

    /** softmax(z) in double, the largest logit subtracted. */
    static double[] softmax(float[] z) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : z) max = Math.max(max, x);
        double[] p = new double[z.length];
        double sum = 0;
        for (int v = 0; v < z.length; v++) sum += p[v] = Math.exp(z[v] - max);
        for (int v = 0; v < z.length; v++) p[v] /= sum;
        return p;
    }

    /** The probability of accepting each token as a draft at a position with these logits. */
    double[] acceptProbability(float[] zp, float[] zq) {
        double[] a = new double[zp.length];
        if (this == EXACT) {
            double[] p = softmax(zp), q = softmax(zq);
            for (int v = 0; v < a.length; v++) a[v] = q[v] == 0 ? 1 : Math.min(1, p[v] / q[v]);
        } else {
            for (int v = 0; v < a.length; v++) {
                double pt = sigmoid(zp[v]), qt = sigmoid(zq[v]);
                a[v] = qt == 0 ? 1 : Math.min(1, pt / qt);
            }
        }
        return a;
    }

    /** The distribution a rejection at a position with these logits samples from. */
    double[] residual(float[] zp, float[] zq) {
        double[] w = new double[zp.length];
        if (this == EXACT) {
            double[] p = softmax(zp), q = softmax(zq);
            for (int v = 0; v < w.length; v++) w[v] = Math.max(0, p[v] - q[v]);
            if (sum(w) == 0) return p;  // p = q: nothing is ever rejected
        } else {
            double clamped = RESIDUAL_SUM_START;
            for (int v = 0; v < w.length; v++) clamped += w[v] = Math.max(0, sigmoid(zp[v]) - sigmoid(zq[v]));
            for (int v = 0; v < w.length; v++) w[v] = Math.max(WEIGHT_FLOOR, w[v] / clamped);
        }
        return normalised(w);
    }

    /** The distribution of the bonus token drawn from target logits {@code zp} after every draft is accepted. */
    double[] bonus(float[] zp) {
        if (this != SIGMOID) return softmax(zp);
        double[] w = new double[zp.length];
        for (int v = 0; v < w.length; v++) w[v] = Math.max(WEIGHT_FLOOR, zp[v]);
        return normalised(w);
    }

    /** Whether the formula's emitted tokens follow the target exactly. */
    boolean exact() {
        return this == EXACT;
    }

    private static double sum(double[] w) {
        double s = 0;
        for (double x : w) s += x;
        return s;
    }

    private static double[] normalised(double[] w) {
        double s = sum(w);
        for (int v = 0; v < w.length; v++) w[v] /= s;
        return w;
    }
}
