package dev.specula.core;

/**
 * Every deterministic behaviour test of {@link ReferenceVerifierTest} (edge cases that must hold
 * for every seed, greedy ties, masked tokens, variable draft counts, padded layouts, batch-slot
 * independence, reproducibility), run against the single-threaded fast verifier.
 */
class FastVerifierBehaviourTest extends ReferenceVerifierTest {
    @Override
    ChainVerifier verifier() {
        return new FastVerifier();
    }
}
