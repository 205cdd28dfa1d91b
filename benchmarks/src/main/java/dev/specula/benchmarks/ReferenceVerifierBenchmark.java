package dev.specula.benchmarks;

import dev.specula.core.ReferenceVerifier;
import dev.specula.core.VerificationResult;
import org.openjdk.jmh.annotations.Benchmark;

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
public class ReferenceVerifierBenchmark extends MeasuredAlike {
    private final ReferenceVerifier verifier = new ReferenceVerifier();

    @Benchmark
    public VerificationResult verify(VerificationCase c) {
        verifier.verify(c.verificationBatch(), c.result());
        return c.result();
    }
}
