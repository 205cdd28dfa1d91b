/*
 * Specula's exact chain-verification pipeline, hand-written once for OpenCL C and CUDA C++.
 *
 * Compiled after prelude_opencl.h (OpenCL C 1.2) or prelude_cuda.h (CUDA, inside extern "C"),
 * which define KERNEL, FUNC, GLOBAL, LOCAL, BARRIER(), the work-item ids, EXPF/EXPD/LOGD,
 * MULHI32, POS_INF, the local atomics, u32/u64/i64, SPECULA_LOCAL (the largest work-group size,
 * which sizes the local arrays) and GROUP_SIZE() (the launch's work-group size, a power of two).
 * It is the comparator of the Java kernels in dev.specula.kernels.pipeline: the same five
 * stages, the same kernel names and the same argument names (the host binds them by name).
 *
 * The algorithm is core's ReferenceVerifier (Leviathan et al. 2023, algorithm 1), restated for a
 * device that reads each row once (online softmax, Milakov & Gimelshein 2018, arXiv 1805.02867)
 * and samples by inverse CDF over per-tile sums (ALGORITHMS.md, section 2):
 *   1 RowStatsKernel     one work-group per (row, tile): max, sum of weights, arg-max, first bad index
 *   2 RowCombineKernel   one work-item per row: merges the tiles of a row
 *   2b ThresholdKernel   one work-group per truncated row: top-k/top-p/min-p threshold and kept mass
 *                        (enqueued only when some row of the batch truncates)
 *   3 AcceptKernel       one work-item per sequence: the chain walk, with core's Philox stream
 *   4 SampleTilesKernel  one work-group per (sequence, tile): residual and p mass of the drawn row
 *   5 SamplePickKernel   one work-group per sequence: the tile, then the token, by parallel prefix
 *
 * Rows: target row (b, i) is b*(maxDrafts+1)+i; draft row (b, i) is
 * sequences*(maxDrafts+1) + b*maxDrafts + i. Element v of target row (b, i) is
 * target[targetOffset + b*targetSequenceStride + i*targetRowStride + v] (strides in floats);
 * the draft rows likewise. Weights are w_v = exp((z_v - M) / T) in float; the accept ratio and
 * the uniforms are doubles (the device needs fp64). A row's distribution keeps the tokens with
 * z_v >= rowCut[row] and is normalised by rowKept[row] (RowCombineKernel writes NO_CUT and the
 * whole mass; ThresholdKernel overwrites both for truncated rows).
 */

/* A sequence's outcome: five ints at outcome[5b] (the layout of the Java kernels' host):
     [0] accepted drafts, or the position of the failed check
     [1] the emitted token (written by AcceptKernel, or by SamplePickKernel when sampling)
     [2] status, [3] the row of a failed check, [4] its token index (or -1). */
#define OUTCOME_INTS 5
/* What AcceptKernel writes to outcome[5b+2]; the host raises core's exception for it
   (dev.specula.kernels.pipeline.PipelineStatus numbers them alike). sampleU[b] gets the
   offending value of a sum or log-probability check, for the message. */
#define STATUS_OK 0
#define STATUS_TARGET_NON_FINITE 1      /* NaN or +infinity at the index */
#define STATUS_TARGET_NO_FINITE 2       /* no finite entry in the row */
#define STATUS_DRAFT_NON_FINITE 3       /* the same two, in a row of draft logits */
#define STATUS_DRAFT_NO_FINITE 4
#define STATUS_PROBABILITY_OUT_OF_RANGE 5 /* a draft probability outside [0, 1] at the index */
#define STATUS_PROBABILITY_SUM 6        /* draft probabilities not summing to 1 within 1e-3 */
#define STATUS_RECORDED_LOG_Q 7         /* recorded log q farther than 1e-4 from the row's */

/* What AcceptKernel leaves for the sampling stages in mode[b]. */
#define MODE_DONE 0                     /* the token is final (greedy, or a failed check) */
#define MODE_RESIDUAL 1                 /* sample norm(max(0, p - q)) of row outcome[5b] */
#define MODE_BONUS 2                    /* sample p of row outcome[5b] (every draft accepted) */

#define KIND_ONE_HOT 0
#define KIND_LOGITS 1
#define KIND_PROBABILITIES 2

#define PROBABILITY_SUM_TOLERANCE 1e-3  /* as core's ReferenceVerifier */
#define LOG_PROBABILITY_TOLERANCE 1e-4
#define NO_INDEX 0x7fffffff
#define PURPOSE_VERIFY 0u               /* RandomStreams.VERIFY */
#define NO_CUT (-3.402823466e+38f)     /* rowCut of an untruncated row: every finite logit is kept */

/* ---- Philox4x32-10 and core's RandomStreams ------------------------------------------------ */

typedef struct { u32 w0, w1, w2, w3; } Words;

/* Salmon et al., SC'11: ten rounds of two 32x32->64 multiplies, with a Weyl key schedule. */
FUNC Words philox4x32_10(u32 c0, u32 c1, u32 c2, u32 c3, u32 k0, u32 k1) {
    for (int round = 0; round < 10; round++) {
        u32 hi0 = MULHI32(0xD2511F53u, c0), lo0 = 0xD2511F53u * c0;
        u32 hi1 = MULHI32(0xCD9E8D57u, c2), lo1 = 0xCD9E8D57u * c2;
        u32 n0 = hi1 ^ c1 ^ k0;
        u32 n2 = hi0 ^ c3 ^ k1;
        c0 = n0;
        c1 = lo1;
        c2 = n2;
        c3 = lo0;
        k0 += 0x9E3779B9u;
        k1 += 0xBB67AE85u;
    }
    Words out = {c0, c1, c2, c3};
    return out;
}

