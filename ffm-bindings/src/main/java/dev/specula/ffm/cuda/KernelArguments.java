package dev.specula.ffm.cuda;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The arguments of one kernel launch, in the kernel's parameter order.
 *
 * <p>{@code cuLaunchKernel} takes them as {@code void **kernelParams}: an array with one pointer
 * per parameter, each pointing at that parameter's value. {@link #pack} builds exactly that in an
 * {@link Arena}: the values laid out one after another, each at its natural alignment (4 bytes for
 * {@code int}/{@code float}, 8 for {@code long}/{@code double}/pointers), and the pointer array
 * beside them. The Java types must match the kernel's C types: {@code int} for {@code int},
 * {@code long} for {@code long long}/{@code size_t}, {@code float}, {@code double}, and a buffer or
 * {@code CUdeviceptr} for any pointer parameter.
 *
 * {@snippet :
 * // __global__ void scale(float *data, float factor, int n)
 * KernelArguments arguments = KernelArguments.of(buffer, 2.0f, n);
 * }
 */
public final class KernelArguments {
    /** One kernel parameter's value. */
    public sealed interface Argument {
        /** The C type's layout: its size and natural alignment. */
        ValueLayout layout();

        /** Stores the value at {@code offset} of {@code values}. */
        void store(MemorySegment values, long offset);
    }

    public record IntValue(int value) implements Argument {
        public ValueLayout layout() {
            return ValueLayout.JAVA_INT;
        }

        public void store(MemorySegment values, long offset) {
            values.set(ValueLayout.JAVA_INT, offset, value);
        }
    }

    public record LongValue(long value) implements Argument {
        public ValueLayout layout() {
            return ValueLayout.JAVA_LONG;
        }

        public void store(MemorySegment values, long offset) {
            values.set(ValueLayout.JAVA_LONG, offset, value);
        }
    }

    public record FloatValue(float value) implements Argument {
        public ValueLayout layout() {
            return ValueLayout.JAVA_FLOAT;
        }

        public void store(MemorySegment values, long offset) {
            values.set(ValueLayout.JAVA_FLOAT, offset, value);
        }
    }

    public record DoubleValue(double value) implements Argument {
        public ValueLayout layout() {
            return ValueLayout.JAVA_DOUBLE;
        }

        public void store(MemorySegment values, long offset) {
            values.set(ValueLayout.JAVA_DOUBLE, offset, value);
        }
    }

    /** A raw {@code CUdeviceptr}, e.g. one handed over by another library. */
    public record DevicePointer(long address) implements Argument {
        public ValueLayout layout() {
            return ValueLayout.JAVA_LONG;
        }

        public void store(MemorySegment values, long offset) {
            values.set(ValueLayout.JAVA_LONG, offset, address);
        }
    }

    /** A buffer's device pointer, read when packed, so a buffer closed before launch is refused. */
    public record BufferPointer(CudaBuffer buffer) implements Argument {
        public BufferPointer {
            Objects.requireNonNull(buffer, "buffer");
        }

        public ValueLayout layout() {
            return ValueLayout.JAVA_LONG;
        }

        public void store(MemorySegment values, long offset) {
            values.set(ValueLayout.JAVA_LONG, offset, buffer.devicePointer());
        }
    }

    private final List<Argument> arguments = new ArrayList<>();

    public KernelArguments() {}

    /**
     * Arguments from Java values: {@link Integer}, {@link Long}, {@link Float},
     * {@link Double}, {@link CudaBuffer} or an {@link Argument}.
     *
     * @throws IllegalArgumentException for {@code null} or any other type (no silent widening:
     *                                  a {@code short} passed for an {@code int} parameter is a bug)
     */
    public static KernelArguments of(Object... values) {
        Objects.requireNonNull(values, "values");
        KernelArguments result = new KernelArguments();
        for (int i = 0; i < values.length; i++) {
            result.arguments.add(switch (values[i]) {
                case null -> throw new IllegalArgumentException("kernel argument " + i + " is null");
                case Integer v -> new IntValue(v);
                case Long v -> new LongValue(v);
                case Float v -> new FloatValue(v);
                case Double v -> new DoubleValue(v);
                case CudaBuffer v -> new BufferPointer(v);
                case Argument v -> v;
                default -> throw new IllegalArgumentException("kernel argument " + i + " has unsupported type "
                        + values[i].getClass().getName() + "; pass an int, long, float, double or CudaBuffer");
            });
        }
        return result;
    }

    public KernelArguments addInt(int value) {
        arguments.add(new IntValue(value));
        return this;
    }

    public KernelArguments addLong(long value) {
        arguments.add(new LongValue(value));
        return this;
    }

    public KernelArguments addFloat(float value) {
        arguments.add(new FloatValue(value));
        return this;
    }

    public KernelArguments addDouble(double value) {
        arguments.add(new DoubleValue(value));
        return this;
    }

    public KernelArguments addBuffer(CudaBuffer buffer) {
        arguments.add(new BufferPointer(buffer));
        return this;
    }

    public KernelArguments addDevicePointer(long address) {
        arguments.add(new DevicePointer(address));
        return this;
    }

    public List<Argument> arguments() {
        return List.copyOf(arguments);
    }

    public int size() {
        return arguments.size();
    }

    /**
     * Builds the {@code void **kernelParams} array in {@code arena}: {@link #size()} pointers, the
     * i-th pointing at argument i's value. With no arguments it is {@code NULL}, as the driver
     * accepts for parameterless kernels.
     *
     * @throws IllegalStateException if a buffer argument is closed
     */
    public MemorySegment pack(Arena arena) {
        Objects.requireNonNull(arena, "arena");
        if (arguments.isEmpty()) {
            return MemorySegment.NULL;
        }
        long[] offsets = new long[arguments.size()];
        long end = 0;
        for (int i = 0; i < offsets.length; i++) {
            long alignment = arguments.get(i).layout().byteAlignment();
            offsets[i] = (end + alignment - 1) / alignment * alignment;
            end = offsets[i] + arguments.get(i).layout().byteSize();
        }
        MemorySegment values = arena.allocate(end, Long.BYTES);
        MemorySegment pointers = arena.allocate(ValueLayout.ADDRESS, offsets.length);
        for (int i = 0; i < offsets.length; i++) {
            arguments.get(i).store(values, offsets[i]);
            pointers.setAtIndex(ValueLayout.ADDRESS, i, values.asSlice(offsets[i]));
        }
        return pointers;
    }
}
