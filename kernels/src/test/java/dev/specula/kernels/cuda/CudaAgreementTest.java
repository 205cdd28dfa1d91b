package dev.specula.kernels.cuda;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;

/** On a CUDA device: the CUDA backend emits the reference verifier's tokens (core's agreement suite). Skipped without a GPU. */
class CudaAgreementTest extends AgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return CudaSuites.verifierOrSkip();
    }
}
