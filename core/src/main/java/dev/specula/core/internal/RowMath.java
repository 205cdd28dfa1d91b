package dev.specula.core.internal;

import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;

/**
 * The row arithmetic that defines Specula's distributions, shared by the reference verifier and
 * the draft sampler so that q is computed the same way on both sides.
 *
 * <p>For temperature T &gt; 0 the probability of token v is
 * {@code exp((z_v - m) / T) / sum_w exp((z_w - m) / T)} with m the row's largest logit, all in
 * double precision. -infinity logits have probability 0; NaN, +infinity and rows without a finite
 * entry are rejected with {@link NonFiniteLogitException}.
 */
public final class RowMath {
    private RowMath() {}

    /** The largest logit of the row, after checking every entry. */
    public static float maxLogit(FloatRows rows, int b, int r, String what) {
        return rows.get(b, r, argmax(rows, b, r, what));
    }

    /** The arg-max of the row (lowest token id among equal maxima), after checking every entry. */
    public static int argmax(FloatRows rows, int b, int r, String what) {
        int best = -1;
        float max = Float.NEGATIVE_INFINITY;
        for (int v = 0, n = rows.vocabSize(); v < n; v++) {
            float z = rows.get(b, r, v);
            if (Float.isNaN(z) || z == Float.POSITIVE_INFINITY) throw new NonFiniteLogitException(what, b, r, v, z);
            if (z > max) {
                max = z;
                best = v;
            }
        }
        if (best < 0) throw new NonFiniteLogitException(what, b, r, -1, Float.NEGATIVE_INFINITY);
        return best;
    }

    /** Unnormalised weight exp((z - max) / T) of one logit. */
    public static double weight(float z, float max, float temperature) {
        return Math.exp(((double) z - max) / temperature);
    }

    /**
     * Writes softmax(z / T) of the row to {@code out[0..V)}, T &gt; 0.
     *
     * @return {@code out}
     */
    public static double[] softmax(FloatRows rows, int b, int r, float temperature, String what, double[] out) {
        float max = maxLogit(rows, b, r, what);
        int n = rows.vocabSize();
        double sum = 0;
        for (int v = 0; v < n; v++) {
            out[v] = weight(rows.get(b, r, v), max, temperature);
            sum += out[v];
        }
        for (int v = 0; v < n; v++) out[v] /= sum;
        return out;
    }

    /** Sum of the row's weights exp((z - max) / T), T &gt; 0: softmax's normaliser. */
    public static double sumWeights(FloatRows rows, int b, int r, float max, float temperature) {
        double sum = 0;
        for (int v = 0, n = rows.vocabSize(); v < n; v++) sum += weight(rows.get(b, r, v), max, temperature);
        return sum;
    }

    /**
     * Inverse-CDF sampling from softmax(z / T) of a row without writing it out: the rule of
     * {@link #sampleInverseCdf} applied to the weights exp((z - max) / T), whose sum is
     * {@code total}.
     */
    public static int sampleWeights(FloatRows rows, int b, int r, float max, float temperature, double total, double u) {
        double target = u * total;
        double running = 0;
        int lastPositive = -1;
        for (int v = 0, n = rows.vocabSize(); v < n; v++) {
            double w = weight(rows.get(b, r, v), max, temperature);
            if (w > 0) {
                running += w;
                lastPositive = v;
                if (running > target) return v;
            }
        }
        return lastPositive;
    }

    /**
     * Inverse-CDF sampling from non-negative weights {@code w[0..n)} with total {@code total}:
     * the first v whose running sum exceeds {@code u * total}. If rounding makes the running sum
     * never exceed it, the last token of positive weight is returned, so a token of weight 0 is
     * never drawn.
     */
    public static int sampleInverseCdf(double[] w, int n, double total, double u) {
        double target = u * total;
        double running = 0;
        int lastPositive = -1;
        for (int v = 0; v < n; v++) {
            if (w[v] > 0) {
                running += w[v];
                lastPositive = v;
                if (running > target) return v;
            }
        }
        if (lastPositive < 0) throw new IllegalStateException("no token has positive weight");
        return lastPositive;
    }
}
