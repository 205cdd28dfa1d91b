package dev.specula.kernels.paper;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;
import dev.specula.ffm.opencl.OpenClTestDevice;

/**
 * Hugging Face's baseline (one kernel per torch operation) emits the reference verifier's tokens on core's 12,000
 * random sequences, up to float boundary cases; chains outside its scope run as equivalent logit
 * chains ({@link InPaperScope}).
 */
class PaperBaselineAgreementTest extends AgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new InPaperScope(PaperVerifier.baseline(OpenClTestDevice.require()));
    }
}
