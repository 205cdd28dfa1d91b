package dev.specula.examples.llama;

import dev.specula.core.FloatRows;
import dev.specula.core.decoding.LanguageModel;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * A Llama-2-architecture transformer (Touvron et al. 2023) in plain Java, reading llama2.c
 * checkpoints: RMSNorm, rotary position embeddings (Su et al. 2021), grouped-query attention over
 * a key/value cache, a SwiGLU feed-forward layer (Shazeer 2020), a final norm and a classifier.
 * The arithmetic follows llama2.c's {@code run.c} step by step.
 *
 * <p>{@link #forward} scores a whole block of tokens in one call (the prompt, or the g + 1
 * positions a speculative verifier needs): each weight matrix is read once for the block. Every
 * position's arithmetic is the same whether it is scored alone or in a block, so block and
 * token-by-token logits are bit-identical. The logits are written to a native segment the
 * model owns and handed out as a {@link FloatRows} view, without copying.
 *
 * {@snippet :
 * try (LlamaModel model = LlamaModel.load(Path.of("stories260K.bin"))) {
 *     FloatRows logits = model.forward(new int[] {Tokenizer.BOS}, 0, 1);  // 1 x 1 x 512
 *     LlamaModel draft = model.earlyExit(2);   // the first 2 layers, same weights, own cache
 * }
 * }
 *
 * <p>Not thread-safe: one decoder drives one model (its matrix products use other threads
 * internally).
 */
public final class LlamaModel implements LanguageModel, AutoCloseable {
    private final Checkpoint checkpoint;
    private final boolean ownsCheckpoint;
    private final LlamaConfig config;
    private final int layers;
    /** Per layer, position-major: key of position p, head h at {@code p * kvDim + h * headSize}. */
    private final float[][] keyCache;
    private final float[][] valueCache;
    private final MemorySegment[] keySegments;
    private final MemorySegment[] valueSegments;
    /** cos and sin of position p, frequency i at {@code p * headSize / 2 + i}. */
    private final float[] ropeCos;
    private final float[] ropeSin;
    private final Arena arena = Arena.ofShared();
    private Activations buffers;
    private int length;
    private boolean closed;

    private LlamaModel(Checkpoint checkpoint, boolean ownsCheckpoint, int layers) {
        this.checkpoint = checkpoint;
        this.ownsCheckpoint = ownsCheckpoint;
        this.config = checkpoint.config();
        this.layers = layers;
        int cacheSize = config.contextLength() * config.kvDim();
        keyCache = new float[layers][cacheSize];
        valueCache = new float[layers][cacheSize];
        keySegments = new MemorySegment[layers];
        valueSegments = new MemorySegment[layers];
        for (int l = 0; l < layers; l++) {
            keySegments[l] = MemorySegment.ofArray(keyCache[l]);
            valueSegments[l] = MemorySegment.ofArray(valueCache[l]);
        }
        int half = config.headSize() / 2;
        ropeCos = new float[config.contextLength() * half];
        ropeSin = new float[config.contextLength() * half];
        for (int pos = 0; pos < config.contextLength(); pos++) {
            for (int i = 0; i < half; i++) {
                // run.c: freq = 1 / 10000^(headDim / headSize) for the pair starting at headDim = 2i.
                float freq = (float) (1.0 / Math.pow(10000.0, (2.0 * i) / config.headSize()));
                float angle = pos * freq;
                ropeCos[pos * half + i] = (float) Math.cos(angle);
                ropeSin[pos * half + i] = (float) Math.sin(angle);
            }
        }
    }

    /**
     * Loads a checkpoint in any of the three llama2.c formats; the model owns the mapping and
     * unmaps it on {@link #close()}.
     *
     * @throws CheckpointException if the file is not a valid checkpoint
     * @throws IOException if it cannot be read
     */
    public static LlamaModel load(Path file) throws IOException {
        Checkpoint checkpoint = Checkpoint.open(file);
        try {
            return new LlamaModel(checkpoint, true, checkpoint.config().layers());
        } catch (RuntimeException | Error e) {
            checkpoint.close();
            throw e;
        }
    }

    /** A model over a checkpoint the caller keeps open and closes. */
    public static LlamaModel of(Checkpoint checkpoint) {
        checkpoint.requireOpen();
        return new LlamaModel(checkpoint, false, checkpoint.config().layers());
    }

