package dev.specula.kernels.cuda;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An independent reading of the kernel signatures in the hand-written C source, for tests: every
 * {@code KERNEL Name(...)} with its parameters as (name, type) in order.
 */
final class CSignatures {
    private static final Pattern KERNEL = Pattern.compile("KERNEL\\s+(\\w+)\\s*\\(([^)]*)\\)", Pattern.DOTALL);

    private CSignatures() {}

    /** Kernel name -> parameters, in source order. */
    static Map<String, List<KernelParameter>> parse(String source) {
        Map<String, List<KernelParameter>> kernels = new LinkedHashMap<>();
        Matcher m = KERNEL.matcher(source);
        while (m.find()) {
            List<KernelParameter> parameters = new ArrayList<>();
            for (String declaration : m.group(2).split(",")) {
                String d = declaration.replaceAll("\\b(GLOBAL|const|RESTRICT)\\b", " ").replaceAll("\\s+", " ").trim();
                int split = d.lastIndexOf(' ');
                String type = d.substring(0, split).replace(" ", ""), name = d.substring(split + 1);
                parameters.add(new KernelParameter(name, switch (type) {
                    case "float*" -> ParameterType.FLOAT_POINTER;
                    case "int*" -> ParameterType.INT_POINTER;
                    case "double*" -> ParameterType.DOUBLE_POINTER;
                    case "int" -> ParameterType.INT;
                    case "i64" -> ParameterType.LONG;
                    case "float" -> ParameterType.FLOAT;
                    default -> throw new IllegalArgumentException("unexpected C type " + type + " of " + name);
                }));
            }
            kernels.put(m.group(1), parameters);
        }
        return kernels;
    }
}
