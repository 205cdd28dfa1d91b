package dev.specula.core.internal;

import dev.specula.core.FloatRows;
import dev.specula.core.NonFiniteLogitException;
import dev.specula.core.SamplingSettings;
import java.util.Arrays;

/**
 * The row arithmetic that defines Specula's distributions, shared by the reference verifier and
 * the draft sampler so that q is computed the same way on both sides.
 *
 * <p>For temperature T &gt; 0 the probability of token v is
 * {@code exp((z_v - m) / T) / sum_w exp((z_w - m) / T)} with m the row's largest logit, all in
 * double precision. -infinity logits have probability 0; NaN, +infinity and rows without a finite
 * entry are rejected with {@link NonFiniteLogitException}.
 *
 * <p>Truncation ({@link SamplingSettings}: top-k, top-p, min-p) keeps the tokens whose logit is at
 * or above a threshold: {@link #truncationThreshold} finds it the textbook way, by sorting a copy
 * of the row, and is the oracle for the faster backends. The functions taking a {@code cut}
 * treat every logit below it as masked (weight 0); {@code cut = -infinity} keeps the whole row.
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
        return softmax(rows, b, r, temperature, Float.NEGATIVE_INFINITY, what, out);
    }

    /**
     * Writes the truncated distribution to {@code out[0..V)}: softmax(z / T) restricted to the
     * tokens with {@code z >= cut} and renormalised, T &gt; 0.
     *
     * @return {@code out}
     */
    public static double[] softmax(FloatRows rows, int b, int r, float temperature, float cut, String what, double[] out) {
        float max = maxLogit(rows, b, r, what);
        int n = rows.vocabSize();
        double sum = 0;
        for (int v = 0; v < n; v++) {
            float z = rows.get(b, r, v);
            out[v] = z >= cut ? weight(z, max, temperature) : 0.0;
            sum += out[v];
        }
        for (int v = 0; v < n; v++) out[v] /= sum;
        return out;
    }

    /** Sum of the row's weights exp((z - max) / T), T &gt; 0: softmax's normaliser. */
    public static double sumWeights(FloatRows rows, int b, int r, float max, float temperature) {
        return sumWeights(rows, b, r, max, temperature, Float.NEGATIVE_INFINITY);
    }

    /** Sum of the weights exp((z - max) / T) of the tokens with {@code z >= cut}. */
    public static double sumWeights(FloatRows rows, int b, int r, float max, float temperature, float cut) {
        double sum = 0;
        for (int v = 0, n = rows.vocabSize(); v < n; v++) {
            float z = rows.get(b, r, v);
            if (z >= cut) sum += weight(z, max, temperature);
        }
        return sum;
    }

    /**
     * Inverse-CDF sampling from softmax(z / T) of a row without writing it out: the rule of
     * {@link #sampleInverseCdf} applied to the weights exp((z - max) / T), whose sum is
     * {@code total}.
     */
    public static int sampleWeights(FloatRows rows, int b, int r, float max, float temperature, double total, double u) {
        return sampleWeights(rows, b, r, max, temperature, Float.NEGATIVE_INFINITY, total, u);
    }

    /** As {@link #sampleWeights(FloatRows, int, int, float, float, double, double)}, over the tokens with {@code z >= cut}. */
    public static int sampleWeights(FloatRows rows, int b, int r, float max, float temperature, float cut, double total, double u) {
        double target = u * total;
        double running = 0;
        int lastPositive = -1;
        for (int v = 0, n = rows.vocabSize(); v < n; v++) {
            float z = rows.get(b, r, v);
            double w = z >= cut ? weight(z, max, temperature) : 0.0;
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

    // ---- truncation: the oracle -------------------------------------------------------------------

    /**
     * The min-p rule of {@link SamplingSettings}: whether a logit z is kept by min-p, given the
     * row's largest logit. Every backend evaluates exactly this double expression (or the
     * equivalent logit threshold {@link #minPCut}).
     */
    public static boolean keptByMinP(float z, float max, float temperature, float minP) {
        return weight(z, max, temperature) >= minP;
    }

    /**
     * The smallest float logit that min-p keeps: {@code z >= minPCut(...)} exactly when
     * {@link #keptByMinP} holds, because the weight is monotone in z. Found by bisection over
     * the floats in their bit order against the predicate itself (at most 32 steps), so it agrees
     * with the predicate bit for bit. -infinity when min-p is 0.
     */
    public static float minPCut(float max, float temperature, float minP) {
        if (minP <= 0f) return Float.NEGATIVE_INFINITY;
        long lo = floatKey(-Float.MAX_VALUE), hi = floatKey(max); // hi is kept (weight 1)
        if (keptByMinP(-Float.MAX_VALUE, max, temperature, minP)) return -Float.MAX_VALUE;
        while (hi - lo > 1) {
            long mid = (lo + hi) >> 1;
            if (keptByMinP(fromFloatKey(mid), max, temperature, minP)) hi = mid;
            else lo = mid;
        }
        return fromFloatKey(hi);
    }

    /** A float's bits as a signed key in the order of the floats (-0.0 counted as 0.0; NaN excluded). */
    public static long floatKey(float x) {
        int bits = Float.floatToRawIntBits(x + 0f);
        return bits ^ ((bits >> 31) & 0x7FFFFFFF);
    }

    /** The float of a {@link #floatKey}. */
    public static float fromFloatKey(long key) {
        int k = (int) key;
        return Float.intBitsToFloat(k ^ ((k >> 31) & 0x7FFFFFFF));
    }

    /**
     * The truncation threshold of a row, the textbook way: sort a copy of the logits, then apply
     * top-k, top-p and min-p in the order and with the tie rule of {@link SamplingSettings}. The
     * kept tokens are those with {@code z >= threshold}; -infinity keeps the whole row.
     * Temperature must be &gt; 0. O(V log V): the oracle, not the fast path.
     *
     * @param scratch at least V floats, overwritten
     */
    public static float truncationThreshold(FloatRows rows, int b, int r, SamplingSettings settings, String what, float[] scratch) {
        float max = maxLogit(rows, b, r, what);
        if (!settings.truncates()) return Float.NEGATIVE_INFINITY;
        int n = rows.vocabSize();
        float t = settings.temperature();
        for (int v = 0; v < n; v++) scratch[v] = rows.get(b, r, v) + 0f; // + 0f: -0.0 and 0.0 are one value
        Arrays.sort(scratch, 0, n);
        // scratch ascending; walk it from the top. Top-k: the k-th largest value, ties included.
        int lowestKept = settings.hasTopK() && settings.topK() < n ? n - settings.topK() : 0;
        float cut = scratch[lowestKept];
        if (settings.topP() < 1f) {
            int first = lowestKept;
            while (first > 0 && scratch[first - 1] == cut) first--;  // the whole tie group of the k-th value
            double kept = 0;
            for (int i = n - 1; i >= first; i--) kept += weight(scratch[i], max, t);
            double above = 0, limit = settings.topP() * kept;
            int i = n - 1;
            while (i >= first && above < limit) {
                float value = scratch[i];
                cut = value;
                for (; i >= first && scratch[i] == value; i--) above += weight(value, max, t);
            }
        }
        if (settings.minP() > 0f) cut = Math.max(cut, minPCut(max, t, settings.minP()));
        return cut;
    }
}
