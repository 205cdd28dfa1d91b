package dev.specula.examples.llama;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A llama2.c checkpoint file, memory-mapped: its {@link LlamaConfig} and {@link LlamaWeights}.
 * The matrices are views of the mapping (nothing large is copied); closing the checkpoint unmaps
 * the file, after which every model built on it refuses to run.
 *
 * <p>The three layouts of llama2.c's {@code export.py} are recognised by their first bytes:
 * <ul>
 *   <li>{@linkplain CheckpointFormat#LEGACY version 0}: int32 dim, hidden_dim, n_layers, n_heads,
 *       n_kv_heads, vocab_size, seq_len (vocab_size negative when the classifier is stored
 *       separately), then float32 token embedding, per-layer attention norms, wq, wk, wv, wo, ffn
 *       norms, w1, w2, w3, the final norm, the RoPE cos and sin tables (seq_len x head_size/2 each,
 *       skipped: they are recomputed), and the classifier if not shared;
 *   <li>{@linkplain CheckpointFormat#FLOAT32 version 1}: uint32 magic 0x616b3432 ("ak42"), int32
 *       version 1, the same 7 int32 values, a uint8 shared-classifier flag, zero padding to 256
 *       bytes; then float32 attention norms, ffn norms, final norm, token embedding, wq, wk, wv,
 *       wo, w1, w2, w3 (each for all layers) and the classifier if not shared;
 *   <li>{@linkplain CheckpointFormat#Q8_0 version 2}: magic, int32 version 2, the 7 values, the
 *       flag, int32 group size, padding to 256 bytes; float32 norms as in version 1; then each
 *       matrix of the version-1 order as its int8 values followed by its float32 group scales.
 * </ul>
 *
 * {@snippet :
 * try (Checkpoint checkpoint = Checkpoint.open(Path.of("stories260K.bin"))) {
 *     System.out.println(checkpoint.format() + " " + checkpoint.config());
 * }
 * }
 */
public final class Checkpoint implements AutoCloseable {
    /** "ak42" read as a little-endian uint32. */
    public static final int MAGIC = 0x616b3432;
    static final int LEGACY_HEADER_BYTES = 7 * Integer.BYTES;
    static final int VERSIONED_HEADER_BYTES = 256;
    private static final ValueLayout.OfInt INT_LE = ValueLayout.JAVA_INT_UNALIGNED.withOrder(ByteOrder.LITTLE_ENDIAN);

    private final Path file;
    private final Arena arena;
    private final CheckpointFormat format;
    private final LlamaConfig config;
    private final int groupSize;
    private final LlamaWeights weights;

    private Checkpoint(Path file, Arena arena, CheckpointFormat format, LlamaConfig config, int groupSize, LlamaWeights weights) {
        this.file = file;
        this.arena = arena;
        this.format = format;
        this.config = config;
        this.groupSize = groupSize;
        this.weights = weights;
    }

    /**
     * Maps and checks a checkpoint file.
     *
     * @throws CheckpointException if the file is truncated or longer than its header implies, has
     *     an unknown magic or version, or an inconsistent header
     * @throws IOException if it cannot be read
     */
    public static Checkpoint open(Path file) throws IOException {
        Arena arena = Arena.ofShared(); // the matrix kernels run on several threads
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = channel.size();
            MemorySegment all = channel.map(FileChannel.MapMode.READ_ONLY, 0, size, arena);
            return read(file, arena, all);
        } catch (IOException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static Checkpoint read(Path file, Arena arena, MemorySegment all) {
        try {
            return readChecked(file, arena, all);
        } catch (ArithmeticException e) {
            throw new CheckpointException(file, "inconsistent header: its tensor sizes overflow 64 bits", e);
        }
    }

    private static Checkpoint readChecked(Path file, Arena arena, MemorySegment all) {
        long size = all.byteSize();
        if (size < 8 || all.get(INT_LE, 0) != MAGIC) {
            if (size < LEGACY_HEADER_BYTES) {
                throw new CheckpointException(file, "truncated: " + size + " bytes, shorter than a llama2.c header (" + LEGACY_HEADER_BYTES + " bytes)");
            }
            return readLegacy(file, arena, all);
        }
        int version = all.get(INT_LE, 4);
        if (version != 1 && version != 2) {
            throw new CheckpointException(file, "unsupported llama2.c checkpoint version " + version
                    + " (this reader knows 1 = float32 and 2 = Q8_0)");
        }
        if (size < VERSIONED_HEADER_BYTES) {
            throw new CheckpointException(file, "truncated: " + size + " bytes, shorter than its " + VERSIONED_HEADER_BYTES + "-byte header");
        }
        byte sharedFlag = all.get(ValueLayout.JAVA_BYTE, 36);
        if (sharedFlag != 0 && sharedFlag != 1) {
            throw new CheckpointException(file, "inconsistent header: shared-classifier flag is " + sharedFlag + ", expected 0 or 1");
        }
        LlamaConfig config = config(file, all, 8, sharedFlag == 1, false);
        if (version == 1) {
            Cursor c = new Cursor(file, all, VERSIONED_HEADER_BYTES, expectedFloat32Size(config, VERSIONED_HEADER_BYTES, 0));
            float[][] attentionNorm = c.vectors(config.layers(), config.dim());
            float[][] ffnNorm = c.vectors(config.layers(), config.dim());
            float[] finalNorm = c.vector(config.dim());
            return new Checkpoint(file, arena, CheckpointFormat.FLOAT32, config, 0,
                    c.matrices(config, attentionNorm, ffnNorm, finalNorm, c::f32));
        }
        int groupSize = all.get(INT_LE, 37);
        if (groupSize < 1) throw new CheckpointException(file, "inconsistent header: group size " + groupSize);
        for (long n : new long[] {(long) config.vocabularySize() * config.dim(), (long) config.dim() * config.dim(),
                (long) config.kvDim() * config.dim(), (long) config.hiddenDim() * config.dim()}) {
            if (n % groupSize != 0) {
                throw new CheckpointException(file, "inconsistent header: a tensor of " + n + " weights is not whole groups of " + groupSize);
            }
        }
        Cursor c = new Cursor(file, all, VERSIONED_HEADER_BYTES, expectedQ8Size(config, groupSize));
        float[][] attentionNorm = c.vectors(config.layers(), config.dim());
        float[][] ffnNorm = c.vectors(config.layers(), config.dim());
        float[] finalNorm = c.vector(config.dim());
        return new Checkpoint(file, arena, CheckpointFormat.Q8_0, config, groupSize,
                c.matrices(config, attentionNorm, ffnNorm, finalNorm, (rows, cols) -> c.q8(rows, cols, groupSize)));
    }

    private static Checkpoint readLegacy(Path file, Arena arena, MemorySegment all) {
        int vocab = all.get(INT_LE, 20);
        LlamaConfig config = config(file, all, 0, vocab > 0, true);
        Cursor c = new Cursor(file, all, LEGACY_HEADER_BYTES,
                expectedFloat32Size(config, LEGACY_HEADER_BYTES, (long) config.contextLength() * config.headSize()));
        int layers = config.layers(), dim = config.dim(), kvDim = config.kvDim(), hidden = config.hiddenDim();
        Matrix embedding = c.f32(config.vocabularySize(), dim);
        float[][] attentionNorm = c.vectors(layers, dim);
        Matrix[] wq = c.f32s(layers, dim, dim);
        Matrix[] wk = c.f32s(layers, kvDim, dim);
        Matrix[] wv = c.f32s(layers, kvDim, dim);
        Matrix[] wo = c.f32s(layers, dim, dim);
        float[][] ffnNorm = c.vectors(layers, dim);
        Matrix[] w1 = c.f32s(layers, hidden, dim);
        Matrix[] w2 = c.f32s(layers, dim, hidden);
        Matrix[] w3 = c.f32s(layers, hidden, dim);
        float[] finalNorm = c.vector(dim);
        c.skip(4L * config.contextLength() * config.headSize()); // RoPE cos and sin tables, recomputed by the model
        Matrix classifier = config.sharedClassifier() ? embedding : c.f32(config.vocabularySize(), dim);
        return new Checkpoint(file, arena, CheckpointFormat.LEGACY, config, 0,
                new LlamaWeights(embedding, attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, classifier));
    }

    /** The 7 header values at {@code offset}; legacy files flag an unshared classifier with a negative vocabulary size. */
    private static LlamaConfig config(Path file, MemorySegment all, long offset, boolean shared, boolean legacy) {
        int[] h = new int[7];
        for (int i = 0; i < 7; i++) h[i] = all.get(INT_LE, offset + 4L * i);
        int vocab = legacy ? Math.abs(h[5]) : h[5];
        try {
            return new LlamaConfig(h[0], h[1], h[2], h[3], h[4], vocab, h[6], shared);
        } catch (IllegalArgumentException e) {
            String what = legacy ? "not a llama2.c checkpoint: no \"ak42\" magic, and as a legacy header" : "inconsistent header:";
            throw new CheckpointException(file, what + " (dim, hidden_dim, n_layers, n_heads, n_kv_heads, vocab_size, seq_len) = "
                    + Arrays.toString(h) + " " + e.getMessage(), e);
        }
    }

    /** Bytes of a float32 file: header, norms, matrices, extra floats (legacy RoPE tables), classifier if unshared. */
    private static long expectedFloat32Size(LlamaConfig p, long header, long extraFloats) {
        long floats = 2L * p.layers() * p.dim() + p.dim() + extraFloats;
        for (long n : matrixSizes(p)) floats = Math.addExact(floats, n);
        return Math.addExact(header, Math.multiplyExact(4, floats));
    }

    private static long expectedQ8Size(LlamaConfig p, int groupSize) {
        long bytes = VERSIONED_HEADER_BYTES + 4 * (2L * p.layers() * p.dim() + p.dim());
        for (long n : matrixSizes(p)) bytes = Math.addExact(bytes, Math.addExact(n, 4 * (n / groupSize)));
        return bytes;
    }

    /**
     * Weights per matrix kind summed over layers: embedding, wq, wk, wv, wo, w1, w2, w3, classifier
     * (0 when shared).
     *
     * @throws ArithmeticException if a header's values are so large that a size overflows
     */
    private static long[] matrixSizes(LlamaConfig p) {
        long dim = p.dim(), layers = p.layers(), embedding = dim * p.vocabularySize();
        long attention = Math.multiplyExact(layers, dim * dim), kv = Math.multiplyExact(layers, dim * p.kvDim());
        long ffn = Math.multiplyExact(layers, dim * p.hiddenDim());
        return new long[] {embedding, attention, kv, kv, attention, ffn, ffn, ffn, p.sharedClassifier() ? 0 : embedding};
    }

    /** Hands out consecutive tensors of the mapped file, after checking its size once. */
    private static final class Cursor {
        private final MemorySegment all;
        private long offset;

        Cursor(Path file, MemorySegment all, long start, long expectedSize) {
            if (all.byteSize() < expectedSize) {
                throw new CheckpointException(file, "truncated: the header implies " + expectedSize + " bytes, the file has " + all.byteSize());
            }
            if (all.byteSize() > expectedSize) {
                throw new CheckpointException(file, "inconsistent header: it implies " + expectedSize + " bytes, the file has "
                        + all.byteSize() + " (" + (all.byteSize() - expectedSize) + " unexplained bytes)");
            }
            this.all = all;
            this.offset = start;
        }

        MemorySegment take(long bytes) {
            MemorySegment slice = all.asSlice(offset, bytes);
            offset += bytes;
            return slice;
        }

        void skip(long bytes) {
            offset += bytes;
        }

        float[] vector(int n) {
            return take(4L * n).toArray(Kernels.FLOAT_LE);
        }

        float[][] vectors(int count, int n) {
            float[][] v = new float[count][];
            for (int i = 0; i < count; i++) v[i] = vector(n);
            return v;
        }

        Matrix f32(int rows, int cols) {
            return new Matrix.F32(take(4L * rows * cols), rows, cols);
        }

        Matrix[] f32s(int count, int rows, int cols) {
            Matrix[] m = new Matrix[count];
            for (int i = 0; i < count; i++) m[i] = f32(rows, cols);
            return m;
        }

        Matrix q8(int rows, int cols, int groupSize) {
            long n = (long) rows * cols;
            MemorySegment quants = take(n);
            return new Matrix.Q8(quants, take(4 * (n / groupSize)), rows, cols, groupSize);
        }

        /** The matrices in the order of versions 1 and 2 (norms already read). */
        LlamaWeights matrices(LlamaConfig p, float[][] attentionNorm, float[][] ffnNorm, float[] finalNorm, MatrixReader read) {
            int layers = p.layers(), dim = p.dim(), kvDim = p.kvDim(), hidden = p.hiddenDim();
            Matrix embedding = read.next(p.vocabularySize(), dim);
            Matrix[] wq = new Matrix[layers], wk = new Matrix[layers], wv = new Matrix[layers], wo = new Matrix[layers];
            Matrix[] w1 = new Matrix[layers], w2 = new Matrix[layers], w3 = new Matrix[layers];
            for (int l = 0; l < layers; l++) wq[l] = read.next(dim, dim);
            for (int l = 0; l < layers; l++) wk[l] = read.next(kvDim, dim);
            for (int l = 0; l < layers; l++) wv[l] = read.next(kvDim, dim);
            for (int l = 0; l < layers; l++) wo[l] = read.next(dim, dim);
            for (int l = 0; l < layers; l++) w1[l] = read.next(hidden, dim);
            for (int l = 0; l < layers; l++) w2[l] = read.next(dim, hidden);
            for (int l = 0; l < layers; l++) w3[l] = read.next(hidden, dim);
            Matrix classifier = p.sharedClassifier() ? embedding : read.next(p.vocabularySize(), dim);
            return new LlamaWeights(embedding, attentionNorm, wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, classifier);
        }
    }

    @FunctionalInterface
    private interface MatrixReader {
        Matrix next(int rows, int cols);
    }

    public Path file() {
        return file;
    }

    public CheckpointFormat format() {
        return format;
    }

    public LlamaConfig config() {
        return config;
    }

    /** Q8_0 group size, or 0 for float32 checkpoints. */
    public int groupSize() {
        return groupSize;
    }

    /**
     * The tensors, views of the mapping.
     *
     * @throws IllegalStateException if the checkpoint is closed
     */
    public LlamaWeights weights() {
        requireOpen();
        return weights;
    }

    public boolean isOpen() {
        return arena.scope().isAlive();
    }

    /** @throws IllegalStateException if the checkpoint is closed */
    public void requireOpen() {
        if (!isOpen()) throw new IllegalStateException("checkpoint " + file + " is closed");
    }

    /** Unmaps the file. Idempotent. */
    @Override
    public void close() {
        if (isOpen()) arena.close();
    }

    @Override
    public String toString() {
        return file.getFileName() + " (" + format + (groupSize > 0 ? ", group size " + groupSize : "") + ", " + config + ")";
    }
}
