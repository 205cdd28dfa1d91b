package dev.specula.examples;

import dev.specula.core.ChainVerifier;
import dev.specula.core.decoding.DecodingStats;
import dev.specula.core.decoding.SpeculativeDecoder;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The decoding-throughput harness ({@code ./specula demo --bench}): tokens/s of plain and
 * speculative decoding of stories260K for every draft kind and draft lengths 1, 2, 4 and 8, with
 * the measured acceptance, tokens per verification and the share of the step time spent in
 * verification. Each cell is a {@link SpeedComparison}: same decoder, settings and seed for
 * both, a warm-up run, then the median of the timed runs; every draft kind is run once, untimed,
 * before the first cell. With {@code --json FILE} the same
 * numbers are also written to FILE ({@link DecodingResultsJson}), which {@code ./specula report}
 * turns into a section of the benchmark report.
 *
 * <p>A harness, not JMH: it measures whole generations (hundreds of forward passes each) and
 * compares plain and speculative runs taken in the same process, interleaved, as ratios.
 */
final class DecodingBenchmark {
    static final int[] DRAFT_LENGTHS = {1, 2, 4, 8};

    /** One cell of the table: a draft kind at a draft length, measured. */
    record Cell(DraftKind kind, int draftLength, SpeedComparison comparison) {}

    private DecodingBenchmark() {}

    static int run(StoryOptions o, Stories stories, PrintStream out) {
        int[] prompt = stories.encode(o.prompt());
        out.printf("""
                Decoding throughput: stories260K target, prompt "%s", temperature %s (draft %s), seed %d, %d tokens at most,
                median of %d timed runs after a warm-up; %s verifier; self = early exit after %d layers.
                %-6s %3s %7s %9s %9s %11s %11s %8s %9s %8s
                """, o.prompt(), o.temperature(), o.effectiveDraftTemperature(), o.seed(), o.steps(), o.repeats(), o.backend().option,
                o.selfLayers(), "draft", "g", "alpha", "tok/ver", "formula", "plain t/s", "spec t/s", "speedup", "verify %", "draft %");
        List<Cell> cells = new ArrayList<>();
        try (ChainVerifier verifier = o.backend().open()) {
            // A warm-up of every draft kind first, discarded: otherwise the first cells would also time the JIT
            // compiling the verifier and the drafters (each cell's own warm-up run is too short for C2 to finish).
            for (DraftKind kind : DraftKind.values()) {
                SpeedComparison.measure(StoryDemo.decoder(stories, o, kind, DRAFT_LENGTHS[DRAFT_LENGTHS.length - 1], verifier), prompt,
                        o.steps(), 1);
            }
            for (DraftKind kind : DraftKind.values()) {
                for (int g : DRAFT_LENGTHS) {
                    SpeculativeDecoder decoder = StoryDemo.decoder(stories, o, kind, g, verifier);
                    SpeedComparison c = SpeedComparison.measure(decoder, prompt, o.steps(), o.repeats());
                    cells.add(new Cell(kind, g, c));
                    DecodingStats s = c.speculative();
                    out.printf("%-6s %3d %7.3f %9.2f %9.2f %11.0f %11.0f %7.2fx %9.2f %8.1f%n", kind.option, g, s.alpha(),
                            s.tokensPerVerification(), s.predictedTokensPerVerification(), c.plain().tokensPerSecond(),
                            s.tokensPerSecond(), c.speedup(), 100 * s.verificationShare(), 100 * s.draftShare());
                    out.flush();
                }
            }
        }
        out.println("""
                tok/ver: tokens emitted per verification; formula: (1 - alpha^(n+1)) / (1 - alpha) averaged over the draft counts n
                used; verify %: share of the speculative loop's time in ChainVerifier.verify; draft %: share in the draft source.""");
        if (o.json().isPresent()) {
            try {
                DecodingResultsJson.write(o.json().get(), o, cells);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + o.json().get(), e);
            }
            out.println("Wrote " + o.json().get());
        }
        return 0;
    }
}
