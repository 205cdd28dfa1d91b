package dev.specula.benchmarks;

import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.VerificationBatch;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.IntStream;

/**
 * A verification batch over synthetic rows shaped like a language model's, whose accept/reject
 * outcome is fixed in advance by a {@link Regime}; built once per benchmark trial.
 *
 * <h2>The rows</h2>
 * Target row r of sequence b gives the token of rank k the logit {@code -s ln(k + 1) + 0.3 N(0, 1)}:
 * a Zipf law whose exponent s is drawn per row from [1, 2] (some rows flat, some peaked), with
 * a little noise so that rows of equal s differ. Token ids are scattered over the vocabulary by
 * a random affine permutation per row ({@code rank = (a v + c) mod V}), so the top token moves
 * from row to row. A draft row is its target row plus {@value #DRAFT_NOISE} N(0, 1) per logit,
 * which puts the acceptance probability beta = sum_v min(p, q) near 0.7 (checked by the tests).
 * Both temperatures are 1. The rows live in 64-byte-aligned native segments of the caller's
 * arena, as a model runtime would leave them.
 *
 * <h2>The drafts and the fixed outcome</h2>
 * Each draft token d_i is sampled from its draft distribution q_i, and its log-probability is
 * recorded in the batch, as {@link dev.specula.core.DraftSampler} does. The verifiers' accept
 * uniforms u_i are known in advance ({@link RandomStreams#acceptUniform}), so a planned
 * acceptance is made certain by drawing d_i from q_i until {@code u_i < p_i(d_i) / q_i(d_i)}
 * (and a planned rejection until {@code u_i >= p_i(d_i) / q_i(d_i)}): the draft is a sample of q
 * conditioned on the planned outcome. The test keeps a relative margin of {@value #MARGIN} on
 * either side, so a verifier working in float precision reaches the same decision. Drafts after
 * the planned rejection are plain samples of q; no exact verifier reads them.
 *
 * <h2>What the algorithm must read: the floor's passes</h2>
 * A sequence that accepts all g drafts needs the log-normaliser of target rows 0..g-1 (the
 * accept tests read p_i(d_i); log q_i(d_i) is recorded) and one pass over target row g for the
 * bonus token: g + 1 row passes. A sequence rejected at position j needs target rows 0..j for
 * the accept tests, then the residual max(0, p_j - q_j), which is a second pass over target row
 * j (its normaliser is known only after the first pass ends) together with one pass over draft
 * row j (q_j's normaliser needs no pass of its own: it follows from the recorded log q_j(d_j)
 * and the draft logit of d_j): j + 3 row passes. {@link #floorPasses()} lists exactly these.
 */
public final class SyntheticWorkload {
    /** Standard deviation of the noise that turns a target row into its draft row. */
    public static final double DRAFT_NOISE = 0.8;
    /** Spread of the noise on every target logit. */
    static final double LOGIT_NOISE = 0.3;
    /** How far (relatively) the ratio p(d)/q(d) must clear the accept uniform for a planned outcome. */
    static final double MARGIN = 1e-3;
    /** Draws of a draft token before a sequence's seed is changed to make its plan reachable. */
    private static final int MAX_DRAWS = 100_000;

    private final VerificationBatch batch;
    private final FloatRows target;
    private final FloatRows drafts;
    private final int[] plannedAccepted;
    private final RowPass[] floorPasses;

    private SyntheticWorkload(VerificationBatch batch, FloatRows target, FloatRows drafts, int[] plannedAccepted,
                              RowPass[] floorPasses) {
        this.batch = batch;
        this.target = target;
        this.drafts = drafts;
        this.plannedAccepted = plannedAccepted;
        this.floorPasses = floorPasses;
    }

