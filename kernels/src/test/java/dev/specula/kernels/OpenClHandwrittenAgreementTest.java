package dev.specula.kernels;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;
import dev.specula.ffm.opencl.OpenClTestDevice;

/** The hand-written OpenCL C emits the reference verifier's tokens on 12,000 random sequences (core's agreement suite). */
class OpenClHandwrittenAgreementTest extends AgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return OpenClVerifier.handwritten(OpenClTestDevice.require());
    }
}
