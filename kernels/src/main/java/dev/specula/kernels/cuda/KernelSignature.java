package dev.specula.kernels.cuda;

import dev.specula.ffm.cuda.KernelArguments;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.ToLongFunction;

/**
 * A kernel's name and ordered parameter table: what the host needs to pack a launch's arguments
 * by name into the kernel's positional parameter list.
 *
 * {@snippet :
 * KernelArguments arguments = HandwrittenKernels.ACCEPT.pack(
 *         array -> workspace.pointer(array),            // every pointer parameter, by its name
 *         plan.scalars(target, draft));                 // every scalar parameter, by its name
 * }
 */
public record KernelSignature(String name, List<KernelParameter> parameters) {
    public KernelSignature {
        Objects.requireNonNull(name, "name");
        parameters = List.copyOf(parameters);
        if (parameters.stream().map(KernelParameter::name).distinct().count() != parameters.size()) {
            throw new IllegalArgumentException("kernel " + name + " has two parameters of the same name");
        }
    }

    /** The names of the parameters, in order. */
    public List<String> parameterNames() {
        return parameters.stream().map(KernelParameter::name).toList();
    }

    /**
     * The launch arguments in parameter order: a pointer parameter gets the device address
     * {@code pointers} gives for its name; a scalar parameter the value of its name in
     * {@code scalars}, which must be an {@link Integer} for {@code int} and a {@link Long} for
     * {@code long} (no silent widening).
     *
     * @throws IllegalArgumentException if a scalar is missing or of the wrong type, or a pointer
     *     is 0
     */
    public KernelArguments pack(ToLongFunction<String> pointers, Map<String, ? extends Number> scalars) {
        Objects.requireNonNull(pointers, "pointers");
        Objects.requireNonNull(scalars, "scalars");
        KernelArguments arguments = new KernelArguments();
        for (KernelParameter parameter : parameters) {
            String what = "parameter " + parameter.name() + " of " + name;
            if (parameter.type().isPointer()) {
                long address = pointers.applyAsLong(parameter.name());
                if (address == 0) throw new IllegalArgumentException(what + " is bound to a NULL device pointer");
                arguments.addDevicePointer(address);
                continue;
            }
            Number value = scalars.get(parameter.name());
            switch (parameter.type()) {
                case INT -> {
                    if (!(value instanceof Integer i)) throw wrongScalar(what, "an Integer", value);
                    arguments.addInt(i);
                }
                case LONG -> {
                    if (!(value instanceof Long l)) throw wrongScalar(what, "a Long", value);
                    arguments.addLong(l);
                }
                case FLOAT -> {
                    if (!(value instanceof Float f)) throw wrongScalar(what, "a Float", value);
                    arguments.addFloat(f);
                }
                default -> throw new IllegalStateException(parameter.type() + " is a pointer");
            }
        }
        return arguments;
    }

    private static IllegalArgumentException wrongScalar(String what, String expected, Number value) {
        return new IllegalArgumentException(what + " needs " + expected + ", got "
                + (value == null ? "nothing" : value.getClass().getSimpleName() + " " + value));
    }
}
