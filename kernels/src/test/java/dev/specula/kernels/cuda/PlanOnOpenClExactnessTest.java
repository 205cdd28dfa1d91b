package dev.specula.kernels.cuda;

import dev.specula.core.ChainVerifier;
import dev.specula.core.ExactnessSuite;

/** Core's exactness suite against the CUDA backend's host logic and kernels, run on OpenCL (PoCL). */
class PlanOnOpenClExactnessTest extends ExactnessSuite {
    @Override
    protected ChainVerifier newVerifier() {
        return new OpenClPlanVerifier(OpenClDevices.require(), 64);
    }
}
