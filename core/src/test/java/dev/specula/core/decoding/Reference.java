package dev.specula.core.decoding;

import dev.specula.core.RandomStreams;

import java.util.Arrays;

/** Plain double-precision decoding written independently of the decoder: the tests' oracle. */
final class Reference {
    private Reference() {}

    static double[] softmax(float[] z, double temperature) {
        double max = Double.NEGATIVE_INFINITY;
        for (float x : z) max = Math.max(max, x);
        double[] p = new double[z.length];
        double sum = 0;
        for (int v = 0; v < z.length; v++) sum += p[v] = Math.exp((z[v] - max) / temperature);
        for (int v = 0; v < z.length; v++) p[v] /= sum;
        return p;
    }

    static int argmax(float[] z) {
        int best = 0;
        for (int v = 1; v < z.length; v++) if (z[v] > z[best]) best = v;
        return best;
    }

    /** The first v whose running sum exceeds u. */
    static int inverseCdf(double[] p, double u) {
        double running = 0;
        int last = -1;
        for (int v = 0; v < p.length; v++) {
            if (p[v] > 0) {
                running += p[v];
                last = v;
                if (running > u) return v;
            }
        }
        return last;
    }

    static int[] greedy(ToyModel model, int[] prompt, int count) {
        int[] tokens = Arrays.copyOf(prompt, prompt.length + count);
        for (int k = 0; k < count; k++) tokens[prompt.length + k] = argmax(model.logitsAfter(tokens, prompt.length + k));
        return Arrays.copyOfRange(tokens, prompt.length, tokens.length);
    }

    /** Plain sampling as the decoder documents it: token k drawn with sampleUniform(seed, stream, k, 0). */
    static int[] sample(ToyModel model, int[] prompt, int count, double temperature, long seed, int stream) {
        int[] tokens = Arrays.copyOf(prompt, prompt.length + count);
        for (int k = 0; k < count; k++) {
            double[] p = softmax(model.logitsAfter(tokens, prompt.length + k), temperature);
            tokens[prompt.length + k] = inverseCdf(p, RandomStreams.sampleUniform(seed, stream, k, 0));
        }
        return Arrays.copyOfRange(tokens, prompt.length, tokens.length);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
