package dev.specula.core.internal;

import dev.specula.core.DraftDistribution;
import dev.specula.core.Ending;
import dev.specula.core.FloatRows;
import dev.specula.core.Philox4x32;
import dev.specula.core.RandomStreams;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.internal.TileRunner.TileJob;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;

/**
 * Verifies one sequence's chain with the least work, on reusable workspaces: the algorithm of
 * the fast verifier, one instance per thread.
 *
 * <p>Per draft position, in order, stopping at the first rejection:
 * <ol>
 *   <li>one online-softmax pass over target row i ({@link TileKernels#expTiles}) gives its max
 *       and normaliser; p(d) is then one exponential, computed in double as the reference does;
 *   <li>q(d) comes from the recorded draft log-probability when there is one (the draft row is
 *       not read), else from one pass over the draft row (or one read, for probabilities or
 *       one-hot drafts);
 *   <li>the accept test {@code u < p(d) / q(d)} uses the same Philox uniforms as the reference.
 * </ol>
 * At a rejection the residual {@code max(0, p - q)} is summed per tile, and sampled by inverse
 * CDF: find the tile by its prefix sum, then blocks of 64 tokens within it by their SIMD sums,
 * then tokens. The bonus token is sampled the same way from p of the last row. Nothing is
 * normalised into an array.
 *
 * <p>What is stored and what is recomputed. A target row pass keeps only its per-tile
 * (reference, sum) pairs and stores no weight: most target rows are accept tests, which need
 * the normaliser alone, and a V-float store per row is work the irreducible floor (one
 * exponential-sum pass per row) does not do. A sampling scan needs the weights of the one tile
 * its draw lands in (rarely the next ones, when rounding carries the draw past a tile's end),
 * so {@link SoftmaxRow#loadTile} recomputes that tile's exponentials, with the same kernel
 * and reference, so bit for bit the weights the pass summed. The residual pass at a rejection
 * recomputes p's exponentials fused with the subtraction ({@link TileKernels#residualTiles}),
 * one pass with no store, which is what the floor counts for the residual anyway. A draft row
 * does store its weights: it is read only at a rejection (when log q(d) was recorded), where
 * the residual pass then reads them instead of taking a second exponential per token.
 * Measured: dropping the target rows' stores clearly shortens chains that accept every draft
 * (most at large batches, where the stored rows no longer fit in cache), the case the floor
 * target missed; at a rejection the extra exponential of the fused residual pass costs about
 * what the dropped store and reload saved, so rejected chains measured about the same (within
 * the noise of a shared machine, perhaps slightly slower at large batches).
 * Recomputing one tile for a draw is a 2048-token pass, negligible next to a row of a large
 * vocabulary.
 *
 * <p>Truncated settings. A truncated row ends as the list of its kept tokens and their weights
 * exp((z - max) / T) ({@link TruncationSearch}, no sort): a top-k row without any softmax pass
 * ({@link #selectTopK}), a top-p or min-p row after its softmax pass. The kept mass is the
 * normaliser, so an accept test needs nothing more, and {@link SoftmaxRow#probability} gives 0
 * below the threshold. A draw or a residual first writes the list out as an ordinary stored row
 * (zeros elsewhere, {@link #writeKept}), so the sampling scans and the residual need no other
 * change; an accepted row never pays for that. A top-p target row first tries its accept test
 * from the softmax pass alone ({@link #acceptsBeforeThreshold}): when the draft token holds more
 * than the tail 1 - p of the row's mass it is surely kept, and a small enough u accepts it with
 * no threshold search at all.
 *
 * <p>Why inverse CDF and not the exponential race (Gumbel-max): the race needs a fresh
 * exponential variate, so a logarithm and a random number, per token: one more transcendental
 * pass over V, where inverse CDF needs per-tile sums the row passes already produce and the
 * exponentials of one tile. And the race maps the random numbers to
 * other tokens than the reference's inverse CDF does, so it could not emit the reference's
 * tokens at all. Inverse CDF needs one uniform, the per-tile sums and a scan of one tile.
 *
 * <p>Differences from the reference are floating-point only: the weights are float
 * exponentials summed in float per tile (tiles are added in double), so normalisers and
 * prefix sums differ by about 1e-6 relative or less; a decision can differ only when a uniform
 * falls that close to an accept ratio or a cumulative boundary.
 */
