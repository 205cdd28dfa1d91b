/** Specula's device backends (placeholder descriptor until the kernels branch is merged). */
module dev.specula.kernels {
    requires transitive dev.specula.core;
    requires transitive dev.specula.ffm;

    exports dev.specula.kernels.cuda;
}
