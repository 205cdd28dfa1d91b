package dev.specula.core;

/** The truncated agreement suite run against the fast verifier: single-threaded, and on two threads for the large rows. */
class FastVerifierTruncatedAgreementTest extends TruncatedAgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new FastVerifier();
    }

    @Override
    protected ChainVerifier newParallelVerifier() {
        return new FastVerifier(2);
    }
}