public final class FastChain {
    private static final float NEG_INF = Float.NEGATIVE_INFINITY;
    private static final float POS_INF = Float.POSITIVE_INFINITY;
    private static final int TILE = TileKernels.TILE;
    /**
     * Probability rows whose float sum is this close to the tolerance are re-checked exactly in
     * double. A tile's float sum (16 lanes of at most 128 values in [0, 1], then the lanes) errs
     * by at most about 1e-5 of the row's mass even in the worst case, so the fast check never
     * passes a row the exact one would refuse.
     */
    private static final double SUM_GUARD = 1e-4;

    /** What a sampling scan draws from (see {@link #weight}). */
    private enum Draw {
        /** p itself: the bonus token, or a correction when the residual has no mass. */
        TARGET,
        /** p without one token: the residual of a one-hot q. */
        TARGET_WITHOUT_ONE,
        /** max(0, p - q) with q from stored draft weights. */
        RESIDUAL,
        /** max(0, p - q) with q read from a row of draft probabilities. */
        RESIDUAL_FROM_ROW
    }

    /** Relative margin of {@link #acceptsBeforeThreshold}'s comparisons. */
    private static final double EARLY_MARGIN = 1e-3;

    private final TileRunner runner;
    private final TruncationSearch truncation;
    private final double logProbabilityTolerance;
    private final double probabilitySumTolerance;
    private final int[] block = new int[4];

    /** Target rows keep only their sums: most are accept tests, and a draw needs the weights of one tile. */
    private final SoftmaxRow p = new SoftmaxRow(false);
    /** Draft rows keep their weights: they are read only at a rejection (or without a recorded log q) and feed the residual. */
    private final SoftmaxRow q = new SoftmaxRow(true);
    private float[] residualSum = new float[0];
    private float[] tileMin = new float[0];
    private double[] mass = new double[0];
    private int vocab = -1;
    private int tiles;
    private long acceptedBeforeThreshold;

    // Parameters of the tile jobs, set before each job (the pool publishes them to its workers).
    private MemorySegment segment;
    private long base;
    private float invT;
    private SoftmaxRow row;
    private int excluded;
    private boolean draftRowRead;
    private int draftArgmax;

