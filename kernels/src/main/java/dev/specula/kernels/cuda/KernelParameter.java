package dev.specula.kernels.cuda;

import java.util.Objects;

/**
 * One parameter of a kernel: its name (the same in the hand-written C, the Java kernels and the
 * host's bindings) and its C type.
 */
public record KernelParameter(String name, ParameterType type) {
    public KernelParameter {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        if (name.isBlank()) throw new IllegalArgumentException("a parameter needs a name");
    }
}
