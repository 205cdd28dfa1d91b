package dev.specula.kernels.translate;

import java.util.List;
import java.util.Objects;

/**
 * A Java kernel class translated to OpenCL C: the source of one {@code __kernel} function and
 * its parameters in the order the function takes them, so that arguments can be bound by name.
 *
 * {@snippet :
 * TranslatedKernel kernel = KernelTranslator.shared().translate(RowStatsKernel.class);
 * System.out.println(kernel.source());           // the generated OpenCL C
 * int at = kernel.indexOf("partialMax");          // where the field became a parameter
 * }
 *
 * @param kernelClass  the translated class
 * @param functionName the name of the {@code __kernel} function: the class's simple name
 * @param source       the OpenCL C program (one kernel function and its helpers)
 * @param parameters   the function's parameters, in order
 */
public record TranslatedKernel(Class<?> kernelClass, String functionName, String source, List<Parameter> parameters) {

    /** Where a parameter lives. */
    public enum Space {
        /** A {@code __global} (or {@code __constant}) buffer: a device buffer is bound to it. */
        GLOBAL,
        /** A {@code __local} buffer: bound to a number of bytes of work-group memory. */
        LOCAL,
        /** A value passed by copy. */
        SCALAR
    }

    /**
     * One parameter of the kernel function.
     *
     * @param name the Java field's name (also the OpenCL C parameter's name)
     * @param space global buffer, local buffer or scalar
     * @param type the OpenCL C element type of a buffer, or the scalar's type: {@code int},
     *     {@code long}, {@code float}, {@code double}, ...
     */
    public record Parameter(String name, Space space, String type) {
        public Parameter {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(space, "space");
            Objects.requireNonNull(type, "type");
        }
    }

    public TranslatedKernel {
        Objects.requireNonNull(kernelClass, "kernelClass");
        Objects.requireNonNull(functionName, "functionName");
        Objects.requireNonNull(source, "source");
        parameters = List.copyOf(parameters);
    }

    /** The parameter names, in order. */
    public List<String> parameterNames() {
        return parameters.stream().map(Parameter::name).toList();
    }

    /**
     * The position of the parameter called {@code name}.
     *
     * @throws IllegalArgumentException if the kernel has no such parameter
     */
    public int indexOf(String name) {
        for (int i = 0; i < parameters.size(); i++) {
            if (parameters.get(i).name().equals(name)) return i;
        }
        throw new IllegalArgumentException("kernel " + functionName + " has no parameter '" + name + "'; it has " + parameterNames());
    }
}
