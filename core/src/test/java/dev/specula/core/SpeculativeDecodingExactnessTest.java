package dev.specula.core;

import static dev.specula.core.Distributions.assertFollows;
import static dev.specula.core.Distributions.pValue;
import static dev.specula.core.Distributions.softmax;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.decoding.AdaptiveDraftLength;
import dev.specula.core.decoding.DecodingStats;
import dev.specula.core.decoding.DraftProposal;
import dev.specula.core.decoding.DraftSource;
import dev.specula.core.decoding.ModelDrafter;
import dev.specula.core.decoding.NGramDrafter;
import dev.specula.core.decoding.SpeculativeDecoder;
import dev.specula.core.decoding.TokenSequence;
import dev.specula.core.decoding.ToyModel;

import java.util.Arrays;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

/**
 * The decoding loop end to end: the first tokens of a speculative generation must follow the
 * target's distribution, for every draft source, exactly as plain sampling does.
 *
 * <p>Each case runs {@value #TRIALS} generations of {@value #GENERATED} tokens (stream id = trial,
 * so every generation draws fresh drafts and uniforms) and compares the joint histogram of the
 * first {@value #JOINT} tokens, V^3 = 512 cells, with the exact product of the target's
 * conditionals computed from the toy's table. The draft length 4 makes the first verification
 * cover all three tokens, so accepted drafts, corrections, bonus tokens and roll-backs all
 * shape the histogram.
 *
 * <p>Power (the argument of {@link Distributions}): a bias of total-variation distance d gives a
 * non-centrality of at least 4 N d^2 = 250 at d = 0.025 and N = 100,000. With at most 511 degrees
 * of freedom the critical value at 1e-3 is about 615, while the statistic then has mean >= 761
 * and standard deviation about 45: such a bias is detected with probability >= 0.99. The
 * negative control (drafts sampled from the draft model but declared one-hot) is rejected.
 */
class SpeculativeDecodingExactnessTest {
    static final int V = 8;
    static final int TRIALS = 100_000;
    static final int GENERATED = 5;
    static final int JOINT = 3;

    private final ToyModel target = ToyModel.random(V, 64, 1.2, 21);
    private final ToyModel draft = target.perturbed(0.9, 22);

    /** The exact joint distribution of the first JOINT tokens after {@code prompt} at temperature t. */
    private double[] exact(int[] prompt, float t) {
        double[] p = new double[(int) Math.pow(V, JOINT)];
        int[] tokens = Arrays.copyOf(prompt, prompt.length + JOINT);
        for (int cell = 0; cell < p.length; cell++) {
            double probability = 1;
            for (int k = 0, rest = cell; k < JOINT; k++, rest /= V) {
                tokens[prompt.length + k] = rest % V;
                probability *= softmax(target.logitsAfter(tokens, prompt.length + k), t)[rest % V];
            }
            p[cell] = probability;
        }
        return p;
    }

    private record Run(long[] counts, long accepted, double alpha) {}

