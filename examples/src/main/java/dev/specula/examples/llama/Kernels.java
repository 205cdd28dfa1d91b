package dev.specula.examples.llama;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShuffle;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;

/**
 * The forward pass's arithmetic on heap activations: matrix products over a block of tokens,
 * RMSNorm, and small vector helpers. Large products run on the common fork-join pool, split by
 * output rows; small ones stay on the caller's thread, where a tiny model spends less time than
 * a fork would cost.
 */
final class Kernels {
    static final VectorSpecies<Float> F = FloatVector.SPECIES_PREFERRED;
    /** Checkpoints are little-endian and their tensors need not be aligned. */
    static final ValueLayout.OfFloat FLOAT_LE = ValueLayout.JAVA_FLOAT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);
    /**
     * Multiply-adds below which a product stays on the caller's thread, where handing chunks to
     * other threads would cost about as much as the work: every product of a model as small as
     * stories260K over a verification block (g + 1 tokens) stays here; a 15M-parameter model's
     * classifier is split.
     */
    static final long PARALLEL_WORK = 1 << 18;
    private static final int CHUNKS_PER_THREAD = 4;

    private Kernels() {
    }

    /**
     * {@code out[t * rows + i] = W[i] . x[t * cols ..]} for every token t of the block: each
     * weight row is read once and applied to all {@code count} tokens while it is in cache.
     */
    static void matmul(Matrix w, float[] x, int count, MemorySegment out) {
        int rows = w.rows(), cols = w.cols();
        forRanges(rows, (long) rows * cols * count, (from, to) -> {
            for (int i = from; i < to; i++) {
                for (int t = 0; t < count; t++) {
                    out.setAtIndex(ValueLayout.JAVA_FLOAT, (long) t * rows + i, w.dot(i, x, t * cols));
                }
            }
        });
    }

    /** A half-open range of indices. */
    @FunctionalInterface
    interface RangeBody {
        void run(int from, int to);
    }

    /** Runs {@code body} over [0, n) in contiguous chunks, in parallel when {@code work} is large. */
    static void forRanges(int n, long work, RangeBody body) {
        int threads = Runtime.getRuntime().availableProcessors();
        if (work < PARALLEL_WORK || threads == 1 || n < 2) {
            body.run(0, n);
            return;
        }
        int chunks = Math.min(n, threads * CHUNKS_PER_THREAD);
        IntConsumer chunk = c -> body.run((int) ((long) n * c / chunks), (int) ((long) n * (c + 1) / chunks));
        IntStream.range(0, chunks).parallel().forEach(chunk);
    }

    /** RMSNorm (Zhang and Sennrich 2019): {@code out = weight * x / sqrt(mean(x^2) + 1e-5)}, one vector of n at offset. */
    static void rmsnorm(float[] out, float[] x, int offset, float[] weight, int n) {
        float ss = 0;
        for (int j = 0; j < n; j++) ss += x[offset + j] * x[offset + j];
        ss = 1f / (float) Math.sqrt(ss / n + 1e-5f);
        for (int j = 0; j < n; j++) out[offset + j] = weight[j] * (ss * x[offset + j]);
    }

    /** Shuffles swapping lanes i and i ^ k (null where k is not below the lane count); constants the JIT can see. */
    private static final VectorShuffle<Float> SWAP_1 = swap(1), SWAP_2 = swap(2), SWAP_4 = swap(4), SWAP_8 = swap(8),
            SWAP_16 = swap(16);

    private static VectorShuffle<Float> swap(int k) {
        return k < F.length() ? VectorShuffle.fromOp(F, i -> i ^ k) : null;
    }

    /**
     * The sum of a vector's lanes in a fixed pairwise order. {@code reduceLanes(ADD)} may add
     * floats in a different order once the JIT compiles it than while interpreted, which would
     * make the same dot product round differently over a run; this order never changes, so a
     * position's logits are the same bits whether it is scored alone, in a block, early or late.
     */
    static float sum(FloatVector v) {
        int lanes = F.length();
        if (lanes > 16) v = v.add(v.rearrange(SWAP_16));
        if (lanes > 8) v = v.add(v.rearrange(SWAP_8));
        if (lanes > 4) v = v.add(v.rearrange(SWAP_4));
        if (lanes > 2) v = v.add(v.rearrange(SWAP_2));
        if (lanes > 1) v = v.add(v.rearrange(SWAP_1));
        return v.lane(0);
    }

    /** {@code a[ao ..] . b[bo ..]} over n floats. */
    static float dot(float[] a, int ao, float[] b, int bo, int n) {
        float sum = 0;
        int j = 0;
        int upper = F.loopBound(n);
        if (upper > 0) { // heads narrower than a vector (stories260K's are 8 wide) skip the lane sum
            FloatVector acc = FloatVector.zero(F);
            for (; j < upper; j += F.length()) acc = FloatVector.fromArray(F, a, ao + j).fma(FloatVector.fromArray(F, b, bo + j), acc);
            sum = sum(acc);
        }
        for (; j < n; j++) sum += a[ao + j] * b[bo + j];
        return sum;
    }

    /** {@code y[yo ..] += a * x[xo ..]} over n floats. */
    static void axpy(float[] y, int yo, float a, float[] x, int xo, int n) {
        FloatVector av = FloatVector.broadcast(F, a);
        int j = 0;
        for (int upper = F.loopBound(n); j < upper; j += F.length()) {
            FloatVector.fromArray(F, x, xo + j).fma(av, FloatVector.fromArray(F, y, yo + j)).intoArray(y, yo + j);
        }
        for (; j < n; j++) y[yo + j] += a * x[xo + j];
    }

    /** In-place softmax of {@code v[offset, offset + n)}. */
    static void softmax(float[] v, int offset, int n) {
        float max = Float.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) max = Math.max(max, v[offset + j]);
        float sum = 0;
        for (int j = 0; j < n; j++) {
            v[offset + j] = (float) Math.exp(v[offset + j] - max);
            sum += v[offset + j];
        }
        for (int j = 0; j < n; j++) v[offset + j] /= sum;
    }
}
