package dev.specula.ffm.opencl;

/**
 * A program did not build. The compiler's log is in the message and in {@link #buildLog()}.
 */
public final class ClBuildException extends ClException {
    private static final long serialVersionUID = 1L;

    private final String buildLog;

    ClBuildException(int code, String deviceName, String buildLog) {
        super("clBuildProgram", code, "for " + deviceName + ", build log:\n" + buildLog);
        this.buildLog = buildLog;
    }

    /** What the OpenCL C compiler printed (errors with line and column). */
    public String buildLog() {
        return buildLog;
    }
}
