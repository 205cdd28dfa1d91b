package dev.specula.kernels.paper;

/**
 * {@code p_prime.sum()}: one work-group per sequence (global size {@code B * local}) sums row b
 * of {@code weights} into {@code weightSum[b]}, in float as torch does for a float tensor.
 */
public class RowSumKernel extends ReducingKernel {
    int vocabSize;
    float[] weights = new float[1];
    float[] weightSum = new float[1];

    @Override
    public void run() {
        int b = getGroupId();
        int lid = getLocalId();
        int size = getLocalSize();
        float sum = 0f;
        for (int v = lid; v < vocabSize; v += size) sum += weights[b * vocabSize + v];
        localSum[lid] = sum;
        reduceSum(lid, size);
        if (lid == 0) weightSum[b] = localSum[0];
    }
}
