package dev.specula.benchmarks;

import dev.specula.core.ReferenceVerifier;
import dev.specula.core.VerificationResult;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The baseline: the textbook verifier, shaped like Hugging Face transformers'
 * {@code _speculative_sampling} (Wagner et al. 2024 take it as theirs). For every position it
 * forms the full softmax of the target row and of the draft row, tests the ratio, and at a
 * rejection builds, normalises and samples the residual over the whole vocabulary; the bonus
 * row is softmaxed in full too. Scalar {@code Math.exp} in double precision, one thread.
 *
 * <p>The speed-up the fast verifier must show (at least 10x) is measured against this, on the
 * same rows, in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// The same warm-up and measurement as the fast verifier and the floor, so all are measured alike.
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class ReferenceVerifierBenchmark {
    private final ReferenceVerifier verifier = new ReferenceVerifier();

    @Benchmark
    public VerificationResult verify(VerificationCase c) {
        verifier.verify(c.verificationBatch(), c.result());
        return c.result();
    }
}
