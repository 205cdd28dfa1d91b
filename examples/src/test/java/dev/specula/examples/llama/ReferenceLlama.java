package dev.specula.examples.llama;

/**
 * A deliberately naive Llama-2 forward pass in double precision, written from the architecture's
 * definition (llama2.c's run.c) for comparison: no cache (every position attends over the
 * recomputed keys of the whole prefix), no vectors, no threads. Slow, and only for tiny models.
 */
final class ReferenceLlama {
    private ReferenceLlama() {
    }

    /** Next-token logits after each prefix {@code tokens[0..p]}, running the first {@code layers} blocks. */
    static double[][] logits(RandomLlama m, int[] tokens, int layers) {
        int n = tokens.length, dim = m.dim(), headSize = m.headSize(), group = m.heads() / m.kvHeads();
        double[][] x = new double[n][];
        for (int p = 0; p < n; p++) x[p] = toDouble(m.embedding()[tokens[p]]);
        for (int l = 0; l < layers; l++) {
            double[][] q = new double[n][], k = new double[n][], v = new double[n][];
            for (int p = 0; p < n; p++) {
                double[] h = rmsnorm(x[p], m.attentionNorm()[l]);
                q[p] = rope(times(m.wq()[l], h), p, headSize);
                k[p] = rope(times(m.wk()[l], h), p, headSize);
                v[p] = times(m.wv()[l], h);
            }
            for (int p = 0; p < n; p++) {
                double[] out = new double[dim];
                for (int head = 0; head < m.heads(); head++) {
                    int qo = head * headSize, ko = head / group * headSize;
                    double[] scores = new double[p + 1];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int s = 0; s <= p; s++) {
                        double dot = 0;
                        for (int i = 0; i < headSize; i++) dot += q[p][qo + i] * k[s][ko + i];
                        scores[s] = dot / Math.sqrt(headSize);
                        max = Math.max(max, scores[s]);
                    }
                    double sum = 0;
                    for (int s = 0; s <= p; s++) sum += scores[s] = Math.exp(scores[s] - max);
                    for (int s = 0; s <= p; s++) for (int i = 0; i < headSize; i++) out[qo + i] += scores[s] / sum * v[s][ko + i];
                }
                add(x[p], times(m.wo()[l], out));
            }
            for (int p = 0; p < n; p++) {
                double[] h = rmsnorm(x[p], m.ffnNorm()[l]);
                double[] gate = times(m.w1()[l], h), up = times(m.w3()[l], h);
                for (int i = 0; i < gate.length; i++) gate[i] = gate[i] / (1 + Math.exp(-gate[i])) * up[i];
                add(x[p], times(m.w2()[l], gate));
            }
        }
        double[][] logits = new double[n][];
        for (int p = 0; p < n; p++) logits[p] = times(m.classifier(), rmsnorm(x[p], m.finalNorm()));
        return logits;
    }

    private static double[] rmsnorm(double[] x, float[] weight) {
        double ss = 0;
        for (double value : x) ss += value * value;
        double r = 1 / Math.sqrt(ss / x.length + 1e-5);
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = weight[i] * x[i] * r;
        return out;
    }

    /** Rotates pairs (2i, 2i+1) within each head by pos * 10000^(-2i/headSize). */
    private static double[] rope(double[] v, int pos, int headSize) {
        for (int i = 0; i < v.length; i += 2) {
            double angle = pos * Math.pow(10000, -(double) (i % headSize) / headSize);
            double a = v[i], b = v[i + 1];
            v[i] = a * Math.cos(angle) - b * Math.sin(angle);
            v[i + 1] = a * Math.sin(angle) + b * Math.cos(angle);
        }
        return v;
    }

    private static double[] times(float[][] w, double[] x) {
        double[] out = new double[w.length];
        for (int i = 0; i < w.length; i++) for (int j = 0; j < x.length; j++) out[i] += w[i][j] * x[j];
        return out;
    }

    private static void add(double[] x, double[] y) {
        for (int i = 0; i < x.length; i++) x[i] += y[i];
    }

    private static double[] toDouble(float[] v) {
        double[] d = new double[v.length];
        for (int i = 0; i < v.length; i++) d[i] = v[i];
        return d;
    }
}
