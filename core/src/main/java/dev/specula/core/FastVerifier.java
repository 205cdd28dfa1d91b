package dev.specula.core;

import dev.specula.core.internal.FastChain;
import dev.specula.core.internal.Outcomes;
import dev.specula.core.internal.TileKernels;
import dev.specula.core.internal.TileRunner;
import dev.specula.core.internal.WorkerPool;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/**
 * The fast exact CPU verifier: the {@link ReferenceVerifier}'s algorithm and random streams, so
 * the same tokens for the same inputs, with the least work per call.
 *
 * <ul>
 *   <li>One online-softmax pass per row (running max and rescaled sum, Milakov and Gimelshein
 *       2018, arXiv 1805.02867) gives the row's normaliser; the accept test then needs only p(d)
 *       and q(d). Rows are verified in order and work stops at the first rejection.
 *   <li>When the drafter recorded log q(d) ({@link VerificationBatch#draftLogProbability},
 *       as {@link DraftSampler} does), the draft row is not read until a rejection needs it.
 *   <li>The residual max(0, p - q) is formed for the rejected row only, and the correction and
 *       bonus tokens are drawn by inverse CDF over per-tile sums of the weights the softmax pass
 *       stored: no normalised array, no second exponential pass.
 *   <li>SIMD through the Vector API ({@code jdk.incubator.vector}); with more than one thread,
 *       sequences are spread over the threads when B &gt; 1, and each row's vocabulary is split
 *       into chunks when B = 1 (rows of at least 16,384 tokens per extra thread).
 *   <li>Truncated settings (top-k, top-p, min-p; {@link SamplingSettings}) keep the reference's
 *       kept sets without sorting ({@code dev.specula.core.internal.TruncationSearch}): a top-k
 *       row has no softmax pass at all, only a pass of compares that gathers the tokens above
 *       a rising bound (the k-th largest lane maximum so far); a top-p or min-p row has its
 *       softmax pass, then one pass of compares gathers the tokens above a guess placed by a
 *       sample of the row. A bisection and radix select among those candidates alone finds the
 *       threshold, and only the kept tokens are weighed: their list is the truncated,
 *       renormalised p (or q) that the accept test, the residual and the sampling scans use.
 *       Rows without truncation take the path above, unchanged.
 *   <li>Workspaces (about a dozen rows of V floats or ints per thread: the p and q rows' weights
 *       and kept lists, the truncation search's candidates) are kept between calls: after the first
 *       call with the largest V and B, a call allocates nothing.
 * </ul>
 *
 * <pre>{@code
 * try (ChainVerifier verifier = new FastVerifier(Runtime.getRuntime().availableProcessors())) {
 *     verifier.verify(batch, result);           // same tokens as new ReferenceVerifier()
 * }
 * }</pre>
 *
 * <h2>Differences from the reference</h2>
 * <ul>
 *   <li><b>Floating point.</b> Weights are float exponentials summed per tile, so normalisers and
 *       cumulative sums differ from the reference's double ones by about 1e-6 relative or less. An
 *       emitted token can differ only when a uniform falls within that distance of an accept
 *       ratio p(d)/q(d) or of a cumulative boundary of the inverse CDF: rare (the tests bound it
 *       at 1 in 10,000 random cases) and of no statistical consequence.
 *   <li><b>Rows not read are not checked.</b> With a recorded draft log-probability, draft rows
 *       of accepted positions are not read, so bad values in them (NaN, +infinity, probabilities
 *       that do not sum to 1) and a recorded value that disagrees with its row are only detected
 *       at the rejected position, where the row is read. The recorded value is used for q(d) as
 *       given; the reference recomputes q(d) from the row.
 * </ul>
 * Everything else — validation, exceptions and their messages, the edge cases listed on
 * {@link ReferenceVerifier}, and that a call that throws leaves the result as it was — is the
 * reference's.
 *
 * <h2>Threads</h2>
 * {@code new FastVerifier(threads)} runs on the calling thread plus {@code threads - 1} daemon
 * workers that it owns; {@link #close()} stops them. Rows in memory segments that the workers
 * may not read (segments of a confined arena) are verified on the calling thread alone. Results
 * do not depend on the number of threads. A verifier is used by one thread at a time.
 */
public final class FastVerifier implements ChainVerifier {
    /** Each thread's share of a B = 1 row is at least this many tokens (smaller rows are not worth a fork). */
    private static final int MIN_TOKENS_PER_THREAD = 16_384;