/* RandomStreams.uniform: ((hi << 20) | (lo >>> 12) + 0.5) * 2^-52, exact in double, in (0, 1). */
FUNC double uniformOf(u32 hi, u32 lo) {
    u64 bits = ((u64) hi << 20) | (u64) (lo >> 12);
    return ((double) bits + 0.5) * 2.220446049250313080847263336181640625e-16;
}

/* The VERIFY block of a position: (w0, w1) accept uniform, (w2, w3) sample uniform. */
FUNC Words verifyBlock(int seedLo, int seedHi, int stream, int stepLo, int stepHi, int position) {
    return philox4x32_10((PURPOSE_VERIFY << 16) | (u32) position, (u32) stream, (u32) stepLo, (u32) stepHi,
                         (u32) seedLo, (u32) seedHi);
}

/* ---- rows -------------------------------------------------------------------------------- */

FUNC i64 rowStart(i64 offset, i64 sequenceStride, i64 rowStride, int b, int r) {
    return offset + (i64) b * sequenceStride + (i64) r * rowStride;
}

FUNC int isBadLogit(float z) {
    return z != z || z == POS_INF;                  /* NaN or +infinity; -infinity masks a token */
}

/* Max, weight sum (relative to max) and lowest arg-max of part of a row. */
typedef struct { float max; float sum; int arg; } Stats;

/* Merges two parts (online-softmax rescaling when `weighted`; a plain sum otherwise). The lowest
   arg-max wins a tie, as RowMath.argmax; a part without a finite entry has max -inf and sum 0. */
FUNC Stats mergeStats(Stats a, Stats b, float invT, int weighted) {
    Stats m;
    int takeB = b.max > a.max || (b.max == a.max && b.arg >= 0 && (a.arg < 0 || b.arg < a.arg));
    m.max = takeB ? b.max : a.max;
    m.arg = takeB ? b.arg : a.arg;
    if (weighted) {
        float sa = a.max == -POS_INF ? 0.0f : a.sum * EXPF((a.max - m.max) * invT);
        float sb = b.max == -POS_INF ? 0.0f : b.sum * EXPF((b.max - m.max) * invT);
        m.sum = sa + sb;
    } else {
        m.sum = a.sum + b.sum;
    }
    return m;
}

/* ---- work-group collectives (sequential addressing: no bank conflicts) ------------------- */

FUNC float groupSum(LOCAL_PTR float* scratch, float x, int lid) {
    scratch[lid] = x;
    BARRIER();
    for (int stride = GROUP_SIZE() / 2; stride > 0; stride >>= 1) {
        if (lid < stride) scratch[lid] += scratch[lid + stride];
        BARRIER();
    }
    float total = scratch[0];
    BARRIER();
    return total;
}

/* Inclusive prefix sum over the work-group (Hillis & Steele, ping-pong buffers selected by a
   flag rather than swapped pointers, which PoCL's work-group compiler handles); *total gets the
   sum of all GROUP_SIZE() values. */
FUNC float groupInclusiveScan(LOCAL_PTR float* ping, LOCAL_PTR float* pong, float x, int lid, float* total) {
    ping[lid] = x;
    BARRIER();
    int inPong = 0;
    for (int offset = 1; offset < GROUP_SIZE(); offset <<= 1) {
        float v = inPong ? pong[lid] : ping[lid];
        if (lid >= offset) v += inPong ? pong[lid - offset] : ping[lid - offset];
        if (inPong) ping[lid] = v;
        else pong[lid] = v;
        BARRIER();
        inPong = !inPong;
    }
    float inclusive = inPong ? pong[lid] : ping[lid];
    *total = inPong ? pong[GROUP_SIZE() - 1] : ping[GROUP_SIZE() - 1];
    BARRIER();
    return inclusive;
}

/* ---- stage 1: per (row, tile) statistics --------------------------------------------------- */

