package dev.specula.core.internal;

import dev.specula.core.SamplingSettings;
import dev.specula.core.internal.TileRunner.TileJob;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * The kept tokens of a truncated row (top-k, then top-p, then min-p; {@link SamplingSettings})
 * found without sorting the row: the fast verifier's counterpart of
 * {@link RowMath#truncationThreshold}, with the same tie rule (every token equal to the
 * threshold is kept). The result is a list: the kept tokens' ids in token order, their weights
 * exp((z - max) / T) and their mass, which is the row's normaliser. One instance per thread,
 * allocation-free after {@link #prepare}.
 *
 * <h2>The algorithm: candidates above a lower bound, then threshold bisection among them</h2>
 * Top-k and top-p both ask for the largest logit x of the row such that a monotone condition
 * holds for the tokens with {@code z >= x}: at least k of them (top-k), or mass at least
 * p &times; mass(K) (top-p within the top-k set K). Min-p is a closed-form logit threshold
 * ({@link RowMath#minPCut}). Both kinds of row first gather the tokens at or above a lower bound
 * of the answer, their candidates:
 * <ul>
 *   <li>A top-k row needs no exponential of the whole row: every later step (top-p within K,
 *       min-p relative to the max, the normaliser, the draws) concerns K alone. So it gets no
 *       softmax pass but {@link #selectTopK}: one pass of compares ({@link TileKernels#selectTile})
 *       keeps the lane maxima and copies the tokens at or above a bound that rises as the pass
 *       goes, the k-th largest lane maximum so far (lane maxima are the logits of distinct
 *       tokens, so at least k tokens lie at or above it; a small heap keeps the k largest).
 *   <li>A top-p (or min-p) row has its ordinary softmax pass, which gives the row's mass; then
 *       {@link #topPThreshold} gathers the tokens at or above a guess placed by a stratified
 *       sample of {@value #SAMPLE} tokens, where the sample puts the mass below it at
 *       {@value #GUESS_TAIL} of the allowed tail (1 - p) mass(row), mass(row) being the pass's
 *       exact total (the tail is made of many small tokens, which a sample estimates well;
 *       the few large ones, which it does not, are in the total), raised
 *       to the min-p cut of the pass's largest reference. The guess is checked: the candidates'
 *       mass must reach p &times; mass(row); else they are gathered again from a bound that
 *       holds by construction, {@code max + T ln((1 - p) mass(row) / (2 V))}.
 * </ul>
 * Then bisection among the candidates only ({@link #search}): per round one SIMD pass counts and
 * sums at four pivots spaced geometrically from the bracket's low end (or its float bits, when
 * too narrow), over the bracket's candidates alone once it holds a quarter of them or fewer; once it
 * holds at most {@value #BUCKET} they are finished exactly by a radix select on their float bits
 * ({@value #RADIX_BITS} bits per pass: a histogram of counts and masses per digit, walked from
 * the top; a digit is a tie group once the bits are exhausted, so ties are kept whole). Only then
 * are the candidates weighed (top-k alone), and the kept ones listed. Every lower end either
 * holds by construction or is checked, so a poor bound or guess costs time and never exactness.
 *
 * <h2>Why: measured</h2>
 * The target is temperature-only verification: one online-softmax pass per row that stores
 * nothing. Work folded into its exponential loop is no cheaper than a pass of its own: the
 * vector exponential is a call that clobbers every vector register, so anything carried through
 * that loop spills; lane maxima and stored weights made it 1.56x, stored weights alone 1.19x
 * ({@code TruncationSearchBenchmark}, one run at V = 128256; its {@code storingPass} measures the
 * latter). The previous version of this class
 * did exactly that, then counted and gathered in further passes over the stored weights: top-k
 * 50 2.0x and top-p 0.9 2.0-2.3x temperature-only verification on a quiet machine
 * ({@code TruncationBenchmark}). Hence no store, no lane maxima in the exponential loop, no
 * exponential at all for top-k, and candidates gathered by a pass of compares (about a sixth of
 * the softmax pass's time when few tokens are copied), whose weights alone are computed. This
 * version measures top-k 0.4-0.85x, top-p 0.7-1.2x when the first draft is rejected and
 * 1.5-1.9x when every draft is accepted, five softmax passes each followed by a gather and a
 * search ({@code TruncationBenchmark}, runs on a shared machine; {@code FastChain} then skips
 * the search of accept tests it can decide from the softmax pass: 1.4x). Details that
 * measured large while tuning (one-off runs on the benchmark's rows, one thread): the radix select's histogram is a dependent scalar update per key, so brackets
 * of {@value #BUCKET} candidates rather than 1024 (about a third off the search on peaked rows);
 * pivots crowded at the bracket's low end rather than evenly spaced ({@link #choosePivots});
 * the kept list compacted with a compress per vector, as a branch per candidate mispredicts
 * about half the time on a flat row; the gather run last tile first (the rows of V = 256000
 * outgrow the cache the softmax pass leaves them in).
 * <ul>
 *   <li>A radix or bucket select over the whole row needs a histogram, a scatter per token,
 *       which the Vector API cannot express: a scalar, dependent update per token, several
 *       times a compare pass; here a radix select only finishes a bucket. Making the bucket the
 *       whole candidate set ({@code radix} in {@code TruncationSearchBenchmark}) and FlashInfer's
 *       dual pivot (two pivots per round over the candidates, {@code dual-pivot}) are measured
 *       there against four pivots ({@code bisection}); over candidates that fit in cache the
 *       choice is a small part of a row's cost.
 *   <li>FlashInfer's dual-pivot rejection loop proper samples from the truncated distribution
 *       without knowing its mass; verification divides by the kept mass, so it would need the
 *       threshold anyway.
 * </ul>
 */
public final class TruncationSearch {
    /** Pivots counted per pass over the candidates. */
    public static final int PIVOTS = 4;
    /** At most this many candidates in the bracket are finished by the radix select. */
    public static final int BUCKET = 256;
    /** Bits of the float keys resolved per pass of the final radix select. */
    static final int RADIX_BITS = 8;
    /** Tokens in the stratified sample that places the top-p guess. */
    static final int SAMPLE = 256;
    /** The top-p guess leaves below it this fraction of the allowed tail, as the sample estimates it. */
    private static final double GUESS_TAIL = 0.75;
    /** Bisection steps of the top-p guess: the bracket between the sample's extremes shrinks 2^-12. */
    private static final int GUESS_STEPS = 12;
    private static final int LANES = TileKernels.LANES;
    private static final int TILE = TileKernels.TILE;

    private final TileRunner runner;
    private final int pivotsPerPass;
    private final int bucket;
    private final float[] pivot = new float[PIVOTS];
    private final long[] pivotCount = new long[PIVOTS];
    private final double[] pivotMass = new double[PIVOTS];
    private int pivots;
    /**
     * The candidates: logits, token ids and weights exp((z - max) / T). A pass fills one slot of
     * {@value TileKernels#TILE} per tile ({@link #found} each); {@link #closeGaps} closes the gaps.
     */
    private float[] values = new float[0];
    private int[] ids = new int[0];
    private float[] masses = new float[0];
    private int[] found = new int[0];
    private int candidates;
    /** Whether {@link #masses} holds the candidates' weights. */
    private boolean weighed;
    /** The lane maxima of a top-k row, {@link TileKernels#LANES} per tile. */
    private float[] laneMax = new float[0];
    /** Per part of the top-k pass, a min-heap of the k largest lane maxima so far, from index from * LANES. */
    private float[] heap = new float[0];
    /** The bracket's candidates, once a round of {@link #search} has narrowed it to a quarter of them. */
    private float[] bracketValues = new float[0];
    private float[] bracketMasses = new float[0];
    private float[] bucketValues;
    private float[] bucketMasses;
    private long[] keys;
    private float[] keyMasses;
    private final int[] digitCount = new int[1 << RADIX_BITS];
    private final double[] digitMass = new double[1 << RADIX_BITS];
    private final float[] sample = new float[SAMPLE + LANES];
    private final float[] sampleWeight = new float[SAMPLE + LANES];

    // The row being truncated.
    private MemorySegment segment;
    private long base;
    private int vocab;
    private float temperature;
    private SamplingSettings settings;
    private float[] tileMax;
    /** The lower end the candidates are gathered from, in {@link #gatherJob}. */
    private float bound;

    /** Count and mass of the tokens at or above the threshold the last {@link #select} or {@link #search} returned. */
    private long foundCount;
    private double foundMass;
    private float rowMax;
    private int keptCount;
    private double keptMass;
    /** Tiles the last top-p row read again after a failed guess (for tests of the search's cost). */
    int tilesReread;

    private final TileJob selectJob = this::selectPart;
    /**
     * The gather after a softmax pass, last tile first: the pass has just read the row in order,
     * so its last tiles are the ones still in cache (read first to last, a row larger than the
     * cache would miss on every tile).
     */
    private final TileJob gatherJob = (from, to) -> {
        boolean dense = false;
        for (int t = to - 1; t >= from; t--) {
            found[t] = TileKernels.gatherTile(segment, base, vocab, bound, values, ids, t, dense);
            dense = TileKernels.isDense(found[t]);
        }
    };

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
        bucketValues = new float[bucket + LANES];
        bucketMasses = new float[bucket + LANES];
        keys = new long[bucket];
        keyMasses = new float[bucket];
    }

    /** Makes room for rows of {@code vocab} tokens. */
    public void prepare(int vocab) {
        int tiles = TileKernels.tiles(vocab);
        if (found.length < tiles) {
            // A slot of TILE per tile, and a vector past the last candidate (vectors are written and read whole).
            values = new float[tiles * TILE + LANES];
            ids = new int[values.length];
            masses = new float[values.length];
            bracketValues = new float[values.length];
            bracketMasses = new float[values.length];
            found = new int[tiles];
            laneMax = new float[tiles * LANES];
            heap = new float[tiles * LANES];
        }
        if (keys.length < tiles * LANES) {
            keys = new long[tiles * LANES];
            keyMasses = new float[tiles * LANES];
        }
    }

    /** Whether rows with these settings are truncated by top-k ({@link #selectTopK}, no softmax pass) rather than after a softmax pass ({@link #topPThreshold}). */
    public static boolean selectsTopK(SamplingSettings settings, int vocab) {
        return settings.hasTopK() && settings.topK() < vocab;
    }

    private void start(MemorySegment segment, long base, int vocab, SamplingSettings settings) {
        this.segment = segment;
        this.base = base;
        this.vocab = vocab;
        this.settings = settings;
        this.temperature = settings.temperature();
        tilesReread = 0;
    }

    // ---- top-k rows: no exponential over the row ----------------------------------------------------

    /**
     * The pass of a top-k row, in place of its softmax pass, tile by tile on the runner: the
     * candidates, and {@code tileMax[t]}, tile t's max, NaN if it holds NaN or +infinity (the
     * caller rescans the row for the first bad value). Then {@link #topKThreshold}.
     */
    public void selectTopK(MemorySegment segment, long base, int vocab, SamplingSettings settings, float[] tileMax) {
        if (!selectsTopK(settings, vocab)) throw new IllegalArgumentException("not a top-k row: " + settings);
        start(segment, base, vocab, settings);
        this.tileMax = tileMax;
        runner.forTiles(TileKernels.tiles(vocab), selectJob);
    }

    /**
     * The top-k pass over tiles [from, to): the part's own heap, so that parts run on their own
     * threads. Until the heap holds k lane maxima there is no bound, and the tiles passed gather
     * nothing; when it fills they are read again with the bound it gives (the first
     * k / {@value TileKernels#LANES} tiles of a part). A part with fewer lanes than k has no
     * bound at all and gathers every token.
     */
    private void selectPart(int from, int to) {
        int k = settings.topK(), heapAt = from * LANES, size = 0;
        boolean heapFits = k <= (to - from) * LANES;
        float bound = heapFits ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
        for (int t = from; t < to; t++) {
            found[t] = TileKernels.selectTile(segment, base, vocab, bound, laneMax, values, ids, t);
            if (found[t] < 0) {
                tileMax[t] = Float.NaN;
                continue;
            }
            float max = Float.NEGATIVE_INFINITY;
            for (int lane = t * LANES; lane < t * LANES + LANES; lane++) {
                max = Math.max(max, laneMax[lane]);
                if (heapFits) size = push(heapAt, size, k, laneMax[lane]);
            }
            tileMax[t] = max;
            if (heapFits && size == k) {
                float risen = heap[heapAt];
                if (bound == Float.POSITIVE_INFINITY) {
                    for (int u = from; u <= t; u++) {
                        if (found[u] >= 0) found[u] = TileKernels.selectTile(segment, base, vocab, risen, laneMax, values, ids, u);
                    }
                }
                bound = risen;
            }
        }
    }

    /** Adds x to the min-heap of at most k values at {@code heap[at..at + size)}; returns its new size. */
    private int push(int at, int size, int k, float x) {
        int i;
        if (size < k) {
            i = size++;
            while (i > 0 && heap[at + (i - 1) / 2] > x) { // sift up
                heap[at + i] = heap[at + (i - 1) / 2];
                i = (i - 1) / 2;
            }
        } else {
            if (!(x > heap[at])) return size;
            i = 0;
            while (true) { // replace the least, sift down
                int child = 2 * i + 1;
                if (child >= size) break;
                if (child + 1 < size && heap[at + child + 1] < heap[at + child]) child++;
                if (!(heap[at + child] < x)) break;
                heap[at + i] = heap[at + child];
                i = child;
            }
        }
        heap[at + i] = x;
        return size;
    }

    /**
     * The threshold of the row the last {@link #selectTopK} passed, given its max: the k-th
     * largest logit, then top-p within K, then min-p. The kept tokens are those with
     * {@code z >= threshold}, listed by {@link #keptIds}, {@link #keptWeights}.
     */
    public float topKThreshold(float rowMax) {
        this.rowMax = rowMax;
        int k = settings.topK();
        boolean topP = settings.topP() < 1f;
        float minCut = RowMath.minPCut(rowMax, temperature, settings.minP());
        float hi = Math.nextUp(rowMax);
        int lanes = TileKernels.tiles(vocab) * LANES;
        // The k-th largest lane maximum: k distinct tokens lie at or above it.
        float bound = k <= lanes ? select(laneMax, null, lanes, false, k, Float.NEGATIVE_INFINITY, hi, 0, 0) : Float.NEGATIVE_INFINITY;
        // A min-p cut above the bound wins if fewer than k tokens reach it; with top-p to follow, K is needed whole.
        float lo = topP ? bound : Math.max(bound, minCut);
        closeGaps(lo);
        float cut = search(false, k, lo, hi, candidates, Double.NaN, lo == bound);
        if (Float.isNaN(cut)) {
            cut = minCut; // fewer than k tokens at or above the min-p cut: it wins
        } else if (topP) {
            double massK = weigh(cut); // the candidates hold every token of K
            cut = search(true, settings.topP() * massK, cut, hi, foundCount, massK, true);
        }
        return keep(Math.max(cut, minCut));
    }

    // ---- top-p and min-p rows: after the softmax pass -----------------------------------------------

    /**
     * The threshold of a row without top-k whose softmax pass gave its mass: top-p, then min-p.
     * The kept tokens are those with {@code z >= threshold}, listed by {@link #keptIds},
     * {@link #keptWeights}; {@link #rowMax} is the row's largest logit.
     *
     * @param ref the largest reference of the softmax pass (at most the row's max)
     * @param total the row's mass relative to it, sum exp((z - ref) / T)
     */
    public float topPThreshold(MemorySegment segment, long base, int vocab, SamplingSettings settings, float ref, double total) {
        if (selectsTopK(settings, vocab) || !settings.truncates()) throw new IllegalArgumentException("not a top-p or min-p row: " + settings);
        start(segment, base, vocab, settings);
        float topP = settings.topP(), minP = settings.minP();
        // Nothing below the min-p cut of a logit at most the max is kept.
        float floor = RowMath.minPCut(ref, temperature, minP);
        float guess = topP < 1f ? Math.max(topPGuess(ref, total), floor) : floor;
        gatherFrom(guess);
        rowMax = Float.NEGATIVE_INFINITY; // the max is at or above any guess: a candidate
        for (int i = 0; i < candidates; i++) rowMax = Math.max(rowMax, values[i]);
        float minCut = RowMath.minPCut(rowMax, temperature, minP);
        if (!(topP < 1f)) return keep(minCut);
        double mass = total * Math.exp(((double) ref - rowMax) / temperature); // relative to the max, as the weights
        double need = topP * mass, above = weigh(guess);
        float hi = Math.nextUp(rowMax), cut;
        if (above >= need) {
            cut = search(true, need, guess, hi, candidates, above, true);
        } else if (minCut >= guess) {
            cut = minCut; // top-p's threshold lies below the guess, and the min-p cut above it
        } else {
            // The guess was too high: again from a bound below which all tokens together weigh
            // less than half the allowed tail (a factor 2 to spare against rounding).
            double safe = rowMax + temperature * Math.log((1.0 - topP) * mass / (2.0 * vocab));
            float lo = safe < rowMax ? Math.nextDown((float) safe) : Float.NEGATIVE_INFINITY;
            boolean loHolds = minCut <= lo;
            if (!loHolds) lo = minCut;
            gatherFrom(lo);
            tilesReread += TileKernels.tiles(vocab);
            weigh(lo);
            cut = search(true, need, lo, hi, candidates, Double.NaN, loHolds);
            if (Float.isNaN(cut)) cut = minCut; // the min-p cut is above the top-p threshold
        }
        return keep(Math.max(cut, minCut));
    }

    /**
     * The top-p guess: about the largest logit x below which a stratified sample (one token per
     * stretch of V / {@value #SAMPLE}, at its middle, each counted V / SAMPLE times) puts at most
     * {@value #GUESS_TAIL} of the allowed tail (1 - p) mass(row), mass(row) being the softmax
     * pass's exact total: found by bisection between the sample's extremes, each step one SIMD
     * pass over the sample's weights (no sort).
     */
    private float topPGuess(float ref, double total) {
        int m = Math.min(SAMPLE, vocab);
        float lo = Float.POSITIVE_INFINITY, hi = Float.NEGATIVE_INFINITY;
        for (int i = 0; i < m; i++) {
            float z = TileKernels.at(segment, base, (int) (((2L * i + 1) * vocab) / (2L * m)));
            sample[i] = z;
            if (z > Float.NEGATIVE_INFINITY) lo = Math.min(lo, z); // masked tokens weigh nothing
            hi = Math.max(hi, z);
        }
        if (lo == Float.POSITIVE_INFINITY) return Float.NEGATIVE_INFINITY; // a sample of masked tokens tells nothing
        TileKernels.weights(sample, m, ref, 1f / temperature, sampleWeight);
        // Below the sample's least finite logit the sample puts no tail: lo holds; hi is tested first.
        double budget = GUESS_TAIL * (1.0 - settings.topP()) * total * m / vocab;
        if (TileKernels.massBelow(sample, sampleWeight, m, hi) <= budget) return hi;
        for (int step = 0; step < GUESS_STEPS; step++) {
            float mid = (float) (((double) lo + hi) / 2);
            if (!(mid > lo && mid < hi)) break;
            if (TileKernels.massBelow(sample, sampleWeight, m, mid) <= budget) lo = mid;
            else hi = mid;
        }
        return lo;
    }

    // ---- shared: candidates, bisection, the kept list --------------------------------------------------

    /** Gathers the row's tokens at or above lo as the candidates. */
    private void gatherFrom(float lo) {
        bound = lo;
        runner.forTiles(TileKernels.tiles(vocab), gatherJob);
        closeGaps();
    }

    /**
     * Closes the gaps between the tiles' slots, keeping only the candidates at or above lo (the
     * slots of a top-k pass hold tokens above bounds that rose as the pass went), in token order.
     */
    private void closeGaps(float lo) {
        int n = 0;
        for (int t = 0, tiles = TileKernels.tiles(vocab); t < tiles; t++) {
            for (int i = t * TILE, end = i + found[t]; i < end; i++) {
                if (values[i] >= lo) { // n <= i: moving down never overwrites an unread slot
                    values[n] = values[i];
                    ids[n++] = ids[i];
                }
            }
        }
        candidates = n;
        weighed = false;
    }

    /** Closes the gaps between the tiles' slots, which hold only candidates ({@link #gatherJob}). */
    private void closeGaps() {
        int n = 0;
        for (int t = 0, tiles = TileKernels.tiles(vocab); t < tiles; t++) {
            System.arraycopy(values, t * TILE, values, n, found[t]); // n <= t * TILE: moves down
            System.arraycopy(ids, t * TILE, ids, n, found[t]);
            n += found[t];
        }
        candidates = n;
        weighed = false;
    }

    /**
     * Weighs the candidates, exp((z - max) / T) with the max {@link #rowMax}, as the kept
     * weights ({@link TileKernels#weights}); returns the mass of those at or above lo.
     */
    private double weigh(float lo) {
        TileKernels.weights(values, candidates, rowMax, 1f / temperature, masses);
        weighed = true;
        double mass = 0;
        for (int i = 0; i < candidates; i++) if (values[i] >= lo) mass += masses[i];
        return mass;
    }

    /**
     * Lists the candidates at or above the threshold with their weights, and sums them (in float
     * per block of {@value TileKernels#TILE}, the blocks in double); returns the threshold.
     */
    private float keep(float cut) {
        if (!weighed) TileKernels.weights(values, candidates, rowMax, 1f / temperature, masses);
        keptCount = TileKernels.keepAtLeast(values, ids, masses, candidates, cut);
        keptMass = 0;
        for (int from = 0; from < keptCount; from += TILE) keptMass += TileKernels.sum(masses, from, Math.min(from + TILE, keptCount));
        return cut;
    }

    /**
     * The largest x in [lo, hi) whose count or mass of tokens {@code z >= x} reaches
     * {@code need}, among the candidates (which hold every token of [lo, hi), and none above hi);
     * NaN if not even lo reaches it (possible only when lo does not hold by construction).
     *
     * @param loCount the count at lo
     * @param loMass the mass at lo, or NaN if not known
     */
    private float search(boolean byMass, double need, float lo, float hi, long loCount, double loMass, boolean loHolds) {
        long hiCount = 0;
        double hiMass = 0;
        // The candidates a round counts: all of them at first, then those of the bracket [lo, hi)
        // alone once it holds at most a quarter of them (counts are then offset by those at or above hi).
        float[] workValues = values, workMasses = masses;
        int work = candidates;
        long baseCount = 0;
        double baseMass = 0;
        while (true) {
            if (loCount - hiCount <= bucket) {
                int n = TileKernels.keep(workValues, workMasses, work, lo, hi, bucketValues, bucketMasses);
                return select(bucketValues, bucketMasses, n, byMass, need, lo, hi, hiCount, hiMass);
            }
            if (4 * (loCount - hiCount) <= work) {
                work = TileKernels.keep(workValues, workMasses, work, lo, hi, bracketValues, bracketMasses);
                workValues = bracketValues;
                workMasses = bracketMasses;
                baseCount = hiCount;
                baseMass = hiMass;
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
            for (int j = pivots; j < PIVOTS; j++) pivot[j] = pivot[pivots - 1];
            TileKernels.countAbove(workValues, workMasses, work, pivot, pivotCount, pivotMass);
            for (int j = 0; j < pivots; j++) {
                long n = baseCount + pivotCount[j];
                double m = baseMass + pivotMass[j];
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

    /**
     * Pivots strictly inside (lo, hi), ascending, after any already set; none if (lo, hi) holds no
     * float. At 1/128, 1/32, 1/8 and 1/2 of the way up (with four): the candidates crowd at the low
     * end, where the answer usually is (the lower bound was placed just below it, and logits thin
     * out towards the max); evenly spaced pivots measured 1.5x the search time on a flat row.
     */
    private void choosePivots(float lo, float hi) {
        int start = pivots;
        int wanted = Math.max(1, pivotsPerPass - start);
        float previous = lo;
        if (lo > Float.NEGATIVE_INFINITY) {
            for (int j = 1; j <= wanted; j++) {
                float x = (float) (lo + ((double) hi - lo) * Math.scalb(1.0, -2 * (wanted - j) - 1));
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

    /** The largest logit of the row truncated last (always kept): the weights are relative to it. */
    public float rowMax() {
        return rowMax;
    }

    /** How many tokens the last threshold kept. */
    public int keptCount() {
        return keptCount;
    }

    /** The ids of the kept tokens, ascending, in {@code [0, keptCount())}; valid until the next row. */
    public int[] keptIds() {
        return ids;
    }

    /** The kept tokens' weights exp((z - max) / T), max being {@link #rowMax}, in {@code [0, keptCount())}. */
    public float[] keptWeights() {
        return masses;
    }

    /** The kept tokens' mass, the sum of their weights in double, in token order: the row's normaliser. */
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