    /**
     * The self-speculative drafter's model: the first {@code k} layers, then this model's final
     * norm and classifier (early exit, as in LayerSkip, Elhoushi et al. 2024). It shares the
     * weights and has its own cache; closing it frees only that cache. It stops working when the
     * checkpoint is closed. {@code earlyExit(layers())} computes exactly what this model does.
     *
     * @throws IllegalArgumentException unless {@code 1 <= k <= layers()}
     */
    public LlamaModel earlyExit(int k) {
        requireOpen();
        if (k < 1 || k > config.layers()) {
            throw new IllegalArgumentException("early exit after " + k + " layers: the model has " + config.layers());
        }
        return new LlamaModel(checkpoint, false, k);
    }

    public LlamaConfig config() {
        return config;
    }

    public Checkpoint checkpoint() {
        return checkpoint;
    }

    /** Number of transformer blocks this model runs ({@code k} for an early-exit view). */
    public int layers() {
        return layers;
    }

    @Override
    public int vocabularySize() {
        return config.vocabularySize();
    }

    @Override
    public int contextLength() {
        return config.contextLength();
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public FloatRows forward(int[] tokens, int offset, int count) {
        requireOpen();
        if (tokens == null) throw new IllegalArgumentException("tokens is null");
        if (count < 1) throw new IllegalArgumentException("count must be >= 1, got " + count);
        if (offset < 0 || offset > tokens.length - count) {
            throw new IllegalArgumentException("range [" + offset + ", " + ((long) offset + count) + ") is outside tokens[" + tokens.length + "]");
        }
        if (count > config.contextLength() - length) {
            throw new IllegalArgumentException(count + " more tokens would exceed the context length " + config.contextLength()
                    + " (" + length + " cached)");
        }
        for (int t = offset; t < offset + count; t++) {
            if (tokens[t] < 0 || tokens[t] >= config.vocabularySize()) {
                throw new IllegalArgumentException("token " + tokens[t] + " at index " + t + " is outside the vocabulary [0, "
                        + config.vocabularySize() + ")");
            }
        }
        if (buffers == null || buffers.capacity < count) {
            // Grow geometrically: the logits of earlier, smaller blocks stay in the arena until close.
            int capacity = Math.min(config.contextLength(), Math.max(count, 2 * capacity()));
            buffers = new Activations(config, capacity, arena);
        }
        Activations a = buffers;
        run(a, tokens, offset, count);
        length += count;
        return FloatRows.dense(a.logits, 1, count, config.vocabularySize());
    }

    private int capacity() {
        return buffers == null ? 0 : buffers.capacity;
    }

    @Override
    public void rollback(int newLength) {
        requireOpen();
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("cannot roll back to length " + newLength + ": the cache holds " + length);
        }
        // Positions >= newLength are simply overwritten by the next forward.
        length = newLength;
    }

    /** The forward pass of llama2.c's run.c, for {@code count} tokens at positions length .. length + count - 1. */
    private void run(Activations a, int[] tokens, int offset, int count) {
        LlamaWeights w = checkpoint.weights();
        int dim = config.dim(), kvDim = config.kvDim(), hidden = config.hiddenDim();
        float[] x = a.x, xb = a.xb;

        for (int t = 0; t < count; t++) w.tokenEmbedding().copyRow(tokens[offset + t], x, t * dim);

        for (int l = 0; l < layers; l++) {
            // Attention: x += Wo . attention(rmsnorm(x))
            for (int t = 0; t < count; t++) Kernels.rmsnorm(xb, x, t * dim, w.attentionNorm()[l], dim);
            Kernels.matmul(w.wq()[l], xb, count, a.qSegment);
            // Keys and values go straight into the cache rows of their positions.
            long cacheBytes = 4L * count * kvDim, cacheStart = 4L * length * kvDim;
            Kernels.matmul(w.wk()[l], xb, count, keySegments[l].asSlice(cacheStart, cacheBytes));
            Kernels.matmul(w.wv()[l], xb, count, valueSegments[l].asSlice(cacheStart, cacheBytes));
            for (int t = 0; t < count; t++) rope(a.q, t * dim, keyCache[l], (length + t) * kvDim, length + t);
            attention(a, l, count);
            Kernels.matmul(w.wo()[l], xb, count, a.xb2Segment);
            add(x, a.xb2, count * dim);

            // Feed-forward: x += W2 . (silu(W1 . h) * (W3 . h)), h = rmsnorm(x)
            for (int t = 0; t < count; t++) Kernels.rmsnorm(xb, x, t * dim, w.ffnNorm()[l], dim);
            Kernels.matmul(w.w1()[l], xb, count, a.hbSegment);
            Kernels.matmul(w.w3()[l], xb, count, a.hb2Segment);
            for (int i = 0; i < count * hidden; i++) {
                float g = a.hb[i];
                a.hb[i] = g / (1f + (float) Math.exp(-g)) * a.hb2[i];
            }
            Kernels.matmul(w.w2()[l], a.hb, count, a.xb2Segment);
            add(x, a.xb2, count * dim);
        }

        for (int t = 0; t < count; t++) Kernels.rmsnorm(x, x, t * dim, w.finalNorm(), dim);
        Kernels.matmul(w.classifier(), x, count, a.logits);
    }

