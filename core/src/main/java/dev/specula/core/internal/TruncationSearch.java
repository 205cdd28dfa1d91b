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
 * <h2>The algorithm: threshold bisection with counting passes, finished on a small bucket</h2>
 * Top-k and top-p both ask for the largest logit x of the row such that a monotone condition
 * holds for the tokens with {@code z >= x}: at least k of them (top-k), or mass at least
 * p &times; mass(K) (top-p within the top-k set K). Min-p is a closed-form logit threshold
 * ({@link RowMath#minPCut}). The search keeps a bracket [lo, hi) that holds the answer and, per
 * round, one SIMD pass over the row ({@link TileKernels#aboveTiles}) counts the tokens and sums
 * the stored weights at or above {@value #PIVOTS} pivots inside the bracket; the bracket shrinks
 * to the pivots around the answer. Once it holds at most {@value #BUCKET} tokens they are copied
 * out ({@link TileKernels#collect}) and finished exactly by a radix select on their float bits
 * ({@value #RADIX_BITS} bits per pass: a histogram of counts and masses per digit, walked from
 * the top; a digit is a tie group once the bits are exhausted, so ties are kept whole). Pivots are spread evenly over the bracket's values; a bracket
 * too narrow for that is split in the order of the float bits, so the search always ends.
 *
 * <p>Starting brackets are bounds that hold by construction, so most rows need few rounds: the
 * k-th largest tile maximum for top-k (k tiles have a token at or above it), and for top-p the
 * logit below which all tokens together hold less than (1 - p) of the mass
 * ({@code max + T ln((1 - p) mass(K) / |K|)}); the lower end of the first bracket is checked in
 * the first pass all the same, and the search widens downwards if rounding ever made it wrong.
 *
 * <h2>Why this and not the alternatives</h2>
 * A radix or bucket select over the whole row needs a histogram, that is a scatter per token,
 * which the Vector API cannot express and which costs a scalar, dependent update per token on a
 * CPU (several times the cost of the softmax pass itself at V = 128256); counting against a few
 * pivots is a compare and two masked adds per vector, and the radix select runs only on the
 * bucket of at most {@value #BUCKET} tokens that the counting leaves. FlashInfer's dual-pivot
 * rejection loop samples from the truncated distribution without ever knowing its mass, but
 * verification needs the kept mass itself (the accept test divides by it), so it would need the
 * threshold anyway. The bounds make top-k (k up to the number of tiles) and peaked rows finish
 * after one compare-only pass; flat rows under top-p take a few counting passes
 * ({@code TruncationOracleTest} bounds them).
 *
 * <p>Measured ({@code TruncationBenchmark}, one thread, B = 1, g = 4, short JMH runs on a shared
 * 2-core machine; the benchmarks report): top-k 50 costs about 1.4-2.3x temperature-only
 * verification at V = 128256 and 256000; top-p 0.9 about 2.7-4.4x on the benchmark's Zipf rows,
 * the flattest of which keep tens of thousands of tokens and take three or four counting passes
 * per row. Two variations were measured and dropped or kept by that benchmark: counting four
 * pivots per read of a tile instead of one (kept: faster at V = 256000), and a first bracket for
 * top-p that needs no check (kept: 4.4x to 3.5x at V = 128256); pivots placed around a guess
 * interpolated from the counted masses showed no gain within the noise and were dropped.
 */
public final class TruncationSearch {
    /** Pivots counted per pass over the row. */
    static final int PIVOTS = 4;
    /** At most this many tokens in the bracket are finished by the radix select. */
    static final int BUCKET = 2048;
    /** Bits of the float keys resolved per pass of the final radix select. */
    static final int RADIX_BITS = 8;
    private static final int STRIDE = PIVOTS + 1; // the bracket's lower end may be checked as an extra pivot

    private final TileRunner runner;
    private final float[] pivot = new float[STRIDE];
    private final float[] below = new float[PIVOTS];
    /** How far below hi the first pivot of an unbounded bracket goes (grows each round). */
    private double reach;
    private int pivots;
    private int[] tileCount = new int[0];
    private float[] tileMass = new float[0];
    private final long[] pivotCount = new long[STRIDE];
    private final double[] pivotMass = new double[STRIDE];
    private final float[] values = new float[BUCKET];
    private final float[] masses = new float[BUCKET];
    private final long[] keys = new long[BUCKET];
    private final int[] digitCount = new int[1 << RADIX_BITS];
    private final double[] digitMass = new double[1 << RADIX_BITS];
    private float[] maxima = new float[0];
    private int tiles;

    // The row being searched (set before each job).
    private MemorySegment segment;
    private long base;
    private int vocab;
    private float[] weights;
    private double[] scale;
    private float temperature;

    /** Count and mass of the tokens at or above the threshold the last {@link #search} returned. */
    private long foundCount;
    /** The mass of the tokens kept by the last {@link #threshold}, when the search found it on the way; else NaN. */
    private double keptMass;
    /** Counting passes over the row since {@link #threshold} was last called (for tests of the search's cost). */
    int passes;
    private double foundMass;

    private final TileJob aboveJob = (from, to) ->
            TileKernels.aboveTiles(segment, base, vocab, weights, pivot, pivots, STRIDE, tileCount, tileMass, from, to);

    public TruncationSearch(TileRunner runner) {
        this.runner = runner;
    }

    /** Makes room for rows of {@code vocab} tokens. */
    public void prepare(int vocab, int tiles) {
        if (tileCount.length < tiles * STRIDE) {
            tileCount = new int[tiles * STRIDE];
            tileMass = new float[tiles * STRIDE];
            maxima = new float[tiles];
        }
    }

    /**
     * The truncation threshold of a row whose softmax pass stored its weights: the kept tokens are
     * those with {@code z >= threshold}.
     *
     * @param weights the stored weights: weights[v] * scale[tile of v] = exp((z_v - ref) / T)
     * @param total the sum of all those scaled weights
     * @param tileMax each tile's largest logit
     * @param rowMax the row's largest logit
     * @param ref the logit the scaled weights are relative to
     */
    public float threshold(MemorySegment segment, long base, int vocab, int tiles, float[] weights, double[] scale,
                           double total, float[] tileMax, float rowMax, float ref, SamplingSettings settings) {
        this.segment = segment;
        this.base = base;
        this.vocab = vocab;
        this.tiles = tiles;
        this.weights = weights;
        this.scale = scale;
        this.temperature = settings.temperature();
        passes = 0;
        float minCut = RowMath.minPCut(rowMax, temperature, settings.minP());
        boolean topP = settings.topP() < 1f;
        keptMass = Double.NaN;

        float cut = Float.NEGATIVE_INFINITY;
        long keptCount = vocab;
        double keptMass = total;
        if (settings.hasTopK() && settings.topK() < vocab) {
            int k = settings.topK();
            float lo = Float.NEGATIVE_INFINITY;
            if (k <= tiles) {
                lo = kthLargest(tileMax, tiles, k) + 0f;
            }
            cut = search(false, k, rowMax, lo, topP ? Float.NEGATIVE_INFINITY : minCut, false);
            keptCount = foundCount;
            keptMass = foundMass;
            this.keptMass = foundMass;
        }
        if (topP) {
            double need = settings.topP() * keptMass;
            // Below this logit all tokens of K together weigh less than (1 - p) mass(K) / 2: a bound with
            // a factor 2 to spare against rounding, so the first pass need not check it.
            double bound = ref + temperature * Math.log((1.0 - settings.topP()) * keptMass / (2.0 * keptCount));
            boolean bounded = bound > cut && bound < rowMax;
            float lo = bounded ? Math.nextDown((float) bound) : cut;
            cut = Math.max(cut, search(true, need, rowMax, Math.max(lo, cut), minCut, bounded && lo > minCut));
            this.keptMass = foundMass;
        }
        if (minCut > cut) this.keptMass = Double.NaN; // min-p cut deeper: not counted on the way
        return Math.max(cut, minCut);
    }

    /**
     * The largest logit x of the row with (count or mass of the tokens {@code z >= x}) &gt;=
     * {@code need}, searched in [lo, rowMax]; if the condition fails at {@code floor} (a min-p
     * cut that will win anyway), returns {@code floor} at once.
     */
    private float search(boolean byMass, double need, float rowMax, float lo, float floor, boolean loHolds) {
        if (floor > lo) lo = floor;
        // The bracket: the answer is in [lo, hi); at hi the condition fails (nothing is above the max).
        float hi = Math.nextUp(rowMax);
        long hiCount = 0;
        double hiMass = 0;
        long loCount = vocab;
        double loMass = Double.NaN; // unknown until counted; only needed when lo is the answer
        boolean loChecked = lo == Float.NEGATIVE_INFINITY || loHolds; // a bound that holds needs no check
        reach = 0.5 * temperature;
        if (lo != Float.NEGATIVE_INFINITY) {
            // A bound that holds by construction often leaves few tokens above it: try to finish at once,
            // with one compare-only pass instead of a counting pass.
            int n = TileKernels.collect(segment, base, vocab, weights, scale, lo, hi, values, masses, BUCKET);
            passes++;
            if (n <= BUCKET) {
                float answer = radixSelect(n, byMass, need, lo, hi, 0, 0);
                if (!Float.isNaN(answer)) return answer;
                if (lo == floor) {
                    foundMass = Double.NaN;
                    return floor;
                }
                // Rounding made the bound wrong: search below it.
                hi = lo;
                hiCount = foundCount;
                hiMass = foundMass;
                lo = Float.NEGATIVE_INFINITY;
                loChecked = true;
            }
        }
        while (true) {
            pivots = 0;
            if (!loChecked) pivot[pivots++] = lo;
            choosePivots(lo, hi);
            runner.forTiles(tiles, aboveJob);
            passes++;
            for (int j = 0; j < pivots; j++) {
                long n = 0;
                double m = 0;
                for (int t = 0; t < tiles; t++) {
                    n += tileCount[t * STRIDE + j];
                    m += tileMass[t * STRIDE + j] * scale[t];
                }
                pivotCount[j] = n;
                pivotMass[j] = m;
            }
            int first = 0;
            if (!loChecked) {
                loChecked = true;
                first = 1;
                if (!holds(byMass, need, pivotCount[0], pivotMass[0])) {
                    if (lo == floor) {
                    foundMass = Double.NaN;
                    return floor;
                }
                    // A bound that rounding made wrong: widen downwards.
                    hi = lo;
                    hiCount = pivotCount[0];
                    hiMass = pivotMass[0];
                    lo = Float.NEGATIVE_INFINITY;
                    loCount = vocab;
                    continue;
                }
                loCount = pivotCount[0];
                loMass = pivotMass[0];
            }
            for (int j = first; j < pivots; j++) {
                if (holds(byMass, need, pivotCount[j], pivotMass[j])) {
                    lo = pivot[j];
                    loCount = pivotCount[j];
                    loMass = pivotMass[j];
                } else {
                    hi = pivot[j];
                    hiCount = pivotCount[j];
                    hiMass = pivotMass[j];
                    break;
                }
            }
            if (lo == Float.NEGATIVE_INFINITY && hi == -Float.MAX_VALUE) {
                // Not even every finite token is enough: the answer is -infinity, the whole row.
                foundCount = vocab;
                foundMass = hiMass;
                return lo;
            }
            if (lo != Float.NEGATIVE_INFINITY && Math.nextUp(lo) >= hi) {
                foundCount = loCount;
                foundMass = loMass;
                return lo;
            }
            if (loCount - hiCount <= BUCKET) {
                int n = TileKernels.collect(segment, base, vocab, weights, scale, lo, hi, values, masses, BUCKET);
                passes++;
                float answer = radixSelect(n, byMass, need, lo, hi, hiCount, hiMass);
                return Float.isNaN(answer) ? lo : answer; // NaN: lo itself, whose condition the pass checked (or -infinity)
            }
        }
    }

    /** Pivots strictly inside (lo, hi), ascending, after any already set. */
    private void choosePivots(float lo, float hi) {
        if (lo == Float.NEGATIVE_INFINITY) {
            // Nothing known below: pivots at hi - reach * 4^j (first T/2 .. 32T: weights e^-0.5 .. e^-32
            // of hi's), the reach growing by 4^PIVOTS per round, down to the lowest finite float.
            int count = 0;
            float previous = hi;
            for (int j = 0; j < PIVOTS && previous > -Float.MAX_VALUE; j++) {
                float x = (float) Math.max(-Float.MAX_VALUE, hi - reach * Math.pow(4, j));
                if (!(x < previous)) x = Math.nextDown(previous);
                below[count++] = x;
                previous = x;
            }
            for (int j = 0; j < count; j++) pivot[pivots + j] = below[count - 1 - j]; // ascending
            pivots += count;
            reach *= Math.pow(4, PIVOTS);
            return;
        }
        float previous = lo;
        int start = pivots;
        for (int j = 1; j <= PIVOTS; j++) {
            float x = (float) (lo + ((double) hi - lo) * j / (PIVOTS + 1));
            if (!(x > previous) || !(x < hi)) break;
            pivot[pivots++] = x;
            previous = x;
        }
        if (pivots - start == PIVOTS) return;
        // Too narrow for evenly spaced values: split the float bits instead.
        pivots = start;
        long kl = key(lo), kh = key(hi);
        long prev = kl;
        for (int j = 1; j <= PIVOTS; j++) {
            long k = kl + (kh - kl) * j / (PIVOTS + 1);
            if (k <= prev || k >= kh) continue;
            pivot[pivots++] = fromKey(k);
            prev = k;
        }
    }

    /**
     * Finishes the search on the {@code n} collected tokens of [lo, hi): a radix select on their
     * float bits, {@value #RADIX_BITS} bits per pass from the top, each pass a histogram of counts
     * and masses walked from the top digit down. Returns NaN if no candidate satisfies the
     * condition (the answer is then below them all), with {@link #foundCount} and
     * {@link #foundMass} set to the totals at {@code lo}.
     */
    private float radixSelect(int n, boolean byMass, double need, float lo, float hi, long hiCount, double hiMass) {
        for (int i = 0; i < n; i++) keys[i] = key(values[i]);
        long from = key(lo), end = key(hi); // candidates' keys lie in [from, end)
        long count = hiCount;
        double mass = hiMass;
        while (true) {
            long span = end - from;
            int shift = Math.max(0, 64 - Long.numberOfLeadingZeros(span - 1) - RADIX_BITS);
            int top = (int) ((span - 1) >>> shift);
            Arrays.fill(digitCount, 0, top + 1, 0);
            Arrays.fill(digitMass, 0, top + 1, 0.0);
            for (int i = 0; i < n; i++) {
                int d = (int) ((keys[i] - from) >>> shift);
                digitCount[d]++;
                digitMass[d] += masses[i];
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
                return fromKey(from + d);
            }
            // Keep the candidates of digit d: the answer is among them.
            long digitFrom = from + ((long) d << shift);
            end = Math.min(end, digitFrom + (1L << shift));
            from = digitFrom;
            int kept = 0;
            for (int i = 0; i < n; i++) {
                if (keys[i] >= from && keys[i] < end) {
                    keys[kept] = keys[i];
                    masses[kept++] = masses[i];
                }
            }
            n = kept;
        }
    }

    /** The k-th largest of {@code x[0..n)}, by insertion into {@link #maxima} kept in descending order (n is the tile count: small). */
    private float kthLargest(float[] x, int n, int k) {
        int size = 0;
        for (int i = 0; i < n; i++) {
            float v = x[i];
            if (size == k && !(v > maxima[k - 1])) continue;
            int at = Math.min(size, k - 1);
            while (at > 0 && maxima[at - 1] < v) {
                maxima[at] = maxima[at - 1];
                at--;
            }
            maxima[at] = v;
            if (size < k) size++;
        }
        return maxima[k - 1];
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
