package dev.specula.examples;

import java.util.Arrays;

/** The demo's command-line options, parsed and checked. */
record DemoOptions(int vocab, int batch, int calls, int samples, long seed, boolean help) {
    static final String USAGE = """
            Usage: Demo [--vocab N] [--batch B] [--calls N] [--samples N] [--seed S]
              --vocab N    vocabulary size V (default 32000)
              --batch B    sequences per verification call (default 8)
              --calls N    verification calls per table row (default 40)
              --samples N  verifications of the exactness check, and of its control (default 2500)
              --seed S     seed of the synthetic rows and of the random streams (default 42)
              --help       this text
            """;

    /** Parses {@code args}; throws IllegalArgumentException with a message for the user on bad options. */
    static DemoOptions parse(String[] args) {
        int vocab = 32_000, batch = 8, calls = 40, samples = 2500;
        long seed = 42;
        Arguments arguments = new Arguments(args);
        while (arguments.hasNext()) {
            String option = arguments.option();
            switch (option) {
                case "--help", "-h" -> {
                    return new DemoOptions(vocab, batch, calls, samples, seed, true);
                }
                case "--vocab" -> vocab = arguments.integer(option, 2);
                case "--batch" -> batch = arguments.integer(option, 1);
                case "--calls" -> calls = arguments.integer(option, 2);
                case "--samples" -> samples = arguments.integer(option, 2);
                case "--seed" -> seed = arguments.longInteger(option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        long draftFloats = (long) batch * Arrays.stream(Demo.DRAFT_LENGTHS).max().orElseThrow() * vocab;
        if (draftFloats > Integer.MAX_VALUE - 8) {
            throw new IllegalArgumentException("--batch " + batch + " with --vocab " + vocab + " needs more draft noise than one array holds");
        }
        return new DemoOptions(vocab, batch, calls, samples, seed, false);
    }
}
