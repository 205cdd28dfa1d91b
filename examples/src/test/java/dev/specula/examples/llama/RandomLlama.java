package dev.specula.examples.llama;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A small random-weight Llama model held as plain nested arrays, with writers for the three
 * llama2.c file layouts. The writers follow llama2.c's export.py (legacy_export, version1_export,
 * version2_export; runq.c's order of int8 values then scales per matrix) and share no code with
 * the reader under test.
 */
record RandomLlama(int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seqLen, boolean shared,
                   float[][] embedding, float[][] attentionNorm, float[][][] wq, float[][][] wk, float[][][] wv, float[][][] wo,
                   float[][] ffnNorm, float[][][] w1, float[][][] w2, float[][][] w3, float[] finalNorm, float[][] classifier) {

    static RandomLlama generate(long seed, int dim, int hidden, int layers, int heads, int kvHeads, int vocab, int seqLen, boolean shared) {
        SplittableRandom random = new SplittableRandom(seed);
        int kvDim = dim / heads * kvHeads;
        float[][] embedding = matrix(random, vocab, dim);
        float[][][] wq = new float[layers][][], wk = new float[layers][][], wv = new float[layers][][], wo = new float[layers][][];
        float[][][] w1 = new float[layers][][], w2 = new float[layers][][], w3 = new float[layers][][];
        float[][] attentionNorm = new float[layers][], ffnNorm = new float[layers][];
        for (int l = 0; l < layers; l++) {
            attentionNorm[l] = norm(random, dim);
            ffnNorm[l] = norm(random, dim);
            wq[l] = matrix(random, dim, dim);
            wk[l] = matrix(random, kvDim, dim);
            wv[l] = matrix(random, kvDim, dim);
            wo[l] = matrix(random, dim, dim);
            w1[l] = matrix(random, hidden, dim);
            w2[l] = matrix(random, dim, hidden);
            w3[l] = matrix(random, hidden, dim);
        }
        float[] finalNorm = norm(random, dim);
        float[][] classifier = shared ? embedding : matrix(random, vocab, dim);
        return new RandomLlama(dim, hidden, layers, heads, kvHeads, vocab, seqLen, shared, embedding, attentionNorm,
                wq, wk, wv, wo, ffnNorm, w1, w2, w3, finalNorm, classifier);
    }

    /** Weights of about unit gain: N(0, 1/cols), so activations neither vanish nor explode. */
    private static float[][] matrix(SplittableRandom random, int rows, int cols) {
        float[][] m = new float[rows][cols];
        double sd = 1 / Math.sqrt(cols);
        for (float[] row : m) for (int j = 0; j < cols; j++) row[j] = (float) (gaussian(random) * sd);
        return m;
    }

    private static float[] norm(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int j = 0; j < n; j++) v[j] = (float) (1 + 0.2 * gaussian(random));
        return v;
    }

    private static double gaussian(SplittableRandom random) {
        return Math.sqrt(-2 * Math.log(1 - random.nextDouble())) * Math.cos(2 * Math.PI * random.nextDouble());
    }

    int headSize() {
        return dim / heads;
    }

    /** The matrices in export.py's version-1/2 order (the classifier last, only if not shared). */
    List<float[][]> matricesInExportOrder() {
        List<float[][]> m = new ArrayList<>();
        m.add(embedding);
        for (float[][][] kind : new float[][][][] {wq, wk, wv, wo, w1, w2, w3}) m.addAll(List.of(kind));
        if (!shared) m.add(classifier);
        return m;
    }

    /** export.py legacy_export: 7-int header (vocab negated when the classifier is not shared), tensors, RoPE tables. */
    void writeLegacy(Path file) throws IOException {
        Writer out = new Writer();
        out.ints(dim, hidden, layers, heads, kvHeads, shared ? vocab : -vocab, seqLen);
        out.floats(embedding);
        for (float[] v : attentionNorm) out.floats(v);
        for (float[][][] kind : new float[][][][] {wq, wk, wv, wo}) for (float[][] m : kind) out.floats(m);
        for (float[] v : ffnNorm) out.floats(v);
        for (float[][][] kind : new float[][][][] {w1, w2, w3}) for (float[][] m : kind) out.floats(m);
        out.floats(finalNorm);
        int half = headSize() / 2;
        float[] cos = new float[seqLen * half], sin = new float[seqLen * half];
        for (int p = 0; p < seqLen; p++) {
            for (int i = 0; i < half; i++) {
                double angle = p * Math.pow(10000, -2.0 * i / headSize());
                cos[p * half + i] = (float) Math.cos(angle);
                sin[p * half + i] = (float) Math.sin(angle);
            }
        }
        out.floats(cos);
        out.floats(sin);
        if (!shared) out.floats(classifier);
        out.writeTo(file);
    }

    /** export.py version1_export: 256-byte "ak42" header, norms, then the matrices as float32. */
    void writeVersion1(Path file) throws IOException {
        Writer out = versionedHeader(1, 0);
        writeNorms(out);
        for (float[][] m : matricesInExportOrder()) out.floats(m);
        out.writeTo(file);
    }

    /**
     * export.py version2_export (Q8_0): header with group size, float32 norms, then per matrix its
     * int8 values and its scales, each group's scale being max|w| / 127.
     *
     * @return the model with the weights this file actually represents (dequantised)
     */
    RandomLlama writeVersion2(Path file, int groupSize) throws IOException {
        Writer out = versionedHeader(2, groupSize);
        writeNorms(out);
        List<float[][]> dequantised = new ArrayList<>();
        for (float[][] m : matricesInExportOrder()) {
            int rows = m.length, cols = m[0].length;
            float[] flat = new float[rows * cols];
            for (int i = 0; i < rows; i++) System.arraycopy(m[i], 0, flat, i * cols, cols);
            byte[] quants = new byte[flat.length];
            float[] scales = new float[flat.length / groupSize];
            float[][] back = new float[rows][cols];
            for (int g = 0; g < scales.length; g++) {
                float max = 0;
                for (int k = g * groupSize; k < (g + 1) * groupSize; k++) max = Math.max(max, Math.abs(flat[k]));
                scales[g] = max / 127f;
                for (int k = g * groupSize; k < (g + 1) * groupSize; k++) {
                    quants[k] = (byte) Math.round(flat[k] / scales[g]);
                    back[k / cols][k % cols] = quants[k] * scales[g];
                }
            }
            out.bytes(quants);
            out.floats(scales);
            dequantised.add(back);
        }
        out.writeTo(file);
        return withMatrices(dequantised);
    }

    private Writer versionedHeader(int version, int groupSize) {
        Writer out = new Writer();
        out.ints(0x616b3432, version, dim, hidden, layers, heads, kvHeads, vocab, seqLen);
        out.bytes(new byte[] {(byte) (shared ? 1 : 0)});
        if (version == 2) out.ints(groupSize);
        out.bytes(new byte[256 - out.size()]);
        return out;
    }

    private void writeNorms(Writer out) {
        for (float[] v : attentionNorm) out.floats(v);
        for (float[] v : ffnNorm) out.floats(v);
        out.floats(finalNorm);
    }

    /** This model with its matrices replaced, in export order. */
    private RandomLlama withMatrices(List<float[][]> m) {
        int i = 0;
        float[][] emb = m.get(i++);
        float[][][][] kinds = new float[7][layers][][];
        for (float[][][] kind : kinds) for (int l = 0; l < layers; l++) kind[l] = m.get(i++);
        float[][] cls = shared ? emb : m.get(i);
        return new RandomLlama(dim, hidden, layers, heads, kvHeads, vocab, seqLen, shared, emb, attentionNorm,
                kinds[0], kinds[1], kinds[2], kinds[3], ffnNorm, kinds[4], kinds[5], kinds[6], finalNorm, cls);
    }

    /** Little-endian bytes in memory, then one write. */
    static final class Writer {
        private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

        void ints(int... values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (int v : values) b.putInt(v);
            bytes.writeBytes(b.array());
        }

        void floats(float... values) {
            ByteBuffer b = ByteBuffer.allocate(4 * values.length).order(ByteOrder.LITTLE_ENDIAN);
            for (float v : values) b.putFloat(v);
            bytes.writeBytes(b.array());
        }

        void floats(float[][] rows) {
            for (float[] row : rows) floats(row);
        }

        void bytes(byte[] values) {
            bytes.writeBytes(values);
        }

        int size() {
            return bytes.size();
        }

        void writeTo(Path file) throws IOException {
            try (OutputStream out = Files.newOutputStream(file)) {
                bytes.writeTo(out);
            }
        }
    }
}
