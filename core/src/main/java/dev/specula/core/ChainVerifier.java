package dev.specula.core;

/**
 * Batched chain verification (Leviathan et al. 2023, arXiv 2211.17192, algorithm 1; Chen et al.
 * 2023, arXiv 2302.01318): the operation every Specula backend implements.
 *
 * <p>For each sequence with drafts d_0..d_{n-1}, target distributions p_0..p_n and draft
 * distributions q_0..q_{n-1}: for i = 0, 1, ... accept d_i when {@code u_i < p_i(d_i) /
 * q_i(d_i)}; at the first rejection emit a token drawn from {@code norm(max(0, p_i - q_i))} and
 * stop; if all n are accepted emit a bonus token drawn from p_n. The emitted tokens are then
 * distributed exactly as tokens sampled from the target one by one. With a greedy target
 * (temperature 0) a draft is accepted iff it is the arg-max, and the arg-max is emitted.
 *
 * <p>All randomness comes from {@link RandomStreams}, so every backend emits the same tokens for
 * the same inputs, up to floating-point ties at the accept boundary or between tokens.
 *
 * <pre>{@code
 * try (ChainVerifier verifier = new ReferenceVerifier()) {
 *     VerificationResult result = verifier.verify(batch);
 *     int[] tokens = result.emittedTokens(0);
 * }
 * }</pre>
 */
public interface ChainVerifier extends AutoCloseable {

    /**
     * Verifies every sequence of {@code batch} and writes the outcome to {@code result}.
     *
     * <p>Shapes, token ids, settings and segments are validated before any work. Row contents
     * are checked as they are read: a NaN or +infinity in a row the algorithm reads raises
     * {@link NonFiniteLogitException}, never a token. (Rows after a sequence's first rejection
     * are not read, so they are not checked.) A call that throws leaves {@code result} as it was.
     *
     * @throws IllegalArgumentException on invalid input (bad shapes, NaN or +infinity logits)
     * @throws IllegalStateException if a segment's arena is closed or the verifier is closed
     */
    void verify(VerificationBatch batch, VerificationResult result);

    /** Verifies into a new result (a convenience; allocates). */
    default VerificationResult verify(VerificationBatch batch) {
        VerificationResult result = VerificationResult.forBatch(batch);
        verify(batch, result);
        return result;
    }

    /** A short name for reports, e.g. "reference". */
    String name();

    /**
     * Whether the emitted tokens follow the target distribution exactly (the guarantee above).
     * Every Specula verifier is exact; only opt-in reproductions of published approximations
     * (the seed paper's sigmoid variants in the kernels module) answer {@code false}, and reports
     * must mark their output as inexact.
     */
    default boolean exact() {
        return true;
    }

    /** Releases what the backend holds; the default holds nothing. */
    @Override
    default void close() {}
}