    /**
     * RoPE as llama2.c applies it: consecutive pairs (2i, 2i+1) of every head are rotated by the
     * angle {@code pos * 10000^(-2i / headSize)}; queries in every head, keys in the kv heads.
     */
    private void rope(float[] q, int qOffset, float[] k, int kOffset, int pos) {
        int headSize = config.headSize(), half = headSize / 2, kvDim = config.kvDim();
        for (int i = 0; i < config.dim(); i += 2) {
            int f = pos * half + (i % headSize) / 2;
            float cos = ropeCos[f], sin = ropeSin[f];
            rotate(q, qOffset + i, cos, sin);
            if (i < kvDim) rotate(k, kOffset + i, cos, sin);
        }
    }

    private static void rotate(float[] v, int i, float cos, float sin) {
        float v0 = v[i], v1 = v[i + 1];
        v[i] = v0 * cos - v1 * sin;
        v[i + 1] = v0 * sin + v1 * cos;
    }

    /**
     * Causal softmax attention of every (token, head) of the block over the cached positions up
     * to the token's own: {@code xb = sum_s softmax(q . k_s / sqrt(headSize)) v_s}, with query
     * head h reading kv head {@code h / queriesPerKv}.
     */
    private void attention(Activations a, int layer, int count) {
        int heads = config.heads(), headSize = config.headSize(), dim = config.dim(), kvDim = config.kvDim();
        int seqLen = config.contextLength(), group = config.queriesPerKv();
        float[] keys = keyCache[layer], values = valueCache[layer];
        float scale = (float) (1.0 / Math.sqrt(headSize));
        long work = 2L * count * heads * (length + count) * headSize;
        Kernels.forRanges(count * heads, work, (from, to) -> {
            for (int th = from; th < to; th++) {
                int t = th / heads, h = th % heads, pos = length + t;
                int q = t * dim + h * headSize, kv = (h / group) * headSize, att = th * seqLen;
                for (int s = 0; s <= pos; s++) a.att[att + s] = Kernels.dot(a.q, q, keys, s * kvDim + kv, headSize) * scale;
                Kernels.softmax(a.att, att, pos + 1);
                Arrays.fill(a.xb, q, q + headSize, 0f);
                for (int s = 0; s <= pos; s++) Kernels.axpy(a.xb, q, a.att[att + s], values, s * kvDim + kv, headSize);
            }
        });
    }

    private static void add(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) x[i] += y[i];
    }

    private void requireOpen() {
        if (closed) throw new IllegalStateException("model is closed");
        checkpoint.requireOpen();
    }

    /** Frees the logits memory, and unmaps the checkpoint if this model loaded it. Idempotent. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        buffers = null;
        arena.close();
        if (ownsCheckpoint) checkpoint.close();
    }

    @Override
    public String toString() {
        return "LlamaModel[" + checkpoint + (layers < config.layers() ? ", early exit after " + layers + " layers" : "") + "]";
    }

    /** Activations for a block of up to {@code capacity} tokens, token-major. */
    private static final class Activations {
        final int capacity;
        final float[] x, xb, xb2, q, hb, hb2, att;
        final MemorySegment xb2Segment, qSegment, hbSegment, hb2Segment;
        /** capacity x vocabularySize logits, native so that verifiers of any backend can read them in place. */
        final MemorySegment logits;

        Activations(LlamaConfig p, int capacity, Arena arena) {
            this.capacity = capacity;
            x = new float[capacity * p.dim()];
            xb = new float[capacity * p.dim()];
            xb2 = new float[capacity * p.dim()];
            q = new float[capacity * p.dim()];
            hb = new float[capacity * p.hiddenDim()];
            hb2 = new float[capacity * p.hiddenDim()];
            att = new float[Math.multiplyExact(capacity * p.heads(), p.contextLength())];
            xb2Segment = MemorySegment.ofArray(xb2);
            qSegment = MemorySegment.ofArray(q);
            hbSegment = MemorySegment.ofArray(hb);
            hb2Segment = MemorySegment.ofArray(hb2);
            logits = arena.allocate(4L * capacity * p.vocabularySize(), 64);
        }
    }
}
