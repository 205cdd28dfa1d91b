package dev.specula.kernels.cuda;

import dev.specula.core.AgreementSuite;
import dev.specula.core.ChainVerifier;
import dev.specula.ffm.opencl.OpenClTestDevice;

/**
 * The CUDA backend's host logic and the hand-written kernels, run on OpenCL (PoCL), emit the
 * reference verifier's tokens on core's 12,000 random sequences (see {@link AgreementSuite}).
 * Work-groups of up to 64 work-items here (narrower for small vocabularies), so the kernels are
 * checked at other sizes than CUDA's 256.
 */
class PlanOnOpenClAgreementTest extends AgreementSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new OpenClPlanVerifier(OpenClTestDevice.require(), 64);
    }
}
