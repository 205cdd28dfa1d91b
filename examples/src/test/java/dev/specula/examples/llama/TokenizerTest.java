package dev.specula.examples.llama;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TokenizerTest {
    @TempDir
    Path dir;

    /** A tokenizer.bin written here: the 3 control tokens, 256 byte tokens, then the given pieces and scores. */
    private Path writeVocabulary(boolean byteTokens, Object... piecesAndScores) throws IOException {
        RandomLlama.Writer out = new RandomLlama.Writer();
        out.ints(8);
        List<Object> entries = new ArrayList<>(List.of("<unk>", 0f, "\n<s>\n", 0f, "\n</s>\n", 0f));
        if (byteTokens) for (int b = 0; b < 256; b++) entries.addAll(List.of(String.format("<0x%02X>", b), 0f));
        entries.addAll(Arrays.asList(piecesAndScores));
        for (int i = 0; i < entries.size(); i += 2) {
            byte[] piece = ((String) entries.get(i)).getBytes(StandardCharsets.UTF_8);
            out.floats((Float) entries.get(i + 1));
            out.ints(piece.length);
            out.bytes(piece);
        }
        Path file = dir.resolve("tokenizer" + System.nanoTime() + ".bin");
        out.writeTo(file);
        return file;
    }

    @Test
    void bpeMergesTheBestScoringPairFirstNotLeftToRight() throws IOException {
        // ids 259.. : " " a b c ab bc " a" " ab"
        Tokenizer t = Tokenizer.load(writeVocabulary(true, " ", -10f, "a", -10f, "b", -10f, "c", -10f,
                "ab", 5f, "bc", 6f, " a", 1f, " ab", 7f));
        assertEquals(3 + 256 + 8, t.size());
        // " abc": pairs " a"(1), "ab"(5), "bc"(6) -> bc; then " a"(1) -> [" a", "bc"]; " abc" is not a piece.
        // (Merging left to right, or "ab" first, would end as [" ab", "c"].)
        assertArrayEquals(new int[] {265, 264}, t.encode("abc", false, false));
        assertArrayEquals(new int[] {Tokenizer.BOS, 265, 264, Tokenizer.EOS}, t.encode("abc", true, true));
        // "bab": [" ", b, a, b] -> "ab"(5) at index 2 -> [" ", b, ab]; " b" and "bab" are not pieces.
        assertArrayEquals(new int[] {259, 260 + 1, 263}, t.encode("bab", false, false));
        assertArrayEquals(new int[] {Tokenizer.BOS}, t.encode("", true, false), "no dummy prefix for empty text");
    }

    @Test
    void missingCodePointsFallBackToByteTokensAndDecodeBack() throws IOException {
        Tokenizer t = Tokenizer.load(writeVocabulary(true, " ", -10f, "a", -10f));
        // "é" is U+00E9 = C3 A9 in UTF-8; byte b is token b + 3.
        assertArrayEquals(new int[] {Tokenizer.BOS, 259, 0xC3 + 3, 0xA9 + 3, 260}, t.encode("éa", true, false));
        assertEquals("éa", t.decode(new int[] {Tokenizer.BOS, 259, 0xC3 + 3, 0xA9 + 3, 260}), "the lone space after BOS is dropped");
        assertEquals("\n", t.decode(new int[] {0x0A + 3}));
        // A vocabulary without byte tokens cannot encode what it lacks, and says so.
        Tokenizer small = Tokenizer.load(writeVocabulary(false, " ", -1f, "a", -1f));
        assertArrayEquals(new int[] {3, 4}, small.encode("a", false, false));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> small.encode("ab", false, false));
        assertTrue(e.getMessage().contains("\"b\""), e.getMessage());
    }

    @Test
    void realVocabularyRoundTripsAndStripsTheSpaceAfterBos() throws IOException {
        Tokenizer t = Tokenizer.load(TestModels.require(TestModels.TOKENIZER));
        assertEquals(512, t.size());
        assertEquals(" ", new String(t.piece(t.encode("x", false, false)[0]), StandardCharsets.UTF_8), "dummy prefix first");
        for (String text : List.of("Once upon a time, there was a little girl named Lily.", "Tom said: \"Wow!\"\nThe end.",
                "naïve café — 100% ok 🙂", "  two  spaces", "x")) {
            int[] tokens = t.encode(text, true, false);
            assertEquals(Tokenizer.BOS, tokens[0]);
            assertEquals(text, t.decode(tokens), "BOS + text round trip");
            int[] bare = t.encode(text, false, false);
            assertEquals(" " + text, t.decode(bare), "without BOS the dummy-prefix space stays");
            assertTrue(bare.length < text.getBytes(StandardCharsets.UTF_8).length + 1 || text.length() < 3, "merges happened");
        }
        // Newline is not a piece of this vocabulary: it is the byte token <0x0A>.
        int[] newline = t.encode("a\nb", false, false);
        assertTrue(Arrays.stream(newline).anyMatch(id -> id == 0x0A + 3), Arrays.toString(newline));
        assertEquals("<0x0A>", new String(t.piece(0x0A + 3), StandardCharsets.US_ASCII));
        assertEquals("", t.decode(new int[] {Tokenizer.BOS, Tokenizer.EOS}), "control tokens print nothing");
    }

    @Test
    void textStreamHoldsBackUnfinishedCharacters() throws IOException {
        Tokenizer t = Tokenizer.load(writeVocabulary(true, " ", -10f, " a", -1f, "a", -10f));
        Tokenizer.TextStream stream = t.textStream();
        assertEquals("", stream.next(Tokenizer.BOS));
        assertEquals("a", stream.next(260), "the space after BOS is dropped");
        // U+1F642 is F0 9F 99 82: nothing until its fourth byte.
        assertEquals("", stream.next(0xF0 + 3));
        assertEquals("", stream.next(0x9F + 3));
        assertEquals("", stream.next(0x99 + 3));
        assertEquals("🙂", stream.next(0x82 + 3));
        assertEquals(" a", stream.next(260));
        assertEquals("", stream.next(0xC3 + 3));
        assertEquals("\uFFFD", stream.flush(), "a dangling lead byte is flushed as a replacement character");
    }

    @Test
    void badTokenizerFilesAreRefusedClearly() throws IOException {
        Path good = writeVocabulary(false, "a", 1f, "bb", 2f);
        byte[] bytes = Files.readAllBytes(good);
        Path truncated = dir.resolve("truncated.bin");
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length - 1));
        CheckpointException e = assertThrows(CheckpointException.class, () -> Tokenizer.load(truncated));
        assertTrue(e.getMessage().contains("truncated") && e.getMessage().contains("token 4"), e.getMessage());

        Path empty = dir.resolve("empty.bin");
        Files.write(empty, new byte[2]);
        assertThrows(CheckpointException.class, () -> Tokenizer.load(empty));

        RandomLlama.Writer w = new RandomLlama.Writer();
        w.ints(4);
        w.floats(0f);
        w.ints(-3);
        Path negative = dir.resolve("negative.bin");
        w.writeTo(negative);
        e = assertThrows(CheckpointException.class, () -> Tokenizer.load(negative));
        assertTrue(e.getMessage().contains("length -3"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Tokenizer.load(good).decode(new int[] {5}));
    }
}
