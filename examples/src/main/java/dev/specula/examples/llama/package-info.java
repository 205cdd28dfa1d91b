/**
 * A pure-Java Llama-2-architecture model for llama2.c checkpoints, the real target and draft
 * models of Specula's speculative decoding examples.
 *
 * <ul>
 *   <li>{@link dev.specula.examples.llama.Checkpoint} maps a checkpoint file in any of llama2.c's
 *       three layouts ({@link dev.specula.examples.llama.CheckpointFormat}) and checks it;
 *   <li>{@link dev.specula.examples.llama.LlamaModel} runs it as a
 *       {@link dev.specula.core.decoding.LanguageModel}: block forward, cache roll-back, logits in a
 *       native segment, and {@link dev.specula.examples.llama.LlamaModel#earlyExit early-exit}
 *       views for self-speculative drafting;
 *   <li>{@link dev.specula.examples.llama.Tokenizer} reads llama2.c's {@code tokenizer.bin};
 *   <li>{@link dev.specula.examples.llama.ModelFiles} finds model files without configuration.
 * </ul>
 *
 * {@snippet :
 * Path folder = ModelFiles.find("stories260K.bin").orElseThrow().getParent();
 * Tokenizer tokenizer = Tokenizer.load(folder.resolve("tok512.bin"));
 * try (LlamaModel target = LlamaModel.load(folder.resolve("stories260K.bin"));
 *      LlamaModel draft = LlamaModel.load(folder.resolve("stories260K_q80.bin"))) {
 *     VocabularyMismatchException.check(target, draft);
 *     int[] prompt = tokenizer.encode("Once upon a time", true, false);
 *     FloatRows logits = target.forward(prompt, 0, prompt.length);  // one row per prompt token
 * }
 * }
 */
package dev.specula.examples.llama;
