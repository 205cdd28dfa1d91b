package dev.specula.kernels.pipeline;

import com.aparapi.Kernel;

/**
 * Stage 2b, for truncated rows only: one work-group per row finds the row's truncation threshold
 * and its kept mass without sorting (global size {@code rows * local}); see
 * {@link dev.specula.core.SamplingSettings} for the order (temperature, top-k, top-p, min-p) and
 * the tie rule (every token equal to the threshold is kept). Rows that do not truncate (greedy,
 * no setting, past a sequence's drafts, draft probabilities, rows with a bad entry) leave the
 * values {@link RowCombineKernel} wrote: {@code rowCut = -Float.MAX_VALUE} (keep every finite
 * logit) and {@code rowKept = rowSum}. The host enqueues this stage only when some row of the
 * batch truncates.
 *
 * <h2>The search: a bucket select on the logits, with work-group reductions</h2>
 * Top-k and top-p both ask for the largest logit x of the row such that a monotone condition holds
 * for the tokens with {@code z >= x}: at least k of them, or mass at least p &times; mass(K) (K the
 * top-k set). The search keeps a bracket [lo, hi] of logits that holds the answer, with the count
 * and mass of the tokens above hi. Each pass reads the row once: every token inside the bracket
 * falls into one of {@value #BUCKETS} buckets (a monotone map of its logit, so each bucket is a
 * contiguous range of values), and each work-item keeps, per bucket, the count, the mass
 * {@code exp((z - M) / T)}, the smallest and the largest logit in work-group memory; a tree
 * reduction merges the work-items (no atomics: Aparapi cannot express them on work-group memory,
 * and float atomics do not exist in OpenCL 1.2). Walking the buckets from the top, the first
 * bucket at which the condition holds contains the answer; the new bracket is that bucket's
 * smallest and largest logit. When they are equal the bucket is one tie group, the answer.
 *
 * <p>The first pass buckets the finite logits by their distance from the maximum in units of T
 * ({@code (M - z) / T} below 1/2, 1, 2, 4, ... 8192), so that -infinity and far-away tokens need no
 * special case; later passes split the bracket's value range evenly (in double). Only tokens in the
 * bracket take an exponential, so every pass after the first is a compare-only read. The bracket's
 * value range shrinks at least {@value #BUCKETS}-fold per pass, and a pass ends as soon as the chosen
 * bucket holds one value: on rows of random logits the answer is found in about four passes.
 * Min-p needs no search: one pass over the kept tokens applies its predicate
 * {@code exp((z - M) / T) >= minP} per token, in double near the boundary, and the smallest
 * logit that passes is the threshold.
 *
 * <p>Why values and not the float bits (a radix select on an order-preserving integer key): the
 * Java kernels are translated by Aparapi, which has no bit cast between float and int; a value
 * split finds the same tokens and costs the same compare per token. The hand-written C
 * ({@code ThresholdKernel} in {@code specula_verify.h}) runs the same search.
 */
public class ThresholdKernel extends Kernel {
    /** Buckets per pass. */
    public static final int BUCKETS = 16;
    /** An upper bound on passes per row (the shrinking bracket ends far sooner), so that no row loops forever. */
    static final int MAX_PASSES = 96;
    /** The largest work-group the stage runs with: its work-group arrays hold BUCKETS entries per work-item. */
    public static final int MAX_LOCAL = 64;
    static final int DONE = 0;
    static final int TOP_K = 1;
    static final int TOP_P = 2;
    static final int MIN_P = 3;

    float[] target = new float[1];
    long targetOffset, targetRowStride, targetSequenceStride;
    float[] draft = new float[1];
    long draftOffset, draftRowStride, draftSequenceStride;
    int sequences, maxDrafts, vocabSize, draftKind;
    int[] draftCount = new int[1];
    float[] temperature = new float[1];
    float[] draftTemperature = new float[1];
    int[] topK = new int[1];
    float[] topP = new float[1];
    float[] minP = new float[1];
    int[] draftTopK = new int[1];
    float[] draftTopP = new float[1];
    float[] draftMinP = new float[1];
    float[] rowMax = new float[1];
    double[] rowSum = new double[1];
    int[] rowArg = new int[1];
    int[] rowBad = new int[1];
    // Outputs, per row.
    float[] rowCut = new float[1];
    double[] rowKept = new double[1];
    // Work-group scratch: BUCKETS entries per work-item.
    @Local int[] localBucketCount = new int[1];
    @Local float[] localBucketMass = new float[1];
    @Local float[] localBucketLow = new float[1];
    @Local float[] localBucketHigh = new float[1];

