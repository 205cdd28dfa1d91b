package dev.specula.benchmarks;

import dev.specula.core.FloatRows;
import dev.specula.core.SamplingSettings;
import dev.specula.core.internal.TileKernels;
import dev.specula.core.internal.TileRunner;
import dev.specula.core.internal.TruncationSearch;
import java.lang.foreign.Arena;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The strategies of the truncation search ({@code TruncationSearch}) on the same rows, one
 * thread: the {@value TruncationBenchmark#DRAFTS} + 1 target rows of {@link SyntheticWorkload}
 * (Zipf rows, some flat, some peaked) per call. {@link #softmaxPass} is what a temperature-only
 * row costs (the online-softmax pass without stores); {@link #truncatedRow} is what a truncated
 * row costs before its accept test: for top-k the pass of compares and the threshold search
 * among its candidates, for top-p the softmax pass, the gather and the search. Their ratio
 * within one run is the search's share of issue 6's 1.5x. {@link #storingPass} is the softmax
 * pass that also stores every weight, as truncated rows did before: what the store costs.
 *
 * <p>Strategies ({@code strategy}): {@code bisection} is the fast verifier's (four pivots per
 * pass over the candidates, radix select on the last {@value TruncationSearch#BUCKET});
 * {@code dual-pivot} counts two pivots per pass, as FlashInfer's threshold loop does;
 * {@code radix} finishes every bracket by radix select on the float bits, without counting passes
 * over the candidates.
 */
public class TruncationSearchBenchmark extends MeasuredAlike {
    private static final int ROWS = TruncationBenchmark.DRAFTS + 1;

    @Param({"128256", "256000"})
    public int vocab;

    @Param({"top-k", "top-p"})
    public String truncation;

    @Param({"bisection", "dual-pivot", "radix"})
    public String strategy;

    private Arena arena;
    private FloatRows rows;
    private SamplingSettings settings;
    private TruncationSearch search;
    private int tiles;
    private float[] weights, tileRef, tileSum;

    @Setup(Level.Trial)
    public void build() {
        arena = Arena.ofShared();
        rows = SyntheticWorkload.generate(arena, 1, TruncationBenchmark.DRAFTS, vocab, Regime.ALL_ACCEPTED, VerificationCase.SEED).target();
        settings = TruncationBenchmark.settings(truncation);
        search = switch (strategy) {
            case "bisection" -> new TruncationSearch(TileRunner.SERIAL);
            case "dual-pivot" -> new TruncationSearch(TileRunner.SERIAL, 2, TruncationSearch.BUCKET);
            case "radix" -> new TruncationSearch(TileRunner.SERIAL, TruncationSearch.PIVOTS, vocab);
            default -> throw new IllegalArgumentException("strategy must be bisection, dual-pivot or radix, got " + strategy);
        };
        tiles = TileKernels.tiles(vocab);
        search.prepare(vocab);
        weights = new float[vocab];
        tileRef = new float[tiles];
        tileSum = new float[tiles];
    }

    @TearDown(Level.Trial)
    public void release() {
        arena.close();
    }

    /** The temperature-only row pass, per row: exponentials summed, nothing stored. */
    @Benchmark
    public float softmaxPass() {
        return softmaxPasses(null);
    }

    /** The same pass storing every weight. */
    @Benchmark
    public float storingPass() {
        return softmaxPasses(weights);
    }

    private float softmaxPasses(float[] store) {
        float sum = 0;
        for (int r = 0; r < ROWS; r++) {
            TileKernels.expTiles(rows.segment(), rows.rowOffset(0, r) * Float.BYTES, vocab, 1f, store, tileRef, tileSum, 0, tiles);
            sum += tileSum[0];
        }
        return sum;
    }

    /** A truncated row up to its accept test, per row: its pass (a softmax pass unless top-k) and its threshold search. */
    @Benchmark
    public float truncatedRow() {
        float sum = 0;
        for (int r = 0; r < ROWS; r++) {
            long base = rows.rowOffset(0, r) * Float.BYTES;
            if (TruncationSearch.selectsTopK(settings, vocab)) {
                search.selectTopK(rows.segment(), base, vocab, settings, tileSum);
                float max = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < tiles; t++) max = Math.max(max, tileSum[t]);
                sum += search.topKThreshold(max);
            } else {
                TileKernels.expTiles(rows.segment(), base, vocab, 1f, null, tileRef, tileSum, 0, tiles);
                float ref = Float.NEGATIVE_INFINITY;
                for (int t = 0; t < tiles; t++) ref = Math.max(ref, tileRef[t]);
                double total = 0;
                for (int t = 0; t < tiles; t++) total += tileSum[t] * Math.exp((double) tileRef[t] - ref);
                sum += search.topPThreshold(rows.segment(), base, vocab, settings, ref, total);
            }
        }
        return sum;
    }
}
