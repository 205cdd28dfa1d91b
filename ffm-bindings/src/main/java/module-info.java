/**
 * Panama FFM bindings to OpenCL and the CUDA driver API.
 *
 * <p>Each native library has a raw, jextract-shaped package (one header-like class with a static
 * wrapper per function) and a safe package of {@link AutoCloseable} types over it. The module
 * depends on nothing but the JDK.
 */
module dev.specula.ffm {
    exports dev.specula.ffm;
    exports dev.specula.ffm.cuda;
    exports dev.specula.ffm.cuda.raw;
    exports dev.specula.ffm.opencl;
    exports dev.specula.ffm.opencl.raw;
}
