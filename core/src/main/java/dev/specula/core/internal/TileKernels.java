package dev.specula.core.internal;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
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
    public static final int TILE = 2048;

    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    /** Lanes of a vector: {@link #expTiles} gives this many lane maxima per tile. */
    public static final int LANES = SPECIES.length();
    private static final VectorSpecies<Integer> INT_SPECIES = SPECIES.withLanes(int.class);
    /** 0, 1, ..., LANES - 1: a vector's token ids, relative to its first. */
    private static final IntVector IOTA = IntVector.zero(INT_SPECIES).addIndex(1);
    /** Candidates of a tile above which {@link #gatherTile} copies by compress rather than one by one: one per 2 vectors. */
    private static final int DENSE_TILE = TILE / 32;
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
     * arXiv 1805.02867, in its blocked form: one (reference, sum) pair per tile, merged by the
     * caller): per tile a reference logit {@code tileRef[t]} and
     * {@code tileSum[t] = sum exp((z - tileRef[t]) / T)}. With a {@code weights} array, every
     * weight {@code exp((z_v - tileRef[t]) / T)} is also stored in {@code weights[v]}; with
     * null, nothing is stored, and {@link #tileWeights} recomputes one tile's weights, bit for
     * bit, when a sampling scan needs them.
     *
     * <p>One pass over the row, whose loop is a load, {@code (z - ref) / T}, the exponential and
     * a sum (and a store, with an array).
     * The reference is the largest logit of the tile's first vector rather than the tile's max:
     * softmax is the same for any reference, weights above 1 are harmless, and finding the max
     * first would cost a second pass. Only a tile whose float sum overflows (its max lies about
     * 88 temperatures above the reference) is redone with its max as reference. Both choices
     * depend on the tile alone, so a row split across threads gives the same bits.
     *
     * <p>Bad values are not thrown here (a worker thread must not decide which error wins): a
     * tile with NaN or +infinity gets a NaN {@code tileSum}. A tile of -infinity only gets
     * reference -infinity, weights 0 and sum 0.
     *
     * @param base byte offset of token 0 of the row in {@code segment}
     * @param invT 1 / temperature
     * @param weights where to store the weights, or null to keep only the sums
     */
    public static void expTiles(MemorySegment segment, long base, int vocab, float invT, float[] weights,
                                float[] tileRef, float[] tileSum, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            float ref = start + LANES <= end
                    ? FloatVector.fromMemorySegment(SPECIES, segment, base + start * FLOAT_BYTES, ORDER).reduceLanes(VectorOperators.MAX)
                    : segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + start * FLOAT_BYTES);
            float sum = ref > Float.NEGATIVE_INFINITY ? exponentials(segment, base, start, end, ref, invT, weights) : Float.NaN;
            if (!(sum < Float.POSITIVE_INFINITY)) {
                // A masked first vector, an overflow, or a bad value: decide by the tile's max.
                float max = maxOf(segment, base, start, end);
                if (max == Float.NEGATIVE_INFINITY) {
                    if (weights != null) java.util.Arrays.fill(weights, start, end, 0f); // fully masked tile
                    ref = max;
                    sum = 0f;
                } else if (max < Float.POSITIVE_INFINITY) {
                    ref = max;
                    sum = exponentials(segment, base, start, end, ref, invT, weights);
                } else {
                    sum = Float.NaN; // NaN or +infinity: the caller rescans the row for the first bad value
                }
            }
            tileRef[t] = ref;
            tileSum[t] = sum;
        }
    }

    /**
     * Stores the weights of tile t into {@code weights[tile]}, exactly as {@link #expTiles} with
     * an array stores them, given the tile's reference {@code ref} that it chose.
     */
    public static void tileWeights(MemorySegment segment, long base, int vocab, float invT, float ref, float[] weights, int t) {
        int start = t * TILE, end = Math.min(start + TILE, vocab);
        if (ref == Float.NEGATIVE_INFINITY) {
            java.util.Arrays.fill(weights, start, end, 0f);
        } else {
            exponentials(segment, base, start, end, ref, invT, weights);
        }
    }

    /** The float sum of the weights exp((z - ref) / T) of tokens [start, end), stored unless {@code weights} is null. */
    private static float exponentials(MemorySegment segment, long base, int start, int end, float ref, float invT, float[] weights) {
        return weights == null ? sumOfExponentials(segment, base, start, end, ref, invT)
                : storeExponentials(segment, base, start, end, ref, invT, weights);
    }

    private static float storeExponentials(MemorySegment segment, long base, int start, int end, float ref, float invT, float[] weights) {
        int vectorEnd = start + SPECIES.loopBound(end - start);
        FloatVector c = FloatVector.broadcast(SPECIES, ref);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int v = start; v < vectorEnd; v += LANES) {
            FloatVector w = exponential(segment, base, v, c, invT);
            w.intoArray(weights, v);
            acc = acc.add(w);
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int v = vectorEnd; v < end; v++) {
            float w = exponential(segment, base, v, ref, invT);
            weights[v] = w;
            sum += w;
        }
        return sum;
    }

    /** As {@link #storeExponentials} without the stores: the same sum, bit for bit. */
    private static float sumOfExponentials(MemorySegment segment, long base, int start, int end, float ref, float invT) {
        int vectorEnd = start + SPECIES.loopBound(end - start);
        FloatVector c = FloatVector.broadcast(SPECIES, ref);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int v = start; v < vectorEnd; v += LANES) acc = acc.add(exponential(segment, base, v, c, invT));
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int v = vectorEnd; v < end; v++) sum += exponential(segment, base, v, ref, invT);
        return sum;
    }

    /** exp((z - ref) / T) of the vector at token v: every kernel computes a weight this way, so recomputing gives the same bits. */
    private static FloatVector exponential(MemorySegment segment, long base, int v, FloatVector ref, float invT) {
        return FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER).sub(ref).mul(invT)
                .lanewise(VectorOperators.EXP);
    }

    /** The scalar twin of the vector {@link #exponential}, for the tail of a row. */
    private static float exponential(MemorySegment segment, long base, int v, float ref, float invT) {
        return (float) Math.exp((segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES) - ref) * invT);
    }

    /** The largest value of tokens [start, end), or NaN if one of them is NaN. */
    private static float maxOf(MemorySegment segment, long base, int start, int end) {
        int vectorEnd = start + SPECIES.loopBound(end - start);
        FloatVector mv = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        VectorMask<Float> nan = SPECIES.maskAll(false);
        for (int v = start; v < vectorEnd; v += LANES) {
            FloatVector z = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER);
            mv = mv.blend(z, z.compare(VectorOperators.GT, mv)); // compare and blend: cheaper than lanewise(MAX)
            nan = nan.or(z.test(VectorOperators.IS_NAN));
        }
        float max = nan.anyTrue() ? Float.NaN : mv.reduceLanes(VectorOperators.MAX);
        for (int v = vectorEnd; v < end; v++) max = Math.max(max, segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES));
        return max;
    }

    /**
     * The largest value of each tile in [from, to), NaN-propagating (a NaN anywhere makes the
     * tile's max NaN). Used for arg-max rows: greedy verification and greedy draft settings.
     */
    public static void maxTiles(MemorySegment segment, long base, int vocab, float[] tileMax, int from, int to) {
        for (int t = from; t < to; t++) tileMax[t] = maxOf(segment, base, t * TILE, Math.min(t * TILE + TILE, vocab));
    }

    /**
     * Checks for a row of probabilities, per tile in [from, to): the smallest and the largest
     * value and the sum (a NaN anywhere makes the sum NaN).
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
                lo = lo.blend(x, x.compare(VectorOperators.LT, lo)); // a NaN is not taken here; it poisons the sum
                hi = hi.blend(x, x.compare(VectorOperators.GT, hi));
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
     * Residual mass per tile in [from, to), {@code sum max(0, a[t] * wp[v] - b[t] * q[v])}, with
     * the target weights {@code wp[v] = exp((z_v - pRef[t]) / T)} recomputed from the logit row
     * (they were not stored) and q taken from stored draft weights {@code wq} when it is not
     * null, else read as probabilities from a draft row ({@code b[t]} is then ignored: 1).
     * a[t] and b[t] turn the tile's weights into probabilities. One pass, no stores.
     * {@link #residual} gives one element with the same arithmetic.
     *
     * @param base byte offset of the target row in {@code segment}
     * @param qBase byte offset of the draft probability row in {@code qSegment} (when wq is null)
     */
    public static void residualTiles(MemorySegment segment, long base, float invT, float[] pRef, float[] a,
                                     float[] wq, float[] b, MemorySegment qSegment, long qBase,
                                     int vocab, float[] tileSum, int from, int to) {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            // A fully masked tile has p = 0, so no residual mass.
            tileSum[t] = pRef[t] == Float.NEGATIVE_INFINITY ? 0f
                    : wq != null ? residualOfTile(segment, base, invT, pRef[t], a[t], wq, b[t], start, end)
                    : residualOfTileFromRow(segment, base, invT, pRef[t], a[t], qSegment, qBase, start, end);
        }
    }

    private static float residualOfTile(MemorySegment segment, long base, float invT, float ref, float at,
                                        float[] wq, float bt, int start, int end) {
        int vectorEnd = start + SPECIES.loopBound(end - start);
        FloatVector c = FloatVector.broadcast(SPECIES, ref);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int v = start; v < vectorEnd; v += LANES) {
            FloatVector p = exponential(segment, base, v, c, invT).mul(at);
            FloatVector q = FloatVector.fromArray(SPECIES, wq, v).mul(bt);
            acc = acc.add(positivePart(p.sub(q)));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int v = vectorEnd; v < end; v++) sum += residual(at, exponential(segment, base, v, ref, invT), bt, wq[v]);
        return sum;
    }

    private static float residualOfTileFromRow(MemorySegment segment, long base, float invT, float ref, float at,
                                               MemorySegment qSegment, long qBase, int start, int end) {
        int vectorEnd = start + SPECIES.loopBound(end - start);
        FloatVector c = FloatVector.broadcast(SPECIES, ref);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int v = start; v < vectorEnd; v += LANES) {
            FloatVector p = exponential(segment, base, v, c, invT).mul(at);
            FloatVector q = FloatVector.fromMemorySegment(SPECIES, qSegment, qBase + v * FLOAT_BYTES, ORDER);
            acc = acc.add(positivePart(p.sub(q)));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int v = vectorEnd; v < end; v++) sum += residual(at, exponential(segment, base, v, ref, invT), 1f, at(qSegment, qBase, v));
        return sum;
    }

    /** {@code sum w[from..to)} in float: a block of stored weights, skipped whole by the sampling scan. */
    public static float sum(float[] w, int from, int to) {
        int vectorEnd = from + SPECIES.loopBound(to - from);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int v = from; v < vectorEnd; v += LANES) acc = acc.add(FloatVector.fromArray(SPECIES, w, v));
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int v = vectorEnd; v < to; v++) sum += w[v];
        return sum;
    }

    /**
     * The residual mass of tokens [from, to) in float from (recomputed) target weights, as
     * {@link #residualTiles} sums it (b = 1 and wq = null: q read from the row).
     */
    public static float residualSum(float[] wp, float a, float[] wq, float b, MemorySegment segment, long base, int from, int to) {
        int vectorEnd = from + SPECIES.loopBound(to - from);
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int v = from; v < vectorEnd; v += LANES) {
            FloatVector p = FloatVector.fromArray(SPECIES, wp, v).mul(a);
            FloatVector q = wq != null ? FloatVector.fromArray(SPECIES, wq, v).mul(b)
                    : FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER);
            acc = acc.add(positivePart(p.sub(q)));
        }
        float sum = acc.reduceLanes(VectorOperators.ADD);
        for (int v = vectorEnd; v < to; v++) sum += residual(a, wp[v], b, wq != null ? wq[v] : at(segment, base, v));
        return sum;
    }

    /** One residual element, max(0, a * wp - b * wq), in the float arithmetic of the SIMD loops. */
    public static float residual(float a, float wp, float b, float wq) {
        float d = a * wp - b * wq;
        return d < 0f ? 0f : d;
    }

    /**
     * max(0, d) per lane as a compare and a blend: {@code lanewise(MAX)} implements Math.max's
     * NaN and signed-zero rules, which costs several instructions per vector on x86.
     */
    private static FloatVector positivePart(FloatVector d) {
        return d.blend(0f, d.lt(0f));
    }

    // ---- truncation (top-k, top-p, min-p) -----------------------------------------------------------

    /**
     * The pass of a top-k row over tile t, with no exponential: the lane maxima into
     * {@code laneMax[t * LANES + lane]} (lane l's maximum over the tokens start + l + LANES i, the
     * scalar tail folded into lane 0: {@link #LANES} distinct tokens, whose logits bound the
     * top-k threshold from below), and the tokens with {@code z >= bound} copied into tile t's
     * slot (from index {@code t * TILE}) of {@code values} (logits) and {@code ids} (token ids).
     * Per vector a load, a max, a NaN test and a compare; where a vector holds candidates,
     * {@link #copyLanes}, which once the bound has risen is rare (about k ln(V / k) tokens of a
     * row in random order).
     *
     * @param bound the tile's lower end for candidates; +infinity gathers none
     * @return how many candidates the tile's slot holds, or -1 if the tile holds NaN or +infinity
     */
    public static int selectTile(MemorySegment segment, long base, int vocab, float bound, float[] laneMax,
                                 float[] values, int[] ids, int t) {
        int start = t * TILE, end = Math.min(start + TILE, vocab);
        int vectorEnd = start + SPECIES.loopBound(end - start);
        FloatVector mx = FloatVector.broadcast(SPECIES, Float.NEGATIVE_INFINITY);
        VectorMask<Float> nan = SPECIES.maskAll(false);
        int put = start;
        for (int v = start; v < vectorEnd; v += LANES) {
            FloatVector z = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER);
            mx = mx.blend(z, z.compare(VectorOperators.GT, mx));
            nan = nan.or(z.test(VectorOperators.IS_NAN));
            VectorMask<Float> in = z.compare(VectorOperators.GE, bound);
            if (in.anyTrue()) put = copyLanes(segment, base, v, in.toLong(), values, ids, put);
        }
        float max = mx.reduceLanes(VectorOperators.MAX);
        mx.intoArray(laneMax, t * LANES);
        for (int v = vectorEnd; v < end; v++) {
            float z = at(segment, base, v);
            if (Float.isNaN(z)) return -1;
            max = Math.max(max, z);
            laneMax[t * LANES] = Math.max(laneMax[t * LANES], z);
        }
        if (nan.anyTrue() || max == Float.POSITIVE_INFINITY) return -1;
        return copyAtLeast(segment, base, vectorEnd, end, bound, values, ids, put) - start;
    }

    /** Copies the tokens of [from, to) with {@code z >= bound} to index {@code put} on; returns the new end. */
    private static int copyAtLeast(MemorySegment segment, long base, int from, int to, float bound, float[] values, int[] ids, int put) {
        for (int v = from; v < to; v++) {
            float z = at(segment, base, v);
            if (z >= bound) {
                values[put] = z;
                ids[put++] = v;
            }
        }
        return put;
    }

    /**
     * The weights exp((z - ref) / T) of candidates [0, n) into {@code masses}, whole vectors
     * only (the arrays need {@link #LANES} entries of room past n): every candidate's weight
     * then comes from the same vector exponential, whatever its position, so two rows with
     * the same candidates get the same bits.
     */
    public static void weights(float[] values, int n, float ref, float invT, float[] masses) {
        FloatVector c = FloatVector.broadcast(SPECIES, ref);
        for (int i = 0; i < n; i += LANES) {
            FloatVector.fromArray(SPECIES, values, i).sub(c).mul(invT).lanewise(VectorOperators.EXP).intoArray(masses, i);
        }
    }

    /** The float sum of the masses of values [0, n) below x (the arrays need {@link #LANES} entries of room past n). */
    public static float massBelow(float[] values, float[] masses, int n, float x) {
        FloatVector acc = FloatVector.zero(SPECIES);
        for (int i = 0; i < n; i += LANES) {
            VectorMask<Float> below = FloatVector.fromArray(SPECIES, values, i).compare(VectorOperators.LT, x)
                    .and(SPECIES.indexInRange(i, n));
            acc = acc.add(FloatVector.fromArray(SPECIES, masses, i), below);
        }
        return acc.reduceLanes(VectorOperators.ADD);
    }

    /**
     * A counting pass of the truncation search over its candidates: for each pivot j &lt; 4
     * (repeat the last if fewer), {@code count[j]} = the number of candidates with
     * {@code value >= pivot[j]} and {@code mass[j]} = the sum of their masses (per vector a
     * compare and two masked adds per pivot, in float per block of {@value #TILE}, added in double).
     */
    public static void countAbove(float[] values, float[] masses, int n, float[] pivot, long[] count, double[] mass) {
        FloatVector one = FloatVector.broadcast(SPECIES, 1f);
        float x0 = pivot[0], x1 = pivot[1], x2 = pivot[2], x3 = pivot[3];
        java.util.Arrays.fill(count, 0L);
        java.util.Arrays.fill(mass, 0.0);
        for (int start = 0; start < n; start += TILE) {
            int end = Math.min(start + TILE, n);
            int vectorEnd = start + SPECIES.loopBound(end - start);
            FloatVector m0 = FloatVector.zero(SPECIES), m1 = m0, m2 = m0, m3 = m0, c0 = m0, c1 = m0, c2 = m0, c3 = m0;
            for (int i = start; i < vectorEnd; i += LANES) {
                FloatVector z = FloatVector.fromArray(SPECIES, values, i);
                FloatVector w = FloatVector.fromArray(SPECIES, masses, i);
                VectorMask<Float> k0 = z.compare(VectorOperators.GE, x0), k1 = z.compare(VectorOperators.GE, x1),
                        k2 = z.compare(VectorOperators.GE, x2), k3 = z.compare(VectorOperators.GE, x3);
                m0 = m0.add(w, k0);
                c0 = c0.add(one, k0);
                m1 = m1.add(w, k1);
                c1 = c1.add(one, k1);
                m2 = m2.add(w, k2);
                c2 = c2.add(one, k2);
                m3 = m3.add(w, k3);
                c3 = c3.add(one, k3);
            }
            // Reduced here, so that no vector leaves this method (a vector passed to a method the JIT
            // does not inline would be allocated).
            count[0] += (long) c0.reduceLanes(VectorOperators.ADD);
            count[1] += (long) c1.reduceLanes(VectorOperators.ADD);
            count[2] += (long) c2.reduceLanes(VectorOperators.ADD);
            count[3] += (long) c3.reduceLanes(VectorOperators.ADD);
            mass[0] += m0.reduceLanes(VectorOperators.ADD);
            mass[1] += m1.reduceLanes(VectorOperators.ADD);
            mass[2] += m2.reduceLanes(VectorOperators.ADD);
            mass[3] += m3.reduceLanes(VectorOperators.ADD);
            for (int i = vectorEnd; i < end; i++) {
                for (int j = 0; j < 4; j++) {
                    if (values[i] >= pivot[j]) {
                        count[j]++;
                        mass[j] += masses[i];
                    }
                }
            }
        }
    }

    /**
     * Copies the tokens of tile t with {@code z >= bound} into its slot (from index
     * {@code t * TILE}) of {@code values} (logits) and {@code ids} (token ids), as
     * {@link #selectTile} does, for a row already checked for NaN and +infinity: per vector a
     * load and a compare, about a sixth of the softmax pass's time when few tokens are copied.
     * A sparse tile copies them by {@link #copyLanes} where a vector holds some; a dense one (a
     * flat row's top-p candidates) by a compress per vector without a branch, as a branch per
     * vector would mispredict about half the time there: copied one by one, 8000 candidates of
     * a row of 128256 measured twice the time of the compresses, and 400 candidates 0.7x.
     *
     * @param dense whether to copy by compress: the caller's guess, from the tile gathered
     *              before ({@link #isDense} of its count); rows are alike throughout, their
     *              tokens being in no particular order
     * @return how many candidates the tile's slot holds
     */
    public static int gatherTile(MemorySegment segment, long base, int vocab, float bound, float[] values, int[] ids,
                                 int t, boolean dense) {
        int start = t * TILE, end = Math.min(start + TILE, vocab);
        int vectorEnd = start + SPECIES.loopBound(end - start);
        int put = start;
        if (dense) {
            for (int v = start; v < vectorEnd; v += LANES) {
                // Whole vectors are written: put <= v, so they stay inside the tile's slot (or the room past the last).
                FloatVector z = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER);
                VectorMask<Float> in = z.compare(VectorOperators.GE, bound);
                z.compress(in).intoArray(values, put);
                IOTA.add(v).compress(in.cast(INT_SPECIES)).intoArray(ids, put);
                put += in.trueCount();
            }
        } else {
            for (int v = start; v < vectorEnd; v += LANES) {
                VectorMask<Float> in = FloatVector.fromMemorySegment(SPECIES, segment, base + v * FLOAT_BYTES, ORDER)
                        .compare(VectorOperators.GE, bound);
                if (in.anyTrue()) put = copyLanes(segment, base, v, in.toLong(), values, ids, put);
            }
        }
        return copyAtLeast(segment, base, vectorEnd, end, bound, values, ids, put) - start;
    }

    /** Whether a tile that gathered {@code count} candidates is dense: worth a compress per vector ({@link #gatherTile}). */
    public static boolean isDense(int count) {
        return count > DENSE_TILE;
    }

    /**
     * Copies the tokens {@code v + l} for each set bit l of {@code lanes} (a compare's mask) to
     * index {@code put} on, one by one; returns the new end: for sparse tiles ({@link #gatherTile}
     * has the measurements). A helper taking only primitives, because C2 inlines a call on a rarely
     * taken branch only up to 35 bytes of bytecode: vectors passed to a helper it does not
     * inline are boxed, which made a gather 20 times slower ({@code -XX:+PrintInlining}:
     * "failed to inline: too big").
     */
    private static int copyLanes(MemorySegment segment, long base, int v, long lanes, float[] values, int[] ids, int put) {
        for (; lanes != 0; lanes &= lanes - 1) {
            int u = v + Long.numberOfTrailingZeros(lanes);
            values[put] = at(segment, base, u);
            ids[put++] = u;
        }
        return put;
    }

    /**
     * Keeps the candidates [0, n) with {@code value >= cut}, in order, moving their ids and
     * masses to the front (in place: a vector is loaded before anything is written over it);
     * returns how many. A compress per vector: the kept tokens of a row are interleaved with the
     * others in token order, so a branch per candidate would mispredict about half the time.
     */
    public static int keepAtLeast(float[] values, int[] ids, float[] masses, int n, float cut) {
        int put = 0, vectorEnd = SPECIES.loopBound(n);
        for (int i = 0; i < vectorEnd; i += LANES) {
            FloatVector z = FloatVector.fromArray(SPECIES, values, i);
            VectorMask<Float> in = z.compare(VectorOperators.GE, cut);
            FloatVector w = FloatVector.fromArray(SPECIES, masses, i);
            IntVector id = IntVector.fromArray(INT_SPECIES, ids, i);
            w.compress(in).intoArray(masses, put);
            id.compress(in.cast(INT_SPECIES)).intoArray(ids, put);
            put += in.trueCount();
        }
        for (int i = vectorEnd; i < n; i++) {
            if (values[i] >= cut) {
                ids[put] = ids[i];
                masses[put++] = masses[i];
            }
        }
        return put;
    }

    /**
     * Copies the first {@code n} candidates with {@code lo <= value < hi} into
     * {@code toValues} and {@code toMasses}, in order, and returns how many they are (the
     * destinations need room for that many plus {@link #LANES}).
     */
    public static int keep(float[] values, float[] masses, int n, float lo, float hi, float[] toValues, float[] toMasses) {
        int kept = 0, vectorEnd = SPECIES.loopBound(n);
        for (int i = 0; i < vectorEnd; i += LANES) {
            FloatVector z = FloatVector.fromArray(SPECIES, values, i);
            VectorMask<Float> in = z.compare(VectorOperators.GE, lo).and(z.compare(VectorOperators.LT, hi));
            if (!in.anyTrue()) continue;
            z.compress(in).intoArray(toValues, kept);
            FloatVector.fromArray(SPECIES, masses, i).compress(in).intoArray(toMasses, kept);
            kept += in.trueCount();
        }
        for (int i = vectorEnd; i < n; i++) {
            if (values[i] >= lo && values[i] < hi) {
                toValues[kept] = values[i];
                toMasses[kept++] = masses[i];
            }
        }
        return kept;
    }

    /** Float {@code v} of a row starting at byte offset {@code base}. */
    public static float at(MemorySegment segment, long base, int v) {
        return segment.get(ValueLayout.JAVA_FLOAT_UNALIGNED, base + v * FLOAT_BYTES);
    }
}
