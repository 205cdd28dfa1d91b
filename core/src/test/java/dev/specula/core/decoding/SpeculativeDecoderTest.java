package dev.specula.core.decoding;

import static dev.specula.core.decoding.Reference.concat;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.Distributions;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.SamplingSettings;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class SpeculativeDecoderTest {
    static final int V = 32;
    static final int[][] PROMPTS = {{1}, {3, 7, 7, 3, 9, 3, 7}, {5, 11, 2, 30, 5, 11, 2, 30, 5, 11}};
    static final int TOKENS = 240;

    private final ToyModel target = ToyModel.random(V, 512, 2.0, 1);
    private final ToyModel draft = target.perturbed(0.8, 2);

    private SpeculativeDecoder.Builder greedy(DraftSource source, int g) {
        return SpeculativeDecoder.builder(target).draftSource(source).settings(SamplingSettings.GREEDY).draftLength(g).seed(7);
    }

    @Test
    void greedySpeculativeDecodingWithADraftModelEqualsGreedyPlainDecoding() {
        for (SamplingSettings draftSettings : List.of(SamplingSettings.GREEDY, SamplingSettings.temperature(1.3f))) {
            for (int g : new int[] {1, 3, 6}) {
                SpeculativeDecoder decoder = greedy(new ModelDrafter(draft), g).draftSettings(draftSettings).build();
                for (int[] prompt : PROMPTS) {
                    int[] expected = Reference.greedy(target, prompt, TOKENS);
                    Generation plain = decoder.generatePlain(prompt, TOKENS);
                    Generation speculative = decoder.generate(prompt, TOKENS);
                    String what = "g " + g + ", draft " + draftSettings + ", prompt " + Arrays.toString(prompt);
                    assertArrayEquals(expected, plain.tokens(), "plain, " + what);
                    assertArrayEquals(expected, speculative.tokens(), "speculative, " + what);
                    assertEquals(StopReason.MAX_TOKENS, speculative.stopReason());
                    // Drafts were really accepted (the draft agrees with the target most of the time),
                    // so multi-token emission was exercised.
                    // (a draft sampled at temperature 1.3 matches the arg-max less often than a greedy one).
                    assertTrue(speculative.stats().alpha() > (draftSettings.isGreedy() ? 0.5 : 0.1), what + ": " + speculative.stats());
                }
            }
        }
    }

    @Test
    void greedySpeculativeDecodingWithNGramLookupEqualsGreedyPlainDecoding() {
        for (int g : new int[] {2, 5}) {
            SpeculativeDecoder decoder = greedy(new NGramDrafter(3, 1), g).build();
            long acceptedDrafts = 0;
            for (int[] prompt : PROMPTS) {
                Generation speculative = decoder.generate(prompt, TOKENS);
                assertArrayEquals(Reference.greedy(target, prompt, TOKENS), speculative.tokens(), "g " + g + Arrays.toString(prompt));
                acceptedDrafts += speculative.stats().emittedTokens() - speculative.stats().verifications();
            }
            // A greedy walk over (token, token, phase) states falls into a cycle that lookup predicts.
            assertTrue(acceptedDrafts > 100, "accepted drafts " + acceptedDrafts);
        }
    }

    @Test
    void plainSamplingDrawsTokenKWithTheDocumentedUniform() {
        for (float temperature : new float[] {0.7f, 1f, 1.5f}) {
            SpeculativeDecoder decoder = SpeculativeDecoder.builder(target).settings(SamplingSettings.temperature(temperature))
                    .seed(99).stream(4).build();
            int[] prompt = PROMPTS[1];
            assertArrayEquals(Reference.sample(target, prompt, 120, temperature, 99, 4), decoder.generatePlain(prompt, 120).tokens());
        }
    }

    @Test
    void modelDrafterSamplesDraftIWithTheDraftUniformOfItsStep() {
        List<int[]> proposals = new ArrayList<>();        // {step, context length, drafts...}
        ModelDrafter drafter = new ModelDrafter(draft);
        DraftSource recording = new Recording(drafter, proposals);
        float draftTemperature = 1.3f;
        SpeculativeDecoder decoder = SpeculativeDecoder.builder(target).draftSource(recording)
                .settings(SamplingSettings.temperature(0.9f)).draftSettings(SamplingSettings.temperature(draftTemperature))
                .draftLength(4).seed(11).stream(2).build();
        int[] prompt = PROMPTS[2];
        int[] out = decoder.generate(prompt, 150).tokens();
        int[] all = concat(prompt, out);
        assertTrue(proposals.size() > 20);
        long previousStep = -1;
        for (int[] p : proposals) {
            int step = p[0], n = p[1];
            assertEquals(prompt.length + step, n, "the step is the number of tokens generated before the verification");
            assertTrue(step > previousStep, "steps grow");
            previousStep = step;
            int[] context = Arrays.copyOf(all, n + p.length - 2);
            for (int i = 0; i < p.length - 2; i++) {
                double[] q = Distributions.softmax(draft.logitsAfter(context, n + i), draftTemperature);
                int expected = Distributions.inverseCdf(q, RandomStreams.draftUniform(11, 2, step, i));
                assertEquals(expected, p[2 + i], "draft " + i + " at step " + step);
                context[n + i] = expected;
            }
        }
        // The draft model's cache holds the context it was last told about: a prefix of the output.
        int[] cached = draft.cachedTokens();
        assertArrayEquals(Arrays.copyOf(all, cached.length), cached);
    }

    @Test
    void cachesAreRolledBackToTheContextWithoutItsLastToken() {
        SpeculativeDecoder decoder = SpeculativeDecoder.builder(target).draftSource(new ModelDrafter(draft))
                .settings(SamplingSettings.temperature(1f)).draftLength(5).seed(3).build();
        int[] prompt = PROMPTS[1];
        Generation out = decoder.generate(prompt, 100);
        int[] all = concat(prompt, out.tokens());
        assertArrayEquals(Arrays.copyOf(all, all.length - 1), target.cachedTokens(), "target cache = context minus its last token");
        // Every target forward after prefill is one block of drafts + 1 tokens, so the target scored
        // exactly prompt - 1 + sum (drafts + 1) tokens: nothing was recomputed after a rejection.
        DecodingStats s = out.stats();
        long blockTokens = 0;
        for (int n = 0; n <= s.positions(); n++) blockTokens += (n + 1) * s.verificationsWithDrafts(n);
        assertEquals(prompt.length - 1 + blockTokens, target.forwardedTokens);
        assertTrue(s.emittedTokens() < blockTokens, "some drafts were rejected and rolled back: " + s);

        // A new generation starts from an empty cache, so it repeats the first one exactly.
        assertArrayEquals(out.tokens(), decoder.generate(prompt, 100).tokens());
    }

    @Test
    void samplingIsReproducibleFromTheSeedAndDependsOnIt() {
        SpeculativeDecoder.Builder b = SpeculativeDecoder.builder(target).draftSource(new ModelDrafter(draft)).draftLength(3);
        int[] first = b.seed(5).build().generate(PROMPTS[0], 80).tokens();
        assertArrayEquals(first, b.seed(5).build().generate(PROMPTS[0], 80).tokens());
        assertFalse(Arrays.equals(first, b.seed(6).build().generate(PROMPTS[0], 80).tokens()));
        assertFalse(Arrays.equals(first, b.seed(5).stream(1).build().generate(PROMPTS[0], 80).tokens()));
    }

    @Test
    void statisticsCountEveryTestedPositionAndMatchTheFormulaForScriptedAcceptance() {
        // Drafts 0 and 1 are the target's greedy tokens, drafts 2 and 3 are wrong: every verification
        // accepts exactly 2 and emits 3.
        int[] prompt = PROMPTS[0];
        int[] chain = concat(prompt, Reference.greedy(target, prompt, 400));
        DraftSource scripted = new Scripted(chain, 2);
        SpeculativeDecoder decoder = greedy(scripted, 4).build();
        Generation out = decoder.generate(prompt, 300);
        DecodingStats s = out.stats();
        assertArrayEquals(Arrays.copyOfRange(chain, 1, 301), out.tokens());
        assertEquals(100, s.verifications());
        assertEquals(300, s.emittedTokens());
        assertEquals(3.0, s.tokensPerVerification(), 1e-12);
        // The last verifications are capped by the token limit (299 - 297 = 2 drafts at most).
        assertEquals(99, s.verificationsWithDrafts(4));
        assertEquals(1, s.verificationsWithDrafts(2));
        assertEquals(100, s.tested(0));
        assertEquals(100, s.tested(1));
        assertEquals(99, s.tested(2));
        assertEquals(0, s.tested(3));
        assertEquals(1.0, s.acceptanceRate(0));
        assertEquals(0.0, s.acceptanceRate(2));
        assertTrue(Double.isNaN(s.acceptanceRate(3)));
        double alpha = 200.0 / 299;
        assertEquals(alpha, s.alpha(), 1e-12);
        double predicted = (99 * (1 - Math.pow(alpha, 5)) / (1 - alpha) + (1 - Math.pow(alpha, 3)) / (1 - alpha)) / 100;
        assertEquals(predicted, s.predictedTokensPerVerification(), 1e-12);
        assertTrue(s.loopNanos() >= s.draftNanos() + s.targetNanos() + s.verifyNanos());
        assertTrue(s.verificationShare() > 0 && s.verificationShare() < 1);
    }

    @Test
    void theFormulaIsLeviathansEquationOne() {
        assertEquals(1.75, DecodingStats.expectedTokensPerVerification(0.5, 2), 1e-15);      // 1 + 0.5 + 0.25
        assertEquals(1 + 0.8 + 0.64 + 0.512 + 0.4096, DecodingStats.expectedTokensPerVerification(0.8, 4), 1e-12);
        assertEquals(5, DecodingStats.expectedTokensPerVerification(1, 4));
        assertEquals(1, DecodingStats.expectedTokensPerVerification(0, 7));
        assertThrows(IllegalArgumentException.class, () -> DecodingStats.expectedTokensPerVerification(1.1, 2));
    }

    @Test
    void adaptiveRuleReproducesTheOptimaOfLeviathansSpeedupFormula() {
        // Optima of (1 - a^(g+1)) / ((1 - a)(g c + 1)), evaluated independently in ALGORITHMS.md.
        assertEquals(8, AdaptiveDraftLength.of(1, 32, 0.05).choose(0.8));
        assertEquals(6, AdaptiveDraftLength.of(1, 32, 0.1).choose(0.8));
        assertEquals(13, AdaptiveDraftLength.of(1, 32, 0.05).choose(0.9));
        assertEquals(2, AdaptiveDraftLength.of(2, 10, 0.05).choose(0.0), "nothing is accepted: the shortest draft");
        assertEquals(10, AdaptiveDraftLength.of(2, 10, 0.0).choose(0.3), "free drafts: the longest");
        assertEquals(10, AdaptiveDraftLength.of(2, 10, 0.5).choose(1.0));
    }

    @Test
    void adaptiveDraftLengthGrowsWhenDraftsAreAcceptedAndShrinksWhenTheyAreNot() {
        AdaptiveDraftLength rule = AdaptiveDraftLength.of(1, 8, 0.05);
        int[] prompt = PROMPTS[0];
        int[] chain = concat(prompt, Reference.greedy(target, prompt, 400));

        // Always right: alpha = 1, so after the first verification every one drafts 8.
        Generation right = greedy(new Scripted(chain, Integer.MAX_VALUE), 2).adaptiveDraftLength(rule).build().generate(prompt, 300);
        assertEquals(1, right.stats().verificationsWithDrafts(2));
        assertTrue(right.stats().verificationsWithDrafts(8) >= right.stats().verifications() - 3, right.stats().toString());
        assertArrayEquals(Arrays.copyOfRange(chain, 1, 301), right.tokens());

        // Always wrong: alpha = 0, so after the first verification every one drafts 1.
        Generation wrong = greedy(new Scripted(chain, 0), 6).adaptiveDraftLength(rule).build().generate(prompt, 100);
        assertEquals(1, wrong.stats().verificationsWithDrafts(6));
        assertEquals(98, wrong.stats().verificationsWithDrafts(1));
        assertEquals(1, wrong.stats().verificationsWithDrafts(0), "the last token has no room for drafts");
        assertArrayEquals(Arrays.copyOfRange(chain, 1, 101), wrong.tokens());

        // Two right, then wrong: with g >= 3 drafts every verification tests 3 and accepts 2, so the
        // estimate is exactly 2/3 throughout, and g stays at the rule's choice for 2/3.
        Generation half = greedy(new Scripted(chain, 2), rule.choose(2.0 / 3)).adaptiveDraftLength(rule).build().generate(prompt, 200);
        int settled = rule.choose(2.0 / 3);
        assertTrue(settled >= 3, "the rule drafts past the two right tokens at alpha 2/3: " + settled);
        assertTrue(half.stats().verificationsWithDrafts(settled) >= half.stats().verifications() - 2, half.stats().toString());
    }

    @Test
    void stopTokensListenerAndContextLengthEndAGeneration() {
        int[] prompt = PROMPTS[0];
        int[] expected = Reference.greedy(target, prompt, TOKENS);
        int stop = expected[50];
        int firstStop = 0;
        while (expected[firstStop] != stop) firstStop++;
        Generation stopped = greedy(new ModelDrafter(draft), 4).stopTokens(stop).build().generate(prompt, TOKENS);
        assertEquals(StopReason.STOP_TOKEN, stopped.stopReason());
        assertArrayEquals(Arrays.copyOf(expected, firstStop), stopped.tokens(), "the stop token ends the output and is not part of it");

        List<Integer> seen = new ArrayList<>();
        Generation listened = greedy(new ModelDrafter(draft), 4).build().generate(prompt, TOKENS, token -> {
            seen.add(token);
            return seen.size() < 37;
        });
        assertEquals(StopReason.LISTENER, listened.stopReason());
        assertArrayEquals(Arrays.copyOf(expected, 37), listened.tokens());
        assertEquals(37, seen.size());
        assertArrayEquals(listened.tokens(), seen.stream().mapToInt(Integer::intValue).toArray());

        ToyModel small = target.withContextLength(40);
        Generation full = SpeculativeDecoder.builder(small).draftSource(new ModelDrafter(draft.withContextLength(40)))
                .settings(SamplingSettings.GREEDY).draftLength(6).build().generate(prompt, TOKENS);
        assertEquals(StopReason.CONTEXT_FULL, full.stopReason());
        assertArrayEquals(Arrays.copyOf(expected, 39), full.tokens());
    }

    @Test
    void aDraftModelWithASmallerContextDraftsWhileItHasRoom() {
        int[] prompt = PROMPTS[1];
        SpeculativeDecoder decoder = greedy(new ModelDrafter(draft.withContextLength(30)), 4).build();
        Generation out = decoder.generate(prompt, 100);
        assertArrayEquals(Reference.greedy(target, prompt, 100), out.tokens());
        assertTrue(out.stats().verificationsWithDrafts(0) > 50, "no drafts once the draft context is full: " + out.stats());
    }

    @Test
    void invalidSettingsAndInputsAreRejectedClearly() {
        var e = assertThrows(IllegalArgumentException.class, () -> SpeculativeDecoder.builder(target).draftLength(0));
        assertTrue(e.getMessage().contains("draft length"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> SpeculativeDecoder.builder(null));
        assertThrows(IllegalArgumentException.class, () -> AdaptiveDraftLength.of(0, 4, 0.1));
        assertThrows(IllegalArgumentException.class, () -> AdaptiveDraftLength.of(3, 2, 0.1));
        assertThrows(IllegalArgumentException.class, () -> AdaptiveDraftLength.of(1, 4, -1));
        assertThrows(IllegalArgumentException.class, () -> new NGramDrafter(2, 0));
        assertThrows(IllegalArgumentException.class, () -> new NGramDrafter(1, 2));

        ToyModel otherVocabulary = ToyModel.random(V + 1, 512, 1.0, 5);
        e = assertThrows(IllegalArgumentException.class,
                () -> SpeculativeDecoder.builder(target).draftSource(new ModelDrafter(otherVocabulary)).build());
        assertTrue(e.getMessage().contains("vocabulary of 33 tokens but the target has 32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> SpeculativeDecoder.builder(target).stopTokens(V).build());
        assertTrue(e.getMessage().contains("stop token 32"), e.getMessage());

        SpeculativeDecoder decoder = greedy(new NGramDrafter(), 4).build();
        e = assertThrows(IllegalArgumentException.class, () -> decoder.generate(new int[0], 10));
        assertTrue(e.getMessage().contains("prompt is empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> decoder.generate(new int[512], 10));
        assertTrue(e.getMessage().contains("no room"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> decoder.generate(new int[] {1, V}, 10));
        assertTrue(e.getMessage().contains("prompt token 32"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> decoder.generate(new int[] {1}, 0));
        assertThrows(IllegalArgumentException.class, () -> decoder.generate(new int[] {1}, 5, null));
        var s = assertThrows(IllegalStateException.class, () -> SpeculativeDecoder.builder(target).build().generate(new int[] {1}, 5));
        assertTrue(s.getMessage().contains("no draft source"), s.getMessage());
        assertEquals(0, target.forwardCalls, "nothing reached the model");
    }

    @Test
    void misbehavingModelsAndSourcesAreCaught() {
        // A target that returns one row too few.
        LanguageModel short1 = new Forwarding(target) {
            @Override
            public FloatRows forward(int[] tokens, int offset, int count) {
                FloatRows rows = target.forward(tokens, offset, count);
                return new FloatRows(rows.segment(), 1, count - 1 + (count == 1 ? 1 : 0), rows.vocabSize(), rows.rowStride(),
                        rows.sequenceStride());
            }
        };
        var e = assertThrows(IllegalStateException.class,
                () -> SpeculativeDecoder.builder(short1).draftSource(new NGramDrafter()).build().generate(PROMPTS[2], 50));
        assertTrue(e.getMessage().contains("the target returned"), e.getMessage());

        // Sampled drafts without the rows they came from: refused before the target runs.
        DraftSource rowless = new Scripted(new int[600], 0) {
            @Override
            public void propose(TokenSequence context, DraftProposal proposal) {
                proposal.add(3, -0.5);
            }
        };
        int forwards = target.forwardCalls;
        e = assertThrows(IllegalStateException.class, () -> greedy(rowless, 2).build().generate(PROMPTS[1], 10));
        assertTrue(e.getMessage().contains("without the rows"), e.getMessage());
        assertEquals(forwards + 1, target.forwardCalls, "only the prefill ran");

        DraftProposal proposal = new DraftProposal(V, 2).reset(1, SamplingSettings.DEFAULT, 0, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> proposal.add(V));
        assertThrows(IllegalArgumentException.class, () -> proposal.add(1, 0.1));
        proposal.add(1);
        assertThrows(IllegalStateException.class, () -> proposal.add(2), "over the limit");
        assertThrows(IllegalArgumentException.class, () -> proposal.uniform(1));
        assertThrows(IllegalArgumentException.class,
                () -> proposal.distribution(DraftDistribution.logits(FloatRows.of(new float[V + 1], 1, 1, V + 1))));

        // The drafter notices when someone else moved its model's cache.
        ModelDrafter drafter = new ModelDrafter(draft);
        drafter.attach(V, 4);
        drafter.begin(TokenSequence.of(1, 2, 3));
        draft.rollback(0);
        var s = assertThrows(IllegalStateException.class,
                () -> drafter.propose(TokenSequence.of(1, 2, 3), new DraftProposal(V, 4).reset(4, SamplingSettings.DEFAULT, 0, 0, 0)));
        assertTrue(s.getMessage().contains("changed outside the drafter"), s.getMessage());
    }

    /** Proposes the reference chain's next tokens: the first {@code right} correct, the rest wrong. */
    static class Scripted implements DraftSource {
        private final int[] chain;
        private final int right;

        Scripted(int[] chain, int right) {
            this.chain = chain;
            this.right = right;
        }

        @Override
        public void begin(TokenSequence prompt) {}

        @Override
        public void propose(TokenSequence context, DraftProposal proposal) {
            int n = context.length();
            for (int i = 0; i < proposal.limit(); i++) {
                int token = chain[n + i];
                proposal.add(i < right ? token : (token + 1) % V);
            }
        }

        @Override
        public void accepted(int count) {}

        @Override
        public String name() {
            return "scripted";
        }
    }

    /** Records {step, context length, drafts...} of every proposal. */
    record Recording(DraftSource inner, List<int[]> proposals) implements DraftSource {
        @Override
        public void attach(int vocabularySize, int maxDrafts) {
            inner.attach(vocabularySize, maxDrafts);
        }

        @Override
        public void begin(TokenSequence prompt) {
            inner.begin(prompt);
        }

        @Override
        public void propose(TokenSequence context, DraftProposal proposal) {
            inner.propose(context, proposal);
            int[] p = new int[proposal.count() + 2];
            p[0] = Math.toIntExact(proposal.step());
            p[1] = context.length();
            for (int i = 0; i < proposal.count(); i++) p[2 + i] = proposal.token(i);
            proposals.add(p);
        }

        @Override
        public void accepted(int count) {
            inner.accepted(count);
        }

        @Override
        public String name() {
            return "recording";
        }
    }

    /** A model that forwards to another; tests override one method to misbehave. */
    static class Forwarding implements LanguageModel {
        final LanguageModel inner;

        Forwarding(LanguageModel inner) {
            this.inner = inner;
        }

        @Override
        public int vocabularySize() {
            return inner.vocabularySize();
        }

        @Override
        public int contextLength() {
            return inner.contextLength();
        }

        @Override
        public int length() {
            return inner.length();
        }

        @Override
        public FloatRows forward(int[] tokens, int offset, int count) {
            return inner.forward(tokens, offset, count);
        }

        @Override
        public void rollback(int length) {
            inner.rollback(length);
        }
    }
}
