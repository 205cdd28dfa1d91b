/**
 * Specula examples: runnable programs a newcomer starts with. {@link dev.specula.examples.Demo}
 * verifies drafts on a synthetic language-model-like workload and checks exactness;
 * {@link dev.specula.examples.Devices} lists the OpenCL and CUDA devices.
 */
module dev.specula.examples {
    requires dev.specula.core;
    requires dev.specula.ffm;

    exports dev.specula.examples;
}
