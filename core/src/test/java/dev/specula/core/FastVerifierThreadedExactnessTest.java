package dev.specula.core;

/**
 * The exactness suite run against the fast verifier on 3 threads (more than this machine's 2
 * cores, so that parts of a batch also wait for one another); the suite's batches have 100
 * sequences, so sequences are spread across the pool. Assertions are inherited from {@link ExactnessSuite}.
 */
class FastVerifierThreadedExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new FastVerifier(3);
    }
}