    /**
     * Builds the workload in {@code arena}: B sequences of g drafts over V tokens, every sequence
     * with g drafts, the outcome given by {@code regime}. Deterministic in {@code seed}. Rows are
     * written by several threads, so the arena must be shared ({@link Arena#ofShared()}).
     */
    public static SyntheticWorkload generate(Arena arena, int sequences, int drafts, int vocab, Regime regime, long seed) {
        if (sequences < 1 || drafts < 1 || vocab < 2) {
            throw new IllegalArgumentException("need B >= 1, g >= 1 and V >= 2, got B=" + sequences + ", g=" + drafts + ", V=" + vocab);
        }
        if (regime == null) throw new IllegalArgumentException("regime is null");
        MemorySegment probe = arena.allocate(1);
        if (!probe.isAccessibleBy(Thread.ofVirtual().unstarted(() -> { }))) {
            throw new IllegalArgumentException("the workload is written by several threads: pass a shared arena (Arena.ofShared())");
        }
        FloatRows target = FloatRows.dense(allocate(arena, (long) sequences * (drafts + 1) * vocab), sequences, drafts + 1, vocab);
        FloatRows draftRows = FloatRows.dense(allocate(arena, (long) sequences * drafts * vocab), sequences, drafts, vocab);
        writeRows(target, draftRows, seed);

        VerificationBatch batch = new VerificationBatch(sequences, drafts, vocab)
                .target(target)
                .draftDistribution(DraftDistribution.logits(draftRows));
        int[] planned = new int[sequences];
        // Sequences are independent; each is planned with its own random source.
        IntStream.range(0, sequences).parallel().forEach(b -> {
            planned[b] = regime.acceptedDrafts(b, sequences, drafts);
            planDrafts(batch, b, planned[b], seed);
        });
        return new SyntheticWorkload(batch, target, draftRows, planned, floorPasses(target, draftRows, planned));
    }

    /** The batch to verify: every sequence has g drafts with recorded log-probabilities. */
    public VerificationBatch batch() {
        return batch;
    }

    /** Target logits, B x (g + 1) x V. */
    public FloatRows target() {
        return target;
    }

    /** Draft logits, B x g x V. */
    public FloatRows drafts() {
        return drafts;
    }

    /** The number of drafts sequence b accepts, as planned by the regime. */
    public int plannedAccepted(int b) {
        return plannedAccepted[b];
    }

    /** The row passes an exact verifier cannot avoid for this batch (see the class comment), in order. */
    public RowPass[] floorPasses() {
        return floorPasses.clone();
    }

    // ---- rows ------------------------------------------------------------------------------

    /** Page-aligned, so that an OpenCL device sharing host memory reads the rows in place (PoCL wants 128 bytes). */
    private static MemorySegment allocate(Arena arena, long floats) {
        return arena.allocate(floats * Float.BYTES, 4096);
    }

    private static void writeRows(FloatRows target, FloatRows drafts, long seed) {
        int vocab = target.vocabSize();
        double[] logRank = new double[vocab];
        for (int k = 0; k < vocab; k++) logRank[k] = Math.log(k + 1);
        int rowsPerSequence = target.rowsPerSequence();
        IntStream.range(0, target.sequences() * rowsPerSequence).parallel().forEach(row -> {
            int b = row / rowsPerSequence, r = row % rowsPerSequence;
            SplittableRandom random = new SplittableRandom(mix(seed, b, r));
            double s = 1 + random.nextDouble();
            long a = coprimeMultiplier(random, vocab), c = random.nextInt(vocab);
            MemorySegment out = target.segment();
            long first = target.rowOffset(b, r);
            for (int v = 0; v < vocab; v++) {
                int rank = (int) ((a * v + c) % vocab);
                out.setAtIndex(ValueLayout.JAVA_FLOAT, first + v, (float) (-s * logRank[rank] + LOGIT_NOISE * random.nextGaussian()));
            }
            if (r < drafts.rowsPerSequence()) {
                long from = drafts.rowOffset(b, r);
                for (int v = 0; v < vocab; v++) {
                    float z = out.getAtIndex(ValueLayout.JAVA_FLOAT, first + v);
                    drafts.segment().setAtIndex(ValueLayout.JAVA_FLOAT, from + v, (float) (z + DRAFT_NOISE * random.nextGaussian()));
                }
            }
        });
    }

    /** A multiplier in [1, V) that shares no factor with V, so {@code v -> a v + c mod V} is a permutation. */
    private static long coprimeMultiplier(SplittableRandom random, int vocab) {
        while (true) {
            long a = 1 + random.nextInt(vocab - 1);
            if (gcd(a, vocab) == 1) return a;
        }
    }

    private static long gcd(long x, long y) {
        return y == 0 ? x : gcd(y, x % y);
    }

    private static long mix(long seed, int b, int r) {
        return seed * 0x9E3779B97F4A7C15L + ((long) b << 20) + r;
    }

    // ---- drafts ----------------------------------------------------------------------------

