/**
 * The verification pipeline as six Java kernel classes (one per {@link
 * dev.specula.kernels.pipeline.Stage}), the geometry they run with ({@link
 * dev.specula.kernels.pipeline.PipelineShape}) and where their OpenCL C comes from ({@link
 * dev.specula.kernels.pipeline.KernelSet}: translated Java or hand-written C).
 *
 * <p>The kernel classes are written in Aparapi's Java subset: primitive and primitive-array
 * fields only, no objects or local arrays, loops with flags rather than {@code break}, and NaN
 * tests spelled out ({@code x != x || x > max}) because the translator rewrites a negated
 * comparison without its NaN case.
 */
package dev.specula.kernels.pipeline;
