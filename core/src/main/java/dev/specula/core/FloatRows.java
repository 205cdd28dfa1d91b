package dev.specula.core;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Objects;

/**
 * A view of float32 rows in a {@link MemorySegment}: {@code sequences x rowsPerSequence x
 * vocabSize}, with explicit strides so that a model runtime's padded buffers are read where they
 * are. Nothing is copied.
 *
 * <p>Element (b, r, v) is the float at index {@code b * sequenceStride + r * rowStride + v} of
 * the segment (strides count floats, not bytes).
 *
 * <pre>{@code
 * float[] logits = new float[batch * (g + 1) * vocab];            // filled by the model
 * FloatRows target = FloatRows.of(logits, batch, g + 1, vocab);    // dense, no copy
 * FloatRows padded = new FloatRows(segment, batch, g + 1, vocab, 32_768, 40 * 32_768);
 * }</pre>
 *
 * @param segment the memory; must hold every addressed float and be aligned to 4 bytes
 * @param sequences number of sequences B, {@code >= 1}
 * @param rowsPerSequence rows per sequence, {@code >= 0}
 * @param vocabSize floats per row V, {@code >= 1}
 * @param rowStride floats from one row to the next, {@code >= vocabSize}
 * @param sequenceStride floats from one sequence to the next, large enough that sequences do
 *     not overlap
 */
public record FloatRows(MemorySegment segment, int sequences, int rowsPerSequence, int vocabSize,
                        long rowStride, long sequenceStride) {

    public FloatRows {
        if (segment == null) throw new IllegalArgumentException("segment is null");
        if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        if (rowsPerSequence < 0) throw new IllegalArgumentException("rowsPerSequence must be >= 0, got " + rowsPerSequence);
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        if (rowStride < vocabSize) {
            throw new IllegalArgumentException("rowStride " + rowStride + " is smaller than vocabSize " + vocabSize);
        }
        long sequenceSpan = rowsPerSequence == 0 ? 0 : span(rowsPerSequence - 1, rowStride, vocabSize);
        if (sequences > 1 && sequenceStride < sequenceSpan) {
            throw new IllegalArgumentException("sequenceStride " + sequenceStride + " makes sequences overlap: one sequence spans "
                    + sequenceSpan + " floats");
        }
        if (segment.maxByteAlignment() < Float.BYTES) {
            throw new IllegalArgumentException("segment is aligned to " + segment.maxByteAlignment()
                    + " byte(s); float rows need 4-byte alignment");
        }
        long needed = rowsPerSequence == 0 ? 0 : Math.multiplyExact(span(sequences - 1, sequenceStride, sequenceSpan), Float.BYTES);
        if (segment.byteSize() < needed) {
            throw new IllegalArgumentException("segment holds " + segment.byteSize() + " bytes but shape " + sequences + "x"
                    + rowsPerSequence + "x" + vocabSize + " with strides (" + sequenceStride + ", " + rowStride
                    + ") needs " + needed);
        }
    }

    /** {@code count * stride + extra}, refusing strides so large that the arithmetic overflows. */
    private static long span(long count, long stride, long extra) {
        try {
            return Math.addExact(Math.multiplyExact(count, stride), extra);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("strides overflow: " + count + " x " + stride + " floats", e);
        }
    }

    /** Dense rows: row stride V, sequence stride rowsPerSequence * V. */
    public static FloatRows dense(MemorySegment segment, int sequences, int rowsPerSequence, int vocabSize) {
        return new FloatRows(segment, sequences, rowsPerSequence, vocabSize, vocabSize, (long) rowsPerSequence * vocabSize);
    }

    /** Dense rows over a heap array, through {@link MemorySegment#ofArray(float[])} (no copy). */
    public static FloatRows of(float[] data, int sequences, int rowsPerSequence, int vocabSize) {
        return dense(MemorySegment.ofArray(data), sequences, rowsPerSequence, vocabSize);
    }

    /** Index, in floats, of element 0 of row {@code r} of sequence {@code b}. */
    public long rowOffset(int b, int r) {
        return b * sequenceStride + r * rowStride;
    }

    /**
     * Element (b, r, v).
     *
     * @throws IndexOutOfBoundsException if an index is outside the shape
     */
    public float get(int b, int r, int v) {
        Objects.checkIndex(b, sequences);
        Objects.checkIndex(r, rowsPerSequence);
        Objects.checkIndex(v, vocabSize);
        return segment.getAtIndex(ValueLayout.JAVA_FLOAT, rowOffset(b, r) + v);
    }

    /**
     * Checks that row r of sequence b exists.
     *
     * @throws IllegalArgumentException naming the index that is outside the shape
     */
    public void requireRow(int b, int r) {
        if (b < 0 || b >= sequences) throw new IllegalArgumentException("sequence " + b + " is outside [0, " + sequences + ")");
        if (r < 0 || r >= rowsPerSequence) {
            throw new IllegalArgumentException("row " + r + " is outside [0, " + rowsPerSequence + ")");
        }
    }

    /**
     * Checks that the segment can still be read.
     *
     * @throws IllegalStateException if its arena has been closed
     */
    public void requireAlive(String what) {
        if (!segment.scope().isAlive()) {
            throw new IllegalStateException(what + ": the arena of its memory segment has been closed");
        }
    }
}
