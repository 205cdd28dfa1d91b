package dev.specula.kernels.paper;

import com.aparapi.Kernel;

/**
 * {@code torch.multinomial(weights, 1)} by inverse CDF in token order with core's sample uniform:
 * one work-group per sequence (global size {@code B * local}) draws the first token whose running
 * weight exceeds {@code u * total}. The weights are row b of {@code weights} for a residual
 * (mode 1), and for a bonus (mode 2) when {@code bonusFromWeights = 1}; otherwise the bonus reads
 * row n of the softmax {@code p}, and so does a residual without mass (p = q on its row), as the
 * reference verifier does. Each work-item sums a contiguous chunk; the work-item whose chunk holds
 * the target walks it. If rounding lets no running sum pass the target, the last token of
 * positive weight is taken, so a token of weight 0 is never drawn. Writes {@code outcome[5b + 1]}.
 */
public class MultinomialKernel extends Kernel {
    @Local double[] localChunk = new double[1];
    @Local int[] localFound = new int[1];
    @Local int[] localLast = new int[1];
    float[] weights = new float[1];
    float[] p = new float[1];
    int maxDrafts, vocabSize, bonusFromWeights;
    int[] mode = new int[1];
    int[] outcome = new int[1];
    double[] sampleU = new double[1];

    @Override
    public void run() {
        int b = getGroupId();
        int lid = getLocalId();
        int size = getLocalSize();
        // Work-item lid sums the contiguous chunk [from, to) of the row.
        int chunk = (vocabSize + size - 1) / size;
        int from = min(lid * chunk, vocabSize);
        int to = min(from + chunk, vocabSize);
        int sampling = mode[b];
        int i = outcome[b * 5];
        int fromP = sampling == 2 && bonusFromWeights == 0 ? 1 : 0;
        double sum = chunkSum(b, i, fromP, from, to);
        localChunk[lid] = sum;
        localBarrier();
        double total = 0.0;
        for (int j = 0; j < size; j++) total += localChunk[j];
        localBarrier();
        if (sampling == 1 && total <= 0.0) {
            fromP = 1;
            sum = chunkSum(b, i, fromP, from, to);
        }
        localChunk[lid] = sum;
        localBarrier();
        total = 0.0;
        double below = 0.0;
        for (int j = 0; j < size; j++) {
            if (j < lid) below += localChunk[j];
            total += localChunk[j];
        }
        double goal = sampleU[b] * total;
        int picked = -1;
        int last = -1;
        double walked = below;
        for (int v = from; v < to; v++) {
            double w = weight(b, i, fromP, v);
            if (w > 0.0) {
                last = v;
                walked += w;
                if (picked < 0 && walked > goal && below <= goal) picked = v;
            }
        }
        localFound[lid] = picked;
        localLast[lid] = last;
        localBarrier();
        if (lid == 0 && sampling != 0) {
            int token = -1;
            int fallback = -1;
            for (int j = 0; j < size; j++) {
                if (token < 0 && localFound[j] >= 0) token = localFound[j];
                if (localLast[j] >= 0) fallback = localLast[j];
            }
            outcome[b * 5 + 1] = token >= 0 ? token : fallback;
        }
    }

    /** The weight of token v: the sequence's weights row, or row i of p. */
    double weight(int b, int i, int fromP, int v) {
        float w = fromP == 1 ? p[(b * (maxDrafts + 1) + i) * vocabSize + v] : weights[b * vocabSize + v];
        return w;
    }

    double chunkSum(int b, int i, int fromP, int from, int to) {
        double sum = 0.0;
        for (int v = from; v < to; v++) {
            double w = weight(b, i, fromP, v);
            if (w > 0.0) sum += w;
        }
        return sum;
    }
}
