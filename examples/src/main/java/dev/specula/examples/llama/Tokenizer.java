package dev.specula.examples.llama;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte-pair-encoding tokenizer of llama2.c ({@code tokenizer.bin}, a SentencePiece vocabulary
 * exported as: int32 max token length, then per token a float32 merge score, an int32 byte
 * length and the piece's bytes; little-endian).
 *
 * <p>Encoding works as llama2.c's {@code run.c}: a leading space is prepended (SentencePiece's
 * dummy prefix), the UTF-8 text is split into code points, each code point becomes its own token
 * or, if the vocabulary lacks it, one byte-fallback token per byte ({@code <0xXX>} at id
 * {@code byte + 3}), and then the adjacent pair whose concatenation is the best-scoring
 * vocabulary entry is merged, again and again, until no pair merges.
 *
 * <p>Decoding maps byte-fallback tokens back to their byte ({@code <0x0A>} is a newline), drops
 * the space a piece starts with right after BOS, and omits the BOS and EOS control tokens.
 *
 * {@snippet :
 * Tokenizer tokenizer = Tokenizer.load(Path.of("tok512.bin"));
 * int[] prompt = tokenizer.encode("Once upon a time", true, false);  // BOS first
 * String text = tokenizer.decode(prompt);                            // "Once upon a time"
 * }
 */
public final class Tokenizer {
    /** SentencePiece's unknown, begin- and end-of-sequence ids, as llama2.c fixes them. */
    public static final int UNKNOWN = 0, BOS = 1, EOS = 2;
    /** Byte b is token {@code b + BYTE_OFFSET} (after the three control tokens). */
    public static final int BYTE_OFFSET = 3;

    private final byte[][] pieces;
    private final float[] scores;
    private final int maxTokenLength;
    /** Pieces as ISO-8859-1 strings (one char per byte, so byte-exact) to ids; the first id wins for duplicates. */
    private final Map<String, Integer> ids = new HashMap<>();
    private final boolean byteFallback;

    /**
     * @param pieces the token byte strings, by id
     * @param scores merge scores, by id (a higher score merges first)
     */
    public Tokenizer(byte[][] pieces, float[] scores, int maxTokenLength) {
        if (pieces.length != scores.length) throw new IllegalArgumentException(pieces.length + " pieces but " + scores.length + " scores");
        if (pieces.length <= EOS) throw new IllegalArgumentException("a vocabulary needs at least the 3 control tokens, got " + pieces.length);
        this.pieces = pieces.clone();
        this.scores = scores.clone();
        this.maxTokenLength = maxTokenLength;
        for (int id = 0; id < pieces.length; id++) ids.putIfAbsent(key(pieces[id]), id);
        boolean bytes = pieces.length >= BYTE_OFFSET + 256;
        for (int b = 0; bytes && b < 256; b++) bytes = byteValue(pieces[BYTE_OFFSET + b]) == b;
        byteFallback = bytes;
    }

    /**
     * Reads a llama2.c {@code tokenizer.bin}; the vocabulary size is the number of entries the
     * file holds (check it against the model with {@link VocabularyMismatchException#check}).
     *
     * @throws CheckpointException if the file is truncated or has a negative length
     */
    public static Tokenizer load(Path file) throws IOException {
        ByteBuffer in = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        if (in.remaining() < 4) throw new CheckpointException(file, "truncated tokenizer: " + in.remaining() + " bytes, no header");
        int maxTokenLength = in.getInt();
        if (maxTokenLength < 1) throw new CheckpointException(file, "not a tokenizer: max token length " + maxTokenLength);
        List<byte[]> pieces = new ArrayList<>();
        List<Float> scores = new ArrayList<>();
        while (in.hasRemaining()) {
            int id = pieces.size();
            if (in.remaining() < 8) throw new CheckpointException(file, "truncated tokenizer: token " + id + " has " + in.remaining() + " of its 8 header bytes");
            float score = in.getFloat();
            int length = in.getInt();
            if (length < 0 || length > maxTokenLength) {
                throw new CheckpointException(file, "token " + id + " has length " + length + ", outside [0, " + maxTokenLength + "]");
            }
            if (in.remaining() < length) {
                throw new CheckpointException(file, "truncated tokenizer: token " + id + " needs " + length + " bytes, " + in.remaining() + " left");
            }
            byte[] piece = new byte[length];
            in.get(piece);
            pieces.add(piece);
            scores.add(score);
        }
        float[] s = new float[scores.size()];
        for (int i = 0; i < s.length; i++) s[i] = scores.get(i);
        try {
            return new Tokenizer(pieces.toArray(byte[][]::new), s, maxTokenLength);
        } catch (IllegalArgumentException e) {
            throw new CheckpointException(file, e.getMessage(), e);
        }
    }

    /** Number of tokens. */
    public int size() {
        return pieces.length;
    }

    public int maxTokenLength() {
        return maxTokenLength;
    }

    /** The raw piece of a token, as stored (byte tokens read {@code <0xXX>}). */
    public byte[] piece(int token) {
        return pieces[checkToken(token)].clone();
    }

    public float score(int token) {
        return scores[checkToken(token)];
    }

    /** The id of a piece, or -1. */
    public int lookup(String piece) {
        return ids.getOrDefault(key(piece.getBytes(StandardCharsets.UTF_8)), -1);
    }