    private Run run(int[] prompt, IntFunction<SpeculativeDecoder> decoderForTrial, boolean plain) {
        long[] counts = new long[(int) Math.pow(V, JOINT)];
        long accepted = 0, tested = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            SpeculativeDecoder decoder = decoderForTrial.apply(trial);
            var out = plain ? decoder.generatePlain(prompt, GENERATED) : decoder.generate(prompt, GENERATED);
            int[] tokens = out.tokens();
            int cell = 0;
            for (int k = JOINT - 1; k >= 0; k--) cell = cell * V + tokens[k];
            counts[cell]++;
            DecodingStats s = out.stats();
            for (int i = 0; i < s.positions(); i++) {
                accepted += s.accepted(i);
                tested += s.tested(i);
            }
        }
        return new Run(counts, accepted, tested == 0 ? Double.NaN : (double) accepted / tested);
    }

    @Test
    void aDraftModelSampledWarmerThanTheTargetGivesTheTargetsDistribution() {
        int[] prompt = {1, 2};
        ModelDrafter drafter = new ModelDrafter(draft);
        Run run = run(prompt, trial -> SpeculativeDecoder.builder(target).draftSource(drafter)
                .settings(SamplingSettings.temperature(1f)).draftSettings(SamplingSettings.temperature(1.3f))
                .draftLength(4).seed(5).stream(trial).build(), false);
        assertFollows("model drafter, draft temperature 1.3", exact(prompt, 1f), run.counts());
        assertTrue(run.alpha() > 0.3 && run.alpha() < 0.95, "drafts are accepted and rejected: alpha " + run.alpha());
    }

    @Test
    void nGramLookupGivesTheTargetsDistribution() {
        int[] prompt = {3, 5, 3, 5, 3, 6, 3, 5, 3};   // lookup proposes "5 3 ..." or "6 3 ..."
        NGramDrafter drafter = new NGramDrafter(2, 1);
        Run run = run(prompt, trial -> SpeculativeDecoder.builder(target).draftSource(drafter)
                .settings(SamplingSettings.temperature(0.8f)).draftLength(4).seed(6).stream(trial).build(), false);
        assertFollows("n-gram drafter, target temperature 0.8", exact(prompt, 0.8f), run.counts());
        // Lookup drafts are rarely right for a random table, but often enough to exercise acceptance.
        assertTrue(run.accepted() > 1000, "accepted drafts: " + run.accepted());
    }

    @Test
    void anAdaptiveDraftLengthKeepsTheDistribution() {
        // The rule only looks at past acceptances, so it cannot bias the output; generations are
        // long enough here (8 tokens) for g to change before the histogrammed tokens are all out.
        int[] prompt = {4};
        ModelDrafter drafter = new ModelDrafter(draft);
        Run run = run(prompt, trial -> SpeculativeDecoder.builder(target).draftSource(drafter)
                .settings(SamplingSettings.temperature(1f)).draftSettings(SamplingSettings.temperature(1f))
                .draftLength(1).adaptiveDraftLength(AdaptiveDraftLength.of(1, 4, 0.3)).seed(7).stream(trial).build(), false);
        assertFollows("model drafter, adaptive draft length", exact(prompt, 1f), run.counts());
    }

    @Test
    void plainSamplingGivesTheTargetsDistributionAndALyingDraftSourceDoesNot() {
        int[] prompt = {1, 2};
        Run plain = run(prompt, trial -> SpeculativeDecoder.builder(target).settings(SamplingSettings.temperature(1f))
                .seed(8).stream(trial).build(), true);
        assertFollows("plain sampling", exact(prompt, 1f), plain.counts());

        // Negative control: drafts sampled at temperature 0.6 but handed over as if sampled at the
        // decoder's draft temperature 1.3, with log q recomputed at 1.3 so that nothing looks
        // inconsistent: the bug class of transformers #47932. (Declaring sampled drafts one-hot
        // would not do: one-hot verification is exact for drafts chosen in any way.)
        ModelDrafter inner = new ModelDrafter(draft);
        DraftSource lying = new DraftSource() {
            private DraftProposal scratch;

            @Override
            public void attach(int vocabularySize, int maxDrafts) {
                inner.attach(vocabularySize, maxDrafts);
                scratch = new DraftProposal(vocabularySize, maxDrafts);
            }

            @Override
            public void begin(TokenSequence prompt) {
                inner.begin(prompt);
            }

            @Override
            public void propose(TokenSequence context, DraftProposal proposal) {
                scratch.reset(proposal.limit(), SamplingSettings.temperature(0.6f), proposal.seed(), proposal.stream(),
                        proposal.step());
                inner.propose(context, scratch);
                FloatRows rows = ((DraftDistribution.Logits) scratch.distribution()).rows();
                for (int i = 0; i < scratch.count(); i++) {
                    float[] z = new float[V];
                    for (int v = 0; v < V; v++) z[v] = rows.get(0, i, v);
                    double[] q = softmax(z, proposal.settings().temperature());
                    proposal.add(scratch.token(i), Math.min(0, Math.log(q[scratch.token(i)])));
                }
                proposal.distribution(scratch.distribution());
            }

            @Override
            public void accepted(int count) {
                inner.accepted(count);
            }

            @Override
            public String name() {
                return "lying";
            }
        };
        Run biased = run(prompt, trial -> SpeculativeDecoder.builder(target).draftSource(lying)
                .settings(SamplingSettings.temperature(1f)).draftSettings(SamplingSettings.temperature(1.3f))
                .draftLength(4).seed(9).stream(trial).build(), false);
        double p = pValue("lying draft source", exact(prompt, 1f), biased.counts());
        assertTrue(p < Distributions.ALPHA, "the check must see drafts verified against the wrong q: p = " + p);
    }
}
