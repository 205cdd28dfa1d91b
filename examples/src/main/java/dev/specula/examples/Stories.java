package dev.specula.examples;

import dev.specula.core.decoding.DraftSource;
import dev.specula.core.decoding.ModelDrafter;
import dev.specula.core.decoding.NGramDrafter;
import dev.specula.examples.llama.LlamaModel;
import dev.specula.examples.llama.ModelFiles;
import dev.specula.examples.llama.Tokenizer;
import dev.specula.examples.llama.VocabularyMismatchException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Karpathy's stories260K (the target), its Q8_0 copy (the draft model) and their tokenizer,
 * loaded together, and the draft sources built from them. Closing it closes every model it made.
 */
final class Stories implements AutoCloseable {
    static final String TARGET = "stories260K.bin";
    static final String DRAFT = "stories260K_q80.bin";
    static final String TOKENIZER = "tok512.bin";
    /** Early exit after this many of the target's 5 layers, unless told otherwise (2 layers accept about 4% of greedy drafts, 4 layers about 58%). */
    static final int DEFAULT_SELF_LAYERS = 4;

    final Path targetFile, draftFile, tokenizerFile;
    final LlamaModel target;
    final LlamaModel draft;
    final Tokenizer tokenizer;
    private final List<LlamaModel> views = new ArrayList<>();

    Stories(Path targetFile, Path draftFile, Path tokenizerFile) throws IOException {
        this.targetFile = targetFile;
        this.draftFile = draftFile;
        this.tokenizerFile = tokenizerFile;
        this.tokenizer = Tokenizer.load(tokenizerFile);
        this.target = LlamaModel.load(targetFile);
        try {
            this.draft = LlamaModel.load(draftFile);
            VocabularyMismatchException.check(tokenizer, target);
            VocabularyMismatchException.check(target, draft);
        } catch (IOException | RuntimeException e) {
            target.close();
            throw e;
        }
    }

    /** The three files through {@link ModelFiles}, or empty when one is missing. */
    static Optional<Stories> find() throws IOException {
        Optional<Path> t = ModelFiles.find(TARGET), d = ModelFiles.find(DRAFT), k = ModelFiles.find(TOKENIZER);
        if (t.isEmpty() || d.isEmpty() || k.isEmpty()) return Optional.empty();
        return Optional.of(new Stories(t.get(), d.get(), k.get()));
    }

    /** Which of the three files are missing, with where they were looked for. */
    static String whatIsMissing() {
        StringBuilder s = new StringBuilder();
        for (String name : new String[] {TARGET, DRAFT, TOKENIZER}) {
            if (ModelFiles.find(name).isEmpty()) s.append(s.isEmpty() ? "" : ", ").append(name);
        }
        return s + " not found; looked in " + ModelFiles.searchPath();
    }

    /** A new draft source of the given kind; {@code selfLayers} is used by {@link DraftKind#SELF}. */
    DraftSource draftSource(DraftKind kind, int selfLayers) {
        return switch (kind) {
            case MODEL -> new ModelDrafter(draft);
            case NGRAM -> new NGramDrafter();
            case SELF -> {
                LlamaModel view = target.earlyExit(selfLayers);
                views.add(view);
                yield new ModelDrafter(view);
            }
        };
    }

    /** BOS followed by the encoded prompt (only BOS for an empty prompt). */
    int[] encode(String prompt) {
        return tokenizer.encode(prompt, true, false);
    }

    @Override
    public void close() {
        for (LlamaModel view : views) view.close();
        draft.close();
        target.close();
    }
}
