package dev.specula.core;

/** The truncated exactness suite run against the reference verifier (the sort-based oracle); every assertion is inherited from {@link TruncatedExactnessSuite}. */
class ReferenceVerifierTruncatedExactnessTest extends TruncatedExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new ReferenceVerifier();
    }
}
