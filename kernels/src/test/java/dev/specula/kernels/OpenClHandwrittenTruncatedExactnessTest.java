package dev.specula.kernels;

import dev.specula.core.ChainVerifier;
import dev.specula.core.TruncatedExactnessSuite;
import dev.specula.ffm.opencl.OpenClTestDevice;

/**
 * The hand-written OpenCL C pass core's truncated exactness suite (top-k, top-p, min-p, for
 * the target and the draft; chi-square over 200,000 trials per case) on the OpenCL device.
 */
class OpenClHandwrittenTruncatedExactnessTest extends TruncatedExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return OpenClVerifier.handwritten(OpenClTestDevice.require());
    }
}
