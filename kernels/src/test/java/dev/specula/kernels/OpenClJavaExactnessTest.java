package dev.specula.kernels;

import dev.specula.core.ChainVerifier;
import dev.specula.core.ExactnessSuite;
import dev.specula.ffm.opencl.OpenClTestDevice;

/** The translated Java kernels pass core's exactness suite (chi-square over 200,000 trials per case) on the OpenCL device. */
class OpenClJavaExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return OpenClVerifier.javaKernels(OpenClTestDevice.require());
    }
}
