/**
 * What every OpenCL verifier of this module does on the host, shared by {@link
 * dev.specula.kernels.OpenClVerifier} and {@link dev.specula.kernels.paper.PaperVerifier}: one
 * context per device, host rows reaching the device in place or through a copy, the small
 * per-sequence inputs, and the outcome the kernels write (statuses turned into core's
 * exceptions, tokens into the result). Not exported.
 */
package dev.specula.kernels.host;
