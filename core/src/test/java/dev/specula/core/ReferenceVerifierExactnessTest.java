package dev.specula.core;

/** The exactness suite run against the reference verifier. */
class ReferenceVerifierExactnessTest extends ExactnessSuite {
    @Override
    ChainVerifier newVerifier() {
        return new ReferenceVerifier();
    }
}