    @Override
    public void run() {
        int row = getGroupId();
        int lid = getLocalId();
        int groupSize = getLocalSize();
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
        float t = temperature[b];
        int k = topK[b];
        float p = topP[b];
        float mp = minP[b];
        int needed = i <= draftCount[b] ? 1 : 0;
        if (isDraft == 1) {
            t = draftTemperature[b];
            k = draftTopK[b];
            p = draftTopP[b];
            mp = draftMinP[b];
            needed = draftKind == 1 && i < draftCount[b] ? 1 : 0;
        }
        if (k >= vocabSize) k = 0; // keeps everything
        int active = 0;
        if (needed == 1 && t > 0f && rowBad[row] < 0 && rowArg[row] >= 0) active = 1;
        int phase = DONE;
        if (active == 1) {
            if (k > 0) {
                phase = TOP_K;
            } else if (p < 1f) {
                phase = TOP_P;
            } else if (mp > 0f) {
                phase = MIN_P;
            }
        }
        float invT = t > 0f ? 1f / t : 1f;
        float m = rowMax[row];
        long base = isDraft == 1
                ? draftOffset + b * draftSequenceStride + i * draftRowStride
                : targetOffset + b * targetSequenceStride + i * targetRowStride;

        // The bracket: every finite logit while wide, else [lo, hi]; hiCount and hiMass are the tokens above it.
        int wide = 1;
        float lo = m;
        float hi = m;
        int hiCount = 0;
        double hiMass = 0.0;
        float cut = -3.4028235e38f; // no cut: every finite logit is kept
        double kept = active == 1 ? rowSum[row] : 0.0;
        double limit = phase == TOP_P ? p * kept : 0.0;
        int slot = lid * BUCKETS;
        for (int pass = 0; pass < MAX_PASSES && phase != DONE; pass++) {
            for (int j = 0; j < BUCKETS; j++) {
                localBucketCount[slot + j] = 0;
                localBucketMass[slot + j] = 0f;
                localBucketLow[slot + j] = 3.4028235e38f;
                localBucketHigh[slot + j] = -3.4028235e38f;
            }
            double scale = hi > lo ? BUCKETS / ((double) hi - lo) : 0.0;
            for (int v = lid; v < vocabSize; v += groupSize) {
                float z = 0f;
                if (isDraft == 1) {
                    z = draft[(int) (base + v)];
                } else {
                    z = target[(int) (base + v)];
                }
                int inside = 0;
                if (wide == 1) {
                    if (z >= -3.4028235e38f && z <= 3.4028235e38f) inside = 1;
                } else if (z >= lo && z <= hi) {
                    inside = 1;
                }
                if (inside == 1) {
                    float w = exp((z - m) * invT);
                    int j = BUCKETS - 1;
                    if (phase == MIN_P) {
                        inside = keptByMinP(z, w, m, t, mp);
                    } else if (wide == 1) {
                        float d = (m - z) * invT;
                        float step = 0.5f;
                        while (j > 0 && d >= step) {
                            j--;
                            step = step * 2f;
                        }
                    } else {
                        j = (int) (((double) z - lo) * scale);
                        if (j > BUCKETS - 1) j = BUCKETS - 1;
                        if (j < 0) j = 0;
                    }
                    if (inside == 1) {
                        int at = slot + j;
                        localBucketCount[at] = localBucketCount[at] + 1;
                        localBucketMass[at] = localBucketMass[at] + w;
                        localBucketLow[at] = min(localBucketLow[at], z);
                        localBucketHigh[at] = max(localBucketHigh[at], z);
                    }
                }
            }
            localBarrier();
            for (int s = groupSize / 2; s > 0; s = s / 2) {
                if (lid < s) {
                    int other = (lid + s) * BUCKETS;
                    for (int j = 0; j < BUCKETS; j++) {
                        localBucketCount[slot + j] = localBucketCount[slot + j] + localBucketCount[other + j];
                        localBucketMass[slot + j] = localBucketMass[slot + j] + localBucketMass[other + j];
                        localBucketLow[slot + j] = min(localBucketLow[slot + j], localBucketLow[other + j]);
                        localBucketHigh[slot + j] = max(localBucketHigh[slot + j], localBucketHigh[other + j]);
                    }
                }
                localBarrier();
            }

            // Every work-item walks the merged buckets from the top, identically.
            int count = hiCount;
            double mass = hiMass;
            int chosen = -1;
            double chosenMass = 0.0;
            for (int j = BUCKETS - 1; j >= 0; j--) {
                if (chosen < 0) {
                    int withJ = count + localBucketCount[j];
                    double massWithJ = mass + localBucketMass[j];
                    int holds = 0;
                    if (phase == TOP_K && withJ >= k) holds = 1;
                    if (phase == TOP_P && massWithJ >= limit) holds = 1;
                    if (holds == 1) {
                        chosen = j;
                        chosenMass = massWithJ;
                    } else {
                        count = withJ;
                        mass = massWithJ;
                    }
                }
            }
            int finished = 0;
            float answer = cut;
            if (phase == MIN_P) {
                // Every kept token went to the top bucket: its smallest logit is the threshold.
                cut = localBucketLow[BUCKETS - 1];
                kept = mass;
                phase = DONE;
            } else if (chosen < 0) {
                // Not even the whole bracket holds (rounding, or fewer than k finite tokens): its lower end is the answer.
                finished = 1;
                answer = wide == 1 ? -3.4028235e38f : lo;
                chosenMass = mass;
            } else if (localBucketLow[chosen] == localBucketHigh[chosen]) {
                finished = 1;
                answer = localBucketLow[chosen];
            } else {
                wide = 0;
                lo = localBucketLow[chosen];
                hi = localBucketHigh[chosen];
                hiCount = count;
                hiMass = mass;
            }
            if (finished == 1) {
                cut = answer;
                kept = chosenMass;
                if (phase == TOP_K && p < 1f) {
                    // Top-k found: top-p searches within the top-k set, against p times its mass.
                    phase = TOP_P;
                    limit = p * kept;
                } else if (mp > 0f) {
                    phase = MIN_P;
                } else {
                    phase = DONE;
                }
                wide = cut == -3.4028235e38f ? 1 : 0;
                lo = cut;
                hi = m;
                hiCount = 0;
                hiMass = 0.0;
            }
            localBarrier(); // the merged buckets are read before the next pass clears them
        }
        if (lid == 0 && active == 1) {
            rowCut[row] = cut;
            rowKept[row] = kept;
        }
    }

    /** Min-p's rule per token: {@code exp((z - M) / T) >= minP} in double, decided from the float weight where that is safe. */
    int keptByMinP(float z, float w, float m, float t, float mp) {
        int keep = 0;
        if (w > mp * 1.0001f) {
            keep = 1;
        } else if (w >= mp * 0.9999f && exp(((double) z - m) / t) >= mp) {
            keep = 1;
        }
        return keep;
    }
}
