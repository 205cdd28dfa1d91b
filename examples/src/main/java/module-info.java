/**
 * Specula examples: runnable programs a newcomer starts with. {@link dev.specula.examples.Demo}
 * verifies drafts on a synthetic language-model-like workload and checks exactness;
 * {@link dev.specula.examples.Devices} lists the OpenCL and CUDA devices;
 * {@link dev.specula.examples.DeviceVerification} verifies on an OpenCL device with the Java
 * kernels and shows the zero-copy path;
 * {@link dev.specula.examples.llama} is a pure-Java Llama-2-architecture model reading llama2.c
 * checkpoints, the real target and draft models of the speculative decoding examples.
 */
module dev.specula.examples {
    requires transitive dev.specula.core;
    requires dev.specula.ffm;
    requires dev.specula.kernels;
    requires jdk.incubator.vector;

    exports dev.specula.examples;
    exports dev.specula.examples.llama;
}
