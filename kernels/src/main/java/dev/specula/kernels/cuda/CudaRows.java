package dev.specula.kernels.cuda;

/**
 * Float32 rows already in device memory (a model runtime's logits), {@code sequences x
 * rowsPerSequence x vocabSize}: element (b, r, v) is the float at index
 * {@code offset + b*sequenceStride + r*rowStride + v} from {@code devicePointer}. The runtime keeps
 * the memory alive while a verification reads it.
 *
 * @param devicePointer the {@code CUdeviceptr} of the allocation, 4-byte aligned
 * @param byteSize bytes readable from {@code devicePointer}
 * @param offset floats from {@code devicePointer} to element (0, 0, 0)
 */
public record CudaRows(long devicePointer, long byteSize, long offset, int sequences, int rowsPerSequence,
                       int vocabSize, long rowStride, long sequenceStride) {
    public CudaRows {
        if (devicePointer == 0) throw new IllegalArgumentException("device pointer is NULL");
        if (devicePointer % Float.BYTES != 0) {
            throw new IllegalArgumentException("device pointer 0x" + Long.toHexString(devicePointer) + " is not 4-byte aligned");
        }
        if (offset < 0) throw new IllegalArgumentException("offset must not be negative, got " + offset);
        if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        if (rowsPerSequence < 1) throw new IllegalArgumentException("rowsPerSequence must be >= 1, got " + rowsPerSequence);
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        if (rowStride < vocabSize) {
            throw new IllegalArgumentException("rowStride " + rowStride + " is smaller than vocabSize " + vocabSize);
        }
        long sequenceSpan;
        long needed;
        try {
            sequenceSpan = Math.addExact(Math.multiplyExact(rowsPerSequence - 1L, rowStride), vocabSize);
            if (sequences > 1 && sequenceStride < sequenceSpan) {
                throw new IllegalArgumentException("sequenceStride " + sequenceStride + " makes sequences overlap: one sequence spans "
                        + sequenceSpan + " floats");
            }
            needed = Math.multiplyExact(Math.addExact(offset,
                    Math.addExact(Math.multiplyExact(sequences - 1L, sequenceStride), sequenceSpan)), Float.BYTES);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the rows' strides overflow", e);
        }
        if (needed > byteSize) {
            throw new IllegalArgumentException("the rows need " + needed + " bytes from the device pointer but only "
                    + byteSize + " are readable");
        }
    }

    /** Offset and strides in floats, as the kernels take them. */
    PipelinePlan.RowGeometry geometry() {
        return new PipelinePlan.RowGeometry(offset, rowStride, sequenceStride);
    }
}
