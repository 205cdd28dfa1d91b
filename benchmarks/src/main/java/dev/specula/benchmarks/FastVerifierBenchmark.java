package dev.specula.benchmarks;

import dev.specula.core.FastVerifier;
import dev.specula.core.VerificationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The fast exact verifier ({@link FastVerifier}): one online-softmax SIMD pass per row, rows in
 * order until the first rejection, draft rows read only at a rejection, the residual and the
 * bonus sampled without a probability array, workspaces reused.
 *
 * <p>Run on one thread, to set against the one-thread {@linkplain FloorBenchmark floor}, and on
 * every core ({@code threads = all}: sequences across threads when B &gt; 1, vocabulary chunks
 * when B = 1), to set against the {@linkplain ReferenceVerifierBenchmark reference}. The verifier
 * and its thread pool are made once per trial, as a serving loop would keep them; the GC profiler
 * ({@code -prof gc}) checks that a call allocates nothing.
 */
public class FastVerifierBenchmark extends MeasuredAlike {
    /** "1", or "all" for every available processor. */
    @Param({"1", "all"})
    public String threads;

    private FastVerifier verifier;

    @Setup(Level.Trial)
    public void start() {
        verifier = new FastVerifier(threadCount(threads));
    }

    @TearDown(Level.Trial)
    public void stop() {
        verifier.close();
    }

    @Benchmark
    public VerificationResult verify(VerificationCase c) {
        verifier.verify(c.verificationBatch(), c.result());
        return c.result();
    }

    static int threadCount(String threads) {
        return switch (threads) {
            case "all" -> Runtime.getRuntime().availableProcessors();
            default -> {
                try {
                    yield Integer.parseInt(threads);
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("threads must be a number or \"all\", got " + threads, e);
                }
            }
        };
    }
}