    /**
     * Encodes text as run.c does (see the class comment).
     *
     * @param bos whether to start with {@link #BOS}
     * @param eos whether to end with {@link #EOS}
     * @throws IllegalArgumentException if a code point is missing from a vocabulary without
     *     byte-fallback tokens
     */
    public int[] encode(String text, boolean bos, boolean eos) {
        byte[] utf8 = text.getBytes(StandardCharsets.UTF_8);
        List<Integer> tokens = new ArrayList<>();
        if (bos) tokens.add(BOS);
        if (utf8.length > 0) appendCodePoint(tokens, new byte[] {' '}, 0, 1); // the dummy prefix
        for (int start = 0; start < utf8.length; ) {
            // A code point: a lead byte and its continuation bytes (10xxxxxx), at most 4 bytes.
            int end = start + 1;
            while (end < utf8.length && end - start < 4 && (utf8[end] & 0xC0) == 0x80) end++;
            appendCodePoint(tokens, utf8, start, end);
            start = end;
        }
        mergePairs(tokens, bos ? 1 : 0);
        if (eos) tokens.add(EOS);
        return tokens.stream().mapToInt(Integer::intValue).toArray();
    }

    private void appendCodePoint(List<Integer> tokens, byte[] utf8, int start, int end) {
        Integer id = ids.get(key(utf8, start, end));
        if (id != null) {
            tokens.add(id);
            return;
        }
        if (!byteFallback) {
            throw new IllegalArgumentException("\"" + new String(utf8, start, end - start, StandardCharsets.UTF_8)
                    + "\" is not in the vocabulary, which has no byte-fallback tokens");
        }
        for (int i = start; i < end; i++) tokens.add((utf8[i] & 0xFF) + BYTE_OFFSET);
    }

    /** Greedy BPE: merge the adjacent pair whose concatenation scores best (leftmost on ties) until none is in the vocabulary. */
    private void mergePairs(List<Integer> tokens, int from) {
        while (true) {
            float bestScore = Float.NEGATIVE_INFINITY;
            int bestId = -1, bestIndex = -1;
            for (int i = from; i + 1 < tokens.size(); i++) {
                Integer id = ids.get(key(pieces[tokens.get(i)]) + key(pieces[tokens.get(i + 1)]));
                if (id != null && scores[id] > bestScore) {
                    bestScore = scores[id];
                    bestId = id;
                    bestIndex = i;
                }
            }
            if (bestIndex < 0) return;
            tokens.set(bestIndex, bestId);
            tokens.remove(bestIndex + 1);
        }
    }

    /**
     * The bytes token {@code token} contributes to the text after {@code previous} (-1 if none):
     * a byte-fallback token gives its byte, a piece right after BOS loses its leading space,
     * BOS and EOS give nothing.
     */
    public byte[] decodeBytes(int previous, int token) {
        checkToken(token);
        if (token == BOS || token == EOS) return new byte[0];
        byte[] piece = pieces[token];
        int value = byteValue(piece);
        if (value >= 0) return new byte[] {(byte) value};
        if (previous == BOS && piece.length > 0 && piece[0] == ' ') return Arrays.copyOfRange(piece, 1, piece.length);
        return piece.clone();
    }

    /** The text of a token sequence (UTF-8 over the concatenated bytes; invalid sequences become U+FFFD). */
    public String decode(int[] tokens) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 0; i < tokens.length; i++) out.writeBytes(decodeBytes(i == 0 ? -1 : tokens[i - 1], tokens[i]));
        return out.toString(StandardCharsets.UTF_8);
    }

    /** A decoder for generated tokens one at a time, holding back bytes of an unfinished UTF-8 character. */
    public TextStream textStream() {
        return new TextStream(this);
    }

    /** Streaming detokenisation: {@link #next} returns the text that token completes. */
    public static final class TextStream {
        private final Tokenizer tokenizer;
        private final ByteArrayOutputStream pending = new ByteArrayOutputStream();
        private int previous = -1;

        private TextStream(Tokenizer tokenizer) {
            this.tokenizer = tokenizer;
        }

        /** The complete characters available after {@code token} (possibly empty). */
        public String next(int token) {
            pending.writeBytes(tokenizer.decodeBytes(previous, token));
            previous = token;
            byte[] bytes = pending.toByteArray();
            int complete = completePrefix(bytes);
            pending.reset();
            pending.write(bytes, complete, bytes.length - complete);
            return new String(bytes, 0, complete, StandardCharsets.UTF_8);
        }

        /** Whatever is held back, decoded as is. */
        public String flush() {
            String rest = pending.toString(StandardCharsets.UTF_8);
            pending.reset();
            return rest;
        }

        /** Length of the longest prefix that does not end inside a multi-byte UTF-8 character. */
        private static int completePrefix(byte[] bytes) {
            int n = bytes.length;
            for (int back = 1; back <= Math.min(3, n); back++) {
                int b = bytes[n - back] & 0xFF;
                if ((b & 0xC0) == 0x80) continue; // continuation byte: keep looking for the lead
                int needed = b >= 0xF0 ? 4 : b >= 0xE0 ? 3 : b >= 0xC0 ? 2 : 1;
                return needed > back ? n - back : n;
            }
            return n;
        }
    }

    /** The byte of a {@code <0xXX>} piece, or -1. */
    private static int byteValue(byte[] piece) {
        if (piece.length != 6 || piece[0] != '<' || piece[1] != '0' || piece[2] != 'x' || piece[5] != '>') return -1;
        int hi = Character.digit(piece[3], 16), lo = Character.digit(piece[4], 16);
        return hi < 0 || lo < 0 ? -1 : hi * 16 + lo;
    }

    private static String key(byte[] bytes) {
        return key(bytes, 0, bytes.length);
    }

    private static String key(byte[] bytes, int from, int to) {
        return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
    }

    private int checkToken(int token) {
        if (token < 0 || token >= pieces.length) throw new IllegalArgumentException("token " + token + " is outside [0, " + pieces.length + ")");
        return token;
    }
}
