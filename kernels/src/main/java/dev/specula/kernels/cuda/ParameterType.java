package dev.specula.kernels.cuda;

/**
 * The C type of a kernel parameter of the hand-written pipeline, with the PTX type nvcc gives it
 * ({@code .u64} for pointers and {@code long long}, {@code .u32} for {@code int}).
 */
public enum ParameterType {
    FLOAT_POINTER("float*", ".u64"),
    INT_POINTER("int*", ".u64"),
    DOUBLE_POINTER("double*", ".u64"),
    INT("int", ".u32"),
    LONG("long", ".u64"),
    FLOAT("float", ".f32");

    private final String cType;
    private final String ptxType;

    ParameterType(String cType, String ptxType) {
        this.cType = cType;
        this.ptxType = ptxType;
    }

    /** The type as OpenCL's {@code clGetKernelArgInfo} names it, e.g. {@code "float*"}. */
    public String cType() {
        return cType;
    }

    /** The type of the parameter in a PTX {@code .entry}, e.g. {@code ".u64"}. */
    public String ptxType() {
        return ptxType;
    }

    /** Whether the parameter is a pointer to device memory. */
    public boolean isPointer() {
        return cType.endsWith("*");
    }

    /** The size in bytes of one element a pointer parameter points at. */
    public int elementBytes() {
        return switch (this) {
            case FLOAT_POINTER, INT_POINTER -> 4;
            case DOUBLE_POINTER -> 8;
            default -> throw new IllegalStateException(this + " is not a pointer");
        };
    }
}
