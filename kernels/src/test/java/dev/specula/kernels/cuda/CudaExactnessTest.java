package dev.specula.kernels.cuda;

import dev.specula.core.ChainVerifier;
import dev.specula.core.ExactnessSuite;

/** On a CUDA device: the CUDA backend passes core's exactness suite. Skipped without a GPU. */
class CudaExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return CudaSuites.verifierOrSkip();
    }

    /** Without a device no verifier was opened, so there is nothing to close. */
    @Override
    public void close() {
        if (CudaSuites.missing() == null) super.close();
    }
}
