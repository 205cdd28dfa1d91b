package dev.specula.core;

/** The truncated exactness suite run against the fast verifier on 3 threads (the batches of 100 sequences are spread over the pool); every assertion is inherited from {@link TruncatedExactnessSuite}. */
class FastVerifierThreadedTruncatedExactnessTest extends TruncatedExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new FastVerifier(3);
    }
}
