package dev.specula.kernels.paper;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;
import dev.specula.ffm.opencl.OpenClTestDevice;

/**
 * The paper's exact concurrent kernel emits the reference verifier's tokens on core's 12,000
 * random sequences, up to float boundary cases; chains outside its scope run as equivalent logit
 * chains ({@link InPaperScope}).
 */
class PaperExactConcurrentAgreementTest extends AgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new InPaperScope(PaperVerifier.exactConcurrent(OpenClTestDevice.require()));
    }
}
