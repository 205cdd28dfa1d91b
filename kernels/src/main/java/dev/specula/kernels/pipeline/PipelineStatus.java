package dev.specula.kernels.pipeline;

/**
 * The status codes the accept stage writes instead of a token when a row it consumes is unusable;
 * the host turns them into the exceptions core's verifiers throw.
 */
public enum PipelineStatus {
    /** Verified. */
    OK,
    /** A target logit is NaN or +infinity. */
    TARGET_NON_FINITE,
    /** A target row has no finite logit. */
    TARGET_NO_FINITE,
    /** A draft logit is NaN or +infinity. */
    DRAFT_NON_FINITE,
    /** A draft logit row has no finite logit. */
    DRAFT_NO_FINITE,
    /** A draft probability is outside [0, 1] (or NaN). */
    PROBABILITY_OUT_OF_RANGE,
    /** A row of draft probabilities does not sum to 1 within 1e-3. */
    PROBABILITY_SUM,
    /** A recorded draft log-probability disagrees with its draft row by more than 1e-4. */
    RECORDED_LOG_Q;

    /** The status of a code the accept stage wrote. */
    public static PipelineStatus of(int code) {
        PipelineStatus[] all = values();
        if (code < 0 || code >= all.length) throw new IllegalStateException("the accept stage wrote an unknown status " + code);
        return all[code];
    }
}
