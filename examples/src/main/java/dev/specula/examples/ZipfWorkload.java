package dev.specula.examples;

import dev.specula.core.FloatRows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * Synthetic rows shaped like a language model's: B sequences, each with g + 1 target rows and g
 * draft rows over a vocabulary of V tokens, in memory segments of the caller's arena.
 *
 * <p>A target row gives the token of rank r the logit {@code -s * ln(r + 1)} plus a little
 * Gaussian noise: a Zipf law with exponent s, drawn per row from [1, 2] so that some rows are
 * flat and some peaked, as next-token distributions are. Token ids are shuffled per row so the
 * top token differs from row to row. A draft row is its target row plus Gaussian noise of scale
 * sigma: the larger sigma, the further q is from p and the lower the acceptance probability
 * beta = sum_v min(p(v), q(v)).
 *
 * <p>Everything is drawn from one {@link SplittableRandom} seed, so a run is reproducible.
 */
final class ZipfWorkload {
    /** Spread of the noise on every target logit, so that rows of equal exponent still differ. */
    static final double LOGIT_NOISE = 0.3;
    static final double MIN_EXPONENT = 1.0;
    static final double MAX_EXPONENT = 2.0;
    /** Bisection steps of {@link #noiseForBeta}: sigma to within 8 / 2^11, finer than it matters. */
    private static final int BISECTION_STEPS = 11;

    private final int sequences;
    private final int maxDrafts;
    private final int vocab;
    private final FloatRows target;
    private final FloatRows drafts;
    /** Standard normal draft noise, B x g x V, kept fixed so that only its scale changes between draft qualities. */
    private final float[] draftNoise;
    private double noiseScale = Double.NaN;

    private ZipfWorkload(FloatRows target, FloatRows drafts, float[] draftNoise) {
        this.sequences = target.sequences();
        this.maxDrafts = drafts.rowsPerSequence();
        this.vocab = target.vocabSize();
        this.target = target;
        this.drafts = drafts;
        this.draftNoise = draftNoise;
    }

    /**
     * Generates the target rows, with Zipf exponents drawn from [{@value #MIN_EXPONENT}, {@value
     * #MAX_EXPONENT}], and the draft noise; the draft rows are written by {@link #setDraftNoise}.
     */
    static ZipfWorkload generate(Arena arena, int sequences, int maxDrafts, int vocab, long seed) {
        return generate(arena, sequences, maxDrafts, vocab, MIN_EXPONENT, MAX_EXPONENT, seed);
    }

    /** Generates a workload whose Zipf exponents are drawn uniformly from [minExponent, maxExponent]. */
    static ZipfWorkload generate(Arena arena, int sequences, int maxDrafts, int vocab, double minExponent, double maxExponent,
                                 long seed) {
        if (!(minExponent > 0 && minExponent <= maxExponent)) {
            throw new IllegalArgumentException("exponents must satisfy 0 < min <= max, got [" + minExponent + ", " + maxExponent + "]");
        }
        if (maxDrafts < 1) throw new IllegalArgumentException("maxDrafts must be >= 1, got " + maxDrafts);
        MemorySegment targetMemory = arena.allocate(ValueLayout.JAVA_FLOAT, (long) sequences * (maxDrafts + 1) * vocab);
        MemorySegment draftMemory = arena.allocate(ValueLayout.JAVA_FLOAT, (long) sequences * maxDrafts * vocab);
        FloatRows target = FloatRows.dense(targetMemory, sequences, maxDrafts + 1, vocab);
        FloatRows drafts = FloatRows.dense(draftMemory, sequences, maxDrafts, vocab);

        SplittableRandom random = new SplittableRandom(seed);
        List<Integer> ids = new ArrayList<>(IntStream.range(0, vocab).boxed().toList());
        for (int b = 0; b < sequences; b++) {
            for (int r = 0; r <= maxDrafts; r++) {
                double s = minExponent == maxExponent ? minExponent : random.nextDouble(minExponent, maxExponent);
                Collections.shuffle(ids, random); // ids.get(rank) is the token of that rank in this row
                long row = target.rowOffset(b, r);
                for (int rank = 0; rank < vocab; rank++) {
                    double logit = -s * Math.log(rank + 1) + LOGIT_NOISE * random.nextGaussian();
                    targetMemory.setAtIndex(ValueLayout.JAVA_FLOAT, row + ids.get(rank), (float) logit);
                }
            }
        }
        float[] noise = new float[Math.toIntExact((long) sequences * maxDrafts * vocab)];
        for (int k = 0; k < noise.length; k++) noise[k] = (float) random.nextGaussian();
        return new ZipfWorkload(target, drafts, noise);
    }

