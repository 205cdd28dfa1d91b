package dev.specula.examples.llama;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Damaged checkpoints are refused with a message that says what is wrong. */
class BadCheckpointTest {
    @TempDir
    static Path dir;
    static RandomLlama model;
    static byte[] legacy, version1, version2;

    @BeforeAll
    static void writeGoodFiles() throws IOException {
        model = RandomLlama.generate(3, 32, 64, 2, 4, 2, 48, 8, true);
        legacy = write(f -> model.writeLegacy(f));
        version1 = write(f -> model.writeVersion1(f));
        version2 = write(f -> model.writeVersion2(f, 32));
    }

    interface FileWriter {
        void write(Path file) throws IOException;
    }

    private static byte[] write(FileWriter writer) throws IOException {
        Path file = dir.resolve("good" + System.nanoTime());
        writer.write(file);
        return Files.readAllBytes(file);
    }

    /** The message of the CheckpointException that opening these bytes throws. */
    private static String refusal(byte[] bytes) throws IOException {
        Path file = dir.resolve("bad" + System.nanoTime());
        Files.write(file, bytes);
        CheckpointException e = assertThrows(CheckpointException.class, () -> Checkpoint.open(file).close());
        assertTrue(e.getMessage().startsWith(file.toString()), "names the file: " + e.getMessage());
        return e.getMessage();
    }

    private static byte[] edited(byte[] original, Consumer<ByteBuffer> edit) {
        byte[] copy = original.clone();
        edit.accept(ByteBuffer.wrap(copy).order(ByteOrder.LITTLE_ENDIAN));
        return copy;
    }

    private static void assertMentions(String message, String... parts) {
        for (String part : parts) assertTrue(message.contains(part), "\"" + part + "\" missing from: " + message);
    }

    @Test
    void goodFilesOpen() throws IOException {
        // The fixtures themselves are valid, so each refusal below is due to its one edit.
        for (byte[] bytes : new byte[][] {legacy, version1, version2}) {
            Path file = dir.resolve("ok" + System.nanoTime());
            Files.write(file, bytes);
            Checkpoint.open(file).close();
        }
    }

    @Test
    void truncatedFilesStateExpectedAndActualSizes() throws IOException {
        for (byte[] bytes : new byte[][] {legacy, version1, version2}) {
            String message = refusal(Arrays.copyOf(bytes, bytes.length - 5));
            assertMentions(message, "truncated", String.valueOf(bytes.length), String.valueOf(bytes.length - 5));
        }
        assertMentions(refusal(Arrays.copyOf(legacy, 12)), "truncated", "12 bytes");
        assertMentions(refusal(Arrays.copyOf(version2, 100)), "truncated", "100 bytes", "256");
    }

    @Test
    void extraBytesAreAnInconsistentHeader() throws IOException {
        // E.g. a legacy file whose classifier is stored although the header says it is shared.
        assertMentions(refusal(Arrays.copyOf(legacy, legacy.length + 4 * 32 * 48)), "inconsistent header", String.valueOf(legacy.length));
    }

    @Test
    void wrongMagicOrVersionIsNamed() throws IOException {
        assertMentions(refusal(edited(version1, b -> b.put(0, (byte) '3'))), "\"ak42\" magic");
        assertMentions(refusal(edited(version1, b -> b.putInt(4, 3))), "unsupported", "version 3");
        assertMentions(refusal(edited(version2, b -> b.putInt(4, 0))), "version 0");
    }

    @Test
    void inconsistentHeaderValuesAreNamed() throws IOException {
        assertMentions(refusal(edited(legacy, b -> b.putInt(12, 5))), "n_heads 5", "dim 32");      // heads do not divide dim
        assertMentions(refusal(edited(legacy, b -> b.putInt(16, 3))), "n_kv_heads 3");             // kv heads do not divide heads
        assertMentions(refusal(edited(legacy, b -> b.putInt(0, -32))), "dim must be positive");
        assertMentions(refusal(edited(version1, b -> b.putInt(8 + 4 * 6, 0))), "seq_len must be positive");
        assertMentions(refusal(edited(version1, b -> b.put(36, (byte) 7))), "shared-classifier flag is 7");
        assertMentions(refusal(edited(version2, b -> b.putInt(37, 0))), "group size 0");
        assertMentions(refusal(edited(version2, b -> b.putInt(37, 7))), "not whole groups of 7");
        // Values each plausible, whose tensor sizes overflow a long: refused, not wrapped around.
        assertMentions(refusal(edited(legacy, b -> b.putInt(0, 1 << 16).putInt(4, Integer.MAX_VALUE).putInt(8, Integer.MAX_VALUE)
                .putInt(12, 2).putInt(16, 2).putInt(24, 1))), "overflow");
        // A header that claims more layers than the file holds.
        assertMentions(refusal(edited(version1, b -> b.putInt(16, 3))), "truncated");
    }

    @Test
    void vocabularyMismatchBetweenDraftAndTargetIsRefused() throws IOException {
        Path target = dir.resolve("target.bin"), draft = dir.resolve("draft.bin");
        model.writeVersion1(target);
        RandomLlama.generate(4, 32, 64, 1, 4, 2, 40, 8, true).writeVersion1(draft);
        try (LlamaModel t = LlamaModel.load(target); LlamaModel d = LlamaModel.load(draft)) {
            VocabularyMismatchException e = assertThrows(VocabularyMismatchException.class, () -> VocabularyMismatchException.check(t, d));
            assertMentions(e.getMessage(), "40", "48");
            VocabularyMismatchException.check(t, t.earlyExit(1));
            Tokenizer tokenizer = Tokenizer.load(TestModels.require(TestModels.TOKENIZER));
            assertMentions(assertThrows(VocabularyMismatchException.class, () -> VocabularyMismatchException.check(tokenizer, t)).getMessage(),
                    "512", "48");
        }
    }
}