    private final TileJob expJob = (from, to) ->
            TileKernels.expTiles(segment, base, vocab, invT, row.storing ? row.weights : null, row.tileRef, row.tileSum, from, to);
    private final TileJob storedResidualJob = (from, to) -> {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            residualSum[t] = TileKernels.residualSum(p.weights, p.unit[t], q.weights, q.unit[t], null, 0, start, end);
        }
    };
    private final TileJob storedResidualFromRowJob = (from, to) -> {
        for (int t = from; t < to; t++) {
            int start = t * TILE, end = Math.min(start + TILE, vocab);
            residualSum[t] = TileKernels.residualSum(p.weights, p.unit[t], null, 1f, segment, base, start, end);
        }
    };
    private final TileJob maxJob = (from, to) -> TileKernels.maxTiles(segment, base, vocab, row.tileMax, from, to);
    private final TileJob probabilityJob = (from, to) ->
            TileKernels.probabilityTiles(segment, base, vocab, tileMin, q.tileMax, q.tileSum, from, to);
    private final TileJob residualJob = (from, to) -> TileKernels.residualTiles(
            p.segment, p.base, p.invT, p.tileRef, p.unit, q.weights, q.unit, null, 0, vocab, residualSum, from, to);
    private final TileJob residualFromRowJob = (from, to) -> TileKernels.residualTiles(
            p.segment, p.base, p.invT, p.tileRef, p.unit, null, null, segment, base, vocab, residualSum, from, to);

    /**
     * @param runner runs the row passes: serially, or split across a pool
     * @param logProbabilityTolerance how far a recorded log q(d) may be from its row's
     * @param probabilitySumTolerance how far a row of draft probabilities may sum from 1
     */
    public FastChain(TileRunner runner, double logProbabilityTolerance, double probabilitySumTolerance) {
        this.runner = runner;
        this.truncation = new TruncationSearch(runner);
        this.logProbabilityTolerance = logProbabilityTolerance;
        this.probabilitySumTolerance = probabilitySumTolerance;
    }

    /**
     * One row's tile summaries, and its weights: all of them when the row keeps its weights,
     * else those of the one tile a sampling scan last needed ({@link #loadTile}).
     */
    private static final class SoftmaxRow {
        final boolean keepsWeights;
        /** Whether the row's weights are (or, for a truncated row, will be) stored: always for draft rows, for target rows when truncated. */
        boolean storing;
        /** The current row's truncation threshold: tokens with a logit below it have weight 0; -infinity for none. */
        float cut = NEG_INF;
        /** A truncated row's kept tokens, ascending, and their weights exp((z - max) / T): {@link #keptCount} of them. */
        int[] keptIds = new int[0];
        float[] keptWeights = new float[0];
        int keptCount;
        /**
         * Whether a truncated row's weights array is still to be written from its kept list
         * ({@link #writeKept}): an accept test needs only the kept mass, so the array is written
         * only when a sampling scan or the residual reads it.
         */
        boolean keptPending;
        float[] weights = new float[0];
        float[] tileMax = new float[0];
        /** Per tile, the logit its weights are relative to: weight = exp((z - tileRef) / T). */
        float[] tileRef = new float[0];
        float[] tileSum = new float[0];
        /** Per tile, scale / total as a float: turns a stored weight into a probability. */
        float[] unit = new float[0];
        /** Per tile, exp((tileRef - max) / T): turns a stored weight into exp((z - max) / T). */
        double[] scale = new double[0];
        /** The largest tile reference: probabilities are exp((z - max) / T) / total (any reference gives softmax). */
        float max;
        double total;
        float temperature;
        /** The logit row, to recompute weights from. */
        MemorySegment segment;
        long base;
        float invT;
        int vocab;
        /** The tile whose weights are in {@link #weights}, when the row does not keep them all; -1 for none. */
        int loadedTile = -1;

        SoftmaxRow(boolean keepsWeights) {
            this.keepsWeights = keepsWeights;
        }

        /** Makes the weights of tile t available in {@link #weights}, recomputing them (bit for bit) if the row does not keep them. */
        void loadTile(int t) {
            if (storing || t == loadedTile) return;
            TileKernels.tileWeights(segment, base, vocab, invT, tileRef[t], weights, t);
            loadedTile = t;
        }

        void ensure(int vocab, int tiles) {
            if (weights.length < vocab) {
                weights = new float[vocab];
                keptIds = new int[vocab];
                keptWeights = new float[vocab];
            }
            if (tileMax.length < tiles) {
                tileMax = new float[tiles];
                tileRef = new float[tiles];
                tileSum = new float[tiles];
                unit = new float[tiles];
                scale = new double[tiles];
            }
        }

        /** softmax(z / T) of a logit of this row, as {@code RowMath.softmax} computes it. */
        double probability(float z) {
            if (z < cut) return 0.0;
            return Math.exp(((double) z - max) / temperature) / total;
        }

        void computeUnits(int tiles) {
            for (int t = 0; t < tiles; t++) unit[t] = (float) (scale[t] / total);
        }
    }

    private void prepare(int vocabSize) {
        if (vocabSize == vocab) return;
        vocab = vocabSize;
        tiles = TileKernels.tiles(vocabSize);
        p.ensure(vocabSize, tiles);
        q.ensure(vocabSize, tiles);
        truncation.prepare(vocabSize);
        if (mass.length < tiles) {
            mass = new double[tiles];
            residualSum = new float[tiles];
            tileMin = new float[tiles];
        }
    }

    /** Verifies sequence b of {@code batch} and stages its outcome in {@code out}. */
    public void verify(VerificationBatch batch, int b, Outcomes out) {
        prepare(batch.vocabSize());
        p.keptPending = false; // weights left pending by the last sequence concern rows of its own
        q.keptPending = false;
        FloatRows target = batch.target();
        int n = batch.draftCount(b);
        SamplingSettings settings = batch.settings(b);

        if (settings.isGreedy()) {
            for (int i = 0; i < n; i++) {
                int best = argmax(p, target, b, i, "target logits");
                if (batch.draftToken(b, i) != best) {
                    out.stage(b, i, best, Ending.CORRECTION);
                    return;
                }
            }
            out.stage(b, n, argmax(p, target, b, n, "target logits"), Ending.BONUS);
            return;
        }

        long seed = batch.seed(b), step = batch.step(b);
        int stream = batch.stream(b);
        DraftDistribution draft = batch.draftDistribution();
        boolean early = decidesBeforeThreshold(settings);
        for (int i = 0; i < n; i++) {
            int d = batch.draftToken(b, i);
            softmax(p, target, b, i, settings, "target logits", early);
            float zd = TileKernels.at(segment, base, d);
            double recorded = batch.draftLogProbability(b, i);
            double qd = draftProbability(batch, draft, b, i, d, recorded);
            randomBlock(seed, stream, step, i);
            double u = RandomStreams.uniform(block[0], block[1]);
            if (early) {
                if (acceptsBeforeThreshold(p.probability(zd), settings.topP(), qd, u)) {
                    acceptedBeforeThreshold++;
                    continue;
                }
                threshold(p, settings);
            }
            double pd = p.probability(zd);
            if (!(qd > 0 && u < pd / qd)) {
                if (!draftRowRead) {
                    readDraftRow(batch, draft, b, i);
                    checkRecorded(recorded, draftProbabilityFromRow(batch, draft, b, i, d), b, i, d);
                }
                int token = correction(batch, draft, b, i, d, RandomStreams.uniform(block[2], block[3]));
                out.stage(b, i, token, Ending.CORRECTION);
                return;
            }
        }
        softmax(p, target, b, n, settings, "target logits");
        randomBlock(seed, stream, step, n);
        out.stage(b, n, sampleTarget(RandomStreams.uniform(block[2], block[3])), Ending.BONUS);
    }

    /**
     * Whether the target rows' accept tests are first tried before their truncation threshold
     * ({@link #acceptsBeforeThreshold}): top-p alone (a top-k row has no softmax pass to decide
     * from, and min-p's cut needs the row's max, which the pass does not give exactly).
     */
    private boolean decidesBeforeThreshold(SamplingSettings settings) {
        return settings.topP() < 1f && settings.minP() == 0f && !TruncationSearch.selectsTopK(settings, vocab);
    }

    /**
     * The accept test of a top-p row decided from its softmax pass alone, with no threshold
     * search: {@code lower} = w(d) / M, the draft token's weight over the whole row's mass. If
     * w(d) > (1 - p) M, the tokens above d weigh less than p M, so top-p keeps d (it keeps every
     * token whose larger tokens weigh less than p M); then p(d) = w(d) / kept mass >= w(d) / M,
     * and u q(d) < w(d) / M accepts d as the full test u < p(d) / q(d) would. Both comparisons
     * keep a relative margin of {@value #EARLY_MARGIN}, far above the float rounding of M and of
     * the kept mass (tile sums of at most {@value TileKernels#TILE} terms, 1e-4 at worst), so this
     * accepts only where the full test accepts too: the same token, without the gather and the
     * search. When every draft is accepted, only the bonus row then needs its threshold.
     */
    private static boolean acceptsBeforeThreshold(double lower, float topP, double qd, double u) {
        return lower > (1.0 - topP) * (1.0 + EARLY_MARGIN) && qd > 0 && u * qd < lower * (1.0 - EARLY_MARGIN);
    }

    /** Accept tests {@link #acceptsBeforeThreshold} decided so far (for tests: they must be many and right). */
    public long acceptedBeforeThreshold() {
        return acceptedBeforeThreshold;
    }

    /** The Philox block of the VERIFY purpose at a position: words 0-1 accept, 2-3 sample (see {@link RandomStreams}). */
    private void randomBlock(long seed, int stream, long step, int position) {
        block[0] = (RandomStreams.VERIFY << 16) | position;
        block[1] = stream;
        block[2] = (int) step;
        block[3] = (int) (step >>> 32);
        Philox4x32.block(block, (int) seed, (int) (seed >>> 32), block);
    }

    // ---- q(d) -----------------------------------------------------------------------------------

    /**
     * q_i(d) for the accept test. A recorded log-probability is trusted (the draft row is left
     * unread until a rejection needs it); otherwise the row is read as the reference reads it.
     */
    private double draftProbability(VerificationBatch batch, DraftDistribution draft, int b, int i, int d, double recorded) {
        switch (draft) {
            case DraftDistribution.OneHot o -> {
                draftRowRead = true;
                checkRecorded(recorded, 1.0, b, i, d);
                return 1.0;
            }
            case DraftDistribution.Probabilities(FloatRows rows) -> {
                double qd = rows.get(b, i, d);
                if (Double.isNaN(recorded) || !(qd >= 0 && qd <= 1)) {
                    readDraftRow(batch, draft, b, i);
                } else {
                    draftRowRead = false;
                }
                checkRecorded(recorded, qd, b, i, d);
                return qd;
            }
            case DraftDistribution.Logits l -> {
                if (!Double.isNaN(recorded)) {
                    draftRowRead = false;
                    return Math.exp(recorded);
                }
                readDraftRow(batch, draft, b, i);
                return draftProbabilityFromRow(batch, draft, b, i, d);
            }
        }
    }

    /** Reads and checks draft row i: its softmax summaries, its arg-max, or its probabilities. */
    private void readDraftRow(VerificationBatch batch, DraftDistribution draft, int b, int i) {
        draftRowRead = true;
        switch (draft) {
            case DraftDistribution.OneHot o -> { }
            case DraftDistribution.Probabilities(FloatRows rows) -> checkProbabilities(rows, b, i);
            case DraftDistribution.Logits(FloatRows rows) -> {
                SamplingSettings settings = batch.draftSettings(b);
                if (settings.isGreedy()) {
                    draftArgmax = argmax(q, rows, b, i, "draft logits");
                } else {
                    softmax(q, rows, b, i, settings, "draft logits");
                }
            }
        }
    }

    /** q_i(d) from a row {@link #readDraftRow} has read. */
    private double draftProbabilityFromRow(VerificationBatch batch, DraftDistribution draft, int b, int i, int d) {
        return switch (draft) {
            case DraftDistribution.OneHot o -> 1.0;
            case DraftDistribution.Probabilities(FloatRows rows) -> rows.get(b, i, d);
            case DraftDistribution.Logits(FloatRows rows) ->
                    batch.draftSettings(b).isGreedy() ? (d == draftArgmax ? 1.0 : 0.0) : q.probability(rows.get(b, i, d));
        };
    }

    private void checkRecorded(double recorded, double qd, int b, int i, int d) {
        if (!Double.isNaN(recorded) && !(Math.abs(recorded - Math.log(qd)) <= logProbabilityTolerance)) {
            throw new IllegalArgumentException("draft " + i + " of sequence " + b + " (token " + d + ") was recorded with log q = "
                    + recorded + " but its draft distribution gives " + Math.log(qd)
                    + ": the draft was not sampled from the distribution it is verified against");
        }
    }

    // ---- row passes -----------------------------------------------------------------------------

    /**
     * One online-softmax pass over row r: sets the row's max and normaliser (and stores the
     * weights, when the row keeps them). A truncated row then gets its kept tokens
     * ({@link TruncationSearch#topPThreshold}); a top-k row has no softmax pass
     * ({@link #selectTopK}).
     */
    private void softmax(SoftmaxRow into, FloatRows rows, int b, int r, SamplingSettings settings, String what) {
        softmax(into, rows, b, r, settings, what, false);
    }

    /**
     * The pass of row r, as {@link #softmax(SoftmaxRow, FloatRows, int, int, SamplingSettings, String)};
     * with {@code deferTopP}, a top-p row is left without its threshold (its max and total are
     * the pass's), for {@link #acceptsBeforeThreshold} to try first, then {@link #threshold}.
     */
    private void softmax(SoftmaxRow into, FloatRows rows, int b, int r, SamplingSettings settings, String what, boolean deferTopP) {
        float temperature = settings.temperature();
        boolean truncated = settings.truncates();
        into.storing = into.keepsWeights && !truncated; // a truncated row's weights come from its kept list
        into.cut = NEG_INF;
        into.keptPending = false;
        segment = rows.segment();
        base = rows.rowOffset(b, r) * Float.BYTES;
        invT = 1f / temperature;
        row = into;
        into.segment = segment;
        into.base = base;
        into.invT = invT;
        into.vocab = vocab;
        into.loadedTile = -1;
        into.temperature = temperature;
        if (TruncationSearch.selectsTopK(settings, vocab)) {
            selectTopK(into, rows, b, r, settings, what);
            return;
        }
        runner.forTiles(tiles, expJob);
        // Combine the tiles (Milakov and Gimelshein's merge of (reference, sum) pairs), in tile order.
        float max = NEG_INF;
        for (int t = 0; t < tiles; t++) {
            if (Float.isNaN(into.tileSum[t])) throw badRow(rows, b, r, what);
            if (into.tileRef[t] > max) max = into.tileRef[t];
        }
        if (max == NEG_INF) throw badRow(rows, b, r, what);
        double total = 0;
        for (int t = 0; t < tiles; t++) {
            double scale = into.tileRef[t] == NEG_INF ? 0.0 : Math.exp(((double) into.tileRef[t] - max) / temperature);
            into.scale[t] = scale;
            total += into.tileSum[t] * scale;
        }
        into.max = max;
        into.total = total;
        if (truncated && !deferTopP) threshold(into, settings);
    }

    /** The kept tokens of a top-p or min-p row after its softmax pass. */
    private void threshold(SoftmaxRow into, SamplingSettings settings) {
        keep(into, truncation.topPThreshold(into.segment, into.base, vocab, settings, into.max, into.total));
    }

    /**
     * A top-k row, in place of its softmax pass: one pass with no exponential finds the row's
     * max and its top-k candidates ({@link TruncationSearch#selectTopK}); the threshold search
     * keeps the tokens that top-k, top-p and min-p leave, and weighs only them.
     */
    private void selectTopK(SoftmaxRow into, FloatRows rows, int b, int r, SamplingSettings settings, String what) {
        truncation.selectTopK(segment, base, vocab, settings, into.tileMax);
        float max = NEG_INF;
        for (int t = 0; t < tiles; t++) {
            if (Float.isNaN(into.tileMax[t])) throw badRow(rows, b, r, what);
            max = Math.max(max, into.tileMax[t]);
        }
        if (max == NEG_INF) throw badRow(rows, b, r, what);
        keep(into, truncation.topKThreshold(max));
    }

    /**
     * Makes a truncated row of the kept tokens the search listed: their mass is the normaliser,
     * so an accept test needs nothing more; the row's weights array (the kept weights, zeros
     * elsewhere) is written only when a draw or the residual first reads it ({@link #ensureKept}).
     */
    private void keep(SoftmaxRow into, float cut) {
        into.cut = cut;
        into.max = truncation.rowMax();
        into.total = truncation.keptMass();
        into.keptCount = truncation.keptCount();
        System.arraycopy(truncation.keptIds(), 0, into.keptIds, 0, into.keptCount);
        System.arraycopy(truncation.keptWeights(), 0, into.keptWeights, 0, into.keptCount);
        into.storing = true;
        into.keptPending = true;
    }

    /**
     * Writes a truncated row's weights array from its kept list: the kept weights, zeros
     * elsewhere, every tile relative to the row's max; then the tiles' sums and the normaliser.
     */
    private void writeKept(SoftmaxRow into) {
        into.keptPending = false;
        Arrays.fill(into.weights, 0, vocab, 0f);
        Arrays.fill(into.tileSum, 0, tiles, 0f);
        Arrays.fill(into.tileRef, 0, tiles, into.max);
        Arrays.fill(into.scale, 0, tiles, 1.0);
        for (int k = 0; k < into.keptCount; k++) {
            int v = into.keptIds[k];
            into.weights[v] = into.keptWeights[k];
            into.tileSum[v / TILE] += into.keptWeights[k];
        }
        double total = 0;
        for (int t = 0; t < tiles; t++) total += into.tileSum[t];
        into.total = total;
    }

    /** Writes a truncated row's weights, if still pending, before they or its tile sums are read. */
    private void ensureKept(SoftmaxRow into) {
        if (into.keptPending) writeKept(into);
    }

    /** The arg-max of row r, lowest id among ties, after checking every entry (as {@link RowMath#argmax}). */
    private int argmax(SoftmaxRow scratch, FloatRows rows, int b, int r, String what) {
        segment = rows.segment();
        base = rows.rowOffset(b, r) * Float.BYTES;
        row = scratch;
        scratch.keptPending = false;
        runner.forTiles(tiles, maxJob);
        float max = NEG_INF;
        int bestTile = -1;
        for (int t = 0; t < tiles; t++) {
            float tileMax = scratch.tileMax[t];
            if (!(tileMax < POS_INF)) throw badRow(rows, b, r, what);
            if (tileMax > max) {
                max = tileMax;
                bestTile = t;
            }
        }
        if (bestTile < 0) throw badRow(rows, b, r, what);
        int v = bestTile * TILE;
        while (TileKernels.at(segment, base, v) != max) v++;
        return v;
    }

    /**
     * The reference's exception for a row a pass found bad: {@link RowMath#argmax} rescans it and
     * throws for the first bad token, as the reference would.
     */
    private static RuntimeException badRow(FloatRows rows, int b, int r, String what) {
        RowMath.argmax(rows, b, r, what);
        return new IllegalStateException(what + " of sequence " + b + ", row " + r + " failed a check that a rescan passed");
    }

    /** Checks a row of draft probabilities with the reference's rules (entries in [0, 1], sum 1 within the tolerance). */
    private void checkProbabilities(FloatRows rows, int b, int r) {
        segment = rows.segment();
        base = rows.rowOffset(b, r) * Float.BYTES;
        runner.forTiles(tiles, probabilityJob);
        boolean suspicious = false;
        double sum = 0;
        for (int t = 0; t < tiles; t++) {
            if (!(tileMin[t] >= 0f && q.tileMax[t] <= 1f) || Float.isNaN(q.tileSum[t])) suspicious = true;
            sum += q.tileSum[t];
        }
        if (suspicious || !(Math.abs(sum - 1.0) <= probabilitySumTolerance - SUM_GUARD)) checkProbabilitiesExactly(rows, b, r);
    }

    /** The reference's check, in its order and double precision, for rows the fast check could not clear. */
    private void checkProbabilitiesExactly(FloatRows rows, int b, int r) {
        double sum = 0;
        for (int v = 0; v < vocab; v++) {
            float x = rows.get(b, r, v);
            if (!(x >= 0f && x <= 1f)) {
                throw new IllegalArgumentException("draft probability of sequence " + b + ", row " + r + ", token " + v
                        + " is " + x + ", not in [0, 1]");
            }
            sum += x;
        }
        if (Math.abs(sum - 1.0) > probabilitySumTolerance) {
            throw new IllegalArgumentException("draft probabilities of sequence " + b + ", row " + r + " sum to " + sum + ", not 1");
        }
    }

    // ---- sampling -------------------------------------------------------------------------------

    /** The correction token at a rejected position: a draw from max(0, p - q), or from p if that has no mass. */
    private int correction(VerificationBatch batch, DraftDistribution draft, int b, int i, int d, double u) {
        ensureKept(p);
        if (draftRowRead) ensureKept(q);
        switch (draft) {
            case DraftDistribution.OneHot o -> {
                return sampleTargetWithout(d, u);
            }
            case DraftDistribution.Logits l -> {
                if (batch.draftSettings(b).isGreedy()) return sampleTargetWithout(draftArgmax, u);
                p.computeUnits(tiles);
                q.computeUnits(tiles);
                runner.forTiles(tiles, p.storing ? storedResidualJob : residualJob);
                return sampleResidual(Draw.RESIDUAL, u);
            }
            case DraftDistribution.Probabilities(FloatRows rows) -> {
                p.computeUnits(tiles);
                segment = rows.segment();
                base = rows.rowOffset(b, i) * Float.BYTES;
                runner.forTiles(tiles, p.storing ? storedResidualFromRowJob : residualFromRowJob);
                return sampleResidual(Draw.RESIDUAL_FROM_ROW, u);
            }
        }
    }

    private int sampleResidual(Draw kind, double u) {
        double total = 0;
        for (int t = 0; t < tiles; t++) total += mass[t] = residualSum[t];
        return total > 0 ? sample(kind, total, u) : sampleTarget(u);
    }

    /** A draw from p by inverse CDF over the tile sums, then the recomputed weights of the tile drawn (or from its kept list). */
    private int sampleTarget(double u) {
        if (p.keptPending) return sampleKept(u);
        for (int t = 0; t < tiles; t++) mass[t] = p.tileSum[t] * p.scale[t];
        return sample(Draw.TARGET, p.total, u);
    }

    /**
     * A draw from a truncated p whose weights are not written out (the bonus token after
     * accepted drafts): inverse CDF over its kept list, in token order, the reference's rule
     * over the row without the row (the first token whose running sum exceeds u times the
     * total; the last of positive weight if rounding leaves that unreached).
     */
    private int sampleKept(double u) {
        double total = 0;
        for (int k = 0; k < p.keptCount; k++) total += p.keptWeights[k];
        double target = u * total, running = 0;
        int last = -1;
        for (int k = 0; k < p.keptCount; k++) {
            if (p.keptWeights[k] > 0) {
                running += p.keptWeights[k];
                last = k;
                if (running > target) return p.keptIds[k];
            }
        }
        return p.keptIds[last]; // the max is kept, with weight 1
    }

    /**
     * A draw from max(0, p - q) for a one-hot q at token a: p without token a. The tile holding a
     * is summed again without it, in double, rather than subtracting a from its tile's sum, which
     * would cancel catastrophically when p(a) is close to 1.
     */
    private int sampleTargetWithout(int a, double u) {
        ensureKept(p);
        excluded = a;
        double total = 0;
        int tileOfA = a / TILE;
        for (int t = 0; t < tiles; t++) {
            if (t == tileOfA) {
                mass[t] = scalarMass(Draw.TARGET_WITHOUT_ONE, t * TILE, Math.min(t * TILE + TILE, vocab));
            } else {
                mass[t] = p.tileSum[t] * p.scale[t];
            }
            total += mass[t];
        }
        return total > 0 ? sample(Draw.TARGET_WITHOUT_ONE, total, u) : sampleTarget(u);
    }

    /**
     * Inverse CDF over per-tile masses {@code mass[0..tiles)} of total {@code total}: skip whole
     * tiles while the prefix stays at or below {@code u * total}, then whole blocks of
     * {@link #BLOCK} tokens (summed with SIMD), then scan tokens. As in the reference, the first
     * token whose running sum exceeds the target is drawn; if rounding leaves the target
     * unreached, the last token of positive weight is drawn.
     */
    private int sample(Draw kind, double total, double u) {
        double target = u * total;
        double running = 0;
        int t = 0;
        while (t < tiles - 1 && running + mass[t] <= target) running += mass[t++];
        int start = t * TILE, v = start;
        for (; v + BLOCK <= vocab; v += BLOCK) {
            double block = blockMass(kind, v);
            if (running + block > target) break;
            running += block;
        }
        int lastPositive = -1;
        for (; v < vocab; v++) {
            double w = weight(kind, v);
            if (w > 0) {
                running += w;
                lastPositive = v;
                if (running > target) return v;
            }
        }
        if (lastPositive >= 0) return lastPositive;
        for (v = vocab - 1; v >= 0; v--) if (weight(kind, v) > 0) return v;
        throw new IllegalStateException("no token has positive weight");
    }

    /** Tokens per block of the sampling scan; blocks never straddle a tile. */
    private static final int BLOCK = 64;

    /** The mass of tokens [v, v + BLOCK) of the distribution being sampled (v a multiple of BLOCK). */
    private double blockMass(Draw kind, int v) {
        int t = v / TILE;
        p.loadTile(t);
        return switch (kind) {
            case TARGET -> TileKernels.sum(p.weights, v, v + BLOCK) * p.scale[t];
            case TARGET_WITHOUT_ONE -> excluded >= v && excluded < v + BLOCK
                    ? scalarMass(kind, v, v + BLOCK) // subtracting p(excluded) could cancel catastrophically
                    : TileKernels.sum(p.weights, v, v + BLOCK) * p.scale[t];
            case RESIDUAL -> TileKernels.residualSum(p.weights, p.unit[t], q.weights, q.unit[t], null, 0, v, v + BLOCK);
            case RESIDUAL_FROM_ROW -> TileKernels.residualSum(p.weights, p.unit[t], null, 1f, segment, base, v, v + BLOCK);
        };
    }

    private double scalarMass(Draw kind, int from, int to) {
        double sum = 0;
        for (int v = from; v < to; v++) sum += weight(kind, v);
        return sum;
    }

    /** Element v of the distribution being sampled, unnormalised, with the arithmetic of its tile sums. */
    private double weight(Draw kind, int v) {
        int t = v / TILE;
        p.loadTile(t);
        return switch (kind) {
            case TARGET -> p.weights[v] * p.scale[t];
            case TARGET_WITHOUT_ONE -> v == excluded ? 0.0 : p.weights[v] * p.scale[t];
            case RESIDUAL -> TileKernels.residual(p.unit[t], p.weights[v], q.unit[t], q.weights[v]);
            case RESIDUAL_FROM_ROW -> TileKernels.residual(p.unit[t], p.weights[v], 1f, TileKernels.at(segment, base, v));
        };
    }
}
