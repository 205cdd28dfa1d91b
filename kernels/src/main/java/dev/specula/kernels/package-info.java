/**
 * Chain verification on OpenCL devices: {@link dev.specula.kernels.OpenClVerifier} (Java kernels
 * translated at run time, or the hand-written OpenCL C), {@link dev.specula.kernels.DeviceRows}
 * for logits already on the device, {@link dev.specula.kernels.Devices} to pick a device and
 * {@link dev.specula.kernels.KernelTimes} for profiled kernel times.
 */
package dev.specula.kernels;
