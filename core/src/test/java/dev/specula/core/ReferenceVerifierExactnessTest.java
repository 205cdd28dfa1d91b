package dev.specula.core;

/** The exactness suite run against the reference verifier; every assertion is inherited from {@link ExactnessSuite}. */
class ReferenceVerifierExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new ReferenceVerifier();
    }
}
