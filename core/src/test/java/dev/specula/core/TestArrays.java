package dev.specula.core;

import java.util.SplittableRandom;

/** Small array helpers the agreement suites share to build random cases. */
final class TestArrays {
    private TestArrays() {}

    /** A token drawn from the probabilities {@code q} (the last positive one if rounding runs past the end). */
    static int sample(float[] q, SplittableRandom random) {
        double u = random.nextDouble(), c = 0;
        int last = 0;
        for (int v = 0; v < q.length; v++) {
            if (q[v] > 0) {
                last = v;
                if ((c += q[v]) > u) return v;
            }
        }
        return last;
    }

    static float[] asFloats(double[] p) {
        float[] f = new float[p.length];
        for (int v = 0; v < p.length; v++) f[v] = (float) p[v];
        return f;
    }

    /** The arg-max, lowest index among ties. */
    static int argmax(float[] z) {
        int best = 0;
        for (int v = 1; v < z.length; v++) if (z[v] > z[best]) best = v;
        return best;
    }

    /** {@code data[b][r][v]} as dense rows (a one-float placeholder segment when there are no rows). */
    static FloatRows rows(float[][][] data, int v) {
        int b = data.length, r = data[0].length;
        if (r == 0) return FloatRows.of(new float[1], b, 0, v);
        float[] flat = new float[b * r * v];
        for (int i = 0; i < b; i++) for (int j = 0; j < r; j++) System.arraycopy(data[i][j], 0, flat, (i * r + j) * v, v);
        return FloatRows.of(flat, b, r, v);
    }
}
