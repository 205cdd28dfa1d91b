package dev.specula.examples;

import dev.specula.core.ChainVerifier;
import dev.specula.core.SamplingSettings;
import dev.specula.core.decoding.DecodingStats;
import dev.specula.core.decoding.Generation;
import dev.specula.core.decoding.SpeculativeDecoder;
import dev.specula.examples.llama.Tokenizer;

import java.io.PrintStream;
import java.util.Arrays;

/**
 * The main job: speculative decoding of Karpathy's stories260K, with its Q8_0 copy, n-gram
 * lookup or the target's own first layers as the drafter, through Specula's decoding loop
 * ({@link SpeculativeDecoder}) and exact verifier.
 *
 * <ol>
 *   <li>Prints the story as the verifier releases it, token by token.
 *   <li>Prints what the generation measured: acceptance per draft position, alpha, tokens per
 *       verification next to (1 - alpha^(g+1)) / (1 - alpha), and the split of the step time.
 *   <li>Times plain against speculative decoding with the same settings and seed
 *       ({@link SpeedComparison}) and prints tokens/s of both and the verification share.
 * </ol>
 */
final class StoryDemo {
    private StoryDemo() {}

    static SpeculativeDecoder decoder(Stories stories, StoryOptions o, DraftKind kind, int draftLength, ChainVerifier verifier) {
        return SpeculativeDecoder.builder(stories.target)
                .draftSource(stories.draftSource(kind, o.selfLayers()))
                .verifier(verifier)
                .settings(o.targetSettings())
                .draftSettings(o.draftSettings())
                .draftLength(draftLength)
                .stopTokens(Tokenizer.BOS, Tokenizer.EOS)    // llama2.c's stories end a story with BOS
                .seed(o.seed())
                .build();
    }

    static String describe(Stories stories, DraftKind kind, StoryOptions o) {
        return switch (kind) {
            case MODEL -> "the Q8_0 copy " + stories.draftFile.getFileName();
            case NGRAM -> "n-gram lookup in the context (3- to 1-grams, one-hot drafts)";
            case SELF -> "the target's first " + o.selfLayers() + " of " + stories.target.config().layers()
                    + " layers with its final norm and classifier (early exit)";
        };
    }

    static int run(StoryOptions o, Stories stories, PrintStream out) {
        int[] prompt = stories.encode(o.prompt());
        try (ChainVerifier verifier = o.backend().open()) {
            SpeculativeDecoder decoder = decoder(stories, o, o.draft(), o.draftLength(), verifier);
            out.printf("""
                    Specula demo: speculative decoding of stories260K, exact verification by the %s verifier.
                      target   %s (%s, %d layers, dim %d, vocabulary %d, context %d)
                      draft    %s
                      settings temperature %s%s, draft temperature %s%s, draft length %d, seed %d, at most %d tokens
                    %n""", verifier.name(), stories.targetFile, stories.target.checkpoint().format(), stories.target.config().layers(),
                    stories.target.config().dim(), stories.target.vocabularySize(), stories.target.contextLength(),
                    describe(stories, o.draft(), o), temperature(o.temperature()), o.truncation().describe(),
                    temperature(o.effectiveDraftTemperature()), o.draftTruncation().or(o.truncation()).describe(),
                    o.draftLength(), o.seed(), o.steps());

            Tokenizer.TextStream text = stories.tokenizer.textStream();
            for (int token : prompt) out.print(text.next(token));
            out.flush();
            Generation story = decoder.generate(prompt, o.steps(), token -> {
                out.print(text.next(token));
                out.flush();
                return true;
            });
            out.println(text.flush());
            out.printf("%n[%d tokens, stopped: %s]%n", story.tokens().length, story.stopReason());
            printStats(out, story.stats(), o.draftLength());

            out.printf("%nSpeed: plain vs speculative decoding, same settings and seed, median of %d timed runs after a warm-up%n",
                    o.repeats());
            SpeedComparison speed = SpeedComparison.measure(decoder, prompt, o.steps(), o.repeats());
            out.printf("  plain        %8.0f tokens/s%n", speed.plain().tokensPerSecond());
            out.printf("  speculative  %8.0f tokens/s   (%.2fx)%n", speed.speculative().tokensPerSecond(), speed.speedup());
            out.printf("  share of the speculative step time: verification %.2f%%, drafting %.1f%%, target forward %.1f%%%n",
                    100 * speed.speculative().verificationShare(), 100 * speed.speculative().draftShare(),
                    100 * speed.speculative().targetShare());
            if (o.temperature() == 0) {
                int[] plain = decoder.generatePlain(prompt, o.steps()).tokens();
                out.println(Arrays.equals(plain, story.tokens())
                        ? "  greedy: the speculative story is token for token the plain one, as it must be"
                        : "  greedy: MISMATCH between speculative and plain decoding");
                if (!Arrays.equals(plain, story.tokens())) return 1;
            }
            out.println("""
                    Note: stories260K is tiny, so a forward pass of the draft costs about as much as one of the target and
                    speculative decoding cannot pay off here; the numbers show the loop's overheads honestly. Real
                    speed-ups need a target much larger than its drafter (e.g. stories110M with stories15M).""");
        }
        return 0;
    }

    static void printStats(PrintStream out, DecodingStats s, int g) {
        out.printf("%nAcceptance per draft position (accepted / tested):%n ");
        for (int i = 0; i < s.positions(); i++) {
            out.printf("  %d: %s", i, s.tested(i) == 0 ? "-" : String.format("%.2f (%d/%d)", s.acceptanceRate(i), s.accepted(i), s.tested(i)));
        }
        out.println();
        out.printf("  alpha %.3f; tokens per verification %.2f measured, %.2f from (1 - alpha^(g+1)) / (1 - alpha) at g = %d"
                        + " (%.2f for the draft counts used, mean %.2f)%n", s.alpha(), s.tokensPerVerification(),
                Double.isNaN(s.alpha()) ? 1.0 : DecodingStats.expectedTokensPerVerification(s.alpha(), g), g,
                s.predictedTokensPerVerification(), s.meanDraftLength());
        out.printf("  %d verifications; time: prefill %.1f ms, loop %.1f ms = drafting %.1f%% + target %.1f%% + verification %.2f%%"
                        + " + bookkeeping; %.0f tokens/s while printing%n", s.verifications(), s.prefillNanos() / 1e6,
                s.loopNanos() / 1e6, 100 * s.draftShare(), 100 * s.targetShare(), 100 * s.verificationShare(), s.tokensPerSecond());
    }

    private static String temperature(float t) {
        return t == 0 ? "0 (greedy)" : String.valueOf(t);
    }
}
