package dev.specula.kernels;

import dev.specula.core.ChainVerifier;
import dev.specula.core.TruncatedAgreementSuite;
import dev.specula.ffm.opencl.OpenClTestDevice;

/**
 * With truncated settings the translated Java kernels emit the reference verifier's tokens on core's
 * 12,000 random sequences and on rows of 32,000 to 100,000 tokens (core's truncated agreement suite).
 */
class OpenClJavaTruncatedAgreementTest extends TruncatedAgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return OpenClVerifier.javaKernels(OpenClTestDevice.require());
    }
}
