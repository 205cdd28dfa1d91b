package dev.specula.examples;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The demo's exactness check: whatever the draft, the first emitted token must be distributed as
 * the target p_0. It verifies one sequence with one draft many times and compares the histogram of
 * the first emitted token with p_0, against the noise of histograms drawn directly from p_0.
 *
 * @param samples verifications made
 * @param acceptedDrafts how many of them emitted the draft as the first token
 * @param tv TV distance between the histogram of first tokens and p_0
 * @param expectedTv the TV the first tokens would have with no sampling noise, computed exactly
 * @param noiseMean mean TV of histograms of as many draws made directly from p_0
 * @param noiseSd standard deviation of those TVs
 * @param normalApproximation the normal approximation of {@code noiseMean}
 */
record FirstTokenCheck(int samples, int acceptedDrafts, double tv, double expectedTv, double noiseMean, double noiseSd,
                       double normalApproximation) {
    /**
     * Target temperature of the check. Below 1 it concentrates p_0 on fewer tokens, so that a few
     * thousand samples say something about every token that carries mass.
     */
    static final float TARGET_TEMPERATURE = 0.7f;
    /** Zipf exponent of the check's row: at the temperature above, p_0 holds 99% of its mass on a few dozen tokens. */
    static final double ZIPF_EXPONENT = 1.5;
    /** The control's drafts are really sampled at this temperature while the verifier is told 1. */
    static final float WRONG_SAMPLING_TEMPERATURE = 0.7f;
    /** Histograms of direct draws from p_0 that measure the sampling noise of the check. */
    static final int NOISE_REPEATS = 200;
    /** The check reports a mismatch when the TV is this many standard deviations above the noise mean. */
    static final double MISMATCH_SDS = 4;

    /**
     * Verifies the single sequence of {@code workload} with one draft {@code samples} times, the
     * target at {@link #TARGET_TEMPERATURE}, and compares the histogram of the first emitted token
     * with p_0.
     *
     * @param samplingTemperature the temperature the draft is really sampled at; the verifier is
     *     always told 1, so anything else is the bug of verifying against the wrong q
     */
    static FirstTokenCheck run(ChainVerifier verifier, ZipfWorkload workload, float samplingTemperature, int samples, long seed,
                               long firstStep, Progress progress, String label) {
        FloatRows target = workload.target();
        FloatRows drafts = workload.drafts();
        VerificationBatch batch = new VerificationBatch(1, 1, workload.vocabSize())
                .target(target)
                .draftDistribution(DraftDistribution.logits(drafts))
                .settings(SamplingSettings.temperature(TARGET_TEMPERATURE))
                .draftSettings(SamplingSettings.DEFAULT)
                .seedAll(seed)
                .stepAll(firstStep);
        VerificationResult result = VerificationResult.forBatch(batch);
        int[] counts = new int[workload.vocabSize()];
        int accepted = 0;
        for (int n = 0; n < samples; n++) {
            if (samplingTemperature == 1f) {
                DraftSampler.sampleDraft(batch, 0, 0);
            } else {
                // The bug, on purpose: the draft comes from softmax(z / samplingTemperature), the
                // verifier is told softmax(z). Only the token is recorded, so nothing can notice.
                double u = RandomStreams.draftUniform(seed, batch.stream(0), batch.step(0), 0);
                batch.drafts(0, DraftSampler.sample(drafts, 0, 0, SamplingSettings.temperature(samplingTemperature), u).token());
            }
            verifier.verify(batch, result);
            counts[result.emitted(0, 0)]++;
            accepted += result.accepted(0);
            batch.advanceSteps();
            progress.show(label, n + 1, samples);
        }

        double[] p0 = ZipfWorkload.distribution(target, 0, 0, TARGET_TEMPERATURE);
        double[] q0 = ZipfWorkload.distribution(drafts, 0, 0, 1);
        double[] first = firstTokenDistribution(p0, q0, ZipfWorkload.distribution(drafts, 0, 0, samplingTemperature));
        double[] noise = noiseTvs(p0, samples, NOISE_REPEATS, new SplittableRandom(seed));
        double mean = Arrays.stream(noise).average().orElseThrow();
        double sd = Math.sqrt(Arrays.stream(noise).map(x -> (x - mean) * (x - mean)).sum() / (noise.length - 1));
        double approximation = Arrays.stream(p0).map(p -> Math.sqrt(p * (1 - p) / (2 * Math.PI * samples))).sum();
        return new FirstTokenCheck(samples, accepted, tv(counts, samples, p0), tv(first, p0), mean, sd, approximation);
    }

    boolean withinNoise() {
        return tv <= noiseMean + MISMATCH_SDS * noiseSd;
    }

    double sdsAboveNoise() {
        return (tv - noiseMean) / noiseSd;
    }

    /**
     * Prints the outcome and the verdict.
     *
     * @param beta the acceptance probability the accepted drafts are compared with, or NaN for none
     */
    void print(PrintStream out, double beta, int vocab) {
        double accepted = (double) acceptedDrafts / samples;
        out.printf("  %d verifications; first tokens that are accepted drafts: %.1f%% +- %.1f%%%s%n", samples, 100 * accepted,
                100 * Math.sqrt(accepted * (1 - accepted) / samples),
                Double.isNaN(beta) ? "" : String.format(" (beta: %.1f%%)", 100 * beta));
        out.printf("  TV(histogram of first tokens, p_0) over all %d tokens: %.4f%n", vocab, tv);
        out.printf("  (with no sampling noise it would be %.4f: the TV of this setup's first-token distribution, computed exactly)%n",
                expectedTv);
        out.printf("  noise: TV of %d histograms of %d draws made directly from p_0 (simulated): mean %.4f, sd %.4f%n",
                NOISE_REPEATS, samples, noiseMean, noiseSd);
        out.printf("         (normal approximation sum_v sqrt(p_v (1 - p_v) / (2 pi N)): %.4f)%n", normalApproximation);
        String distance = noiseSd > 0 ? String.format("TV is %.1f sd from the noise mean", sdsAboveNoise()) : "no noise at all";
        out.printf("  %s (%s; MISMATCH is reported above %.0f sd)%n", withinNoise() ? "OK: within noise" : "MISMATCH", distance,
                MISMATCH_SDS);
    }

    /**
     * The exact distribution of the first emitted token when drafts are drawn from {@code drawn}
     * but verified against q: accepted drafts, drawn(v) min(1, p(v) / q(v)), plus the rejected
     * mass times the residual norm(max(0, p - q)). It is p exactly when drawn = q.
     */
    static double[] firstTokenDistribution(double[] p, double[] q, double[] drawn) {
        double[] first = new double[p.length];
        double rejected = 0, residual = 0;
        for (int v = 0; v < p.length; v++) {
            double accept = q[v] > 0 ? Math.min(1, p[v] / q[v]) : 0;
            first[v] = drawn[v] * accept;
            rejected += drawn[v] * (1 - accept);
            residual += Math.max(0, p[v] - q[v]);
        }
        for (int v = 0; v < p.length; v++) first[v] += rejected * (residual > 0 ? Math.max(0, p[v] - q[v]) / residual : p[v]);
        return first;
    }

    /**
     * TV distances to p of {@code repeats} histograms, each of {@code samples} draws made
     * directly from p: the spread a correct sampler shows, with no approximation.
     */
    static double[] noiseTvs(double[] p, int samples, int repeats, SplittableRandom random) {
        double[] cdf = p.clone();
        Arrays.parallelPrefix(cdf, Double::sum);
        int[] counts = new int[p.length];
        double[] tvs = new double[repeats];
        for (int k = 0; k < repeats; k++) {
            Arrays.fill(counts, 0);
            for (int n = 0; n < samples; n++) {
                double u = random.nextDouble() * cdf[cdf.length - 1];
                int at = Arrays.binarySearch(cdf, u);
                int v = at >= 0 ? at + 1 : -at - 1; // the first token whose cumulative sum exceeds u
                counts[Math.min(v, p.length - 1)]++;
            }
            tvs[k] = tv(counts, samples, p);
        }
        return tvs;
    }

    /** Total-variation distance between two distributions. */
    static double tv(double[] a, double[] b) {
        double sum = 0;
        for (int v = 0; v < a.length; v++) sum += Math.abs(a[v] - b[v]);
        return sum / 2;
    }

    /** Total-variation distance between the histogram {@code counts} of n samples and p. */
    static double tv(int[] counts, int n, double[] p) {
        double sum = 0;
        for (int v = 0; v < p.length; v++) sum += Math.abs((double) counts[v] / n - p[v]);
        return sum / 2;
    }
}