KERNEL RowStatsKernel(GLOBAL const float* RESTRICT target, i64 targetOffset, i64 targetRowStride,
                      i64 targetSequenceStride, GLOBAL const float* RESTRICT draft, i64 draftOffset,
                      i64 draftRowStride, i64 draftSequenceStride, GLOBAL const float* RESTRICT temperature,
                      GLOBAL const float* RESTRICT draftTemperature, GLOBAL const int* RESTRICT draftCount,
                      int draftKind, int sequences, int maxDrafts, int vocabSize, int tiles, int tileWidth,
                      GLOBAL float* RESTRICT partialMax,
                      GLOBAL float* RESTRICT partialSum, GLOBAL int* RESTRICT partialArg,
                      GLOBAL int* RESTRICT partialBad) {
    LOCAL float localMax[SPECULA_LOCAL];
    LOCAL float localSum[SPECULA_LOCAL];
    LOCAL int localArg[SPECULA_LOCAL];
    LOCAL int localBad[SPECULA_LOCAL];
    int group = GROUP_ID(), lid = LOCAL_ID();
    int row = group / tiles, tile = group - row * tiles;
    int targetRows = sequences * (maxDrafts + 1);

    GLOBAL const float* z;
    float t;
    int probabilities = 0, needed;
    if (row < targetRows) {
        int b = row / (maxDrafts + 1), i = row - b * (maxDrafts + 1);
        z = target + rowStart(targetOffset, targetSequenceStride, targetRowStride, b, i);
        t = temperature[b];
        needed = i <= draftCount[b];
    } else {
        int r = row - targetRows, b = r / maxDrafts, i = r - b * maxDrafts;
        z = draft + rowStart(draftOffset, draftSequenceStride, draftRowStride, b, i);
        t = draftTemperature[b];
        probabilities = draftKind == KIND_PROBABILITIES;
        needed = i < draftCount[b];
    }
    int weighted = !probabilities && t > 0.0f;      /* greedy rows need the arg-max only */
    float invT = weighted ? 1.0f / t : 0.0f;
    int begin = tile * tileWidth;
    /* A row past the sequence's drafts is never read: an empty range. (No early return: a
       return before a barrier, even a uniform one, breaks PoCL's work-group code.) */
    int end = needed ? min(vocabSize, begin + tileWidth) : begin;

    /* Each work-item walks the tile with stride GROUP_SIZE() (coalesced), keeping a running
       max and a sum rescaled whenever the max grows: one read of each logit. */
    float m = -POS_INF, s = 0.0f;
    int arg = -1, bad = NO_INDEX;
    if (probabilities) {
        for (int v = begin + lid; v < end; v += GROUP_SIZE()) {
            float x = z[v];
            if (!(x >= 0.0f && x <= 1.0f)) {
                bad = min(bad, v);
                continue;
            }
            s += x;
            if (x > m) {
                m = x;
                arg = v;
            }
        }
    } else {
        for (int v = begin + lid; v < end; v += GROUP_SIZE()) {
            float x = z[v];
            if (isBadLogit(x)) {
                bad = min(bad, v);
                continue;
            }
            if (x > m) {
                if (weighted) s = s * EXPF((m - x) * invT) + 1.0f;
                m = x;
                arg = v;
            } else if (weighted && x != -POS_INF) {
                s += EXPF((x - m) * invT);
            }
        }
    }

    localMax[lid] = m;
    localSum[lid] = s;
    localArg[lid] = arg;
    localBad[lid] = bad;
    BARRIER();
    for (int stride = GROUP_SIZE() / 2; stride > 0; stride >>= 1) {
        if (lid < stride) {
            Stats a = {localMax[lid], localSum[lid], localArg[lid]};
            Stats o = {localMax[lid + stride], localSum[lid + stride], localArg[lid + stride]};
            Stats merged = mergeStats(a, o, invT, weighted);
            localMax[lid] = merged.max;
            localSum[lid] = merged.sum;
            localArg[lid] = merged.arg;
            localBad[lid] = min(localBad[lid], localBad[lid + stride]);
        }
        BARRIER();
    }
    if (lid == 0) {
        partialMax[group] = localMax[0];
        partialSum[group] = localSum[0];
        partialArg[group] = localArg[0];
        partialBad[group] = localBad[0] == NO_INDEX ? -1 : localBad[0];
    }
}

/* ---- stage 2: per row, merge the tiles ----------------------------------------------------- */

KERNEL RowCombineKernel(GLOBAL const float* RESTRICT partialMax, GLOBAL const float* RESTRICT partialSum,
                        GLOBAL const int* RESTRICT partialArg, GLOBAL const int* RESTRICT partialBad,
                        GLOBAL const float* RESTRICT temperature, GLOBAL const float* RESTRICT draftTemperature,
                        int draftKind, int sequences, int maxDrafts, int tiles, GLOBAL float* RESTRICT rowMax,
                        GLOBAL double* RESTRICT rowSum, GLOBAL int* RESTRICT rowArg, GLOBAL int* RESTRICT rowBad,
                        GLOBAL float* RESTRICT rowCut, GLOBAL double* RESTRICT rowKept) {
    int row = GLOBAL_ID();
    int targetRows = sequences * (maxDrafts + 1);
    int rows = targetRows + (draftKind == KIND_ONE_HOT ? 0 : sequences * maxDrafts);
    if (row >= rows) return;
    int draftRow = row >= targetRows;
    float t = draftRow ? draftTemperature[(row - targetRows) / maxDrafts] : temperature[row / (maxDrafts + 1)];
    int probabilities = draftRow && draftKind == KIND_PROBABILITIES;
    int weighted = !probabilities && t > 0.0f;
    float invT = weighted ? 1.0f / t : 0.0f;

    /* Tiles cover increasing token ranges: the first maximal tile holds the lowest arg-max and
       the first tile with a bad entry holds the lowest bad index. */
    int base = row * tiles;
    float m = -POS_INF;
    int arg = -1, bad = -1;
    for (int k = 0; k < tiles; k++) {
        float tileMax = partialMax[base + k];
        if (tileMax > m) {
            m = tileMax;
            arg = partialArg[base + k];
        }
        if (bad < 0) bad = partialBad[base + k];
    }
    /* S = sum_t s_t * exp((m_t - M) / T): the online-softmax merge of the tiles. */
    double s = 0.0;                                 /* a handful of tiles: summed in double */
    for (int k = 0; k < tiles; k++) {
        float tileMax = partialMax[base + k], tileSum = partialSum[base + k];
        if (!weighted) s += tileSum;
        else if (tileMax != -POS_INF) s += tileSum * EXPF((tileMax - m) * invT);
    }
    rowMax[row] = m;
    rowSum[row] = s;
    rowArg[row] = arg;
    rowBad[row] = bad;
    rowCut[row] = NO_CUT;                           /* untruncated until ThresholdKernel says otherwise */
    rowKept[row] = s;
}

/* ---- stage 2b: the truncation threshold of each truncated row ----------------------------- */

