package dev.specula.kernels.paper;

/**
 * The seed paper's kernel (Wagner et al. 2024, section 3; {@code sampling_kernel} and
 * {@code sampling_kernel_sigmoid} of its public code): one work-group per (sequence, draft
 * position), global size {@code B * g * local}, tiling the vocabulary in tiles of one token per
 * work-item. For every token it writes the ratio {@code p / q} and the residual
 * {@code max(0, p - q)} to the full B x g x V matrices {@code ratio} and {@code pPrime}, and
 * reduces each tile's residuals in local memory into the row sum {@code clampedSum}, which starts
 * at 1e-6 as in the paper's code. (Its reduction halves the tile size, dropping elements of a
 * last tile whose width is not a power of two; here the tile is padded with zeros instead.)
 *
 * <ul>
 *   <li>{@code sigmoid = 0} (exact): p and q are the softmax rows computed beforehand (dense
 *       {@code p}: B x (g+1) x V, {@code q}: B x g x V).
 *   <li>{@code sigmoid = 1}: p and q are formed from the raw logits (divided by T, as the logits
 *       warper leaves them) by the paper's approximation {@code sigma((z - MIN) / (MAX - MIN))},
 *       MIN = -1e4, MAX = 1e4, 0 below MIN and 1 above MAX, never renormalised; the approximate p
 *       is written back to {@code p} as the paper's kernel overwrites its input. The kernel also
 *       records each row's validity ({@code rowBad}, {@code rowArg}: -1 when no logit is finite),
 *       as the softmax does for the exact variants.
 * </ul>
 */
public class ConcurrentKernel extends ReducingKernel {
    static final float MIN_LOGIT = -1e4f;
    static final float MAX_LOGIT = 1e4f;

    int sequences, maxDrafts, vocabSize, sigmoid;
    float[] p = new float[1];
    float[] q = new float[1];
    float[] target = new float[1];
    long targetOffset, targetRowStride, targetSequenceStride;
    float[] draft = new float[1];
    long draftOffset, draftRowStride, draftSequenceStride;
    float[] temperature = new float[1];
    float[] draftTemperature = new float[1];
    float[] ratio = new float[1];
    float[] pPrime = new float[1];
    float[] clampedSum = new float[1];
    int[] rowBad = new int[1];
    int[] rowArg = new int[1];

    @Override
    public void run() {
        int slot = getGroupId();   // b * g + i
        int lid = getLocalId();
        int size = getLocalSize();
        int b = slot / maxDrafts;
        int i = slot - b * maxDrafts;
        long pRow = (long) (b * (maxDrafts + 1) + i) * vocabSize;
        long qRow = (long) slot * vocabSize;
        long targetBase = targetOffset + b * targetSequenceStride + i * targetRowStride;
        long draftBase = draftOffset + b * draftSequenceStride + i * draftRowStride;
        float invT = 1f / temperature[b];
        float invTq = 1f / draftTemperature[b];
        float sum = 1e-6f;
        // Validity of the target row (localArg/localBad of the first reduction) and of the draft row.
        int targetFinite = -1;
        int targetBad = -1;
        int draftFinite = -1;
        int draftBad = -1;
        for (int start = 0; start < vocabSize; start += size) {
            int v = start + lid;
            float residual = 0f;
            if (v < vocabSize) {
                float pv = 0f;
                float qv = 0f;
                if (sigmoid == 1) {
                    float z = target[(int) (targetBase + v)];
                    float zq = draft[(int) (draftBase + v)];
                    if (z >= -FLOAT_MAX && z <= FLOAT_MAX && targetFinite < 0) targetFinite = v;
                    if (bad(z) && targetBad < 0) targetBad = v;
                    if (zq >= -FLOAT_MAX && zq <= FLOAT_MAX && draftFinite < 0) draftFinite = v;
                    if (bad(zq) && draftBad < 0) draftBad = v;
                    pv = scaledSigmoid(z * invT);
                    qv = scaledSigmoid(zq * invTq);
                    p[(int) (pRow + v)] = pv;
                } else {
                    pv = p[(int) (pRow + v)];
                    qv = q[(int) (qRow + v)];
                }
                residual = max(pv - qv, 0f);
                ratio[(int) (qRow + v)] = pv / qv;
                pPrime[(int) (qRow + v)] = residual;
            }
            localSum[lid] = residual;
            reduceSum(lid, size);
            sum += localSum[0];
            localBarrier(); // everyone has read localSum[0] before the next tile overwrites it
        }
        if (lid == 0) clampedSum[slot] = sum;
        // Outside any condition: PoCL miscompiles barriers in conditional code, even uniform.
        recordValidity(lid, size, targetFinite, targetBad, b * (maxDrafts + 1) + i);
        recordValidity(lid, size, draftFinite, draftBad, sequences * (maxDrafts + 1) + slot);
    }

    /** The paper's approximation of a probability from one logit (already divided by T). */
    float scaledSigmoid(float z) {
        float result = 0f;
        if (z > MAX_LOGIT) {
            result = 1f;
        } else if (z >= MIN_LOGIT || z != z) {
            float s = (z - MIN_LOGIT) / (MAX_LOGIT - MIN_LOGIT);
            result = s >= 0f ? 1f / (1f + exp(-s)) : exp(s) / (1f + exp(s));
        }
        return result;
    }

    /** Reduces one row's first finite and first bad index over the work-group into rowArg/rowBad (sigmoid only: the softmax did it otherwise). */
    void recordValidity(int lid, int size, int finite, int firstBad, int row) {
        localMax[lid] = 0f;
        localArg[lid] = finite;
        localBad[lid] = firstBad;
        reduceMaxArgBad(lid, size);
        if (lid == 0 && sigmoid == 1) {
            rowArg[row] = localArg[0];
            rowBad[row] = localBad[0];
        }
        localBarrier();
    }
}
