/**
 * The seed paper side by side with Specula: Wagner et al., "Optimized Speculative Sampling for
 * GPU Hardware Accelerators" (EMNLP 2024, arXiv 2406.11016), public code
 * {@code dwgnr/optimized-speculative-sampling}. {@link dev.specula.kernels.paper.PaperVerifier}
 * runs each of its four {@link dev.specula.kernels.paper.PaperVariant}s as Java kernels
 * translated to OpenCL C (Aparapi's code generator) and launched through one
 * {@link dev.specula.kernels.graph.KernelGraph}, so that they can be timed beside
 * {@link dev.specula.kernels.OpenClVerifier} on the same device.
 *
 * <h2>Launches, in order (B sequences, g drafts, V tokens)</h2>
 * <ul>
 *   <li><b>Baseline</b> (Hugging Face transformers 4.38 {@code _speculative_sampling}, 10
 *       launches): softmax of the B·g draft rows into q and of the B(g+1) target rows into p
 *       ({@link dev.specula.kernels.paper.SoftmaxKernel}: max, sum, write, a work-group per row);
 *       gather q_i(d_i) and p_i(d_i); divide into the ratio; first rejection; then for the
 *       rejected row clamp(p - q, 0), its sum, the division by it, and multinomial (the bonus
 *       samples p_n).
 *   <li><b>Exact-concurrent</b> (the paper's exact kernel, 6 launches): the same two softmaxes,
 *       then {@link dev.specula.kernels.paper.ConcurrentKernel} (a work-group per (sequence,
 *       draft position) tiling V: the full ratio and residual matrices and their row sums in
 *       local memory), first rejection, the residual row divided by its sum, multinomial.
 *   <li><b>Sigmoid</b> (5 launches): {@code ConcurrentKernel} on the raw logits with the paper's
 *       scaled sigmoid, first rejection, the residual row divided by its sum (or, for the bonus,
 *       the raw logits of row n divided by T, as the paper's code hands them to
 *       {@code multinomial}), the floor at 1e-5, multinomial.
 *   <li><b>Sigmoid, exact bonus</b> (6 launches): the same, but the bonus row is a softmax
 *       (a work-group per bonus sequence) and is not floored.
 * </ul>
 * The sigmoid variants launch the draft softmax too when a batch carries recorded draft
 * log-probabilities, to check them (one more launch; a benchmark that wants the paper's kernels
 * alone sets the draft tokens without them). Temperature is folded into the first kernel that
 * reads a logit (a multiply by 1/T), where the logits warper would have divided the logits before
 * the sampler runs; the first rejection is one kernel where torch launches several small ones
 * ({@code rand_like}, the comparison, {@code cumsum}, {@code sum}) followed by a host
 * synchronisation. Both codes accept iff {@code r <= ratio} with torch's generator; here, as in
 * every Specula backend, iff {@code u < ratio} with core's uniforms (they differ only when u
 * equals the ratio). The paper's host code counts accepted drafts over the whole batch (it runs
 * B = 1); here every sequence has its own chain.
 *
 * <h2>What is exact</h2>
 * The baseline and exact-concurrent variants are exact: the same uniforms as every Specula
 * backend, so they emit {@link dev.specula.core.ReferenceVerifier}'s tokens up to float
 * boundary cases. The sigmoid variants are <b>inexact</b> ({@code exact()} is false, names end
 * in "-INEXACT"): sigma((z - MIN) / (MAX - MIN)) with MIN = -1e4, MAX = 1e4 is about 0.622 for
 * every realistic logit (0.6219..0.6231 for z in [-50, 50]), so p~ / q~ is within about 2e-4 of 1
 * and nearly every draft is accepted, whatever the draft; the emitted tokens follow neither p nor
 * anything close to it. They are reproduced to measure that cost beside their speed.
 *
 * <h2>Memory</h2>
 * The paper's designs materialise matrices: p (B(g+1)V floats), q (BgV), and for the concurrent
 * kernels the ratio and residual matrices (BgV each); {@code PaperVerifier#intermediateBytes}
 * gives the total for a shape, and a shape whose matrix exceeds the device's largest allocation
 * (or its 32-bit indices) is refused before any allocation.
 */
package dev.specula.kernels.paper;