    private final int threads;
    private final WorkerPool pool;
    /** The calling thread's chain; it splits rows across the pool (B = 1). */
    private final FastChain chunked;
    /** One chain per part of a batch (B > 1); part k runs on one thread at a time. */
    private final FastChain[] perPart;
    private final Outcomes outcomes = new Outcomes();
    private final AtomicInteger nextSequence = new AtomicInteger();
    private final IntConsumer batchPart = this::verifySequences;
    private VerificationBatch current;
    private boolean closed;

    /** A single-threaded fast verifier: no pool, everything on the calling thread. */
    public FastVerifier() {
        this.threads = 1;
        this.pool = null;
        this.chunked = newChain(TileRunner.SERIAL);
        this.perPart = new FastChain[] {chunked};
    }

    /**
     * A fast verifier on {@code threads} threads: the calling thread and a pool of
     * {@code threads - 1} workers, owned by this verifier until {@link #close()}.
     *
     * @param threads {@code >= 1}; {@code Runtime.getRuntime().availableProcessors()} uses every core
     */
    public FastVerifier(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be >= 1, got " + threads);
        this.threads = threads;
        if (threads == 1) {
            this.pool = null;
            this.chunked = newChain(TileRunner.SERIAL);
            this.perPart = new FastChain[] {chunked};
        } else {
            this.pool = new WorkerPool(threads, "specula-fast-cpu");
            this.chunked = newChain(TileRunner.pooled(pool, Math.max(1, MIN_TOKENS_PER_THREAD / TileKernels.TILE)));
            this.perPart = new FastChain[threads];
            for (int k = 0; k < threads; k++) perPart[k] = newChain(TileRunner.SERIAL);
        }
    }

    private static FastChain newChain(TileRunner runner) {
        return new FastChain(runner, ReferenceVerifier.LOG_PROBABILITY_TOLERANCE, ReferenceVerifier.PROBABILITY_SUM_TOLERANCE);
    }

    @Override
    public String name() {
        return "fast-cpu(threads=" + threads + ")";
    }

    /** The number of threads a call may use, the caller included. */
    public int threads() {
        return threads;
    }

    @Override
    public void verify(VerificationBatch batch, VerificationResult result) {
        if (closed) throw new IllegalStateException("this FastVerifier is closed");
        if (batch == null || result == null) throw new IllegalArgumentException("batch or result is null");
        batch.validate();
        result.requireFits(batch);
        int sequences = batch.sequences();
        outcomes.reset(sequences);
        if (pool != null && workersCanRead(batch)) {
            if (sequences == 1) {
                chunked.verify(batch, 0, outcomes);
            } else {
                current = batch;
                nextSequence.set(0);
                try {
                    pool.run(Math.min(threads, sequences), batchPart);
                } finally {
                    current = null;
                }
            }
        } else {
            for (int b = 0; b < sequences; b++) perPart[0].verify(batch, b, outcomes);
        }
        outcomes.publish(batch, result);
    }

    /** Part k of a batch: takes sequences one by one until none is left. */
    private void verifySequences(int k) {
        VerificationBatch batch = current;
        FastChain chain = perPart[k];
        int sequences = batch.sequences();
        for (int b = nextSequence.getAndIncrement(); b < sequences; b = nextSequence.getAndIncrement()) {
            try {
                chain.verify(batch, b, outcomes);
            } catch (RuntimeException e) {
                outcomes.fail(b, e);
            }
        }
    }

    /** Whether the pool's workers may read every segment of the batch (not so for a confined arena's). */
    private boolean workersCanRead(VerificationBatch batch) {
        Thread worker = pool.anyWorker();
        if (!readable(batch.target().segment(), worker)) return false;
        return switch (batch.draftDistribution()) {
            case DraftDistribution.Logits(FloatRows rows) -> readable(rows.segment(), worker);
            case DraftDistribution.Probabilities(FloatRows rows) -> readable(rows.segment(), worker);
            case DraftDistribution.OneHot o -> true;
        };
    }

    private static boolean readable(MemorySegment segment, Thread thread) {
        return segment.isAccessibleBy(thread);
    }

    /** Stops the worker threads; idempotent. A closed verifier refuses to verify. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        if (pool != null) pool.close();
    }
}