/* One work-group per row (launched only when some row of the batch truncates). Top-k and top-p
   ask for the largest logit x with, over the tokens z >= x, count >= k or mass >= p * mass(K)
   (K the top-k set); ties at x are kept whole (core's SamplingSettings). A bracket [lo, hi] of
   logits holds the answer, with the count and mass of the tokens above hi. Each pass reads the
   row once and drops every token of the bracket into one of THRESHOLD_BUCKETS buckets by a
   monotone map of its logit (the first pass by its distance from the max in units of T: below
   1/2, 1, 2, ..., 8192; later passes by an even split of the bracket's values), keeping per
   bucket the count, the mass exp((z - M) / T) and the smallest and largest logit. Up to
   THRESHOLD_ITEMS work-items count, each into its own histogram in work-group memory; a tree
   reduction merges them (no atomics). Walking the
   buckets from the top, the first at which the condition holds holds the answer: its smallest
   and largest logit are the next bracket, and when they are equal it is the answer, tie group
   and all. Only tokens inside the bracket take an exponential. Min-p is one pass over the kept
   tokens with its per-token rule exp((z - M) / T) >= minP in double: the smallest logit kept is
   the threshold. The Java kernel ThresholdKernel runs the same search. */
#define THRESHOLD_BUCKETS 16
#define THRESHOLD_MAX_PASSES 96
#define THRESHOLD_ITEMS 64                      /* work-items that count: 4 x 16 x 64 x 4 bytes = 16 KiB of histograms */
#define PHASE_DONE 0
#define PHASE_TOP_K 1
#define PHASE_TOP_P 2
#define PHASE_MIN_P 3
#define MAX_FLOAT 3.402823466e+38f

FUNC int keptByMinP(float z, float w, float m, float t, float minP) {
    if (w > minP * 1.0001f) return 1;               /* the float weight decides, away from the boundary */
    if (w < minP * 0.9999f) return 0;
    return EXPD(((double) z - (double) m) / (double) t) >= (double) minP;
}

