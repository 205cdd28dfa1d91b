package dev.specula.core;

/** The exactness suite run against the single-threaded fast verifier; every assertion is inherited from {@link ExactnessSuite}. */
class FastVerifierExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new FastVerifier();
    }
}
