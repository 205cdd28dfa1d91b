package dev.specula.core;

import java.util.Arrays;
import java.util.Comparator;

/**
 * The truncated distribution of {@link SamplingSettings}, computed in the test independently of
 * the code under test: from the definitions of its Javadoc, by comparing every token with the
 * others in a list ordered by logit, in double precision.
 */
public final class Truncations {
    private Truncations() {}

    /**
     * softmax(z / T), then top-k, top-p (over the top-k set), min-p, renormalised; one-hot at the
     * first maximum when T = 0.
     */
    public static double[] distribution(float[] z, SamplingSettings s) {
        double[] p = Distributions.softmax(z, s.temperature());
        if (s.isGreedy() || !s.truncates()) return p;
        int n = z.length;
        Integer[] order = new Integer[n];
        for (int v = 0; v < n; v++) order[v] = v;
        Arrays.sort(order, Comparator.comparingDouble((Integer v) -> z[v]).reversed());
        // greater[v]: how many tokens have a strictly greater logit; above[v]: their probability.
        int[] greater = new int[n];
        double[] above = new double[n];
        double running = 0;
        for (int i = 0; i < n; ) {
            int j = i;
            double group = 0;
            while (j < n && z[order[j]] == z[order[i]]) group += p[order[j++]];
            for (int m = i; m < j; m++) {
                greater[order[m]] = i;
                above[order[m]] = running;
            }
            running += group;
            i = j;
        }
        boolean[] keep = new boolean[n];
        double keptByK = 0;
        for (int v = 0; v < n; v++) {
            keep[v] = !s.hasTopK() || greater[v] < s.topK();
            if (keep[v]) keptByK += p[v];
        }
        // Within the top-k set, "mass above" is the same sum (tokens above a kept token are kept).
        if (s.topP() < 1f) for (int v = 0; v < n; v++) keep[v] &= above[v] < s.topP() * keptByK;
        double max = z[order[0]];
        if (s.minP() > 0f) for (int v = 0; v < n; v++) keep[v] &= Math.exp((z[v] - max) / s.temperature()) >= s.minP();
        double mass = 0;
        for (int v = 0; v < n; v++) if (keep[v]) mass += p[v];
        double[] out = new double[n];
        for (int v = 0; v < n; v++) out[v] = keep[v] ? p[v] / mass : 0;
        return out;
    }

    /** How many tokens the settings keep in row z. */
    public static int kept(float[] z, SamplingSettings s) {
        int count = 0;
        for (double x : distribution(z, s)) if (x > 0) count++;
        return count;
    }
}
