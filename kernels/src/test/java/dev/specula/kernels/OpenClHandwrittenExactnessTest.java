package dev.specula.kernels;

import dev.specula.core.ChainVerifier;
import dev.specula.core.ExactnessSuite;
import dev.specula.ffm.opencl.OpenClTestDevice;

/** The hand-written OpenCL C passes core's exactness suite (chi-square over 200,000 trials per case) on the OpenCL device. */
class OpenClHandwrittenExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return OpenClVerifier.handwritten(OpenClTestDevice.require());
    }
}
