package dev.specula.core.decoding;

import dev.specula.core.Distributions;
import dev.specula.core.RandomStreams;

import java.util.Arrays;

/** Plain double-precision decoding written independently of the decoder: the tests' oracle. */
final class Reference {
    private Reference() {}

    static int argmax(float[] z) {
        int best = 0;
        for (int v = 1; v < z.length; v++) if (z[v] > z[best]) best = v;
        return best;
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
            double[] p = Distributions.softmax(model.logitsAfter(tokens, prompt.length + k), temperature);
            tokens[prompt.length + k] = Distributions.inverseCdf(p, RandomStreams.sampleUniform(seed, stream, k, 0));
        }
        return Arrays.copyOfRange(tokens, prompt.length, tokens.length);
    }

    static int[] concat(int[] a, int[] b) {
        int[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
