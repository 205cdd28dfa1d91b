package dev.specula.kernels.translate;

/**
 * A Java kernel class could not be translated to OpenCL C: it uses a construct outside
 * Aparapi's Java subset (an object allocation, a call to a JDK method, a switch, an exception,
 * a local array, ...). The message names the kernel class and the construct.
 */
public final class KernelTranslationException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String kernelClass;
    private final String construct;

    /**
     * @param kernelClass the kernel class that failed
     * @param construct   the Java construct that caused it, as the translator describes it
     * @param cause       the translator's own exception, if any
     */
    public KernelTranslationException(String kernelClass, String construct, Throwable cause) {
        super("cannot translate kernel " + kernelClass + " to OpenCL C: " + construct, cause);
        this.kernelClass = kernelClass;
        this.construct = construct;
    }

    /** The binary name of the kernel class. */
    public String kernelClass() {
        return kernelClass;
    }

    /** The Java construct that could not be translated. */
    public String construct() {
        return construct;
    }
}
