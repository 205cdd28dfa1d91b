package dev.specula.examples.llama;

import jdk.incubator.vector.ByteVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorShape;
import jdk.incubator.vector.VectorSpecies;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;

import static dev.specula.examples.llama.Kernels.F;
import static dev.specula.examples.llama.Kernels.FLOAT_LE;

/**
 * A row-major weight matrix that stays where the checkpoint file was mapped: W[row][col] is the
 * weight from input {@code col} to output {@code row} (PyTorch's {@code nn.Linear.weight}).
 * The two storage kinds each bring their own Vector API dot-product kernel.
 */
public sealed interface Matrix permits Matrix.F32, Matrix.Q8 {

    int rows();

    int cols();

    /** {@code W[row] . x[xOffset .. xOffset + cols)}. */
    float dot(int row, float[] x, int xOffset);

    /** Writes row {@code row} (dequantised if needed) to {@code out[outOffset .. outOffset + cols)}. */
    void copyRow(int row, float[] out, int outOffset);

    /**
     * float32 weights.
     *
     * @param data {@code rows * cols} little-endian floats
     */
    record F32(MemorySegment data, int rows, int cols) implements Matrix {
        public F32 {
            if (data.byteSize() != 4L * rows * cols) {
                throw new IllegalArgumentException(rows + "x" + cols + " floats need " + 4L * rows * cols + " bytes, got " + data.byteSize());
            }
        }

        @Override
        public float dot(int row, float[] x, int xOffset) {
            long base = 4L * row * cols;
            FloatVector acc = FloatVector.zero(F);
            int j = 0;
            for (int upper = F.loopBound(cols); j < upper; j += F.length()) {
                FloatVector w = FloatVector.fromMemorySegment(F, data, base + 4L * j, ByteOrder.LITTLE_ENDIAN);
                acc = w.fma(FloatVector.fromArray(F, x, xOffset + j), acc);
            }
            float sum = Kernels.sum(acc);
            for (; j < cols; j++) sum += data.get(FLOAT_LE, base + 4L * j) * x[xOffset + j];
            return sum;
        }

        @Override
        public void copyRow(int row, float[] out, int outOffset) {
            MemorySegment.copy(data, FLOAT_LE, 4L * row * cols, out, outOffset, cols);
        }
    }

    /**
     * Q8_0 weights (llama2.c's export version 2, after llama.cpp's Q8_0): the matrix, flattened,
     * is cut into groups of {@code groupSize} consecutive weights; weight k is
     * {@code quants[k] * scales[k / groupSize]}. Groups follow the flattened order, so when
     * {@code cols} is not a multiple of the group size a group spans the end of one row and the
     * start of the next (stories260K's w2 has 172 columns and groups of 32); the kernel walks
     * each row group piece by group piece.
     *
     * <p>Activations stay float32 (llama2.c's runq.c quantises them too); only the weights are
     * approximate.
     *
     * @param quants {@code rows * cols} int8 values
     * @param scales {@code rows * cols / groupSize} little-endian floats
     */
    record Q8(MemorySegment quants, MemorySegment scales, int rows, int cols, int groupSize) implements Matrix {
        /** Bytes loaded per step: as many as there are float lanes, so one convert fills a float vector. */
        private static final boolean VECTORISED = F.length() >= 8;
        private static final VectorSpecies<Byte> B = VECTORISED
                ? VectorSpecies.of(byte.class, VectorShape.forBitSize(F.length() * 8)) : null;

        public Q8 {
            long n = (long) rows * cols;
            if (groupSize < 1 || n % groupSize != 0) {
                throw new IllegalArgumentException(rows + "x" + cols + " weights are not whole groups of " + groupSize);
            }
            if (quants.byteSize() != n) throw new IllegalArgumentException("expected " + n + " int8 weights, got " + quants.byteSize());
            if (scales.byteSize() != 4 * (n / groupSize)) {
                throw new IllegalArgumentException("expected " + n / groupSize + " scales, got " + scales.byteSize() / 4.0);
            }
        }

        @Override
        public float dot(int row, float[] x, int xOffset) {
            long start = (long) row * cols;
            FloatVector acc = FloatVector.zero(F);
            float tail = 0;
            int j = 0;
            while (j < cols) {
                long group = (start + j) / groupSize;
                int end = (int) Math.min(cols, (group + 1) * groupSize - start);
                float scale = scales.get(FLOAT_LE, 4 * group);
                // Sum of quants x activations over this piece of the group, scaled once.
                FloatVector piece = FloatVector.zero(F);
                int k = j;
                if (VECTORISED) {
                    for (int upper = j + F.loopBound(end - j); k < upper; k += F.length()) {
                        FloatVector w = (FloatVector) ByteVector.fromMemorySegment(B, quants, start + k, ByteOrder.LITTLE_ENDIAN)
                                .castShape(F, 0);
                        piece = w.fma(FloatVector.fromArray(F, x, xOffset + k), piece);
                    }
                }
                float pieceTail = 0;
                for (; k < end; k++) pieceTail += quants.get(ValueLayout.JAVA_BYTE, start + k) * x[xOffset + k];
                acc = piece.fma(FloatVector.broadcast(F, scale), acc);
                tail += pieceTail * scale;
                j = end;
            }
            return Kernels.sum(acc) + tail;
        }

        @Override
        public void copyRow(int row, float[] out, int outOffset) {
            long start = (long) row * cols;
            for (int j = 0; j < cols; j++) {
                long k = start + j;
                out[outOffset + j] = quants.get(ValueLayout.JAVA_BYTE, k) * scales.get(FLOAT_LE, 4 * (k / groupSize));
            }
        }
    }
}
