package dev.specula.ffm.cuda;

import static java.util.Map.entry;

import java.util.Map;

/**
 * NVRTC refused a program or a call. For a compilation error ({@code NVRTC_ERROR_COMPILATION})
 * {@link #log()} holds the compiler's messages, which the exception message includes.
 */
public final class NvrtcException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** The {@code nvrtcResult} enum of {@code nvrtc.h}. */
    static final Map<Integer, String> NAMES = Map.ofEntries(
            entry(0, "NVRTC_SUCCESS"),
            entry(1, "NVRTC_ERROR_OUT_OF_MEMORY"),
            entry(2, "NVRTC_ERROR_PROGRAM_CREATION_FAILURE"),
            entry(3, "NVRTC_ERROR_INVALID_INPUT"),
            entry(4, "NVRTC_ERROR_INVALID_PROGRAM"),
            entry(5, "NVRTC_ERROR_INVALID_OPTION"),
            entry(6, "NVRTC_ERROR_COMPILATION"),
            entry(7, "NVRTC_ERROR_BUILTIN_OPERATION_FAILURE"),
            entry(8, "NVRTC_ERROR_NO_NAME_EXPRESSIONS_AFTER_COMPILATION"),
            entry(9, "NVRTC_ERROR_NO_LOWERED_NAMES_BEFORE_COMPILATION"),
            entry(10, "NVRTC_ERROR_NAME_EXPRESSION_NOT_VALID"),
            entry(11, "NVRTC_ERROR_INTERNAL_ERROR"),
            entry(12, "NVRTC_ERROR_TIME_FILE_WRITE_FAILED"));

    private final int code;
    private final String log;

    NvrtcException(int code, String function, String log) {
        super("%s failed with %s (%d)%s".formatted(function, name(code), code, log.isBlank() ? "" : ":\n" + log.strip()));
        this.code = code;
        this.log = log;
    }

    /** The enum name of an {@code nvrtcResult}. */
    public static String name(int code) {
        return NAMES.getOrDefault(code, "nvrtcResult " + code);
    }

    /** The {@code nvrtcResult} value. */
    public int code() {
        return code;
    }

    /** The compiler's log; empty when the failure was not a compilation error. */
    public String log() {
        return log;
    }
}
