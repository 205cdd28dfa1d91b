package dev.specula.ffm.cuda;

/**
 * A CUDA driver call returned an error. Carries the {@code CUresult} code and its enum name, so
 * {@code CUDA_ERROR_OUT_OF_MEMORY} reads as such rather than as {@code 2}.
 */
public class CudaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int code;
    private final String name;

    public CudaException(int code, String function) {
        this(code, function, "");
    }

    /** @param detail extra context appended to the message, e.g. the JIT log; may be empty */
    public CudaException(int code, String function, String detail) {
        this(code, CudaErrorNames.name(code), function, detail);
    }

    private CudaException(int code, String name, String function, String detail) {
        super(message(code, name, function, detail));
        this.code = code;
        this.name = name;
    }

    private static String message(int code, String name, String function, String detail) {
        String description = CudaErrorNames.description(code).map(text -> ": " + text).orElse("");
        return "%s failed with %s (%d)%s%s".formatted(function, name, code, description,
                detail.isEmpty() ? "" : "\n" + detail);
    }

    /** Throws unless {@code result} is {@code CUDA_SUCCESS}. */
    static void check(int result, String function) {
        if (result != 0) {
            throw new CudaException(result, function);
        }
    }

    /** The {@code CUresult} value. */
    public int code() {
        return code;
    }

    /** The {@code CUresult} enum name, e.g. {@code CUDA_ERROR_INVALID_PTX}. */
    public String name() {
        return name;
    }
}
