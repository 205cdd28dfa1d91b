package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * Stage 5: one work-group per sampling sequence draws its token by inverse CDF (global size
 * {@code B * local}). The total is the sum of the tile masses (mode 1; when no residual mass is
 * left, the target weights instead, as the reference does) or of the tile weights (mode 2); the
 * target {@code u * total} falls in the first tile whose running sum exceeds it. Within that
 * tile each work-item sums a contiguous chunk, the chunk sums are scanned in local memory, and
 * the work-item whose chunk holds the remainder walks it to the first token whose running sum
 * exceeds it. If rounding lets no running sum exceed the target, the tile's last token of
 * positive weight is taken, so a token of weight 0 is never drawn. Writes {@code outcome[5b + 1]}.
 */
public class SamplePickKernel extends Kernel {
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
    double[] sampleU = new double[1];
    double[] tileMass = new double[1];
    double[] tileP = new double[1];
    @Local double[] localChunk = new double[1];
    @Local int[] localFound = new int[1];
    @Local int[] localLast = new int[1];

    @Override
    public void run() {
        int b = getGroupId();
        int lid = getLocalId();
        int groupSize = getLocalSize();
        int sampling = mode[b];
        int residual = 0;
        int chosen = 0;
        double remainder = 0.0;
        if (sampling != 0) {
            // Every work-item finds the tile the same way (a few dozen additions), so nothing is broadcast.
            double total = 0.0;
            if (sampling == 1) {
                for (int t = 0; t < tiles; t++) total += tileMass[b * tiles + t];
                if (total > 0.0) residual = 1;
            }
            if (residual == 0) {
                total = 0.0;
                for (int t = 0; t < tiles; t++) total += tileP[b * tiles + t];
            }
            double goal = sampleU[b] * total;
            double running = 0.0;
            double before = 0.0;
            int found = -1;
            int lastPositive = 0;
            double lastBefore = 0.0;
            for (int t = 0; t < tiles; t++) {
                double m = residual == 1 ? tileMass[b * tiles + t] : tileP[b * tiles + t];
                if (m > 0.0) {
                    lastPositive = t;
                    lastBefore = running;
                    if (found < 0 && running + m > goal) {
                        found = t;
                        before = running;
                    }
                }
                running += m;
            }
            if (found < 0) {
                found = lastPositive;
                before = lastBefore;
            }
            chosen = found;
            remainder = goal - before;
        }

        int start = chosen * tileWidth;
        int end = min(start + tileWidth, vocabSize);
        int chunk = (end - start + groupSize - 1) / groupSize;
        int from = min(start + lid * chunk, end);
        int to = min(from + chunk, end);
        double sum = 0.0;
        int last = -1;
        if (sampling != 0) {
            for (int v = from; v < to; v++) {
                double w = weight(b, v, sampling, residual);
                if (w > 0.0) {
                    sum += w;
                    last = v;
                }
            }
        }
        localChunk[lid] = sum;
        localLast[lid] = last;
        localFound[lid] = -1;
        localBarrier();
        if (sampling != 0) {
            double below = 0.0;
            for (int j = 0; j < lid; j++) below += localChunk[j];
            if (sum > 0.0 && below <= remainder && below + sum > remainder) {
                double walked = 0.0;
                int picked = -1;
                for (int v = from; v < to; v++) {
                    double w = weight(b, v, sampling, residual);
                    if (w > 0.0 && picked < 0) {
                        walked += w;
                        if (below + walked > remainder) picked = v;
                    }
                }
                localFound[lid] = picked < 0 ? last : picked;
            }
        }
        localBarrier();
        if (lid == 0 && sampling != 0) {
            int token = -1;
            for (int j = 0; j < groupSize; j++) {
                if (token < 0 && localFound[j] >= 0) token = localFound[j];
            }
            if (token < 0) {
                for (int j = 0; j < groupSize; j++) {
                    if (localLast[j] >= 0) token = localLast[j];
                }
            }
            outcome[b * 5 + 1] = token;
        }
    }

    /**
     * Token v's weight: its residual mass max(0, p_v - q_v) (mode 1 with residual mass), else
     * exp((z_v - M) / T); 0 below the row's truncation threshold, p and q over their kept masses.
     */
    double weight(int b, int v, int sampling, int residual) {
        int i = outcome[b * 5];
        int row = b * (maxDrafts + 1) + i;
        float z = target[(int) (targetOffset + b * targetSequenceStride + i * targetRowStride + v)];
        float w = 0f;
        // The arithmetic of SampleTilesKernel, term for term: a tile whose mass it found positive has a token of positive weight here.
        float invT = 1f / temperature[b];
        if (z >= rowCut[row]) w = exp((z - rowMax[row]) * invT);
        double result = w;
        if (residual == 1) {
            int draftRow = sequences * (maxDrafts + 1) + b * maxDrafts + i;
            double q = 0.0;
            if (draftKind == 0) {
                q = v == draftToken[b * maxDrafts + i] ? 1.0 : 0.0;
            } else if (draftKind == 2) {
                q = draft[(int) (draftOffset + b * draftSequenceStride + i * draftRowStride + v)];
            } else if (draftTemperature[b] == 0f) {
                q = v == rowArg[draftRow] ? 1.0 : 0.0;
            } else {
                float zq = draft[(int) (draftOffset + b * draftSequenceStride + i * draftRowStride + v)];
                float invTq = 1f / draftTemperature[b];
                if (zq >= rowCut[draftRow]) q = exp((zq - rowMax[draftRow]) * invTq) * (1.0 / rowKept[draftRow]);
            }
            double p = w * (1.0 / rowKept[row]); // unfused, as in SampleTilesKernel: p = q gives a residual of exactly 0
            result = max(0.0, p - q);
        }
        return result;
    }
}
