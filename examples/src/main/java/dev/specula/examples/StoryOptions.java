package dev.specula.examples;

import dev.specula.core.SamplingSettings;
import java.nio.file.Path;
import java.util.Optional;

/** Options of the real-model demo and the decoding benchmark, parsed and checked. */
record StoryOptions(String prompt, float temperature, float draftTemperature, DraftKind draft, int draftLength, long seed, int steps,
                    Backend backend, int selfLayers, int repeats, Optional<Path> json, Truncation truncation,
                    Truncation draftTruncation, boolean help) {
    static final String USAGE = """
            Usage: ./specula demo [options]             speculative decoding of stories260K (the main job)
                   ./specula demo --bench [options]     tokens/s of plain vs speculative decoding, per draft kind and length
                   ./specula demo --synthetic [...]     the synthetic verification demo (--synthetic --help for its options)
              --prompt TEXT          the story's beginning (default "Once upon a time")
              --temperature T        the target's temperature, 0 = greedy (default 0.8)
              --draft-temperature T  the draft model's temperature (default: the target's)
              --top-k K              keep the K most probable tokens (and ties with the K-th), K >= 1 (default: off)
              --top-p P              nucleus: keep the most probable tokens until their mass reaches P, in (0, 1] (default 1: off)
              --min-p P              keep tokens at least P times as probable as the most probable, in [0, 1] (default 0: off)
                                     applied in the order temperature, top-k, top-p, min-p (as Hugging Face transformers)
              --draft-top-k K, --draft-top-p P, --draft-min-p P
                                     the draft's own truncation (default: the target's); verification stays exact
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
                Stories.DEFAULT_SELF_LAYERS, 3, Optional.empty(), Truncation.NONE, Truncation.UNSET, false);
    }

    /**
     * Top-k, top-p and min-p of one side; for the draft, a component may be unset (top-k -1, NaN)
     * and then follows the target's.
     */
    record Truncation(int topK, float topP, float minP) {
        static final Truncation NONE = new Truncation(SamplingSettings.NO_TOP_K, 1f, 0f);
        static final Truncation UNSET = new Truncation(-1, Float.NaN, Float.NaN);

        Truncation withTopK(int k) {
            return new Truncation(k, topP, minP);
        }

        Truncation withTopP(float p) {
            return new Truncation(topK, p, minP);
        }

        Truncation withMinP(float p) {
            return new Truncation(topK, topP, p);
        }

        /** This truncation with its unset components taken from {@code fallback}. */
        Truncation or(Truncation fallback) {
            return new Truncation(topK < 0 ? fallback.topK : topK, Float.isNaN(topP) ? fallback.topP : topP,
                    Float.isNaN(minP) ? fallback.minP : minP);
        }

        SamplingSettings settings(float temperature) {
            SamplingSettings s = SamplingSettings.temperature(temperature).withTopP(topP).withMinP(minP);
            return topK == SamplingSettings.NO_TOP_K ? s : s.withTopK(topK);
        }

        /** E.g. " top-k 40 top-p 0.9", empty without truncation. */
        String describe() {
            return (topK != SamplingSettings.NO_TOP_K ? " top-k " + topK : "") + (topP < 1f ? " top-p " + topP : "")
                    + (minP > 0f ? " min-p " + minP : "");
        }
    }

    /** The target's sampling settings: temperature and truncation. */
    SamplingSettings targetSettings() {
        return truncation.settings(temperature);
    }

    /** The draft's sampling settings: its temperature and truncation, each the target's unless given. */
    SamplingSettings draftSettings() {
        return draftTruncation.or(truncation).settings(effectiveDraftTemperature());
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
        Truncation truncation = d.truncation, draftTruncation = d.draftTruncation;
        Arguments arguments = new Arguments(args);
        while (arguments.hasNext()) {
            String option = arguments.option();
            switch (option) {
                case "--help", "-h" -> {
                    return new StoryOptions(prompt, temperature, draftTemperature, draft, draftLength, seed, steps, backend, selfLayers,
                            repeats, json, truncation, draftTruncation, true);
                }
                case "--prompt" -> prompt = arguments.value(option);
                case "--temperature" -> temperature = arguments.number(option, 0, 10);
                case "--draft-temperature" -> draftTemperature = arguments.number(option, 0, 10);
                case "--top-k" -> truncation = truncation.withTopK(arguments.integer(option, 1));
                case "--top-p" -> truncation = truncation.withTopP(topP(arguments, option));
                case "--min-p" -> truncation = truncation.withMinP(arguments.number(option, 0, 1));
                case "--draft-top-k" -> draftTruncation = draftTruncation.withTopK(arguments.integer(option, 1));
                case "--draft-top-p" -> draftTruncation = draftTruncation.withTopP(topP(arguments, option));
                case "--draft-min-p" -> draftTruncation = draftTruncation.withMinP(arguments.number(option, 0, 1));
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
        return new StoryOptions(prompt, temperature, draftTemperature, draft, draftLength, seed, steps, backend, selfLayers, repeats, json,
                truncation, draftTruncation, false);
    }

    /** A top-p value: in (0, 1]. */
    private static float topP(Arguments arguments, String option) {
        String text = arguments.value(option);
        try {
            float p = Float.parseFloat(text);
            if (p > 0f && p <= 1f) return p; // false for NaN
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a number in (0, 1], got '" + text + "'");
    }
}
