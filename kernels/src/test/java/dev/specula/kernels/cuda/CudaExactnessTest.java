package dev.specula.kernels.cuda;

import dev.specula.core.ChainVerifier;
import dev.specula.core.ExactnessSuite;
import org.junit.jupiter.api.BeforeEach;

/** On a CUDA device: the CUDA backend passes core's exactness suite. Skipped without a GPU. */
class CudaExactnessTest extends ExactnessSuite {
    @BeforeEach
    void device() {
        CudaSuites.requireDevice();
    }

    @Override
    protected ChainVerifier newVerifier() {
        return CudaVerifier.open(0);
    }
}
