package dev.specula.benchmarks.paper;

import dev.specula.core.DraftSampler;
import dev.specula.core.FastVerifier;
import dev.specula.core.FloatRows;
import dev.specula.core.RandomStreams;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.core.DraftDistribution;
import dev.specula.examples.llama.LlamaModel;
import dev.specula.examples.llama.ModelFiles;
import dev.specula.examples.llama.Tokenizer;
import dev.specula.examples.llama.VocabularyMismatchException;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;

/**
 * Records real target/draft logit pairs at run time: Karpathy's stories260K (the target) and its
 * Q8_0 copy (the draft) decode stories speculatively, and at each of P verification points the
 * g draft rows and g + 1 target rows the verifier is given are copied out. Nothing of the models
 * is stored in the repository; the files are found through {@link ModelFiles}
 * ({@code ../shared/models} of a checkout, {@code -Dspecula.models}, ...).
 *
 * <h2>One verification point</h2>
 * With context c (the models have read all of c but its last token), the draft model reads the
 * last token and writes q_0, a draft d_0 ~ q_0 is drawn ({@link DraftSampler}); it reads d_0 and
 * writes q_1, and so on up to q_{g-1}, d_{g-1}. The target reads the last token of c and
 * d_0..d_{g-1} in one block and writes p_0..p_g. So row i of both models comes from the same
 * context c d_0..d_{i-1}. The point is then verified ({@link FastVerifier}) and its emitted
 * tokens appended to c, so the next point continues the story as speculative decoding would;
 * a story that would outgrow the context window is restarted from BOS.
 */
final class StoriesRecorder {
    static final String TARGET = "stories260K.bin";
    static final String DRAFT = "stories260K_q80.bin";

    private StoriesRecorder() {}

    /** The model files, or an exception saying where they were looked for. */
    static Path require(String fileName) {
        return ModelFiles.find(fileName).orElseThrow(() -> new IllegalStateException(ModelFiles.notFound(fileName)));
    }

    /**
     * Records {@code points} verification points of {@code drafts} drafts into {@code arena}:
     * target rows P x (g + 1) x V and draft rows P x g x V (V = 512). Deterministic in {@code seed}.
     */
    static RecordedRows record(Arena arena, int points, int drafts, long seed) throws IOException {
        if (points < 1 || drafts < 1) throw new IllegalArgumentException("need points >= 1 and drafts >= 1, got " + points + ", " + drafts);
        try (LlamaModel target = LlamaModel.load(require(TARGET)); LlamaModel draft = LlamaModel.load(require(DRAFT));
             FastVerifier verifier = new FastVerifier(1)) {
            VocabularyMismatchException.check(target, draft);
            int vocab = target.vocabularySize();
            if (drafts + 2 > target.contextLength()) throw new IllegalArgumentException("g = " + drafts + " does not fit the context");
            FloatRows targetRows = FloatRows.dense(arena.allocate((long) points * (drafts + 1) * vocab * Float.BYTES, 4096),
                    points, drafts + 1, vocab);
            FloatRows draftRows = FloatRows.dense(arena.allocate((long) points * drafts * vocab * Float.BYTES, 4096), points, drafts, vocab);

            // One sequence's scratch rows, in which the point is verified to continue the story.
            FloatRows pointTarget = FloatRows.dense(arena.allocate((long) (drafts + 1) * vocab * Float.BYTES, 64), 1, drafts + 1, vocab);
            FloatRows pointDrafts = FloatRows.dense(arena.allocate((long) drafts * vocab * Float.BYTES, 64), 1, drafts, vocab);
            VerificationBatch batch = new VerificationBatch(1, drafts, vocab).target(pointTarget)
                    .draftDistribution(DraftDistribution.logits(pointDrafts)).seedAll(seed);
            VerificationResult result = VerificationResult.forBatch(batch);

            int[] context = new int[target.contextLength() + drafts + 1];
            int length = restart(context, target, draft);
            int[] block = new int[drafts + 1];
            for (int point = 0; point < points; point++) {
                if (length + drafts + 1 > target.contextLength()) length = restart(context, target, draft);
                batch.step(0, point);
                int last = context[length - 1];
                // The draft model proposes g tokens, each from the context extended by the ones before it.
                int token = last;
                for (int i = 0; i < drafts; i++) {
                    copyRow(draft.forward(new int[] {token}, 0, 1), 0, pointDrafts, i);
                    double u = RandomStreams.draftUniform(seed, 0, point, i);
                    var sample = DraftSampler.sample(pointDrafts, 0, i, SamplingSettings.DEFAULT, u);
                    batch.draftToken(0, i, sample.token()).draftLogProbability(0, i, sample.logProbability());
                    token = sample.token();
                }
                batch.draftCount(0, drafts);
                block[0] = last;
                for (int i = 0; i < drafts; i++) block[i + 1] = batch.draftToken(0, i);
                FloatRows scored = target.forward(block, 0, drafts + 1);
                for (int r = 0; r <= drafts; r++) copyRow(scored, r, pointTarget, r);
                for (int r = 0; r <= drafts; r++) copyRow(pointTarget, r, targetRows, point, r);
                for (int i = 0; i < drafts; i++) copyRow(pointDrafts, i, draftRows, point, i);

                verifier.verify(batch, result);
                for (int k = 0; k < result.emittedCount(0); k++) context[length + k] = result.emitted(0, k);
                int accepted = result.accepted(0);
                length += accepted + 1;
                // Both caches hold c and the drafts they read; keep what the story kept, then read up to its last token.
                catchUp(target, context, length - 1);
                catchUp(draft, context, length - 1);
            }
            return new RecordedRows(targetRows, draftRows);
        }
    }

    /** A new story: BOS only, both caches empty. */
    private static int restart(int[] context, LlamaModel target, LlamaModel draft) {
        target.rollback(0);
        draft.rollback(0);
        context[0] = Tokenizer.BOS;
        return 1;
    }

    /** Makes the model's cache hold exactly {@code context[0..upTo)}: rolls back what was rejected, reads what it has not. */
    private static void catchUp(LlamaModel model, int[] context, int upTo) {
        if (model.length() > upTo) model.rollback(upTo);
        if (model.length() < upTo) model.forward(context, model.length(), upTo - model.length());
    }

    private static void copyRow(FloatRows from, int r, FloatRows to, int toRow) {
        copyRow(from, r, to, 0, toRow);
    }

    private static void copyRow(FloatRows from, int r, FloatRows to, int b, int toRow) {
        MemorySegment.copy(from.segment(), from.rowOffset(0, r) * Float.BYTES, to.segment(), to.rowOffset(b, toRow) * Float.BYTES,
                (long) from.vocabSize() * Float.BYTES);
    }

    /**
     * The recorded rows.
     *
     * @param target P x (g + 1) x V target logits
     * @param drafts P x g x V draft logits
     */
    record RecordedRows(FloatRows target, FloatRows drafts) {}
}