    /** Picks sequence b's seed and draft tokens so that it accepts exactly {@code accepted} drafts. */
    private static void planDrafts(VerificationBatch batch, int b, int accepted, long seed) {
        int drafts = batch.maxDrafts();
        Row[] p = new Row[drafts];
        Row[] q = new Row[drafts];
        for (int i = 0; i < drafts; i++) {
            p[i] = Row.of(batch.target(), b, i);
            q[i] = Row.of(((DraftDistribution.Logits) batch.draftDistribution()).rows(), b, i);
        }
        SplittableRandom random = new SplittableRandom(mix(~seed, b, 0));
        // The accept uniforms depend on the sequence's seed; a seed whose uniforms make the plan
        // unreachable within MAX_DRAWS draws (say u_0 ~ 1e-9 with a planned rejection) is replaced.
        for (long attempt = 0; ; attempt++) {
            long sequenceSeed = seed + attempt * 0x632BE59BD9B4E019L;
            batch.seed(b, sequenceSeed);
            if (tryPlan(batch, b, accepted, p, q, random)) return;
        }
    }

    private static boolean tryPlan(VerificationBatch batch, int b, int accepted, Row[] p, Row[] q, SplittableRandom random) {
        int drafts = batch.maxDrafts();
        for (int i = 0; i < drafts; i++) {
            double u = RandomStreams.acceptUniform(batch.seed(b), batch.stream(b), batch.step(b), i);
            int token = -1;
            for (int draw = 0; draw < MAX_DRAWS && token < 0; draw++) {
                int d = q[i].sample(random.nextDouble());
                double ratio = p[i].probability(d) / q[i].probability(d);
                boolean wanted = i < accepted ? u < ratio * (1 - MARGIN) : i > accepted || u >= ratio * (1 + MARGIN);
                if (wanted) token = d;
            }
            if (token < 0) return false;
            batch.draftToken(b, i, token).draftLogProbability(b, i, q[i].logProbability(token));
        }
        batch.draftCount(b, drafts);
        return true;
    }

    /**
     * softmax of one row at temperature 1, computed as {@link dev.specula.core.internal.RowMath}
     * defines it (double precision, largest logit subtracted), with its running sums for sampling.
     */
    private record Row(float max, double[] cumulative, double[] weight, double sum) {
        static Row of(FloatRows rows, int b, int r) {
            int vocab = rows.vocabSize();
            float max = Float.NEGATIVE_INFINITY;
            for (int v = 0; v < vocab; v++) max = Math.max(max, rows.get(b, r, v));
            double[] weight = new double[vocab];
            double[] cumulative = new double[vocab];
            double sum = 0;
            for (int v = 0; v < vocab; v++) {
                weight[v] = Math.exp((double) rows.get(b, r, v) - max);
                sum += weight[v];
                cumulative[v] = sum;
            }
            return new Row(max, cumulative, weight, sum);
        }

        double probability(int v) {
            return weight[v] / sum;
        }

        /** log of the probability of v, as the draft sampler records it: (z_v - max) - ln(sum). */
        double logProbability(int v) {
            return Math.min(0.0, Math.log(weight[v]) - Math.log(sum));
        }

        /** Inverse-CDF draw: the first v whose running sum exceeds u * sum. */
        int sample(double u) {
            double goal = u * sum;
            int low = 0, high = cumulative.length - 1;
            while (low < high) {
                int mid = (low + high) >>> 1;
                if (cumulative[mid] > goal) high = mid;
                else low = mid + 1;
            }
            return low;
        }
    }

    // ---- the floor -------------------------------------------------------------------------

    private static RowPass[] floorPasses(FloatRows target, FloatRows drafts, int[] planned) {
        List<RowPass> passes = new ArrayList<>();
        int g = drafts.rowsPerSequence();
        for (int b = 0; b < planned.length; b++) {
            int last = planned[b];  // the bonus row g, or the rejected row
            for (int r = 0; r <= last; r++) passes.add(pass(target, b, r));
            if (last < g) {
                passes.add(pass(target, b, last));
                passes.add(pass(drafts, b, last));
            }
        }
        return passes.toArray(RowPass[]::new);
    }

    private static RowPass pass(FloatRows rows, int b, int r) {
        float max = Float.NEGATIVE_INFINITY;
        for (int v = 0; v < rows.vocabSize(); v++) max = Math.max(max, rows.get(b, r, v));
        return new RowPass(rows.segment(), rows.rowOffset(b, r), rows.vocabSize(), max);
    }
}
