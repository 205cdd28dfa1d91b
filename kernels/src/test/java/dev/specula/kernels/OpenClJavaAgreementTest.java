package dev.specula.kernels;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;
import dev.specula.ffm.opencl.OpenClTestDevice;

/** The translated Java kernels emit the reference verifier's tokens on 12,000 random sequences (core's agreement suite). */
class OpenClJavaAgreementTest extends AgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return OpenClVerifier.javaKernels(OpenClTestDevice.require());
    }
}
