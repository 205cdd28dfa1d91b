package dev.specula.benchmarks.paper;

import java.util.Arrays;
import java.util.Comparator;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * The outcome space on which the total-variation distance of emitted tokens is estimated: the
 * tokens of one target distribution p, taken in order of decreasing p, cut into consecutive bins
 * of at least {@code 1 / maxBins} of p's mass (a likely token is a bin of its own; the long tail
 * of unlikely tokens is pooled).
 *
 * <h2>Why pool</h2>
 * With V = 256000 and a few thousand samples, most tokens are never drawn and the empirical TV
 * over single tokens is dominated by the unseen tail: about the mass of the tokens with
 * p &lt; 1 / N, close to 0.4 for a Zipf row with exponent 1, for a perfectly exact sampler. Over
 * at most K bins the noise is at most {@code sqrt(2K / (pi N)) / 2}. Pooling is a function applied
 * to both distributions, so the binned TV never exceeds the token TV (it can hide a difference,
 * never invent one), and an exact sampler's binned TV still has expectation at the noise level.
 * The binned TV that a variant's formula predicts ({@link #tv}) is what the estimate converges to.
 */
final class TokenBins {
    private final int[] binOf;
    private final double[] mass;

    private TokenBins(int[] binOf, double[] mass) {
        this.binOf = binOf;
        this.mass = mass;
    }

    /** Bins for distribution {@code p} (non-negative, summing to 1) with at most {@code maxBins} bins. */
    static TokenBins of(double[] p, int maxBins) {
        if (maxBins < 1) throw new IllegalArgumentException("maxBins must be >= 1, got " + maxBins);
        Integer[] order = IntStream.range(0, p.length).boxed().toArray(Integer[]::new);
        Arrays.sort(order, Comparator.comparingDouble((Integer v) -> -p[v]).thenComparingInt(v -> v));
        int[] binOf = new int[p.length];
        double[] mass = new double[maxBins];
        double goal = 1.0 / maxBins;
        int bin = 0;
        for (Integer v : order) {
            if (mass[bin] >= goal && bin < maxBins - 1) bin++;
            binOf[v] = bin;
            mass[bin] += p[v];
        }
        return new TokenBins(binOf, Arrays.copyOf(mass, bin + 1));
    }

    int bins() {
        return mass.length;
    }

    int bin(int token) {
        return binOf[token];
    }

    /** p's mass in each bin. */
    double[] mass() {
        return mass.clone();
    }

    /** A distribution over the tokens, pooled into these bins. */
    double[] pool(double[] distribution) {
        double[] pooled = new double[mass.length];
        for (int v = 0; v < distribution.length; v++) pooled[binOf[v]] += distribution[v];
        return pooled;
    }

    /** The binned TV between p and {@code other} (a distribution over the tokens). */
    double tv(double[] other) {
        return Tv.distance(pool(other), mass);
    }

    /** The binned TV between p and the empirical distribution of {@code counts} (per bin), of N = their sum. */
    double empiricalTv(long[] counts) {
        long n = Arrays.stream(counts).sum();
        if (n == 0) throw new IllegalArgumentException("no samples");
        double[] frequency = new double[counts.length];
        for (int k = 0; k < counts.length; k++) frequency[k] = (double) counts[k] / n;
        return Tv.distance(frequency, mass);
    }

    /** The expected binned TV of n exact samples from p: the noise level of {@link #empiricalTv}. */
    double expectedNoise(int n) {
        return Tv.expectedEmpiricalTv(mass, n);
    }

    /**
     * The variance of the binned TV of n exact samples from p, estimated from {@code replicates}
     * simulated sets of n samples (inverse-CDF draws over the bins): how far an exact sampler's
     * {@link #empiricalTv} strays from {@link #expectedNoise}.
     */
    double noiseVariance(int n, int replicates, SplittableRandom random) {
        double[] cumulative = new double[mass.length];
        double running = 0;
        for (int k = 0; k < mass.length; k++) cumulative[k] = running += mass[k];
        long[] counts = new long[mass.length];
        double sum = 0, squares = 0;
        for (int r = 0; r < replicates; r++) {
            Arrays.fill(counts, 0);
            for (int i = 0; i < n; i++) {
                double u = random.nextDouble() * running;
                int k = 0;
                while (k < mass.length - 1 && cumulative[k] <= u) k++;
                counts[k]++;
            }
            double tv = empiricalTv(counts);
            sum += tv;
            squares += tv * tv;
        }
        double mean = sum / replicates;
        return Math.max(0, (squares - replicates * mean * mean) / (replicates - 1));
    }
}