KERNEL ThresholdKernel(GLOBAL const float* RESTRICT target, i64 targetOffset, i64 targetRowStride,
                       i64 targetSequenceStride, GLOBAL const float* RESTRICT draft, i64 draftOffset,
                       i64 draftRowStride, i64 draftSequenceStride, GLOBAL const float* RESTRICT temperature,
                       GLOBAL const float* RESTRICT draftTemperature, GLOBAL const int* RESTRICT draftCount,
                       GLOBAL const int* RESTRICT topK, GLOBAL const float* RESTRICT topP,
                       GLOBAL const float* RESTRICT minP, GLOBAL const int* RESTRICT draftTopK,
                       GLOBAL const float* RESTRICT draftTopP, GLOBAL const float* RESTRICT draftMinP,
                       GLOBAL const float* RESTRICT rowMax, GLOBAL const double* RESTRICT rowSum,
                       GLOBAL const int* RESTRICT rowArg, GLOBAL const int* RESTRICT rowBad, int draftKind,
                       int sequences, int maxDrafts, int vocabSize, GLOBAL float* RESTRICT rowCut,
                       GLOBAL double* RESTRICT rowKept) {
    /* A histogram per counting work-item, in work-group memory (private arrays that live across
       barriers are miscompiled by PoCL's work-group compiler). */
    LOCAL int bucketCount[THRESHOLD_ITEMS * THRESHOLD_BUCKETS];
    LOCAL float bucketMass[THRESHOLD_ITEMS * THRESHOLD_BUCKETS];
    LOCAL float bucketLow[THRESHOLD_ITEMS * THRESHOLD_BUCKETS];
    LOCAL float bucketHigh[THRESHOLD_ITEMS * THRESHOLD_BUCKETS];
    int row = GROUP_ID(), lid = LOCAL_ID();
    int items = min(GROUP_SIZE(), THRESHOLD_ITEMS);  /* the work-items that count; the others only reach the barriers */
    int targetRows = sequences * (maxDrafts + 1);

    GLOBAL const float* z;
    float t, p, mp;
    int k, needed;
    if (row < targetRows) {
        int b = row / (maxDrafts + 1), i = row - b * (maxDrafts + 1);
        z = target + rowStart(targetOffset, targetSequenceStride, targetRowStride, b, i);
        t = temperature[b];
        k = topK[b];
        p = topP[b];
        mp = minP[b];
        needed = i <= draftCount[b];
    } else {
        int r = row - targetRows, b = r / maxDrafts, i = r - b * maxDrafts;
        z = draft + rowStart(draftOffset, draftSequenceStride, draftRowStride, b, i);
        t = draftTemperature[b];
        k = draftTopK[b];
        p = draftTopP[b];
        mp = draftMinP[b];
        needed = draftKind == KIND_LOGITS && i < draftCount[b];
    }
    if (k >= vocabSize) k = 0;                      /* keeps every token */
    int active = needed && t > 0.0f && rowBad[row] < 0 && rowArg[row] >= 0;
    int phase = !active ? PHASE_DONE : k > 0 ? PHASE_TOP_K : p < 1.0f ? PHASE_TOP_P : mp > 0.0f ? PHASE_MIN_P : PHASE_DONE;
    float invT = t > 0.0f ? 1.0f / t : 1.0f;
    float m = rowMax[row];

    int wide = 1;                                   /* the bracket: every finite logit, else [lo, hi] */
    float lo = m, hi = m;
    int hiCount = 0;
    double hiMass = 0.0;
    float cut = NO_CUT;
    double kept = active ? rowSum[row] : 0.0;
    double limit = phase == PHASE_TOP_P ? (double) p * kept : 0.0;
    int slot = lid * THRESHOLD_BUCKETS;
    /* The loop's condition is the same for every work-item, so every barrier is reached by all. */
    for (int pass = 0; pass < THRESHOLD_MAX_PASSES && phase != PHASE_DONE; pass++) {
        if (lid < items) {
            for (int j = 0; j < THRESHOLD_BUCKETS; j++) {
                bucketCount[slot + j] = 0;
                bucketMass[slot + j] = 0.0f;
                bucketLow[slot + j] = MAX_FLOAT;
                bucketHigh[slot + j] = -MAX_FLOAT;
            }
        }
        double scale = hi > lo ? THRESHOLD_BUCKETS / ((double) hi - (double) lo) : 0.0;
        int end = lid < items ? vocabSize : 0;
        for (int v = lid; v < end; v += items) {
            float x = z[v];
            int inside = wide ? (x >= -MAX_FLOAT && x <= MAX_FLOAT) : (x >= lo && x <= hi);
            float w = inside ? EXPF((x - m) * invT) : 0.0f;
            int j = THRESHOLD_BUCKETS - 1;
            if (!inside) {
                j = -1;
            } else if (phase == PHASE_MIN_P) {
                if (!keptByMinP(x, w, m, t, mp)) j = -1;
            } else if (wide) {
                float d = (m - x) * invT, step = 0.5f;
                while (j > 0 && d >= step) {
                    j--;
                    step *= 2.0f;
                }
            } else {
                j = min(THRESHOLD_BUCKETS - 1, max(0, (int) (((double) x - (double) lo) * scale)));
            }
            if (j >= 0) {
                int at = slot + j;
                bucketCount[at] += 1;
                bucketMass[at] += w;
                bucketLow[at] = fmin(bucketLow[at], x);
                bucketHigh[at] = fmax(bucketHigh[at], x);
            }
        }
        BARRIER();
        for (int stride = items / 2; stride > 0; stride >>= 1) {   /* items: a power of two */
            if (lid < stride) {
                int other = (lid + stride) * THRESHOLD_BUCKETS;
                for (int j = 0; j < THRESHOLD_BUCKETS; j++) {
                    bucketCount[slot + j] += bucketCount[other + j];
                    bucketMass[slot + j] += bucketMass[other + j];
                    bucketLow[slot + j] = fmin(bucketLow[slot + j], bucketLow[other + j]);
                    bucketHigh[slot + j] = fmax(bucketHigh[slot + j], bucketHigh[other + j]);
                }
            }
            BARRIER();
        }

        /* Every work-item walks the merged buckets from the top, identically. */
        int above = hiCount, chosen = -1;
        double aboveMass = hiMass, chosenMass = 0.0;
        for (int j = THRESHOLD_BUCKETS - 1; j >= 0; j--) {
            if (chosen < 0) {
                int withJ = above + bucketCount[j];
                double massWithJ = aboveMass + (double) bucketMass[j];
                if ((phase == PHASE_TOP_K && withJ >= k) || (phase == PHASE_TOP_P && massWithJ >= limit)) {
                    chosen = j;
                    chosenMass = massWithJ;
                } else {
                    above = withJ;
                    aboveMass = massWithJ;
                }
            }
        }
        int finished = 0;
        float answer = cut;
        if (phase == PHASE_MIN_P) {
            cut = bucketLow[THRESHOLD_BUCKETS - 1]; /* every kept token went to the top bucket */
            kept = aboveMass;
            phase = PHASE_DONE;
        } else if (chosen < 0) {                    /* not even the whole bracket holds: its lower end */
            finished = 1;
            answer = wide ? NO_CUT : lo;
            chosenMass = aboveMass;
        } else if (bucketLow[chosen] == bucketHigh[chosen]) {
            finished = 1;                           /* one value: the answer, with its whole tie group */
            answer = bucketLow[chosen];
        } else {
            wide = 0;
            lo = bucketLow[chosen];
            hi = bucketHigh[chosen];
            hiCount = above;
            hiMass = aboveMass;
        }
        if (finished) {
            cut = answer;
            kept = chosenMass;
            if (phase == PHASE_TOP_K && p < 1.0f) { /* top-p searches the top-k set, against p * mass(K) */
                phase = PHASE_TOP_P;
                limit = (double) p * kept;
            } else {
                phase = mp > 0.0f ? PHASE_MIN_P : PHASE_DONE;
            }
            wide = cut == NO_CUT;
            lo = cut;
            hi = m;
            hiCount = 0;
            hiMass = 0.0;
        }
        BARRIER();                                  /* the buckets are read before the next pass writes them */
    }
    if (lid == 0 && active) {
        rowCut[row] = cut;
        rowKept[row] = kept;
    }
}

/* ---- stage 3: the chain walk, one work-item per sequence ----------------------------------- */

/* A failed row check: core's exception, not a token. */
FUNC void fail(int b, int code, int row, int index, double value, GLOBAL int* outcome, GLOBAL int* mode,
               GLOBAL double* sampleU) {
    GLOBAL int* o = outcome + OUTCOME_INTS * b;
    o[0] = row;
    o[1] = -1;
    o[2] = code;
    o[3] = row;
    o[4] = index;
    mode[b] = MODE_DONE;
    sampleU[b] = value;
}

/* The walk's end: `accepted` drafts, then either a final token or a sampling mode with its uniform. */
FUNC void finish(int b, int accepted, int sampling, int next, double u, GLOBAL int* outcome, GLOBAL int* mode,
                 GLOBAL double* sampleU) {
    GLOBAL int* o = outcome + OUTCOME_INTS * b;
    o[0] = accepted;
    o[1] = next;
    o[2] = STATUS_OK;
    o[3] = 0;
    o[4] = -1;
    mode[b] = sampling;
    sampleU[b] = u;
}

