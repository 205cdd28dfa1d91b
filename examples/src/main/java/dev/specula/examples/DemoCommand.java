package dev.specula.examples;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * {@code ./specula demo}: speculative decoding of stories260K when its files are found
 * ({@link StoryDemo}), the throughput harness with {@code --bench} ({@link DecodingBenchmark}),
 * and the synthetic verification demo ({@link Demo}) with {@code --synthetic} or when no model is
 * found (after saying where to get one).
 */
public final class DemoCommand {
    private DemoCommand() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err, DemoCommand::findStories, new String[0]);
        if (status != 0) System.exit(status);
    }

    private static Optional<Stories> findStories() {
        try {
            return Stories.find();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs the command; returns the exit status (0, 1 on a failed check, 2 on bad options).
     *
     * @param syntheticFallback the synthetic demo's options when no model is found
     */
    static int run(String[] args, PrintStream out, PrintStream err, Supplier<Optional<Stories>> models, String[] syntheticFallback) {
        List<String> rest = Arrays.asList(args);
        if (rest.contains("--synthetic")) {
            return Demo.run(rest.stream().filter(a -> !a.equals("--synthetic")).toArray(String[]::new), out, err);
        }
        boolean bench = rest.contains("--bench");
        StoryOptions options;
        try {
            options = StoryOptions.parse(rest.stream().filter(a -> !a.equals("--bench")).toArray(String[]::new));
        } catch (IllegalArgumentException e) {
            err.println("demo: " + e.getMessage());
            err.print(StoryOptions.USAGE);
            return 2;
        }
        if (options.json().isPresent() && !bench) {
            err.println("demo: --json writes the benchmark's measurements; it goes with --bench");
            err.print(StoryOptions.USAGE);
            return 2;
        }
        if (options.help()) {
            out.print(StoryOptions.USAGE);
            return 0;
        }
        Optional<Stories> found;
        try {
            found = models.get();
        } catch (UncheckedIOException | IllegalArgumentException e) {
            // A file that cannot be read, a bad checkpoint, or files whose vocabularies differ.
            err.println("demo: cannot load the model files: " + (e instanceof UncheckedIOException u ? u.getCause() : e).getMessage());
            return 1;
        }
        if (found.isEmpty()) {
            out.printf("""
                    No model found: %s.
                    Get stories260K.bin and tok512.bin from https://huggingface.co/karpathy/tinyllamas (folder stories260K),
                    and make stories260K_q80.bin with llama2.c's export.py --version 2 (Q8_0); put them in models/ in the
                    repository root (ignored by git) or ../shared/models, or point -Dspecula.models / $SPECULA_MODELS at them.
                    %n""", Stories.whatIsMissing());
            if (bench) {
                err.println("demo: the benchmark needs the model files");
                return 2;
            }
            out.printf("Running the synthetic verification demo instead.%n%n");
            return Demo.run(syntheticFallback, out, err);
        }
        try (Stories stories = found.get()) {
            if (!bench) return StoryDemo.run(options, stories, out);
            try {
                return DecodingBenchmark.run(options, stories, out);
            } catch (UncheckedIOException e) {
                err.println("demo: " + e.getMessage() + ": " + e.getCause().getMessage());
                return 1;
            }
        }
    }
}
