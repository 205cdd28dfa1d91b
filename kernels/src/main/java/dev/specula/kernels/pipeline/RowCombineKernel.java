package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * Stage 2: one work-item per row merges the row's tiles (global size: rows rounded up to the
 * local size). The row's maximum M is the largest tile maximum (lowest arg-max among equal
 * ones), its normaliser the online-softmax merge {@code S = sum_t s_t exp((m_t - M) / T)}
 * (Milakov and Gimelshein 2018, "Online normalizer calculation for softmax", eq. 4), in double;
 * probability rows just add their tile sums. The lowest bad index is the first tile's that has one.
 * It also writes the untruncated defaults {@code rowCut = -Float.MAX_VALUE} (every finite logit
 * kept) and {@code rowKept = S}, which {@link ThresholdKernel} overwrites for truncated rows.
 */
public class RowCombineKernel extends Kernel {
    int sequences, maxDrafts, tiles, rows;
    float[] temperature = new float[1];
    float[] draftTemperature = new float[1];
    int draftKind;
    float[] partialMax = new float[1];
    float[] partialSum = new float[1];
    int[] partialArg = new int[1];
    int[] partialBad = new int[1];
    float[] rowMax = new float[1];
    double[] rowSum = new double[1];
    int[] rowArg = new int[1];
    int[] rowBad = new int[1];
    float[] rowCut = new float[1];
    double[] rowKept = new double[1];

    @Override
    public void run() {
        int row = getGlobalId();
        if (row < rows) {
            int targetRows = sequences * (maxDrafts + 1);
            int isDraft = row < targetRows ? 0 : 1;
            int b = isDraft == 0 ? row / (maxDrafts + 1) : (row - targetRows) / maxDrafts;
            float t = isDraft == 1 ? draftTemperature[b] : temperature[b];
            if (t == 0f) t = 1f;
            int probabilities = 0;
            if (isDraft == 1 && draftKind == 2) probabilities = 1;
            float m = 0f;
            int arg = -1;
            int bad = -1;
            for (int tile = 0; tile < tiles; tile++) {
                int at = row * tiles + tile;
                int a = partialArg[at];
                if (a >= 0 && (arg < 0 || partialMax[at] > m)) {
                    m = partialMax[at];
                    arg = a;
                }
                if (bad < 0 && partialBad[at] >= 0) bad = partialBad[at];
            }
            double sum = 0.0;
            for (int tile = 0; tile < tiles; tile++) {
                int at = row * tiles + tile;
                if (probabilities == 1) {
                    sum += partialSum[at];
                } else if (partialArg[at] >= 0) {
                    sum += partialSum[at] * exp(((double) partialMax[at] - m) / t);
                }
            }
            rowMax[row] = m;
            rowArg[row] = arg;
            rowBad[row] = bad;
            rowSum[row] = sum;
            // No truncation until ThresholdKernel says otherwise: every finite logit is kept.
            rowCut[row] = -3.4028235e38f;
            rowKept[row] = sum;
        }
    }
}
