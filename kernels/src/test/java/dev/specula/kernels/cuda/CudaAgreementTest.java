package dev.specula.kernels.cuda;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;
import org.junit.jupiter.api.BeforeEach;

/** On a CUDA device: the CUDA backend emits the reference verifier's tokens (core's agreement suite). Skipped without a GPU. */
class CudaAgreementTest extends AgreementSuite {
    @BeforeEach
    void device() {
        CudaSuites.requireDevice();
    }

    @Override
    protected ChainVerifier newVerifier() {
        return CudaVerifier.open(0);
    }
}
