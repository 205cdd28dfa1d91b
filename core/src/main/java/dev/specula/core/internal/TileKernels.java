package dev.specula.core.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The SIMD loops of the fast verifier. A row of V floats is cut into tiles of {@link #TILE}
 * tokens; every kernel works on a range of tiles and writes one summary per tile, so that the
 * same row can be processed by one thread or split across several and give bit-identical
 * summaries (each tile's arithmetic depends only on that tile).
 *
 * <p>Loops use {@link FloatVector#SPECIES_PREFERRED} (16 lanes with AVX-512) and finish the last,
 * partial tile with a scalar tail that does the same float arithmetic per element.
 */
public final class TileKernels {
    /** Tokens per tile: a multiple of every vector length, small enough to stay in L1. */
    public static final int TILE = 512;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();
    private static final ByteOrder ORDER = ByteOrder.nativeOrder();
    private static final long FLOAT_BYTES = Float.BYTES;

    static {
        if (TILE % LANES != 0) throw new ExceptionInInitializerError("tile " + TILE + " is not a multiple of " + LANES + " lanes");
    }

    private TileKernels() {}

    /** Number of tiles of a row of {@code vocab} tokens. */
    public static int tiles(int vocab) {
        return (vocab + TILE - 1) / TILE;
    }

    /**
     * Online-softmax summaries of tiles [from, to) of a logit row (Milakov and Gimelshein 2018,
     * arXiv 1805.02867, the blocked form of their running max and rescaled sum): per tile its
     * largest logit {@code tileMax[t]} and {@code tileSum[t] = sum exp((z - tileMax[t]) / T)},
     * and every weight {@code exp((z_v - tileMax[t]) / T)} in {@code weights[v]}, so that a later
     * residual or sampling pass needs no exponential. The caller combines the tiles into the
     * row's max and normaliser.
     *
     * <p>Bad values are not thrown here (a worker thread must not decide which error wins): a
     * tile with NaN or +infinity gets a NaN or +infinity {@code tileMax} or a NaN {@code tileSum}.
     * A tile of -infinity only gets weights 0 and sum 0.
     *
     * @param base byte offset of token 0 of the row in {@code segment}
     * @param invT 1 / temperature
     */
    public static void expTiles(MemorySegment segment, long base, int vocab, float invT,
                                float[] weights, float[] tileMax, float[] tileSum, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            int vectorEnd = start + SPECIES.loopBound(end - start);
            // Pass 1 over the tile (it comes into L1 here): its max, NaN-propagating like Math.max.
            FloatVector mv = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            for (int v = start; v < vectorEnd; v += LANES) {
                mv = mv.lanewise(VectorOperators.MAX, FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER));
            }
            float max = mv.reduceLanes(VectorOperators.MAX);
            for (int v = vectorEnd; v < end; v++) max = Math.max(max, segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES));
            tileMax[t] = max;
            if (max == Float.NEGATIVE_INFINITY) {
                // Fully masked tile: weights 0 (exp(-inf - -inf) would be NaN).
                java.util.Arrays.fill(weights, start, end, 0f);
                tileSum[t] = 0f;
                continue;
            }
            // Pass 2, from L1: the weights relative to the tile's max, stored and summed.
            FloatVector c = FloatVector.broadcast(SPECIES, max);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int v = start; v < vectorEnd; v += LANES) {
                FloatVector w = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER)
                        .sub(c).mul(invT).lanewise(VectorOperators.EXP);
                w.intoArray(weights, v);
                acc = acc.add(w);
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (int v = vectorEnd; v < end; v++) {
                float w = (float) Math.exp((segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES) - max) * invT);
                weights[v] = w;
                sum += w;
            }
            tileSum[t] = sum;
        }
    }

    /**
     * The largest value of each tile in [from, to), NaN-propagating (a NaN anywhere makes the
     * tile's max NaN). Used for arg-max rows: greedy verification and greedy draft settings.
     */
    public static void maxTiles(MemorySegment segment, long base, int vocab, float[] tileMax, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            int vectorEnd = start + SPECIES.loopBound(end - start);
            FloatVector mv = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            for (int v = start; v < vectorEnd; v += LANES) {
                mv = mv.lanewise(VectorOperators.MAX, FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER));
            }
            float max = mv.reduceLanes(VectorOperators.MAX);
            for (int v = vectorEnd; v < end; v++) max = Math.max(max, segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES));
            tileMax[t] = max;
        }
    }

    /**
     * Checks for a row of probabilities, per tile in [from, to): the smallest and the largest
     * value and the sum (any NaN makes all three NaN-tainted: the sum is NaN).
     */
    public static void probabilityTiles(MemorySegment segment, long base, int vocab,
                                        float[] tileMin, float[] tileMax, float[] tileSum, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            int vectorEnd = start + SPECIES.loopBound(end - start);
            FloatVector lo = FloatVector.broadcast(SPECIES, Float.POSITIVE_INFINITY);
            FloatVector hi = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int v = start; v < vectorEnd; v += LANES) {
                FloatVector x = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER);
                lo = lo.lanewise(VectorOperators.MIN, x);
                hi = hi.lanewise(VectorOperators.MAX, x);
                acc = acc.add(x);
            }
            float min = lo.reduceLanes(VectorOperators.MIN), max = hi.reduceLanes(VectorOperators.MAX);
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (int v = vectorEnd; v < end; v++) {
                float x = segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES);
                min = Math.min(min, x);
                max = Math.max(max, x);
                sum += x;
            }
            tileMin[t] = min;
            tileMax[t] = max;
            tileSum[t] = sum;
        }
    }

    /**
     * Residual mass per tile in [from, to) for draft weights held in an array:
     * {@code sum max(0, a[t] * wp[v] - b[t] * wq[v])}, where a[t] and b[t] turn the tile's stored
     * weights into probabilities. {@link #residual} gives one element with the same arithmetic.
     */
    public static void residualTiles(float[] wp, float[] a, float[] wq, float[] b, int vocab, float[] tileSum, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            int vectorEnd = start + SPECIES.loopBound(end - start);
            float at = a[t], bt = b[t];
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int v = start; v < vectorEnd; v += LANES) {
                FloatVector p = FloatVector.fromArray(SPECIES, wp, v).mul(at);
                FloatVector q = FloatVector.fromArray(SPECIES, wq, v).mul(bt);
                acc = acc.add(p.sub(q).max(0f));
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (int v = vectorEnd; v < end; v++) sum += residual(at, wp[v], bt, wq[v]);
            tileSum[t] = sum;
        }
    }

    /**
     * Residual mass per tile in [from, to) for draft probabilities read from their row:
     * {@code sum max(0, a[t] * wp[v] - q[v])}.
     */
    public static void residualTilesFromRow(float[] wp, float[] a, MemorySegment segment, long base, int vocab,
                                            float[] tileSum, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            int vectorEnd = start + SPECIES.loopBound(end - start);
            float at = a[t];
            FloatVector acc = FloatVector.zero(SPECIES);
            for (int v = start; v < vectorEnd; v += LANES) {
                FloatVector p = FloatVector.fromArray(SPECIES, wp, v).mul(at);
                FloatVector q = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER);
                acc = acc.add(p.sub(q).max(0f));
            }
            float sum = acc.reduceLanes(VectorOperators.ADD);
            for (int v = vectorEnd; v < end; v++) {
                sum += residual(at, wp[v], 1f, segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES));
            }
            tileSum[t] = sum;
        }
    }

    /** One residual element, max(0, a * wp - b * wq), in the float arithmetic of the SIMD loops. */
    public static float residual(float a, float wp, float b, float wq) {
        return Math.max(0f, a * wp - b * wq);
    }

    /** Float {@code v} of a row starting at byte offset {@code base}. */
    public static float at(MemorySegment segment, long base, int v) {
        return segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES);
    }
}