KERNEL AcceptKernel(GLOBAL const float* RESTRICT target, i64 targetOffset, i64 targetRowStride,
                    i64 targetSequenceStride, GLOBAL const float* RESTRICT draft, i64 draftOffset,
                    i64 draftRowStride, i64 draftSequenceStride, GLOBAL const float* RESTRICT rowMax,
                    GLOBAL const double* RESTRICT rowSum, GLOBAL const float* RESTRICT rowCut,
                    GLOBAL const double* RESTRICT rowKept, GLOBAL const int* RESTRICT rowArg,
                    GLOBAL const int* RESTRICT rowBad, GLOBAL const int* RESTRICT draftCount,
                    GLOBAL const int* RESTRICT draftToken, GLOBAL const float* RESTRICT temperature,
                    GLOBAL const float* RESTRICT draftTemperature, GLOBAL const int* RESTRICT seedLo,
                    GLOBAL const int* RESTRICT seedHi, GLOBAL const int* RESTRICT stream,
                    GLOBAL const int* RESTRICT stepLo, GLOBAL const int* RESTRICT stepHi,
                    GLOBAL const double* RESTRICT recordedLogQ, int draftKind, int sequences, int maxDrafts,
                    GLOBAL int* RESTRICT outcome, GLOBAL int* RESTRICT mode, GLOBAL double* RESTRICT sampleU) {
    int b = GLOBAL_ID();
    if (b >= sequences) return;
    int g = maxDrafts, n = draftCount[b];
    int targetRows = sequences * (g + 1);
    float t = temperature[b];
    int sLo = seedLo[b], sHi = seedHi[b], id = stream[b], tLo = stepLo[b], tHi = stepHi[b];

    for (int i = 0; i < n; i++) {
        int tr = b * (g + 1) + i;
        if (rowBad[tr] >= 0 || rowArg[tr] < 0) {
            fail(b, rowBad[tr] >= 0 ? STATUS_TARGET_NON_FINITE : STATUS_TARGET_NO_FINITE, i, rowBad[tr], 0.0, outcome, mode,
                 sampleU);
            return;
        }
        int d = draftToken[b * g + i];
        if (t == 0.0f) {                            /* greedy verification: accept iff d is the arg-max */
            if (d != rowArg[tr]) {
                finish(b, i, MODE_DONE, rowArg[tr], 0.0, outcome, mode, sampleU);
                return;
            }
            continue;
        }
        float zd = target[rowStart(targetOffset, targetSequenceStride, targetRowStride, b, i) + d];
        double p = zd >= rowCut[tr] ? EXPD(((double) zd - (double) rowMax[tr]) / (double) t) / rowKept[tr] : 0.0;

        double q = 1.0;                             /* one-hot drafts */
        if (draftKind != KIND_ONE_HOT) {
            int dr = targetRows + b * g + i;
            float x = draft[rowStart(draftOffset, draftSequenceStride, draftRowStride, b, i) + d];
            if (draftKind == KIND_LOGITS) {
                if (rowBad[dr] >= 0 || rowArg[dr] < 0) {
                    fail(b, rowBad[dr] >= 0 ? STATUS_DRAFT_NON_FINITE : STATUS_DRAFT_NO_FINITE, i, rowBad[dr], 0.0, outcome,
                         mode, sampleU);
                    return;
                }
                float tq = draftTemperature[b];
                q = tq == 0.0f ? (d == rowArg[dr] ? 1.0 : 0.0)
                    : x >= rowCut[dr] ? EXPD(((double) x - (double) rowMax[dr]) / (double) tq) / rowKept[dr] : 0.0;
            } else {
                if (rowBad[dr] >= 0) {
                    fail(b, STATUS_PROBABILITY_OUT_OF_RANGE, i, rowBad[dr], 0.0, outcome, mode, sampleU);
                    return;
                }
                double sum = rowSum[dr];
                if (fabs(sum - 1.0) > PROBABILITY_SUM_TOLERANCE) {
                    fail(b, STATUS_PROBABILITY_SUM, i, -1, sum, outcome, mode, sampleU);
                    return;
                }
                q = x;
            }
        }
        double recorded = recordedLogQ[b * g + i];
        if (recorded == recorded && !(fabs(recorded - LOGD(q)) <= LOG_PROBABILITY_TOLERANCE)) {
            fail(b, STATUS_RECORDED_LOG_Q, i, d, LOGD(q), outcome, mode, sampleU);
            return;
        }
        Words w = verifyBlock(sLo, sHi, id, tLo, tHi, i);
        if (!(q > 0.0 && uniformOf(w.w0, w.w1) < p / q)) {
            finish(b, i, MODE_RESIDUAL, -1, uniformOf(w.w2, w.w3), outcome, mode, sampleU);
            return;
        }
    }
    int tr = b * (g + 1) + n;                       /* every draft accepted: the bonus row */
    if (rowBad[tr] >= 0 || rowArg[tr] < 0) {
        fail(b, rowBad[tr] >= 0 ? STATUS_TARGET_NON_FINITE : STATUS_TARGET_NO_FINITE, n, rowBad[tr], 0.0, outcome, mode,
             sampleU);
        return;
    }
    if (t == 0.0f) {
        finish(b, n, MODE_DONE, rowArg[tr], 0.0, outcome, mode, sampleU);
    } else {
        Words w = verifyBlock(sLo, sHi, id, tLo, tHi, n);
        finish(b, n, MODE_BONUS, -1, uniformOf(w.w2, w.w3), outcome, mode, sampleU);
    }
}

/* ---- stages 4 and 5: sampling the residual or the bonus row ------------------------------- */

/* The row a sequence samples from, with everything needed to recompute p_v and q_v, so that
   stages 4 and 5 compute bit-identical weights. */
