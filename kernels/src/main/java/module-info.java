/**
 * Specula's device backends: the verification pipeline written as Java kernels, translated to
 * OpenCL C at run time by Aparapi's code generator and run through Specula's own FFM OpenCL layer
 * on {@link java.lang.foreign.MemorySegment}s and device buffers.
 *
 * <p>Aparapi (3.0.2) has no module descriptor: it is the automatic module {@code aparapi}, named
 * after its jar. Only its translator is used, never its runtime or native library.
 */
module dev.specula.kernels {
    requires transitive dev.specula.core;
    requires transitive dev.specula.ffm;
    requires transitive aparapi;
    requires java.logging; // to quiet Aparapi's parser warnings

    exports dev.specula.kernels;
    exports dev.specula.kernels.translate;
    exports dev.specula.kernels.graph;
    exports dev.specula.kernels.pipeline;
    exports dev.specula.kernels.cuda;
    exports dev.specula.kernels.paper;
    // Aparapi reads the kernels' fields reflectively while translating them.
    opens dev.specula.kernels.pipeline to aparapi;
    opens dev.specula.kernels.paper to aparapi;
}
