package dev.specula.kernels.paper;

import dev.specula.kernels.pipeline.AcceptKernel;

/**
 * {@code torch.softmax(z / T, dim=-1)} over a set of rows, one work-group per row (global size
 * {@code rows * local}), in the three passes of torch's row softmax: the row maximum, the sum of
 * {@code exp((z - M) / T)}, then every probability written to {@code probs} (dense, V per row).
 * The temperature is folded in as a multiply by 1/T, as the logits warper would have divided
 * the logits before {@code _speculative_sampling} is called.
 *
 * <p>Row r of the set is (b, i) = (r / rowsPerSequence, r % rowsPerSequence); its validity goes to
 * {@code rowBad[firstRow + r]} (lowest NaN/+infinity index or -1) and {@code rowArg[firstRow + r]}
 * (-1 when the row has no finite logit). With {@code bonusOnly = 1}, work-group b instead handles
 * the bonus row of sequence b ({@code i = outcome[5b]}, only when {@code mode[b] == 2}), writes it
 * to {@code probs} row b and reports a bad row in {@code outcome} itself.
 */
public class SoftmaxKernel extends ReducingKernel {
    float[] logits = new float[1];
    long logitsOffset, logitsRowStride, logitsSequenceStride;
    int rowsPerSequence, vocabSize, firstRow, bonusOnly;
    float[] temperature = new float[1];
    float[] probs = new float[1];
    int[] rowBad = new int[1];
    int[] rowArg = new int[1];
    int[] mode = new int[1];
    int[] outcome = new int[1];

    @Override
    public void run() {
        int group = getGroupId();
        int lid = getLocalId();
        int size = getLocalSize();
        int b = group / rowsPerSequence;
        int i = group - b * rowsPerSequence;
        int active = 1;
        if (bonusOnly == 1) {
            b = group;
            i = outcome[b * 5];
            if (mode[b] != 2) active = 0;
        }
        long base = logitsOffset + b * logitsSequenceStride + i * logitsRowStride;
        long out = (long) group * vocabSize;
        float invT = 1f / temperature[b];

        float m = 0f;
        int arg = -1;
        int firstBad = -1;
        if (active == 1) {
            for (int v = lid; v < vocabSize; v += size) {
                float x = logits[(int) (base + v)];
                if (x >= -FLOAT_MAX && x <= FLOAT_MAX) {
                    if (arg < 0 || x > m) {
                        m = x;
                        arg = v;
                    }
                } else if (bad(x) && firstBad < 0) {
                    firstBad = v;
                }
            }
        }
        localMax[lid] = m;
        localArg[lid] = arg;
        localBad[lid] = firstBad;
        reduceMaxArgBad(lid, size);
        float rowMax = localMax[0];
        int rowArgMax = localArg[0];
        int rowFirstBad = localBad[0];

        float sum = 0f;
        if (active == 1) {
            for (int v = lid; v < vocabSize; v += size) sum += exp((logits[(int) (base + v)] - rowMax) * invT);
        }
        localSum[lid] = sum;
        reduceSum(lid, size);
        float total = localSum[0];

        if (active == 1) {
            for (int v = lid; v < vocabSize; v += size) probs[(int) (out + v)] = exp((logits[(int) (base + v)] - rowMax) * invT) / total;
        }
        if (lid == 0 && active == 1) {
            if (bonusOnly == 1) {
                if (rowFirstBad >= 0 || rowArgMax < 0) {
                    outcome[b * 5 + 2] = rowFirstBad >= 0 ? AcceptKernel.TARGET_NON_FINITE : AcceptKernel.TARGET_NO_FINITE;
                    outcome[b * 5 + 3] = i;
                    outcome[b * 5 + 4] = rowFirstBad;
                }
            } else {
                rowBad[firstRow + group] = rowFirstBad;
                rowArg[firstRow + group] = rowArgMax;
            }
        }
    }
}