typedef struct {
    GLOBAL const float* zp;
    float maxP, invTP, invSP, cutP;
    GLOBAL const float* zq;
    int qKind;                                      /* KIND_ONE_HOT at qToken, KIND_LOGITS, KIND_PROBABILITIES */
    int qToken;
    float maxQ, invTQ, invSQ, cutQ;
} SampleRow;

FUNC SampleRow sampleRowOf(GLOBAL const float* target, i64 targetOffset, i64 targetRowStride,
                           i64 targetSequenceStride, GLOBAL const float* draft, i64 draftOffset, i64 draftRowStride,
                           i64 draftSequenceStride, GLOBAL const float* rowMax, GLOBAL const float* rowCut,
                           GLOBAL const double* rowKept, GLOBAL const int* rowArg, GLOBAL const int* draftToken, GLOBAL const float* temperature,
                           GLOBAL const float* draftTemperature, int draftKind, int sequences, int maxDrafts, int b,
                           int i, int residual) {
    SampleRow r;
    int tr = b * (maxDrafts + 1) + i;
    r.zp = target + rowStart(targetOffset, targetSequenceStride, targetRowStride, b, i);
    r.maxP = rowMax[tr];
    r.invTP = 1.0f / temperature[b];
    r.invSP = (float) (1.0 / rowKept[tr]);
    r.cutP = rowCut[tr];
    r.zq = r.zp;
    r.qKind = KIND_ONE_HOT;
    r.qToken = -1;                                  /* bonus rows: q = 0 everywhere */
    r.maxQ = 0.0f;
    r.invTQ = 0.0f;
    r.invSQ = 0.0f;
    r.cutQ = NO_CUT;
    if (residual) {
        r.qToken = draftToken[b * maxDrafts + i];
        if (draftKind != KIND_ONE_HOT) {
            int dr = sequences * (maxDrafts + 1) + b * maxDrafts + i;
            r.zq = draft + rowStart(draftOffset, draftSequenceStride, draftRowStride, b, i);
            float tq = draftTemperature[b];
            if (draftKind == KIND_PROBABILITIES) {
                r.qKind = KIND_PROBABILITIES;
            } else if (tq == 0.0f) {
                r.qToken = rowArg[dr];              /* greedy draft: one-hot at its arg-max */
            } else {
                r.qKind = KIND_LOGITS;
                r.maxQ = rowMax[dr];
                r.invTQ = 1.0f / tq;
                r.invSQ = (float) (1.0 / rowKept[dr]);
                r.cutQ = rowCut[dr];
            }
        }
    }
    return r;
}

/* p_v of the (truncated) target row: 0 below its threshold. */
FUNC float pOf(SampleRow r, int v) {
    float z = r.zp[v];
    return z >= r.cutP ? EXPF((z - r.maxP) * r.invTP) * r.invSP : 0.0f;
}

FUNC float qOf(SampleRow r, int v) {
    if (r.qKind == KIND_LOGITS) {
        float z = r.zq[v];
        return z >= r.cutQ ? EXPF((z - r.maxQ) * r.invTQ) * r.invSQ : 0.0f;
    }
    if (r.qKind == KIND_PROBABILITIES) return r.zq[v];
    return v == r.qToken ? 1.0f : 0.0f;
}

/* The weight sampled: residual max(0, p - q) or p itself. */
FUNC float weightOf(SampleRow r, int v, int residual) {
    float p = pOf(r, v);
    if (!residual) return p;
    float excess = p - qOf(r, v);
    return excess > 0.0f ? excess : 0.0f;
}

KERNEL SampleTilesKernel(GLOBAL const float* RESTRICT target, i64 targetOffset, i64 targetRowStride,
                         i64 targetSequenceStride, GLOBAL const float* RESTRICT draft, i64 draftOffset,
                         i64 draftRowStride, i64 draftSequenceStride, GLOBAL const float* RESTRICT rowMax,
                         GLOBAL const float* RESTRICT rowCut, GLOBAL const double* RESTRICT rowKept,
                         GLOBAL const int* RESTRICT rowArg,
                         GLOBAL const int* RESTRICT draftToken, GLOBAL const float* RESTRICT temperature,
                         GLOBAL const float* RESTRICT draftTemperature, GLOBAL const int* RESTRICT outcome,
                         GLOBAL const int* RESTRICT mode, int draftKind, int sequences, int maxDrafts, int vocabSize,
                         int tiles, int tileWidth, GLOBAL double* RESTRICT tileMass, GLOBAL double* RESTRICT tileP) {
    LOCAL float scratch[SPECULA_LOCAL];
    int group = GROUP_ID(), lid = LOCAL_ID();
    int b = group / tiles, tile = group - b * tiles;
    int m = mode[b];
    int residual = m == MODE_RESIDUAL;
    SampleRow r = sampleRowOf(target, targetOffset, targetRowStride, targetSequenceStride, draft, draftOffset,
                              draftRowStride, draftSequenceStride, rowMax, rowCut, rowKept, rowArg, draftToken, temperature,
                              draftTemperature, draftKind, sequences, maxDrafts, b, outcome[OUTCOME_INTS * b], residual);
    int begin = tile * tileWidth;
    int end = m == MODE_DONE ? begin : min(vocabSize, begin + tileWidth);   /* nothing to sample: empty */
    float mass = 0.0f, pMass = 0.0f;
    for (int v = begin + lid; v < end; v += GROUP_SIZE()) {
        float p = pOf(r, v);
        pMass += p;
        if (residual) {
            float excess = p - qOf(r, v);
            mass += excess > 0.0f ? excess : 0.0f;
        }
    }
    /* Barriers stay out of conditional code: every work-item reaches the same ones. */
    pMass = groupSum(scratch, pMass, lid);
    mass = groupSum(scratch, mass, lid);
    if (lid == 0) {
        tileMass[group] = mass;
        tileP[group] = pMass;
    }
}

