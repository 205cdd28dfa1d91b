package dev.specula.core;

/**
 * A sampled draft token and the log-probability the draft distribution gave it: exactly the
 * q_i(d_i) verification needs.
 *
 * @param token the sampled token id
 * @param logProbability log q(token), {@code <= 0}
 */
public record DraftSample(int token, double logProbability) {
    /** q(token). */
    public double probability() {
        return Math.exp(logProbability);
    }
}
