package dev.specula.examples;

import java.nio.file.Path;
import java.util.Optional;

/** Options of the real-model demo and the decoding benchmark, parsed and checked. */
record StoryOptions(String prompt, float temperature, float draftTemperature, DraftKind draft, int draftLength, long seed, int steps,
                    Backend backend, int selfLayers, int repeats, Optional<Path> json, boolean help) {
    static final String USAGE = """
            Usage: ./specula demo [options]             speculative decoding of stories260K (the main job)
                   ./specula demo --bench [options]     tokens/s of plain vs speculative decoding, per draft kind and length
                   ./specula demo --synthetic [...]     the synthetic verification demo (--synthetic --help for its options)
              --prompt TEXT          the story's beginning (default "Once upon a time")
              --temperature T        the target's temperature, 0 = greedy (default 0.8)
              --draft-temperature T  the draft model's temperature (default: the target's)
              --draft KIND           model (the Q8_0 copy) | ngram (prompt lookup) | self (early exit) (default model)
              --draft-length G       drafts per verification (default 4)
              --self-layers K        layers of the early-exit drafter, of the target's 5 (default 4)
              --seed S               seed of every random number (default 42)
              --steps N              tokens to generate at most (default 256)
              --backend NAME         the verifier: fast (default; SIMD, every core) | reference (textbook, double precision)
              --repeats N            timed runs per measurement, the median is reported (default 3)
              --json FILE            with --bench: also write the measurements as JSON to FILE (schema: README.md, Benchmarks)
              --help                 this text
            Model files are looked up in -Dspecula.models, $SPECULA_MODELS, models/ in the repository root and
            ../shared/models: stories260K.bin, stories260K_q80.bin and tok512.bin.
            """;

    static StoryOptions defaults() {
        return new StoryOptions("Once upon a time", 0.8f, Float.NaN, DraftKind.MODEL, 4, 42, 256, Backend.FAST,
                Stories.DEFAULT_SELF_LAYERS, 3, Optional.empty(), false);
    }

    /** The draft's temperature: the given one, or the target's. */
    float effectiveDraftTemperature() {
        return Float.isNaN(draftTemperature) ? temperature : draftTemperature;
    }

    /** Parses {@code args}; throws IllegalArgumentException with a message for the user on bad options. */
    static StoryOptions parse(String[] args) {
        StoryOptions d = defaults();
        String prompt = d.prompt;
        Backend backend = d.backend;
        float temperature = d.temperature, draftTemperature = d.draftTemperature;
        DraftKind draft = d.draft;
        int draftLength = d.draftLength, steps = d.steps, selfLayers = d.selfLayers, repeats = d.repeats;
        long seed = d.seed;
        Optional<Path> json = d.json;
        Arguments arguments = new Arguments(args);
        while (arguments.hasNext()) {
            String option = arguments.option();
            switch (option) {
                case "--help", "-h" -> {
                    return new StoryOptions(prompt, temperature, draftTemperature, draft, draftLength, seed, steps, backend, selfLayers,
                            repeats, json, true);
                }
                case "--prompt" -> prompt = arguments.value(option);
                case "--temperature" -> temperature = arguments.number(option, 0, 10);
                case "--draft-temperature" -> draftTemperature = arguments.number(option, 0, 10);
                case "--draft" -> draft = DraftKind.parse(arguments.value(option));
                case "--draft-length" -> draftLength = arguments.integer(option, 1, 64);
                case "--self-layers" -> selfLayers = arguments.integer(option, 1, 5);
                case "--steps" -> steps = arguments.integer(option, 1, 100_000);
                case "--repeats" -> repeats = arguments.integer(option, 1, 100);
                case "--backend" -> backend = Backend.parse(arguments.value(option));
                case "--seed" -> seed = arguments.longInteger(option);
                case "--json" -> json = Optional.of(Path.of(arguments.value(option)));
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new StoryOptions(prompt, temperature, draftTemperature, draft, draftLength, seed, steps, backend, selfLayers, repeats, json, false);
    }
}