    int sequences() {
        return sequences;
    }

    int maxDrafts() {
        return maxDrafts;
    }

    int vocabSize() {
        return vocab;
    }

    /** Target logits, B x (g + 1) x V. */
    FloatRows target() {
        return target;
    }

    /** Draft logits, B x g x V. */
    FloatRows drafts() {
        return drafts;
    }

    /** The noise scale sigma of the draft rows as last written (NaN before the first write). */
    double draftNoise() {
        return noiseScale;
    }

    /** Writes every draft row as its target row plus {@code scale} times the fixed standard normal noise. */
    void setDraftNoise(double scale) {
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < maxDrafts; i++) {
                long row = drafts.rowOffset(b, i);
                for (int v = 0; v < vocab; v++) {
                    float z = (float) (target.get(b, i, v) + scale * draftNoise[noiseIndex(b, i, v)]);
                    drafts.segment().setAtIndex(ValueLayout.JAVA_FLOAT, row + v, z);
                }
            }
        }
        noiseScale = scale;
    }

    /**
     * beta = sum_v min(p(v), q(v)) of draft position i of sequence b, exactly, from the rows as
     * stored: p = softmax(target row i / targetTemperature), q = softmax(draft row i / draftTemperature).
     */
    double beta(int b, int i, double targetTemperature, double draftTemperature) {
        return overlap(distribution(target, b, i, targetTemperature), distribution(drafts, b, i, draftTemperature));
    }

    /** Mean of {@link #beta} over the first g draft positions of every sequence, at temperature 1. */
    double meanBeta(int g) {
        double sum = 0;
        for (int b = 0; b < sequences; b++) for (int i = 0; i < g; i++) sum += beta(b, i, 1, 1);
        return sum / ((double) sequences * g);
    }

    /**
     * The draft noise scale that gives a mean beta (over all B x g draft rows, temperature 1) of
     * {@code wanted}, found by bisection: beta falls as the noise grows.
     */
    double noiseForBeta(double wanted) {
        if (!(wanted > 0 && wanted < 1)) throw new IllegalArgumentException("beta must be in (0, 1), got " + wanted);
        // The target distributions do not change during the search: compute them once.
        double[][] p = new double[sequences * maxDrafts][];
        for (int b = 0; b < sequences; b++) for (int i = 0; i < maxDrafts; i++) p[b * maxDrafts + i] = distribution(target, b, i, 1);
        double[] q = new double[vocab];
        double low = 0, high = 8;
        for (int step = 0; step < BISECTION_STEPS; step++) {
            double scale = (low + high) / 2;
            double sum = 0;
            for (int b = 0; b < sequences; b++) {
                for (int i = 0; i < maxDrafts; i++) {
                    for (int v = 0; v < vocab; v++) q[v] = target.get(b, i, v) + scale * draftNoise[noiseIndex(b, i, v)];
                    softmax(q, 1);
                    sum += overlap(p[b * maxDrafts + i], q);
                }
            }
            if (sum / p.length > wanted) low = scale;
            else high = scale;
        }
        return (low + high) / 2;
    }

    /** softmax(row / temperature) of row r of sequence b, in double precision. */
    static double[] distribution(FloatRows rows, int b, int r, double temperature) {
        double[] z = new double[rows.vocabSize()];
        for (int v = 0; v < z.length; v++) z[v] = rows.get(b, r, v);
        return softmax(z, temperature);
    }

    /** Replaces logits z by softmax(z / temperature), in place; the plain textbook formula, subtracting the max first. */
    static double[] softmax(double[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (double x : z) max = Math.max(max, x);
        double sum = 0;
        for (int v = 0; v < z.length; v++) {
            z[v] = Math.exp((z[v] - max) / temperature);
            sum += z[v];
        }
        for (int v = 0; v < z.length; v++) z[v] /= sum;
        return z;
    }

    /** sum_v min(p(v), q(v)) = 1 - TV(p, q): the probability that a draft from q is accepted against p. */
    static double overlap(double[] p, double[] q) {
        double sum = 0;
        for (int v = 0; v < p.length; v++) sum += Math.min(p[v], q[v]);
        return sum;
    }

    private int noiseIndex(int b, int i, int v) {
        return (b * maxDrafts + i) * vocab + v;
    }
}