/* The first index in [begin, end) with positive value whose running sum exceeds goal, or
   NO_INDEX; *before gets the running sum before it. Values come from `values` (fromTiles) or
   from the row's weights. *last gets the last index of positive value seen (the fallback when
   rounding never exceeds the goal). Every work-item returns the same answer. */
FUNC int firstExceeding(LOCAL_PTR float* ping, LOCAL_PTR float* pong, LOCAL_PTR int* found, LOCAL_PTR int* last,
                        LOCAL_PTR float* foundBefore, GLOBAL const double* values, int fromTiles, SampleRow r,
                        int residual, int begin, int end, double goal, int lid, float* before) {
    if (lid == 0) {
        *found = NO_INDEX;
        *last = -1;
        *foundBefore = 0.0f;
    }
    BARRIER();
    float base = 0.0f;
    /* Every chunk is scanned (no early exit: a loop left by break around barriers defeats PoCL's
       work-group compiler); later chunks cannot lower the minimum found. */
    for (int start = begin; start < end; start += GROUP_SIZE()) {
        int v = start + lid;
        float x = v >= end ? 0.0f : fromTiles ? (float) values[v] : weightOf(r, v, residual);
        float chunk;
        float running = base + groupInclusiveScan(ping, pong, x, lid, &chunk);
        if (x > 0.0f) {
            ATOMIC_MAX_LOCAL(last, v);
            if ((double) running > goal) ATOMIC_MIN_LOCAL(found, v);
        }
        BARRIER();
        if (v == *found) *foundBefore = running - x;
        base += chunk;
        BARRIER();
    }
    *before = *foundBefore;
    return *found;
}

KERNEL SamplePickKernel(GLOBAL const float* RESTRICT target, i64 targetOffset, i64 targetRowStride,
                        i64 targetSequenceStride, GLOBAL const float* RESTRICT draft, i64 draftOffset,
                        i64 draftRowStride, i64 draftSequenceStride, GLOBAL const float* RESTRICT rowMax,
                        GLOBAL const float* RESTRICT rowCut, GLOBAL const double* RESTRICT rowKept,
                        GLOBAL const int* RESTRICT rowArg,
                        GLOBAL const int* RESTRICT draftToken, GLOBAL const float* RESTRICT temperature,
                        GLOBAL const float* RESTRICT draftTemperature, GLOBAL const int* RESTRICT mode,
                        GLOBAL const double* RESTRICT sampleU, GLOBAL const double* RESTRICT tileMass,
                        GLOBAL const double* RESTRICT tileP, int draftKind, int sequences, int maxDrafts, int vocabSize,
                        int tiles, int tileWidth, GLOBAL int* RESTRICT outcome) {
    LOCAL float ping[SPECULA_LOCAL];
    LOCAL float pong[SPECULA_LOCAL];
    LOCAL int found;
    LOCAL int last;
    LOCAL float foundBefore;
    int b = GROUP_ID(), lid = LOCAL_ID();
    int m = mode[b];
    int sampled = m == MODE_DONE ? 0 : tiles;       /* nothing to sample: empty ranges, no early return */

    /* The residual's total mass; when it is 0 (p equals q) the correction falls back to p. Every
       barrier below is reached by the whole group (none sits in conditional code). */
    float massPart = 0.0f, pPart = 0.0f;
    for (int k = lid; k < sampled; k += GROUP_SIZE()) {
        massPart += (float) tileMass[b * tiles + k];
        pPart += (float) tileP[b * tiles + k];
    }
    float massTotal = groupSum(ping, massPart, lid);
    float pTotal = groupSum(ping, pPart, lid);
    int residual = m == MODE_RESIDUAL && massTotal > 0.0f;
    GLOBAL const double* values = (residual ? tileMass : tileP) + b * tiles;
    float total = residual ? massTotal : pTotal;
    SampleRow r = sampleRowOf(target, targetOffset, targetRowStride, targetSequenceStride, draft, draftOffset,
                              draftRowStride, draftSequenceStride, rowMax, rowCut, rowKept, rowArg, draftToken, temperature,
                              draftTemperature, draftKind, sequences, maxDrafts, b, outcome[OUTCOME_INTS * b], residual);
    double goal = sampleU[b] * (double) total;

    /* Phase 0 finds the tile whose running sum first exceeds u * total (past the end: the last
       tile with mass); phase 1 the token within it that exceeds the remainder (past the end: the
       tile's last token of positive weight). One loop, so the scan is compiled once. */
    int fromTiles = 1, begin = 0, end = sampled, chosen = -1;
    for (int phase = 0; phase < 2; phase++) {
        float before;
        int hit = firstExceeding(ping, pong, &found, &last, &foundBefore, values, fromTiles, r, residual, begin, end,
                                 goal, lid, &before);
        int fallback = last;
        BARRIER();                                  /* every work-item has read found and last */
        chosen = hit != NO_INDEX ? hit : fallback;
        goal = hit != NO_INDEX ? goal - (double) before : (double) POS_INF;
        fromTiles = 0;
        begin = chosen < 0 ? 0 : chosen * tileWidth;
        end = chosen < 0 ? 0 : min(vocabSize, begin + tileWidth);
    }
    if (lid == 0 && m != MODE_DONE) outcome[OUTCOME_INTS * b + 1] = chosen;   /* else AcceptKernel wrote it */
}
