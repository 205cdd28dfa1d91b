package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * Stage 1: the statistics of one tile of one row, by one work-group (global size
 * {@code rows * tiles * local}). The work-items stride over the tile once, then reduce in local
 * memory: the tile's largest finite value and its lowest arg-max, the sum of
 * {@code exp((z - m_t) / T)} (for probability rows the plain sum), and the lowest bad index
 * (NaN or +infinity; for probabilities anything outside [0, 1]), or -1.
 *
 * <p>Row r is target row (b, i) for {@code r < B(g+1)} ({@code r = b(g+1) + i}), else draft row
 * (b, i) with {@code r = B(g+1) + bg + i}. Rows the accept stage can never read (past a
 * sequence's draft count) are skipped.
 */
public class RowStatsKernel extends Kernel {
    // Inputs: strided rows, counted in floats.
    float[] target = new float[1];
    long targetOffset, targetRowStride, targetSequenceStride;
    float[] draft = new float[1];
    long draftOffset, draftRowStride, draftSequenceStride;
    int sequences, maxDrafts, vocabSize, tiles, tileWidth, draftKind;
    int[] draftCount = new int[1];
    float[] temperature = new float[1];
    float[] draftTemperature = new float[1];
    // Outputs, per (row, tile).
    float[] partialMax = new float[1];
    float[] partialSum = new float[1];
    int[] partialArg = new int[1];
    int[] partialBad = new int[1];
    // Work-group scratch.
    @Local float[] localMax = new float[1];
    @Local float[] localSum = new float[1];
    @Local int[] localArg = new int[1];
    @Local int[] localBad = new int[1];

    @Override
    public void run() {
        int group = getGroupId();
        int lid = getLocalId();
        int groupSize = getLocalSize();
        int row = group / tiles;
        int tile = group - row * tiles;
        int targetRows = sequences * (maxDrafts + 1);
        int b = 0;
        int i = 0;
        int isDraft = 0;
        if (row < targetRows) {
            b = row / (maxDrafts + 1);
            i = row - b * (maxDrafts + 1);
        } else {
            isDraft = 1;
            b = (row - targetRows) / maxDrafts;
            i = row - targetRows - b * maxDrafts;
        }
        int needed = 1;
        if (isDraft == 0 && i > draftCount[b]) needed = 0;
        if (isDraft == 1 && i >= draftCount[b]) needed = 0;
        int probabilities = 0;
        if (isDraft == 1 && draftKind == 2) probabilities = 1;
        float t = isDraft == 1 ? draftTemperature[b] : temperature[b];
        if (t == 0f) t = 1f; // greedy rows use only the arg-max; any positive T keeps the sum finite
        float invT = 1f / t; // one division per row, a multiply per logit (as the hand-written kernel does)
        long base = isDraft == 1
                ? draftOffset + b * draftSequenceStride + i * draftRowStride
                : targetOffset + b * targetSequenceStride + i * targetRowStride;
        int start = tile * tileWidth;
        int end = min(start + tileWidth, vocabSize);

        // One pass, online (Milakov and Gimelshein 2018, algorithm 3): each work-item keeps its
        // largest finite value m, the lowest index of it, the sum s of exp((z - m) / T) rescaled
        // whenever m grows, and its lowest bad index.
        float m = 0f;
        float sum = 0f;
        int arg = -1;
        int bad = -1;
        // Three copies of the loop, one per kind of row: Aparapi cannot alias an array to a local
        // variable, and choosing the buffer inside the loop would cost a branch per token.
        if (needed == 1 && probabilities == 1) {
            for (int v = start + lid; v < end; v += groupSize) {
                float x = draft[(int) (base + v)];
                // Spelled out: NaN must count as bad (a negated comparison would be rewritten without it).
                if ((x != x || x < 0f || x > 1f) && bad < 0) bad = v;
                sum += x;
                if (x >= 0f && x <= 1f && (arg < 0 || x > m)) {
                    m = x;
                    arg = v;
                }
            }
        } else if (needed == 1 && isDraft == 1) {
            for (int v = start + lid; v < end; v += groupSize) {
                float x = draft[(int) (base + v)];
                if (x >= -3.4028235e38f && x <= 3.4028235e38f) {
                    if (arg < 0) {
                        m = x;
                        arg = v;
                        sum = 1f;
                    } else if (x > m) {
                        sum = sum * exp((m - x) * invT) + 1f;
                        m = x;
                        arg = v;
                    } else {
                        sum += exp((x - m) * invT);
                    }
                } else if ((x != x || x > 3.4028235e38f) && bad < 0) {
                    bad = v;
                }
            }
        } else if (needed == 1) {
            for (int v = start + lid; v < end; v += groupSize) {
                float x = target[(int) (base + v)];
                if (x >= -3.4028235e38f && x <= 3.4028235e38f) {
                    if (arg < 0) {
                        m = x;
                        arg = v;
                        sum = 1f;
                    } else if (x > m) {
                        sum = sum * exp((m - x) * invT) + 1f;
                        m = x;
                        arg = v;
                    } else {
                        sum += exp((x - m) * invT);
                    }
                } else if ((x != x || x > 3.4028235e38f) && bad < 0) {
                    bad = v;
                }
            }
        }
        localMax[lid] = m;
        localSum[lid] = sum;
        localArg[lid] = arg;
        localBad[lid] = bad;
        localBarrier();
        for (int s = groupSize / 2; s > 0; s = s / 2) {
            if (lid < s) {
                int mine = localArg[lid];
                int otherArg = localArg[lid + s];
                float other = localMax[lid + s];
                if (probabilities == 1) {
                    localSum[lid] = localSum[lid] + localSum[lid + s];
                } else if (otherArg >= 0 && mine >= 0) {
                    // Both halves have finite values: rescale the smaller maximum's sum to the larger.
                    float top = max(localMax[lid], other);
                    localSum[lid] = localSum[lid] * exp((localMax[lid] - top) * invT) + localSum[lid + s] * exp((other - top) * invT);
                } else if (otherArg >= 0) {
                    localSum[lid] = localSum[lid + s];
                }
                if (otherArg >= 0 && (mine < 0 || other > localMax[lid] || (other == localMax[lid] && otherArg < mine))) {
                    localMax[lid] = other;
                    localArg[lid] = otherArg;
                }
                int otherBad = localBad[lid + s];
                if (otherBad >= 0 && (localBad[lid] < 0 || otherBad < localBad[lid])) localBad[lid] = otherBad;
            }
            localBarrier();
        }
        float tileMax = localMax[0];
        int tileArg = localArg[0];
        if (lid == 0) {
            int at = row * tiles + tile;
            partialMax[at] = tileMax;
            partialArg[at] = tileArg;
            partialBad[at] = localBad[0];
            partialSum[at] = localSum[0];
        }
    }
}
