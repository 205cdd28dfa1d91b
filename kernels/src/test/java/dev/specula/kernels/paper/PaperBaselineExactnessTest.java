package dev.specula.kernels.paper;

import dev.specula.core.ChainVerifier;
import dev.specula.core.ExactnessSuite;
import dev.specula.ffm.opencl.OpenClTestDevice;

/**
 * Hugging Face's baseline (one kernel per torch operation) passes core's exactness suite (chi-square over 200,000
 * trials per case) on the OpenCL device; chains outside its scope run as equivalent logit chains
 * ({@link InPaperScope}).
 */
class PaperBaselineExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new InPaperScope(PaperVerifier.baseline(OpenClTestDevice.require()));
    }
}
