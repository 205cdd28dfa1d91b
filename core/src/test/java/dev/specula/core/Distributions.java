package dev.specula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.statistics.inference.ChiSquareTest;

/**
 * Test-side arithmetic and statistics, written independently of the code under test: plain
 * softmax, beta = sum min(p, q), total-variation distance, and a chi-square goodness-of-fit
 * assertion.
 *
 * <h2>Significance and power</h2>
 * Every goodness-of-fit assertion rejects at {@link #ALPHA} = 1e-3. The seeds are fixed, so a run
 * is reproducible. For a bias of total-variation distance d between the emitted and the exact
 * distribution, the chi-square statistic over N samples has non-centrality
 * {@code lambda = N * sum (r - p)^2 / p >= N * (sum |r - p|)^2 = 4 N d^2} (Cauchy-Schwarz, sum p
 * &lt;= 1), whatever the shape of the bias. With N = 200,000 and d = 0.01, lambda >= 80: for up
 * to 50 degrees of freedom the critical value at 1e-3 is 86.7 while the statistic has mean
 * >= 130 and standard deviation ~ 20, so such a bias is detected with probability >= 0.98.
 */
public final class Distributions {
    static final double ALPHA = 1e-3;
    /** Cells whose expected count is below this are pooled, as the chi-square approximation requires. */
    static final double MIN_EXPECTED = 5;

    private Distributions() {}

    /** softmax(z / t) in double; t = 0 gives one-hot at the first maximum. -inf gives 0. */
    public static double[] softmax(float[] z, double t) {
        int best = 0;
        for (int v = 1; v < z.length; v++) if (z[v] > z[best]) best = v;
        double[] p = new double[z.length];
        if (t == 0) {
            p[best] = 1;
            return p;
        }
        double sum = 0;
        for (int v = 0; v < z.length; v++) sum += p[v] = Math.exp((z[v] - (double) z[best]) / t);
        for (int v = 0; v < z.length; v++) p[v] /= sum;
        return p;
    }

    /** The first v whose running sum of {@code p} exceeds {@code u}; the last nonzero v if rounding leaves none. */
    public static int inverseCdf(double[] p, double u) {
        double running = 0;
        int last = -1;
        for (int v = 0; v < p.length; v++) {
            if (p[v] > 0) {
                running += p[v];
                last = v;
                if (running > u) return v;
            }
        }
        return last;
    }

    static double beta(double[] p, double[] q) {
        double s = 0;
        for (int v = 0; v < p.length; v++) s += Math.min(p[v], q[v]);
        return s;
    }

    static double[] oneHot(int vocab, int token) {
        double[] p = new double[vocab];
        p[token] = 1;
        return p;
    }

    static double totalVariation(double[] p, double[] r) {
        double s = 0;
        for (int v = 0; v < p.length; v++) s += Math.abs(p[v] - r[v]);
        return s / 2;
    }

    static double totalVariation(double[] p, long[] counts) {
        return totalVariation(p, frequencies(counts));
    }

    static double[] frequencies(long[] counts) {
        long n = Arrays.stream(counts).sum();
        return Arrays.stream(counts).mapToDouble(c -> (double) c / n).toArray();
    }

    /**
     * Chi-square p-value of {@code observed} counts against probabilities {@code p}. Cells of
     * probability 0 must be empty (an emitted impossible token fails at once); cells with small
     * expected counts are pooled.
     */
    static double pValue(String what, double[] p, long[] observed) {
        assertEquals(p.length, observed.length, what + ": cell counts");
        long n = Arrays.stream(observed).sum();
        assertTrue(n > 0, what + ": no samples");
        List<double[]> cells = new ArrayList<>();   // {expected, observed}
        double pooledExpected = 0, pooledObserved = 0;
        for (int v = 0; v < p.length; v++) {
            if (p[v] == 0) {
                if (observed[v] != 0) fail(what + ": token " + v + " has probability 0 but was emitted " + observed[v] + " times");
                continue;
            }
            double e = p[v] * n;
            if (e < MIN_EXPECTED) {
                pooledExpected += e;
                pooledObserved += observed[v];
            } else {
                cells.add(new double[] {e, observed[v]});
            }
        }
        if (pooledExpected > 0) cells.add(new double[] {pooledExpected, pooledObserved});
        if (cells.size() < 2) return 1.0;   // a single cell carries no information
        double[] expected = cells.stream().mapToDouble(c -> c[0]).toArray();
        long[] counts = cells.stream().mapToLong(c -> (long) c[1]).toArray();
        return ChiSquareTest.withDefaults().test(expected, counts).getPValue();
    }

    /** Asserts that {@code observed} is a sample of {@code p} (chi-square at {@link #ALPHA}). */
    static void assertFollows(String what, double[] p, long[] observed) {
        double pValue = pValue(what, p, observed);
        assertTrue(pValue >= ALPHA, String.format("%s: emitted distribution differs from the exact one: chi-square p = %.3g,"
                + " TV = %.4f over %d samples", what, pValue, totalVariation(p, observed), Arrays.stream(observed).sum()));
    }
}
