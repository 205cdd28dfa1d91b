package dev.specula.core.decoding;

import dev.specula.core.FloatRows;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * A deterministic table-driven language model for tests: the logits of the token after position
 * t are a fixed random row chosen by (token t-1, token t, t mod 3), read from the model's own
 * cache, so a cache that is not rolled back correctly changes the output. Rows are written to the
 * model's own native segment with a padded row stride, as a real runtime might.
 *
 * <p>{@link #logitsAfter(int[], int)} computes the same rows from a token array without any
 * cache: the tests' independent reference.
 */
public final class ToyModel implements LanguageModel {
    static final int PHASES = 3;
    static final int PADDING = 3;

    private final int vocab;
    private final int contextLength;
    private final float[] table;       // [(prev * V + cur) * PHASES + phase][v]
    private final int[] cache;
    private final MemorySegment out;
    private int length;
    int forwardCalls;
    long forwardedTokens;

    private ToyModel(int vocab, int contextLength, float[] table) {
        this.vocab = vocab;
        this.contextLength = contextLength;
        this.table = table;
        this.cache = new int[contextLength];
        this.out = Arena.ofAuto().allocate((long) contextLength * (vocab + PADDING) * Float.BYTES, 64);
    }

    /** A model with Gaussian logits of standard deviation {@code scale}. */
    public static ToyModel random(int vocab, int contextLength, double scale, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] table = new float[vocab * vocab * PHASES * vocab];
        for (int k = 0; k < table.length; k++) table[k] = (float) (scale * random.nextGaussian());
        return new ToyModel(vocab, contextLength, table);
    }

    /** A model whose logits are this model's plus Gaussian noise: a draft that mostly agrees. */
    public ToyModel perturbed(double noise, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] t = table.clone();
        for (int k = 0; k < t.length; k++) t[k] += (float) (noise * random.nextGaussian());
        return new ToyModel(vocab, contextLength, t);
    }

    /** The same table with another context length. */
    public ToyModel withContextLength(int n) {
        return new ToyModel(vocab, n, table);
    }

    /** The logits of the token after {@code tokens[0..end)}, computed without a cache. */
    public float[] logitsAfter(int[] tokens, int end) {
        int t = end - 1;
        int prev = t == 0 ? 0 : tokens[t - 1];
        int base = ((prev * vocab + tokens[t]) * PHASES + t % PHASES) * vocab;
        return Arrays.copyOfRange(table, base, base + vocab);
    }

    @Override
    public int vocabularySize() {
        return vocab;
    }

    @Override
    public int contextLength() {
        return contextLength;
    }

    @Override
    public int length() {
        return length;
    }

    /** The tokens in the cache. */
    public int[] cachedTokens() {
        return Arrays.copyOf(cache, length);
    }

    @Override
    public FloatRows forward(int[] tokens, int offset, int count) {
        Objects.checkFromIndexSize(offset, count, tokens.length);
        if (count < 1) throw new IllegalArgumentException("count must be >= 1");
        if (length + count > contextLength) throw new IllegalArgumentException("context full");
        for (int k = 0; k < count; k++) {
            int token = tokens[offset + k];
            if (token < 0 || token >= vocab) throw new IllegalArgumentException("token " + token);
        }
        forwardCalls++;
        forwardedTokens += count;
        for (int k = 0; k < count; k++) {
            int t = length;
            cache[length++] = tokens[offset + k];
            int prev = t == 0 ? 0 : cache[t - 1];
            int base = ((prev * vocab + cache[t]) * PHASES + t % PHASES) * vocab;
            MemorySegment.copy(table, base, out, ValueLayout.JAVA_FLOAT, (long) k * (vocab + PADDING) * Float.BYTES, vocab);
        }
        return new FloatRows(out, 1, count, vocab, vocab + PADDING, (long) count * (vocab + PADDING));
    }

    @Override
    public void rollback(int newLength) {
        if (newLength < 0 || newLength > length) throw new IllegalArgumentException("rollback to " + newLength + " of " + length);
        length = newLength;
    }
}
