package dev.specula.core;

/** The truncated exactness suite run against the fast verifier on one thread; every assertion is inherited from {@link TruncatedExactnessSuite}. */
class FastVerifierTruncatedExactnessTest extends TruncatedExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new FastVerifier();
    }
}
