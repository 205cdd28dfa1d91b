package dev.specula.kernels.translate;

import com.aparapi.Kernel;
import com.aparapi.internal.exception.AparapiException;
import com.aparapi.internal.exception.ClassParseException;
import com.aparapi.internal.instruction.Instruction;
import com.aparapi.internal.model.ClassModel;
import com.aparapi.internal.model.Entrypoint;
import com.aparapi.internal.writer.KernelWriter;
import dev.specula.kernels.translate.TranslatedKernel.Parameter;
import dev.specula.kernels.translate.TranslatedKernel.Space;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Translates {@link Kernel} subclasses to OpenCL C with Aparapi's code generator, once per class.
 *
 * <p>Only Aparapi's translator is used: {@code ClassModel.createClassModel(K.class)} parses the
 * class's bytecode, {@code getEntrypoint("run", instance)} resolves the {@code run()} method and
 * every field and method it reaches, and {@code KernelWriter.writeToString} prints OpenCL C.
 * Aparapi's runtime is never started; the project's own FFM OpenCL layer builds and launches the
 * result on its own buffers. Each field the kernel reads or writes becomes a parameter of the
 * generated {@code __kernel} function (arrays as {@code __global} buffers, {@code @Local} arrays
 * as {@code __local} buffers, primitives by value), followed by Aparapi's {@code int passid}.
 *
 * <p>The kernel function is renamed from Aparapi's {@code run} to the class's simple name, so the
 * Java kernels and hand-written OpenCL C share kernel names.
 *
 * {@snippet :
 * TranslatedKernel stats = KernelTranslator.shared().translate(RowStatsKernel.class);
 * System.out.println(stats.source());
 * }
 *
 * <p>Thread-safe. Aparapi's parser is not, so translations run one at a time.
 */
public final class KernelTranslator {
    /** Aparapi appends this parameter to every kernel; it is bound to 0. */
    public static final String PASS_ID = "passid";

    private static final KernelTranslator SHARED = new KernelTranslator();
    /**
     * Aparapi logs a warning for every class-file attribute newer than its parser (NestHost,
     * MethodParameters, ...), all irrelevant to translation; its failures arrive as exceptions.
     * The logger is held here so that its level is not lost with it.
     */
    private static final Logger APARAPI_LOG = Logger.getLogger("com.aparapi");

    static {
        // Aparapi's Config sets its logger's level from this property when it first loads.
        if (System.getProperty("com.aparapi.logLevel") == null) System.setProperty("com.aparapi.logLevel", "SEVERE");
        APARAPI_LOG.setLevel(Level.SEVERE);
    }
    private static final Pattern SIGNATURE = Pattern.compile("__kernel\\s+void\\s+run\\s*\\(([^)]*)\\)");

    private final Map<Class<?>, TranslatedKernel> cache = new ConcurrentHashMap<>();
    private int translations;

    /** A translator with its own cache; most code uses {@link #shared()}. */
    public KernelTranslator() {}

    /** The process-wide translator, whose cache every verifier shares. */
    public static KernelTranslator shared() {
        return SHARED;
    }

    /**
     * The OpenCL C of {@code kernelClass}, translated on the first call and cached afterwards.
     * The class needs a no-argument constructor (an instance is made to resolve its fields) and
     * must be compiled with debug information (Maven's default).
     *
     * @throws KernelTranslationException naming the class and the Java construct that cannot be
     *                                    translated
     */
    public TranslatedKernel translate(Class<? extends Kernel> kernelClass) {
        Objects.requireNonNull(kernelClass, "kernelClass");
        TranslatedKernel cached = cache.get(kernelClass);
        if (cached != null) return cached;
        synchronized (this) {
            return cache.computeIfAbsent(kernelClass, this::translateNow);
        }
    }

    /** How many classes this translator has translated (not counting cache hits). */
    public synchronized int translations() {
        return translations;
    }

