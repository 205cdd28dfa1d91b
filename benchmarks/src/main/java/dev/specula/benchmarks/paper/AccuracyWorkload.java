package dev.specula.benchmarks.paper;

import dev.specula.benchmarks.Regime;
import dev.specula.benchmarks.SyntheticWorkload;
import dev.specula.core.FloatRows;

import java.io.IOException;
import java.lang.foreign.Arena;

/**
 * Target and draft rows the accuracy run verifies over and over with fresh drafts: B sequences
 * (independent verification points) of g drafts over V tokens.
 *
 * @param name for the report, e.g. "synthetic V=32000"
 * @param kind "synthetic" or "stories260K"
 * @param target B x (g + 1) x V target logits
 * @param drafts B x g x V draft logits
 * @param trials verify calls, each with new drafts and new verifier uniforms
 */
record AccuracyWorkload(String name, String kind, FloatRows target, FloatRows drafts, int trials) {
    static final long SEED = 20_240_611L;

    int sequences() {
        return target.sequences();
    }

    int draftsPerSequence() {
        return drafts.rowsPerSequence();
    }

    int vocab() {
        return target.vocabSize();
    }

    /**
     * {@link SyntheticWorkload}'s language-model-like rows: Zipf-shaped target rows, draft rows
     * = target + N(0, 0.8^2) noise (acceptance about 0.7). Only the rows are used; the drafts are
     * drawn afresh in every trial.
     */
    static AccuracyWorkload synthetic(Arena arena, int sequences, int drafts, int vocab, int trials) {
        SyntheticWorkload w = SyntheticWorkload.generate(arena, sequences, drafts, vocab, Regime.REALISTIC, SEED);
        return new AccuracyWorkload("synthetic V=" + vocab, "synthetic", w.target(), w.drafts(), trials);
    }

    /** Rows recorded from stories260K (target) and its Q8_0 copy (draft) at {@code points} verification points. */
    static AccuracyWorkload stories(Arena arena, int points, int drafts, int trials) throws IOException {
        StoriesRecorder.RecordedRows rows = StoriesRecorder.record(arena, points, drafts, SEED);
        return new AccuracyWorkload("stories260K / Q8_0 (V=" + rows.target().vocabSize() + ")", "stories260K", rows.target(),
                rows.drafts(), trials);
    }

    /** Row r of sequence b of {@code rows} as a float array. */
    static float[] row(FloatRows rows, int b, int r) {
        float[] z = new float[rows.vocabSize()];
        for (int v = 0; v < z.length; v++) z[v] = rows.get(b, r, v);
        return z;
    }
}
