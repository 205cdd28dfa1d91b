package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * Stage 4: for each sequence that samples (mode 1: a residual at its rejected row; mode 2: a
 * bonus token), one work-group per (sequence, tile) sums the tile's residual mass
 * {@code max(0, p_v - q_v)} (mode 1) and its target weights {@code exp((z_v - M) / T)} (both
 * modes) into {@code tileMass} and {@code tileP} (global size {@code B * tiles * local}). Truncated
 * rows weigh 0 below their threshold {@code rowCut} and are normalised by their kept mass
 * {@code rowKept}, so the residual is the one of the truncated p and q.
 * Sequences that do not sample leave their work-groups idle.
 */
public class SampleTilesKernel extends Kernel {
    float[] target = new float[1];
    long targetOffset, targetRowStride, targetSequenceStride;
    float[] draft = new float[1];
    long draftOffset, draftRowStride, draftSequenceStride;
    int sequences, maxDrafts, vocabSize, tiles, tileWidth, draftKind;
    int[] draftToken = new int[1];
    float[] temperature = new float[1];
    float[] draftTemperature = new float[1];
    float[] rowMax = new float[1];
    float[] rowCut = new float[1];
    double[] rowKept = new double[1];
    int[] rowArg = new int[1];
    int[] outcome = new int[1];
    int[] mode = new int[1];
    double[] tileMass = new double[1];
    double[] tileP = new double[1];
    @Local double[] localMass = new double[1];
    @Local double[] localP = new double[1];

    @Override
    public void run() {
        int group = getGroupId();
        int lid = getLocalId();
        int groupSize = getLocalSize();
        int b = group / tiles;
        int tile = group - b * tiles;
        int sampling = mode[b];
        double mass = 0.0;
        double weights = 0.0;
        if (sampling != 0) {
            int i = outcome[b * 5];
            int row = b * (maxDrafts + 1) + i;
            // Reciprocals once per row, products per token (as the hand-written kernel does).
            float invT = 1f / temperature[b];
            float m = rowMax[row];
            float cut = rowCut[row];
            double invS = 1.0 / rowKept[row];
            long base = targetOffset + b * targetSequenceStride + i * targetRowStride;
            int draftRow = sequences * (maxDrafts + 1) + b * maxDrafts + i;
            float invTq = draftKind == 1 && draftTemperature[b] != 0f ? 1f / draftTemperature[b] : 0f;
            double invSq = draftKind == 1 ? 1.0 / rowKept[draftRow] : 0.0;
            float cutQ = draftKind == 1 ? rowCut[draftRow] : 0f;
            long draftBase = draftOffset + b * draftSequenceStride + i * draftRowStride;
            int start = tile * tileWidth;
            int end = min(start + tileWidth, vocabSize);
            for (int v = start + lid; v < end; v += groupSize) {
                float z = target[(int) (base + v)];
                float w = 0f;
                if (z >= cut) w = exp((z - m) * invT);
                weights += w;
                if (sampling == 1) {
                    double q = 0.0;
                    if (draftKind == 0) {
                        q = v == draftToken[b * maxDrafts + i] ? 1.0 : 0.0;
                    } else if (draftKind == 2) {
                        q = draft[(int) (draftBase + v)];
                    } else if (draftTemperature[b] == 0f) {
                        q = v == rowArg[draftRow] ? 1.0 : 0.0;
                    } else {
                        float zq = draft[(int) (draftBase + v)];
                        if (zq >= cutQ) q = exp((zq - rowMax[draftRow]) * invTq) * invSq;
                    }
                    double p = w * invS; // a statement of its own: OpenCL may not fuse it with the subtraction into an FMA
                    mass += max(0.0, p - q);
                }
            }
        }
        localMass[lid] = mass;
        localP[lid] = weights;
        localBarrier();
        for (int step = groupSize / 2; step > 0; step = step / 2) {
            if (lid < step) {
                localMass[lid] = localMass[lid] + localMass[lid + step];
                localP[lid] = localP[lid] + localP[lid + step];
            }
            localBarrier();
        }
        if (lid == 0) {
            tileMass[b * tiles + tile] = localMass[0];
            tileP[b * tiles + tile] = localP[0];
        }
    }
}
