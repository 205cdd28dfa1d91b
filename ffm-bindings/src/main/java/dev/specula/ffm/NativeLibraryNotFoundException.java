package dev.specula.ffm;

import java.util.List;

/**
 * A native library (or one of its functions) could not be found. The message says which names
 * were tried and what to install; callers never see an {@link UnsatisfiedLinkError}.
 */
public final class NativeLibraryNotFoundException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String library;

    NativeLibraryNotFoundException(String library, String message) {
        super(message);
        this.library = library;
    }

    static NativeLibraryNotFoundException library(String library, List<String> tried, String property, String installHint) {
        return new NativeLibraryNotFoundException(library,
                "%s is not installed: none of %s could be loaded (set -D%s=/path/to/library to point at it). %s"
                        .formatted(library, tried, property, installHint));
    }

    static NativeLibraryNotFoundException symbol(String library, String symbol, String loadedFrom) {
        return new NativeLibraryNotFoundException(library,
                "%s (%s) has no function %s: the installed version is too old for this call"
                        .formatted(library, loadedFrom, symbol));
    }

    /** The library's display name, e.g. {@code "OpenCL"}. */
    public String library() {
        return library;
    }
}
