package dev.specula.examples;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The draft sources the real-model demo and benchmark offer. */
enum DraftKind {
    /** The Q8_0 copy of the target as a separate draft model. */
    MODEL("model", "Q8_0 draft model"),
    /** Prompt lookup: n-grams of the context, one-hot. */
    NGRAM("ngram", "n-gram lookup"),
    /** Self-speculative: the target's first layers, its final norm and classifier. */
    SELF("self", "early exit");

    final String option;
    final String description;

    DraftKind(String option, String description) {
        this.option = option;
        this.description = description;
    }

    static DraftKind parse(String text) {
        for (DraftKind kind : values()) if (kind.option.equals(text)) return kind;
        throw new IllegalArgumentException("--draft must be one of " + options() + ", got '" + text + "'");
    }

    static String options() {
        return Arrays.stream(values()).map(k -> k.option).collect(Collectors.joining("|"));
    }
}
