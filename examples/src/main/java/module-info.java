/**
 * Specula examples: runnable programs a newcomer starts with. {@link dev.specula.examples.Demo}
 * verifies drafts on a synthetic language-model-like workload and checks exactness.
 */
module dev.specula.examples {
    requires dev.specula.core;

    exports dev.specula.examples;
}
