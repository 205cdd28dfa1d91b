package dev.specula.examples;

import dev.specula.core.ChainVerifier;
import dev.specula.core.FastVerifier;
import dev.specula.core.ReferenceVerifier;
import java.util.Arrays;
import java.util.stream.Collectors;

/** The verifier backends the real-model demo and benchmark offer. */
enum Backend {
    /** The double-precision textbook verifier. */
    REFERENCE("reference"),
    /** The SIMD verifier, on every core of the machine. */
    FAST("fast");

    final String option;

    Backend(String option) {
        this.option = option;
    }

    /** A new verifier of this kind; the caller closes it. */
    ChainVerifier open() {
        return switch (this) {
            case REFERENCE -> new ReferenceVerifier();
            case FAST -> new FastVerifier(Runtime.getRuntime().availableProcessors());
        };
    }

    static Backend parse(String text) {
        for (Backend backend : values()) if (backend.option.equals(text)) return backend;
        throw new IllegalArgumentException("--backend must be one of " + options() + ", got '" + text + "'");
    }

    static String options() {
        return Arrays.stream(values()).map(b -> b.option).collect(Collectors.joining("|"));
    }
}
