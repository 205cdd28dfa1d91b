package dev.specula.ffm.opencl;

/**
 * An OpenCL call returned an error code. The message names the function and the code, e.g.
 * {@code "clEnqueueNDRangeKernel failed: CL_INVALID_KERNEL_ARGS (-52)"}.
 *
 * <p>Arguments the safe layer can check itself (sizes, offsets, closed objects) are refused with
 * {@link IllegalArgumentException} or {@link IllegalStateException} before any native call, so a
 * {@code ClException} means the driver itself said no.
 */
public class ClException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String function;

    /** An error {@code code} returned by the C function {@code function}. */
    public ClException(String function, int code) {
        this(function, code, "");
    }

    /** The same, with a detail appended to the message. */
    public ClException(String function, int code, String detail) {
        super(message(function, code, detail));
        this.function = function;
        this.code = code;
    }

    private static String message(String function, int code, String detail) {
        String base = "%s failed: %s (%d)".formatted(function, ClError.nameOf(code), code);
        return detail.isEmpty() ? base : base + ": " + detail;
    }

    /** The OpenCL error code, a negative number. */
    public int code() {
        return code;
    }

    /** The code's C name, e.g. {@code "CL_INVALID_KERNEL_ARGS"}. */
    public String codeName() {
        return ClError.nameOf(code);
    }

    /** The C function that failed, e.g. {@code "clBuildProgram"}. */
    public String function() {
        return function;
    }

    /** Throws unless {@code code} is {@code CL_SUCCESS}. */
    static void check(int code, String function) {
        if (code != 0) {
            throw new ClException(function, code);
        }
    }
}
