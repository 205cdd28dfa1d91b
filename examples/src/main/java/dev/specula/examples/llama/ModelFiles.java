package dev.specula.examples.llama;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Where model files (checkpoints, tokenizers) are looked up, in this order:
 * <ol>
 *   <li>the folder named by the system property {@value #PROPERTY};
 *   <li>the folder named by the environment variable {@value #ENVIRONMENT};
 *   <li>{@code models/} in the repository root (ignored by git: weights are never committed);
 *   <li>{@code shared/models} next to the repository root, or next to any folder above it (so
 *       {@code ../shared/models} of a checkout, also from a worktree nested one level deeper).
 * </ol>
 * The repository root is the nearest folder, from the working directory up, that holds the
 * Specula parent {@code pom.xml}; tests run in {@code examples/} and find it one level up.
 *
 * {@snippet :
 * Path model = ModelFiles.find("stories260K.bin")
 *         .orElseThrow(() -> new IllegalStateException(ModelFiles.notFound("stories260K.bin")));
 * }
 */
public final class ModelFiles {
    public static final String PROPERTY = "specula.models";
    public static final String ENVIRONMENT = "SPECULA_MODELS";
    /** Where the small llama2.c models come from. */
    public static final String SOURCE = "https://huggingface.co/karpathy/tinyllamas (stories260K/stories260K.bin, stories260K/tok512.bin)";

    private ModelFiles() {
    }

    /** The folders searched, in order (existing or not). */
    public static List<Path> searchPath() {
        Set<Path> folders = new LinkedHashSet<>();
        String property = System.getProperty(PROPERTY);
        if (property != null && !property.isBlank()) folders.add(Path.of(property).toAbsolutePath().normalize());
        String environment = System.getenv(ENVIRONMENT);
        if (environment != null && !environment.isBlank()) folders.add(Path.of(environment).toAbsolutePath().normalize());
        repositoryRoot().ifPresent(root -> {
            folders.add(root.resolve("models"));
            for (Path up = root.getParent(); up != null; up = up.getParent()) folders.add(up.resolve("shared").resolve("models"));
        });
        return new ArrayList<>(folders);
    }

    /** The first readable file of that name on the {@linkplain #searchPath() search path}. */
    public static Optional<Path> find(String fileName) {
        for (Path folder : searchPath()) {
            Path file = folder.resolve(fileName);
            if (Files.isRegularFile(file) && Files.isReadable(file)) return Optional.of(file);
        }
        return Optional.empty();
    }

    /** A message for a missing file: where it was looked for and where to get it. */
    public static String notFound(String fileName) {
        return fileName + " not found; looked in " + searchPath() + ". Put it in one of those folders or point -D" + PROPERTY
                + " or $" + ENVIRONMENT + " at its folder; get it from " + SOURCE + ".";
    }

    /** The nearest folder from the working directory up that holds the Specula parent pom.xml. */
    public static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path pom = dir.resolve("pom.xml");
            if (!Files.isRegularFile(pom)) continue;
            try {
                String text = Files.readString(pom);
                // The parent pom names itself specula-parent; module poms name it inside <parent>.
                if (text.contains("<artifactId>specula-parent</artifactId>") && !text.contains("<parent>")) return Optional.of(dir);
            } catch (IOException | RuntimeException e) {
                // An unreadable pom is not the root; keep walking up.
            }
        }
        return Optional.empty();
    }
}
