/**
 * Specula core: the batched chain-verification API, the exact reference verifier, draft-side
 * sampling and the counter-based random streams every backend reproduces.
 *
 * <p>Core knows nothing of OpenCL or CUDA; device backends live in other modules and implement
 * {@link dev.specula.core.ChainVerifier}.
 */
module dev.specula.core {
    requires jdk.incubator.vector; // SIMD of the fast verifier (FastVerifier)
    exports dev.specula.core;
}
