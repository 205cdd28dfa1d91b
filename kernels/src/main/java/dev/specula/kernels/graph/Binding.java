package dev.specula.kernels.graph;

import dev.specula.ffm.opencl.ClBuffer;
import java.util.Objects;

/** What a kernel parameter of a {@link KernelGraph} is bound to, by the parameter's name. */
public sealed interface Binding {
    /** A global buffer. */
    record Buffer(ClBuffer buffer) implements Binding {
        public Buffer {
            Objects.requireNonNull(buffer, "buffer");
        }
    }

    /** Work-group ({@code __local}) memory of the given size. */
    record Local(long bytes) implements Binding {
        public Local {
            if (bytes <= 0) throw new IllegalArgumentException("local memory must be positive, got " + bytes);
        }
    }

    /** An {@code int}. */
    record IntValue(int value) implements Binding {}

    /** A {@code long}. */
    record LongValue(long value) implements Binding {}

    /** A {@code float}. */
    record FloatValue(float value) implements Binding {}

    /** A {@code double}. */
    record DoubleValue(double value) implements Binding {}
}
