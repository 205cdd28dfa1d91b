package dev.specula.kernels;

import dev.specula.core.FloatRows;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import java.util.Objects;

/**
 * Float rows already in an OpenCL buffer, for example logits a model runtime left on the device:
 * {@code sequences x rowsPerSequence x vocabSize}, element (b, r, v) at float index
 * {@code offset + b * sequenceStride + r * rowStride + v} of the buffer. Nothing is copied.
 *
 * {@snippet :
 * ClBuffer logits = verifier.context().externalBuffer(clMemFromRuntime);
 * DeviceRows target = new DeviceRows(logits, 0, batch, g + 1, vocab, vocab, (long) (g + 1) * vocab);
 * verifier.verify(batch, target, null, result);
 * }
 *
 * @param buffer          the buffer; must belong to the verifier's {@link OpenClVerifier#context()}
 * @param offset          float index of element (0, 0, 0), {@code >= 0}
 * @param sequences       B, {@code >= 1}
 * @param rowsPerSequence rows per sequence, {@code >= 0}
 * @param vocabSize       V, {@code >= 1}
 * @param rowStride       floats between rows, {@code >= vocabSize}
 * @param sequenceStride  floats between sequences, so that sequences do not overlap
 */
public record DeviceRows(ClBuffer buffer, long offset, int sequences, int rowsPerSequence, int vocabSize, long rowStride,
                         long sequenceStride) {

    public DeviceRows {
        Objects.requireNonNull(buffer, "buffer");
        if (offset < 0) throw new IllegalArgumentException("offset must be >= 0, got " + offset);
        if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        if (rowsPerSequence < 0) throw new IllegalArgumentException("rowsPerSequence must be >= 0, got " + rowsPerSequence);
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        if (rowStride < vocabSize) throw new IllegalArgumentException("rowStride " + rowStride + " is smaller than vocabSize " + vocabSize);
        long sequenceSpan = rowsPerSequence == 0 ? 0 : spanOf(rowsPerSequence - 1, rowStride, vocabSize);
        if (sequences > 1 && sequenceStride < sequenceSpan) {
            throw new IllegalArgumentException("sequenceStride " + sequenceStride + " makes sequences overlap: one sequence spans "
                    + sequenceSpan + " floats");
        }
        long floats = rowsPerSequence == 0 ? 0 : spanOf(sequences - 1, sequenceStride, sequenceSpan);
        long needed = Math.multiplyExact(Math.addExact(offset, floats), Float.BYTES);
        if (buffer.byteSize() < needed) {
            throw new IllegalArgumentException("buffer holds " + buffer.byteSize() + " bytes but rows " + sequences + "x" + rowsPerSequence
                    + "x" + vocabSize + " from float " + offset + " need " + needed);
        }
    }

    /**
     * Rows over a host segment with no copy: a {@code CL_MEM_USE_HOST_PTR} buffer over the
     * segment itself, so that on a device with host-unified memory the kernels read the floats
     * where the producer wrote them. Close the returned rows' buffer when done.
     *
     * @throws IllegalArgumentException if the segment is on the heap or not aligned to
     *                                  {@link ClContext#hostAlignment()}, or the device does not
     *                                  share host memory
     */
    public static DeviceRows zeroCopy(ClContext context, FloatRows rows) {
        Objects.requireNonNull(context, "context");
        Objects.requireNonNull(rows, "rows");
        if (!context.device().hostUnifiedMemory()) {
            throw new IllegalArgumentException("device " + context.device().name() + " does not share host memory (CL_DEVICE_HOST_UNIFIED_MEMORY is false): rows must be copied");
        }
        long bytes = Math.max(Float.BYTES, span(rows) * Float.BYTES);
        ClBuffer buffer = context.hostBuffer(rows.segment().asSlice(0, bytes), ClAccess.READ_ONLY);
        return new DeviceRows(buffer, 0, rows.sequences(), rows.rowsPerSequence(), rows.vocabSize(), rows.rowStride(), rows.sequenceStride());
    }

    /** The number of floats from element (0, 0, 0) to the end of the last row. */
    public long span() {
        if (rowsPerSequence == 0) return 0;
        return spanOf(sequences - 1, sequenceStride, spanOf(rowsPerSequence - 1, rowStride, vocabSize));
    }

    /** The number of floats {@code rows} addresses from the start of its segment. */
    public static long span(FloatRows rows) {
        if (rows.rowsPerSequence() == 0) return 0;
        return spanOf(rows.sequences() - 1, rows.sequenceStride(), spanOf(rows.rowsPerSequence() - 1, rows.rowStride(), rows.vocabSize()));
    }

    private static long spanOf(long count, long stride, long extra) {
        try {
            return Math.addExact(Math.multiplyExact(count, stride), extra);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("strides overflow: " + count + " x " + stride + " floats", e);
        }
    }
}
