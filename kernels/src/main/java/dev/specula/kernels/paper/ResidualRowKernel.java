package dev.specula.kernels.paper;

import dev.specula.kernels.pipeline.AcceptKernel;

/**
 * Picks each sampling sequence's row out of the paper's matrices, one work-group per sequence
 * (global size {@code B * local}), into row b of {@code weights}:
 * <ul>
 *   <li>mode 1 (rejection at row n): {@code p_prime_full[n] / clamped_sum[n]}, the division the
 *       paper's host code makes before {@code multinomial};
 *   <li>mode 2 (bonus) with {@code rawBonus = 1}: the target logits of row n divided by T, as the
 *       paper's sigmoid code hands {@code new_logits[:, n]} to {@code multinomial} (its kernel
 *       converted rows 0..g-1 only). That row is checked here: NaN or +infinity, or no finite
 *       logit, is reported in {@code outcome}.
 * </ul>
 * Other rows are left as they are.
 */
public class ResidualRowKernel extends ReducingKernel {
    int maxDrafts, vocabSize, rawBonus;
    int[] mode = new int[1];
    int[] outcome = new int[1];
    float[] pPrime = new float[1];
    float[] clampedSum = new float[1];
    float[] target = new float[1];
    long targetOffset, targetRowStride, targetSequenceStride;
    float[] temperature = new float[1];
    float[] weights = new float[1];

    @Override
    public void run() {
        int b = getGroupId();
        int lid = getLocalId();
        int size = getLocalSize();
        int i = outcome[b * 5];
        int firstFinite = -1;       // of the raw bonus row, to check it
        int firstBad = -1;
        int raw = mode[b] == 2 && rawBonus == 1 ? 1 : 0;
        if (mode[b] == 1) {
            int slot = b * maxDrafts + i;
            float sum = clampedSum[slot];
            for (int v = lid; v < vocabSize; v += size) weights[b * vocabSize + v] = pPrime[slot * vocabSize + v] / sum;
        } else if (raw == 1) {
            long base = targetOffset + b * targetSequenceStride + i * targetRowStride;
            float invT = 1f / temperature[b];
            for (int v = lid; v < vocabSize; v += size) {
                float z = target[(int) (base + v)];
                if (z >= -FLOAT_MAX && z <= FLOAT_MAX && firstFinite < 0) firstFinite = v;
                if (bad(z) && firstBad < 0) firstBad = v;
                weights[b * vocabSize + v] = z * invT;
            }
        }
        localMax[lid] = 0f;
        localArg[lid] = firstFinite;
        localBad[lid] = firstBad;
        reduceMaxArgBad(lid, size);
        if (lid == 0 && raw == 1 && (localBad[0] >= 0 || localArg[0] < 0)) {
            outcome[b * 5 + 2] = localBad[0] >= 0 ? AcceptKernel.TARGET_NON_FINITE : AcceptKernel.TARGET_NO_FINITE;
            outcome[b * 5 + 3] = i;
            outcome[b * 5 + 4] = localBad[0];
        }
    }
}
