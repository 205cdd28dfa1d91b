package dev.specula.benchmarks.paper;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The TV estimator, its bins and its noise level, on cases worked out by hand. */
class TvTest {
    @Test
    void distanceIsHalfTheL1Distance() {
        assertEquals(0.5, Tv.distance(new double[] {0.5, 0.5}, new double[] {1, 0}), 1e-15);
        assertEquals(0.0, Tv.distance(new double[] {0.2, 0.8}, new double[] {0.2, 0.8}), 0);
    }

    /**
     * The expected TV of n exact samples, by enumerating the outcomes by hand:
     * <pre>
     * n = 1, p = (1/2, 1/2): one sample puts all mass on one outcome, TV = 1/2 always.
     * n = 1, p = (0.3, 0.7): TV 0.7 with probability 0.3, 0.3 with probability 0.7 -> 0.42.
     * n = 2, p = (1/2, 1/2): counts (2,0), (1,1), (0,2) with probability 1/4, 1/2, 1/4 and TV 1/2, 0, 1/2 -> 1/4.
     * n = 3, p = (1/3, 2/3): X ~ Bin(3, 1/3) is 0..3 with probability 8, 12, 6, 1 (/27), |X - 1| = 1, 0, 1, 2,
     *        so E|X - 1| = 16/27 for both outcomes and E TV = (16/27 + 16/27) / (2 * 3) = 16/81.
     * a point mass: every sample is exact, TV = 0.
     * </pre>
     */
    @Test
    void theNoiseLevelMatchesHandEnumeratedCases() {
        assertEquals(0.5, Tv.expectedEmpiricalTv(new double[] {0.5, 0.5}, 1), 1e-12);
        assertEquals(0.42, Tv.expectedEmpiricalTv(new double[] {0.3, 0.7}, 1), 1e-12);
        assertEquals(0.25, Tv.expectedEmpiricalTv(new double[] {0.5, 0.5}, 2), 1e-12);
        assertEquals(16.0 / 81, Tv.expectedEmpiricalTv(new double[] {1.0 / 3, 2.0 / 3}, 3), 1e-12);
        assertEquals(0.0, Tv.expectedEmpiricalTv(new double[] {1, 0}, 50), 0);
    }

    /**
     * The closed form against simulation: 20000 sets of n = 40 exact samples from a 5-outcome p.
     * The TV of one set has a standard deviation below 0.1, so the mean of 20000 has a standard
     * error below 0.0007; the tolerance 0.003 is more than 4 of them.
     */
    @Test
    void theNoiseLevelIsTheMeanTvOfExactSamples() {
        double[] p = {0.4, 0.3, 0.15, 0.1, 0.05};
        int n = 40, sets = 20_000;
        SplittableRandom random = new SplittableRandom(11);
        double sum = 0;
        for (int s = 0; s < sets; s++) {
            double[] frequency = new double[p.length];
            for (int k = 0; k < n; k++) {
                double u = random.nextDouble(), running = 0;
                int v = 0;
                while (v < p.length - 1 && (running += p[v]) <= u) v++;
                frequency[v] += 1.0 / n;
            }
            sum += Tv.distance(frequency, p);
        }
        assertEquals(sum / sets, Tv.expectedEmpiricalTv(p, n), 0.003);
    }

    /**
     * p = (1/16, 3/8, 1/4, 3/16, 1/8) in at most 4 bins of at least 1/4: by decreasing p, token 1 (3/8) fills
     * bin 0, token 2 (1/4) bin 1, tokens 3 and 4 (3/16 + 1/8 = 5/16) bin 2, token 0 (1/16) is left for bin 3.
     */
    @Test
    void binsPoolTheUnlikelyTokensByDecreasingProbability() {
        TokenBins bins = TokenBins.of(new double[] {0.0625, 0.375, 0.25, 0.1875, 0.125}, 4);
        assertEquals(4, bins.bins());
        assertEquals(List.of(3, 0, 1, 2, 2), List.of(bins.bin(0), bins.bin(1), bins.bin(2), bins.bin(3), bins.bin(4)));
        assertEquals(List.of(0.375, 0.25, 0.3125, 0.0625), java.util.Arrays.stream(bins.mass()).boxed().toList());
        // counts 4, 2, 2, 0 of 8: frequencies 1/2, 1/4, 1/4, 0 against the masses: (1/8 + 0 + 1/16 + 1/16) / 2 = 1/8
        assertEquals(0.125, bins.empiricalTv(new long[] {4, 2, 2, 0}), 1e-15);
        // a distribution putting all its mass on token 3 and 4 equally: pooled (0, 0, 1, 0) -> (3/8 + 1/4 + 11/16 + 1/16) / 2 = 11/16
        assertEquals(0.6875, bins.tv(new double[] {0, 0, 0, 0.5, 0.5}), 1e-15);
        // ... while over single tokens it is (1/16 + 3/8 + 1/4 + 5/16 + 3/8) / 2 = 11/16 too; pooling never adds distance:
        double[] spread = {0.2, 0.2, 0.2, 0.2, 0.2};
        assertTrue(bins.tv(spread) <= Tv.distance(spread, new double[] {0.0625, 0.375, 0.25, 0.1875, 0.125}) + 1e-15);
    }

    /**
     * Two rows: TV 0.3 and 0.5 against noise 0.1 each, whose exact-sample TV has variance 0.01 each. Mean TV 0.4,
     * noise 0.1; the standard error of the mean difference under exactness is sqrt(0.01 + 0.01) / 2 = 0.0707, so
     * z = 0.3 / 0.0707 = 4.24: within 5. With variances 0.0025 it is sqrt(0.005) / 2 = 0.0354 and z = 8.49: a departure.
     */
    @Test
    void theEstimateAveragesRowsAndScalesTheDifferenceByTheNoisesStandardError() {
        TvEstimate e = TvEstimate.of(List.of(new TvEstimate.Row(0.3, 0.1, 0.01, 0.0, 0.0, 100), new TvEstimate.Row(0.5, 0.1, 0.01, 0.0, 0.0, 50)));
        assertEquals(0.4, e.tv(), 1e-12);
        assertEquals(0.1, e.noise(), 1e-12);
        assertEquals(Math.sqrt(0.02) / 2, e.standardError(), 1e-12);
        assertEquals(0.3 / (Math.sqrt(0.02) / 2), e.z(), 1e-9);
        assertEquals(150, e.samples());
        assertTrue(e.atNoiseLevel());
        TvEstimate far = TvEstimate.of(List.of(new TvEstimate.Row(0.3, 0.1, 0.0025, 0, 0, 1), new TvEstimate.Row(0.5, 0.1, 0.0025, 0, 0, 1)));
        assertEquals(0.3 / (Math.sqrt(0.005) / 2), far.z(), 1e-9);
        assertFalse(far.atNoiseLevel());
    }

    /**
     * The spread of an exact sampler's TV. p = (1/2, 1/2): one sample always gives TV 1/2 (variance 0); two samples
     * give 1/2 or 0 with probability 1/2 each: mean 1/4, variance 1/8 - 1/16 = 1/16. From 20000 simulated sets the
     * sample variance has a standard error near 0.0004; the tolerance 0.003 is over 5 of them.
     */
    @Test
    void theNoiseVarianceMatchesHandEnumeratedCases() {
        TokenBins halves = TokenBins.of(new double[] {0.5, 0.5}, 2);
        assertEquals(0.0, halves.noiseVariance(1, 1000, new SplittableRandom(1)), 1e-15);
        assertEquals(0.0625, halves.noiseVariance(2, 20_000, new SplittableRandom(2)), 0.003);
    }
}