    private TranslatedKernel translateNow(Class<?> kernelClass) {
        String className = kernelClass.getName();
        Object instance = instantiate(kernelClass);
        String generated;
        List<Field> fields;
        try {
            synchronized (KernelTranslator.class) { // Aparapi's class-model caches are static
                Entrypoint entrypoint = ClassModel.createClassModel(kernelClass).getEntrypoint("run", instance);
                generated = KernelWriter.writeToString(entrypoint);
                fields = entrypoint.getReferencedFields();
            }
        } catch (ClassParseException e) {
            throw new KernelTranslationException(className, describe(e), e);
        } catch (AparapiException e) {
            throw new KernelTranslationException(className, e.getMessage(), e);
        } catch (RuntimeException e) {
            // Aparapi's parser throws plain runtime exceptions on some constructs it does not model.
            throw new KernelTranslationException(className, e.getClass().getSimpleName() + ": " + e.getMessage(), e);
        }
        if (generated == null || generated.isBlank()) {
            throw new KernelTranslationException(className, "the translator produced no code", null);
        }
        List<Parameter> parameters = new ArrayList<>();
        for (Field field : fields) parameters.add(parameter(className, field));
        parameters.add(new Parameter(PASS_ID, Space.SCALAR, "int"));
        String name = kernelClass.getSimpleName();
        String source = checkedAndRenamed(className, generated, parameters, name);
        translations++;
        return new TranslatedKernel(kernelClass, name, source, parameters);
    }

    private static Object instantiate(Class<?> kernelClass) {
        try {
            return kernelClass.getDeclaredConstructor().newInstance();
        } catch (NoSuchMethodException e) {
            throw new KernelTranslationException(kernelClass.getName(), "the class has no no-argument constructor", e);
        } catch (InvocationTargetException e) {
            throw new KernelTranslationException(kernelClass.getName(), "its constructor failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new KernelTranslationException(kernelClass.getName(), "it cannot be instantiated: " + e, e);
        }
    }

    /** The rejected construct: Aparapi's reason and, where known, the bytecode instruction and source line. */
    private static String describe(ClassParseException e) {
        StringBuilder s = new StringBuilder();
        s.append(e.getType().name()).append(" (").append(e.getType().getDescription()).append(')');
        Instruction instruction = e.getInstruction();
        if (instruction != null) {
            s.append(" at bytecode ").append(instruction.getByteCode().getName()).append(" (pc ").append(instruction.getThisPC());
            if (instruction.getMethod() != null) {
                s.append(" in ").append(instruction.getMethod().getName());
            }
            s.append(')');
        }
        if (e.getMessage() != null && !e.getMessage().isBlank()) s.append(": ").append(e.getMessage());
        return s.toString();
    }

    private static Parameter parameter(String className, Field field) {
        Class<?> type = field.getType();
        if (type.isArray()) {
            Class<?> element = type.getComponentType();
            boolean local = field.isAnnotationPresent(Kernel.Local.class) || field.getName().endsWith(Kernel.LOCAL_SUFFIX);
            return new Parameter(field.getName(), local ? Space.LOCAL : Space.GLOBAL, openClType(className, field, element));
        }
        return new Parameter(field.getName(), Space.SCALAR, openClType(className, field, type));
    }

    private static String openClType(String className, Field field, Class<?> type) {
        if (type == int.class) return "int";
        if (type == long.class) return "long";
        if (type == float.class) return "float";
        if (type == double.class) return "double";
        if (type == short.class) return "short";
        if (type == byte.class) return "char";
        if (type == char.class) return "unsigned short";
        if (type == boolean.class) return "char";
        throw new KernelTranslationException(className, "field " + field.getName() + " has type " + field.getType().getTypeName()
                + "; kernels take only primitives and one-dimensional primitive arrays", null);
    }

    /**
     * Checks the generated signature against the parameter list (so a binding by name can never
     * land on the wrong argument) and renames the kernel function.
     */
    private static String checkedAndRenamed(String className, String generated, List<Parameter> parameters, String name) {
        Matcher signature = SIGNATURE.matcher(generated);
        if (!signature.find()) {
            throw new KernelTranslationException(className, "the generated code has no '__kernel void run(...)' function", null);
        }
        List<String> declared = new ArrayList<>();
        for (String declaration : signature.group(1).split(",")) {
            String[] words = declaration.strip().split("[\\s*]+");
            declared.add(words[words.length - 1]);
        }
        List<String> expected = parameters.stream().map(Parameter::name).toList();
        if (!declared.equals(expected)) {
            throw new KernelTranslationException(className, "the generated kernel takes " + declared + " but its fields give " + expected, null);
        }
        return generated.substring(0, signature.start()) + "__kernel void " + name + "(" + signature.group(1) + ")"
                + generated.substring(signature.end());
    }
}
