package dev.specula.core.internal;

import dev.specula.core.SamplingSettings;
import dev.specula.core.internal.TileRunner.TileJob;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Finds a row's truncation threshold (top-k, then top-p, then min-p; {@link SamplingSettings})
 * without sorting the row: the fast verifier's counterpart of {@link RowMath#truncationThreshold},
 * with the same tie rule (every token equal to the threshold is kept), one instance per thread,
 * allocation-free after {@link #prepare}.
 *
 * <h2>The algorithm: a bound, the candidates above it, then threshold bisection among them</h2>
 * Top-k and top-p both ask for the largest logit x of the row such that a monotone condition
 * holds for the tokens with {@code z >= x}: at least k of them (top-k), or mass at least
 * p &times; mass(K) (top-p within the top-k set K). Min-p is a closed-form logit threshold
 * ({@link RowMath#minPCut}). The search reads the row once or twice after its softmax pass:
 * <ol>
 *   <li>A bracket [lo, hi) that holds the answer. Top-k: lo is the k-th largest of the row's
 *       lane maxima, which the softmax pass keeps ({@link TileKernels#expTiles}: {@value
 *       TileKernels#TILE}-token tiles times {@link TileKernels#LANES} lanes, each the logit of a
 *       distinct token, so at least k tokens lie at or above it); it leaves a few more than k
 *       tokens above it. Top-p: one counting pass over the row ({@link TileKernels#aboveAndCollectTiles})
 *       gives the exact count and mass at or above four pivots, placed where a stratified sample
 *       of the row ({@value #SAMPLE} tokens) puts the mass below x near (1 - p) mass(K): the
 *       tail below the threshold is made of many small tokens, which a sample estimates well
 *       whatever the few large ones weigh. The pivots around the answer are the bracket. When
 *       the sample puts few tokens above the first bound (peaked rows), that pass is skipped.
 *   <li>The bracket's tokens (logit and mass) are copied into a candidate buffer
 *       ({@link TileKernels#collect}: a compare per vector and a compress where a vector holds
 *       candidates). Top-p's counting pass gathers the bracket the sample expects in the same
 *       read ({@link TileKernels#aboveAndCollectTiles}); only a wrong guess costs a second pass.
 *   <li>Bisection among the candidates only: per round one SIMD pass over the buffer counts and
 *       sums at four pivots spread evenly over the bracket's values (or its float bits, when too
 *       narrow); once the bracket holds at most {@value #BUCKET} candidates they are finished
 *       exactly by a radix select on their float bits ({@value #RADIX_BITS} bits per pass: a
 *       histogram of counts and masses per digit, walked from the top; a digit is a tie group
 *       once the bits are exhausted, so ties are kept whole). Top-p after top-k needs no row
 *       pass at all: the top-k candidates hold all of K.
 * </ol>
 * Every bracket end is either counted exactly or holds by construction (the top-p bracket's
 * first lower end, {@code max + T ln((1 - p) mass(K) / (2 |K|))}, leaves less than half the
 * allowed tail below it), so a poor guess costs time and never exactness. The threshold's kept
 * mass is known at the end ({@link #keptMass}), so an accept test needs no further pass.
 *
 * <h2>Why this and not the alternatives: measured</h2>
 * What a row pass costs was measured first (one thread, V = 128256, the benchmark workload's
 * rows, per row): the softmax pass about 60-90 us, and any further pass over the row, even a
 * compare-only one, 20-45 us (a max pass 20, a counting pass at four pivots 35-45, a gather
 * 25-30): a pass is 30-50% of the softmax pass, so the 1.5x target allows about one. Hence: the
 * max pass is folded into the softmax pass as lane maxima (about +10%), top-k reads the row once
 * (its gather), and top-p once when the sample's bracket holds the answer (the count and the
 * gather share the read, {@link TileKernels#aboveAndCollectTiles}), else twice; every later round
 * reads only the candidates. The previous version of this class (threshold bisection over the
 * whole row: a max pass, then counting passes at four pivots, a radix select on the last 2048)
 * measured top-k 50 1.56-2.19x and top-p 0.9 2.34-4.11x temperature-only verification
 * ({@code TruncationBenchmark}); this one, in two short runs on a loaded shared machine (load
 * average 4-8 on 2 cores, errors of +-30-60%): top-k 1.28-1.83x (one outlier 2.9x with an error
 * larger than the mean), top-p 1.32-2.55x. The 1.5x target is not met: what is left is mostly
 * the one gather or counting pass per row and the weights' store, which a pass fused into the
 * softmax pass itself would remove.
 * <ul>
 *   <li>A radix or bucket select over the whole row needs a histogram, a scatter per token,
 *       which the Vector API cannot express: a scalar, dependent update per token, several
 *       times a compare pass; here a radix select only finishes a bucket. Making the bucket the
 *       whole candidate set ({@code radix} in {@code TruncationSearchBenchmark}) and FlashInfer's
 *       dual pivot (two pivots per round over the candidates, {@code dual-pivot}) were measured
 *       against four pivots ({@code bisection}) in one run at V = 128256: search-and-pass time
 *       over softmax-pass time 1.53 / 1.74 / 1.76 for top-k and 2.70 / 3.52 / 2.15 for top-p
 *       (bisection / dual-pivot / radix), each with an error larger than the differences: on
 *       this machine the in-memory finish is lost in the row passes' noise. Four pivots are kept
 *       (the fewest rounds); the choice needs a quiet re-run.
 *   <li>FlashInfer's dual-pivot rejection loop proper samples from the truncated distribution
 *       without knowing its mass; verification divides by the kept mass, so it would need the
 *       threshold anyway.
 * </ul>
 */
public final class TruncationSearch {
    /** Pivots counted per pass over the candidates (and at most per pass over the row). */
    public static final int PIVOTS = 4;
    /** At most this many candidates in the bracket are finished by the radix select. */
    public static final int BUCKET = 1024;
    /** Bits of the float keys resolved per pass of the final radix select. */
    static final int RADIX_BITS = 8;
    /** Top-p gathers the tokens above its first bound at once when the sample puts at most 1 / DIRECT of the row there. */
    static final int DIRECT = 8;
    /** Tokens in the stratified sample that places the first top-p pivots. */
    static final int SAMPLE = 256;
    /** Where the top-p pivots go: at these multiples of the allowed tail mass (1 - p) mass(K), as the sample estimates it. */
    private static final double[] TAIL_FRACTIONS = {0.6, 0.85, 1.2, 1.6};

    private final TileRunner runner;
    private final int pivotsPerPass;
    private final int bucket;
    private final float[] pivot = new float[PIVOTS];
    private int pivots;
    private int[] tileCount = new int[0];
    private float[] tileMass = new float[0];
    /** The candidates: logits and masses of the tokens in [candidatesFrom, candidatesTo), in token order. */
    private float[] values = new float[0];
    private float[] masses = new float[0];
    private int candidates;
    /** Count and mass of the row's tokens at or above the candidates' upper end. */
    private long baseCount;
    private double baseMass;
    private float[] bucketValues;
    private float[] bucketMasses;
    private long[] keys;
    private float[] keyMasses;
    private final int[] digitCount = new int[1 << RADIX_BITS];
    private final double[] digitMass = new double[1 << RADIX_BITS];
    private final long[] sample = new long[SAMPLE];
    private final long[] sorted = new long[SAMPLE];
    private final float[] sampleMass = new float[SAMPLE];

    // The row being searched (set before each job).
    private MemorySegment segment;
    private long base;
    private int vocab;
    private float[] weights;
    private double[] scale;
    private float temperature;

    /** Count and mass of the tokens at or above the threshold the last {@link #select} returned. */
    private long foundCount;
    private double foundMass;
    /** The mass of the tokens kept by the last {@link #threshold}, when the search found it on the way; else NaN. */
    private double keptMass;
    /** Passes over the row since {@link #threshold} was last called (for tests of the search's cost). */
    int passes;

    /** The bracket the sample expects the top-p answer in, and the logit where it estimates the answer. */
    private float guessLo, guessHi, estimate;
    private int[] found = new int[0];
    /** The candidates' logits as a segment, so that the row's counting kernel reads them; a unit scale per block. */
    private MemorySegment valuesSegment = MemorySegment.ofArray(new float[0]);
    private double[] ones = new double[0];

    private final TileJob aboveAndCollectJob = (from, to) -> TileKernels.aboveAndCollectTiles(segment, base, vocab, weights, scale,
            pivot, PIVOTS, tileCount, tileMass, guessLo, guessHi, values, masses, found, from, to);

    public TruncationSearch(TileRunner runner) {
        this(runner, PIVOTS, BUCKET);
    }

    /**
     * A search with other tuning, to measure the alternatives ({@code TruncationSearchBenchmark}):
     * {@code pivotsPerPass} in [1, {@value #PIVOTS}] pivots per pass over the candidates (2 is
     * FlashInfer's dual pivot), and the radix select finishing brackets of at most {@code bucket}
     * candidates (the vocabulary size makes it a radix select of all the candidates).
     */
    public TruncationSearch(TileRunner runner, int pivotsPerPass, int bucket) {
        if (pivotsPerPass < 1 || pivotsPerPass > PIVOTS) throw new IllegalArgumentException("pivots per pass must be in [1, " + PIVOTS + "], got " + pivotsPerPass);
        if (bucket < 1) throw new IllegalArgumentException("bucket must be positive, got " + bucket);
        this.runner = runner;
        this.pivotsPerPass = pivotsPerPass;
        this.bucket = bucket;
        bucketValues = new float[bucket + TileKernels.LANES];
        bucketMasses = new float[bucket + TileKernels.LANES];
        keys = new long[bucket];
        keyMasses = new float[bucket];
    }

    /** Makes room for rows of {@code vocab} tokens in {@code tiles} tiles. */
    public void prepare(int vocab, int tiles) {
        if (tileCount.length < tiles * PIVOTS) {
            tileCount = new int[tiles * PIVOTS];
            tileMass = new float[tiles * PIVOTS];
            found = new int[tiles];
            ones = new double[tiles];
            Arrays.fill(ones, 1.0);
        }
        if (values.length < vocab + TileKernels.LANES) {
            values = new float[vocab + TileKernels.LANES];
            masses = new float[vocab + TileKernels.LANES];
            valuesSegment = MemorySegment.ofArray(values);
        }
        int lanes = tiles * TileKernels.LANES;
        if (keys.length < lanes) {
            keys = new long[lanes];
            keyMasses = new float[lanes];
        }
    }

    /**
     * The truncation threshold of a row whose softmax pass stored its weights and lane maxima:
     * the kept tokens are those with {@code z >= threshold}.
     *
     * @param weights the stored weights: weights[v] * scale[tile of v] = exp((z_v - ref) / T)
     * @param total the sum of all those scaled weights
     * @param laneMax the row's lane maxima, {@link TileKernels#LANES} per tile
     * @param rowMax the row's largest logit
     * @param ref the logit the scaled weights are relative to
     */
    public float threshold(MemorySegment segment, long base, int vocab, int tiles, float[] weights, double[] scale,
                           double total, float[] laneMax, float rowMax, float ref, SamplingSettings settings) {
        this.segment = segment;
        this.base = base;
        this.vocab = vocab;
        this.weights = weights;
        this.scale = scale;
        this.temperature = settings.temperature();
        passes = 0;
        keptMass = Double.NaN;
        float minCut = RowMath.minPCut(rowMax, temperature, settings.minP());
        boolean topP = settings.topP() < 1f;
        float hi = Math.nextUp(rowMax);

        float cut = Float.NEGATIVE_INFINITY;
        if (settings.hasTopK() && settings.topK() < vocab) {
            int k = settings.topK();
            int lanes = tiles * TileKernels.LANES;
            // The k-th largest lane maximum: k distinct tokens lie at or above it.
            float bound = k <= lanes ? select(laneMax, null, lanes, false, k, Float.NEGATIVE_INFINITY, hi, 0, 0) : Float.NEGATIVE_INFINITY;
            // A min-p cut above the bound wins if fewer than k tokens reach it; with top-p to follow, K is needed whole.
            float lo = topP ? bound : Math.max(bound, minCut);
            gather(lo, hi, 0, 0.0);
            cut = search(false, k, lo, hi, baseCount + candidates, Double.NaN, lo == bound);
            if (Float.isNaN(cut)) return minCut; // fewer than k tokens at or above the min-p cut: it wins
            keptMass = foundMass;
            if (topP) {
                // Top-p within K: the candidates hold every token of K.
                double need = settings.topP() * foundMass;
                cut = search(true, need, cut, hi, foundCount, foundMass, true);
                keptMass = foundMass;
            }
        } else if (topP) {
            cut = searchRow(settings.topP() * total, (1.0 - settings.topP()) * total, vocab, ref, rowMax, hi, minCut);
            if (Float.isNaN(cut)) return minCut; // the min-p cut is above the top-p threshold
            keptMass = foundMass;
        }
        if (minCut > cut) keptMass = Double.NaN; // min-p cut deeper: not counted on the way
        return Math.max(cut, minCut);
    }

    /**
     * Top-p over the whole row: when the sample puts few tokens above the first bound, they are
     * gathered at once; else one counting pass at pivots placed by the sample, then the bracket
     * around the answer is gathered. Then the search among the candidates. NaN if the condition
     * fails at {@code floor} (a min-p cut, which then wins).
     *
     * @param tail the mass the threshold may leave below it, (1 - p) mass(K)
     * @param count the number of tokens in K
     */
    private float searchRow(double need, double tail, long count, float ref, float rowMax, float hi, float floor) {
        // Below this logit all tokens together weigh less than tail / 2: it holds, with a factor 2 to spare against rounding.
        double bound = ref + temperature * Math.log(tail / (2.0 * count));
        float lo = bound < rowMax ? Math.nextDown((float) bound) : Float.NEGATIVE_INFINITY;
        boolean loHolds = true;
        if (floor > lo) {
            lo = floor;
            loHolds = false;
        }
        pivots = 0;
        if (!loHolds) pivot[pivots++] = lo;
        int sampledAbove = placePivots(tail, lo, hi);
        if (sampledAbove * (long) DIRECT <= Math.min(SAMPLE, vocab)) {
            // Few tokens above lo (a peaked row): gathering them costs less than counting first.
            gather(lo, hi, 0, 0.0);
            return search(true, need, lo, hi, candidates, Double.NaN, loHolds);
        }
        // The bracket the sample expects the answer in is gathered in the same pass.
        guessLo = lo;
        guessHi = hi;
        for (int j = 0; j < pivots; j++) {
            if (!(pivot[j] > estimate)) {
                guessLo = pivot[j];
            } else {
                guessHi = pivot[j];
                break;
            }
        }
        for (int j = pivots; j < PIVOTS; j++) pivot[j] = pivots > 0 ? pivot[pivots - 1] : hi;
        runner.forTiles(TileKernels.tiles(vocab), aboveAndCollectJob);
        passes++;
        long loCount = -1, hiCount = 0;
        double loMass = Double.NaN, hiMass = 0;
        for (int j = 0; j < pivots; j++) {
            long n = 0;
            double m = 0;
            for (int t = 0, tiles = TileKernels.tiles(vocab); t < tiles; t++) {
                n += tileCount[t * PIVOTS + j];
                m += tileMass[t * PIVOTS + j] * scale[t];
            }
            if (m >= need) {
                lo = pivot[j];
                loCount = n;
                loMass = m;
            } else {
                if (j == 0 && !loHolds) return Float.NaN;
                hi = pivot[j];
                hiCount = n;
                hiMass = m;
                break;
            }
        }
        if (lo == guessLo && hi == guessHi) {
            // The guess was right: the pass gathered the bracket, in per-tile slots; close the gaps.
            candidates = 0;
            for (int t = 0, tiles = TileKernels.tiles(vocab); t < tiles; t++) {
                System.arraycopy(values, t * TileKernels.TILE, values, candidates, found[t]);
                System.arraycopy(masses, t * TileKernels.TILE, masses, candidates, found[t]);
                candidates += found[t];
            }
            baseCount = hiCount;
            baseMass = hiMass;
        } else {
            gather(lo, hi, hiCount, hiMass);
        }
        return search(true, need, lo, hi, baseCount + candidates, loMass, loCount >= 0 || loHolds);
    }

    /**
     * Up to {@value #PIVOTS} pivots (after any already set) inside (lo, hi), ascending, where the
     * sample estimates the mass below x at {@link #TAIL_FRACTIONS} of {@code tail}; returns how
     * many sampled tokens lie at or above lo.
     */
    private int placePivots(double tail, float lo, float hi) {
        // A stratified sample: one token per stretch of V / SAMPLE, at its middle. Keys sort by logit; the index rides in the low bits.
        int m = Math.min(SAMPLE, vocab);
        for (int i = 0; i < m; i++) {
            int v = (int) (((2L * i + 1) * vocab) / (2L * m));
            float z = TileKernels.at(segment, base, v);
            sample[i] = (RowMath.floatKey(z) << 32) | i;
            sampleMass[i] = (float) (weights[v] * scale[v / TileKernels.TILE]);
        }
        sortSample(m);
        double perToken = (double) vocab / m;
        double below = 0;
        int f = 0;
        estimate = Float.POSITIVE_INFINITY;
        for (int i = 0; i < m && f < TAIL_FRACTIONS.length && pivots < PIVOTS; i++) {
            below += sampleMass[(int) sample[i]] * perToken;
            if (estimate == Float.POSITIVE_INFINITY && below > tail) estimate = RowMath.fromFloatKey(sample[i] >> 32);
            if (below <= TAIL_FRACTIONS[f] * tail) continue;
            // The estimated mass below crosses the next fraction(s) at this token: a pivot at its logit.
            while (f < TAIL_FRACTIONS.length && below > TAIL_FRACTIONS[f] * tail) f++;
            float x = RowMath.fromFloatKey(sample[i] >> 32);
            if (x > lo && x < hi && (pivots == 0 || x > pivot[pivots - 1])) pivot[pivots++] = x;
        }
        int above = 0;
        for (int i = 0; i < m; i++) if (sample[i] >> 32 >= key(lo)) above++;
        return above;
    }

    /**
     * Sorts {@code sample[0..m)} by their upper 32 bits (the logit's key): an LSD radix sort, four
     * passes of {@value #RADIX_BITS} bits (Arrays.sort allocates, and costs more at this size).
     */
    private void sortSample(int m) {
        long[] from = sample, to = sorted;
        for (int shift = 32; shift < 64; shift += RADIX_BITS) {
            Arrays.fill(digitCount, 0);
            for (int i = 0; i < m; i++) digitCount[digit(from[i], shift)]++;
            for (int d = 0, at = 0; d < digitCount.length; d++) {
                int c = digitCount[d];
                digitCount[d] = at;
                at += c;
            }
            for (int i = 0; i < m; i++) to[digitCount[digit(from[i], shift)]++] = from[i];
            long[] swap = from;
            from = to;
            to = swap;
        }
        // Four passes: the result is back in sample.
    }

    /** The digit of a sample entry at {@code shift}, its key's sign flipped so that digits order like the keys. */
    private static int digit(long entry, int shift) {
        return (int) (((entry ^ Long.MIN_VALUE) >>> shift) & ((1 << RADIX_BITS) - 1));
    }

    /** Copies the tokens in [lo, hi) into the candidate buffer; {@code count} and {@code mass} are the row's totals at hi. */
    private void gather(float lo, float hi, long count, double mass) {
        candidates = TileKernels.collect(segment, base, vocab, weights, scale, lo, hi, values, masses);
        passes++;
        baseCount = count;
        baseMass = mass;
    }

    /**
     * The largest x in [lo, hi) whose count or mass of tokens {@code z >= x} reaches
     * {@code need}, among the candidates (which hold every token of [lo, hi)); NaN if not even lo
     * reaches it (possible only when lo does not hold by construction).
     *
     * @param loCount the count at lo
     * @param loMass the mass at lo, or NaN if not known
     */
    private float search(boolean byMass, double need, float lo, float hi, long loCount, double loMass, boolean loHolds) {
        long hiCount = baseCount;
        double hiMass = baseMass;
        // The candidates' upper end is hi: count and mass at hi are the base totals.
        while (true) {
            if (loCount - hiCount <= bucket) {
                int n = TileKernels.keep(values, masses, candidates, lo, hi, bucketValues, bucketMasses);
                return select(bucketValues, bucketMasses, n, byMass, need, lo, hi, hiCount, hiMass);
            }
            pivots = 0;
            if (!loHolds || Double.isNaN(loMass)) pivot[pivots++] = lo;
            choosePivots(lo, hi);
            if (pivots == 0) {
                // A single float, held by lo: a tie group larger than the bucket.
                foundCount = loCount;
                foundMass = loMass;
                return lo;
            }
            // The row's counting kernel, run over the candidates as a row of their own (and an empty range to gather).
            for (int j = pivots; j < PIVOTS; j++) pivot[j] = pivot[pivots - 1];
            int blocks = TileKernels.tiles(candidates);
            TileKernels.aboveAndCollectTiles(valuesSegment, 0, candidates, masses, ones, pivot, PIVOTS, tileCount, tileMass,
                    Float.POSITIVE_INFINITY, Float.POSITIVE_INFINITY, values, masses, found, 0, blocks);
            for (int j = 0; j < pivots; j++) {
                long n = baseCount;
                double m = baseMass;
                for (int t = 0; t < blocks; t++) {
                    n += tileCount[t * PIVOTS + j];
                    m += tileMass[t * PIVOTS + j];
                }
                if (holds(byMass, need, n, m)) {
                    lo = pivot[j];
                    loCount = n;
                    loMass = m;
                    loHolds = true;
                } else {
                    if (pivot[j] == lo) return Float.NaN; // lo itself fails
                    hi = pivot[j];
                    hiCount = n;
                    hiMass = m;
                    break;
                }
            }
        }
    }

    /** Pivots strictly inside (lo, hi), ascending, after any already set; none if (lo, hi) holds no float. */
    private void choosePivots(float lo, float hi) {
        int start = pivots;
        int wanted = Math.max(1, pivotsPerPass - start);
        float previous = lo;
        if (lo > Float.NEGATIVE_INFINITY) {
            for (int j = 1; j <= wanted; j++) {
                float x = (float) (lo + ((double) hi - lo) * j / (wanted + 1));
                if (!(x > previous) || !(x < hi)) break;
                pivot[pivots++] = x;
                previous = x;
            }
            if (pivots - start == wanted) return;
        }
        // Too narrow (or unbounded) for evenly spaced values: split the float bits instead.
        pivots = start;
        long kl = key(lo), kh = key(hi);
        long prev = kl;
        for (int j = 1; j <= wanted; j++) {
            long k = kl + (kh - kl) * j / (wanted + 1);
            if (k <= prev || k >= kh) continue;
            pivot[pivots++] = fromKey(k);
            prev = k;
        }
    }

    /**
     * Radix select on {@code n} values (with their masses; null for none) that hold every token of
     * [lo, hi) and perhaps others outside it: the largest value x in [lo, hi) whose count or mass
     * of tokens {@code z >= x} (the given ones plus {@code hiCount}, {@code hiMass} at hi) reaches
     * {@code need}, {@value #RADIX_BITS} bits per pass from the top, each pass a histogram of
     * counts and masses walked from the top digit down. Returns NaN if no value reaches it,
     * with {@link #foundCount} and {@link #foundMass} set to the totals at lo.
     */
    private float select(float[] from, float[] withMasses, int n, boolean byMass, double need, float lo, float hi,
                         long hiCount, double hiMass) {
        long first = key(lo), end = key(hi); // the keys searched lie in [first, end)
        int kept = 0;
        for (int i = 0; i < n; i++) {
            long k = key(from[i]);
            if (k >= first && k < end) {
                keys[kept] = k;
                keyMasses[kept++] = withMasses == null ? 0f : withMasses[i];
            }
        }
        n = kept;
        long count = hiCount;
        double mass = hiMass;
        while (true) {
            long span = end - first;
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(span - 1) - RADIX_BITS);
            int top = (int) ((span - 1) >>> shift);
            Arrays.fill(digitCount, 0, top + 1, 0);
            Arrays.fill(digitMass, 0, top + 1, 0.0);
            for (int i = 0; i < n; i++) {
                int d = (int) ((keys[i] - first) >>> shift);
                digitCount[d]++;
                digitMass[d] += keyMasses[i];
            }
            int d = top;
            while (d >= 0 && !holds(byMass, need, count + digitCount[d], mass + digitMass[d])) {
                count += digitCount[d];
                mass += digitMass[d];
                d--;
            }
            if (d < 0) {
                foundCount = count;
                foundMass = mass;
                return Float.NaN;
            }
            if (shift == 0) {
                foundCount = count + digitCount[d];
                foundMass = mass + digitMass[d];
                return fromKey(first + d);
            }
            // Keep the keys of digit d: the answer is among them.
            long digitFrom = first + ((long) d << shift);
            end = Math.min(end, digitFrom + (1L << shift));
            first = digitFrom;
            kept = 0;
            for (int i = 0; i < n; i++) {
                if (keys[i] >= first && keys[i] < end) {
                    keys[kept] = keys[i];
                    keyMasses[kept++] = keyMasses[i];
                }
            }
            n = kept;
        }
    }

    /**
     * The scaled mass of the tokens at or above the threshold the last {@link #threshold} call
     * returned, when the search counted it on the way (every top-k or top-p answer); NaN when it
     * did not (min-p alone, or a min-p cut above the others), and the caller must sum it.
     */
    public double keptMass() {
        return keptMass;
    }

    private static boolean holds(boolean byMass, double need, long count, double mass) {
        return byMass ? mass >= need : count >= need;
    }

    private static long key(float x) {
        return RowMath.floatKey(x);
    }

    private static float fromKey(long key) {
        return RowMath.fromFloatKey(key);
    }
}
