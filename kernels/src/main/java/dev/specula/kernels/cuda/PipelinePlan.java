package dev.specula.kernels.cuda;

import static dev.specula.kernels.cuda.ParameterType.DOUBLE_POINTER;
import static dev.specula.kernels.cuda.ParameterType.FLOAT_POINTER;
import static dev.specula.kernels.cuda.ParameterType.INT_POINTER;

import dev.specula.core.RandomStreams;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One shape of the hand-written pipeline: the vocabulary tiling, every device array the stages
 * use (named like the kernel parameters that point at them, laid out in one workspace) and the
 * launches. Pure arithmetic, so it is tested without a device.
 *
 * <p>The workspace holds three blocks, each a run of 256-byte-aligned arrays: the per-sequence
 * {@linkplain Block#INPUTS inputs} (one host-to-device copy per call), the
 * {@linkplain Block#OUTPUTS outputs} (one device-to-host copy, the call's only synchronisation)
 * and the {@linkplain Block#WORK intermediates}, which never leave the device.
 *
 * @param sequences B
 * @param maxDrafts g
 * @param vocabSize V
 * @param draftKind 0 one-hot, 1 draft logits, 2 draft probabilities
 * @param local work-items per work-group (threads per block), a power of two
 * @param tileWidth tokens per tile, a positive multiple of {@code local}
 */
public record PipelinePlan(int sequences, int maxDrafts, int vocabSize, int draftKind, int local, int tileWidth) {
    /** Draft kinds, as the kernels number them. */
    public static final int ONE_HOT = 0, LOGITS = 1, PROBABILITIES = 2;
    /** Ints per sequence in the outcome array: accepted, token, status, failed row, failed index. */
    public static final int OUTCOME_INTS = 5;
    /** Alignment of every array in the workspace (a GPU's widest load, and CUDA's allocation grain). */
    public static final int ALIGNMENT = 256;

    /** Which part of the workspace an array lives in. */
    public enum Block { INPUTS, OUTPUTS, WORK }

    /** One named device array: its element type, length and byte offset in the workspace. */
    public record DeviceArray(String name, ParameterType type, long length, long offset, Block block) {
        public long bytes() {
            return length * type.elementBytes();
        }
    }

    /** One kernel launch: {@code groups} work-groups of {@code local} work-items. */
    public record Launch(KernelSignature kernel, long groups) {}

    public PipelinePlan {
        if (sequences < 1) throw new IllegalArgumentException("sequences must be >= 1, got " + sequences);
        if (maxDrafts < 0 || maxDrafts >= RandomStreams.MAX_POSITIONS) {
            throw new IllegalArgumentException("maxDrafts must be in [0, " + RandomStreams.MAX_POSITIONS + "), got " + maxDrafts);
        }
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        if (draftKind < ONE_HOT || draftKind > PROBABILITIES) {
            throw new IllegalArgumentException("draftKind must be 0 (one-hot), 1 (logits) or 2 (probabilities), got " + draftKind);
        }
        if (local < 1 || Integer.bitCount(local) != 1) {
            throw new IllegalArgumentException("the work-group size must be a power of two, got " + local);
        }
        if (tileWidth < local || tileWidth % local != 0) {
            throw new IllegalArgumentException("the tile width must be a positive multiple of " + local + ", got " + tileWidth);
        }
        long groups = (long) rows(sequences, maxDrafts, draftKind) * ceilDiv(vocabSize, tileWidth);
        if (groups * local > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("shape " + sequences + "x" + maxDrafts + "x" + vocabSize
                    + " needs more than 2^31 work-items in its first stage");
        }
    }

    /**
     * The plan with the default tiling: about 16 tiles per row, each a multiple of {@code local}
     * and at most 16 work-group strides wide, so that one sequence keeps a device busy across the
     * vocabulary while each work-item still reads several elements.
     */
    public static PipelinePlan of(int sequences, int maxDrafts, int vocabSize, int draftKind, int local) {
        if (vocabSize < 1) throw new IllegalArgumentException("vocabSize must be >= 1, got " + vocabSize);
        if (local < 1) throw new IllegalArgumentException("the work-group size must be positive, got " + local);
        long perTile = ceilDiv(ceilDiv(vocabSize, 16), local) * local;
        int tileWidth = (int) Math.max(local, Math.min(16L * local, perTile));
        return new PipelinePlan(sequences, maxDrafts, vocabSize, draftKind, local, tileWidth);
    }

    /** Number of tiles per row. */
    public int tiles() {
        return (int) ceilDiv(vocabSize, tileWidth);
    }

    /** Target rows B(g+1). */
    public int targetRows() {
        return sequences * (maxDrafts + 1);
    }

    /** Rows the statistics stages process: target rows, plus B*g draft rows unless drafts are one-hot. */
    public int rows() {
        return rows(sequences, maxDrafts, draftKind);
    }

    private static int rows(int sequences, int maxDrafts, int draftKind) {
        return sequences * (maxDrafts + 1) + (draftKind == ONE_HOT ? 0 : sequences * maxDrafts);
    }

    /** Every device array but the logit rows, in workspace order. */
    public List<DeviceArray> arrays() {
        long b = sequences, drafts = Math.max(1, (long) sequences * maxDrafts);
        long partials = (long) rows() * tiles(), tileSums = b * tiles();
        List<DeviceArray> arrays = new ArrayList<>();
        long[] end = {0};
        // Inputs: per sequence, and per draft (at least one element, as a buffer cannot be empty).
        add(arrays, end, "draftCount", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "draftToken", INT_POINTER, drafts, Block.INPUTS);
        add(arrays, end, "temperature", FLOAT_POINTER, b, Block.INPUTS);
        add(arrays, end, "draftTemperature", FLOAT_POINTER, b, Block.INPUTS);
        add(arrays, end, "seedLo", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "seedHi", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "stream", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "stepLo", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "stepHi", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "recordedLogQ", DOUBLE_POINTER, drafts, Block.INPUTS);
        add(arrays, end, "topK", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "topP", FLOAT_POINTER, b, Block.INPUTS);
        add(arrays, end, "minP", FLOAT_POINTER, b, Block.INPUTS);
        add(arrays, end, "draftTopK", INT_POINTER, b, Block.INPUTS);
        add(arrays, end, "draftTopP", FLOAT_POINTER, b, Block.INPUTS);
        add(arrays, end, "draftMinP", FLOAT_POINTER, b, Block.INPUTS);
        // Outputs: five ints per sequence (PipelineOutcomes reads them), and sampleU, which on a
        // failed check holds the value the exception quotes.
        add(arrays, end, "outcome", INT_POINTER, OUTCOME_INTS * b, Block.OUTPUTS);
        add(arrays, end, "sampleU", DOUBLE_POINTER, b, Block.OUTPUTS);
        add(arrays, end, "mode", INT_POINTER, b, Block.WORK);
        add(arrays, end, "partialMax", FLOAT_POINTER, partials, Block.WORK);
        add(arrays, end, "partialSum", FLOAT_POINTER, partials, Block.WORK);
        add(arrays, end, "partialArg", INT_POINTER, partials, Block.WORK);
        add(arrays, end, "partialBad", INT_POINTER, partials, Block.WORK);
        add(arrays, end, "rowMax", FLOAT_POINTER, rows(), Block.WORK);
        add(arrays, end, "rowSum", DOUBLE_POINTER, rows(), Block.WORK);
        add(arrays, end, "rowArg", INT_POINTER, rows(), Block.WORK);
        add(arrays, end, "rowBad", INT_POINTER, rows(), Block.WORK);
        add(arrays, end, "rowCut", FLOAT_POINTER, rows(), Block.WORK);
        add(arrays, end, "rowKept", DOUBLE_POINTER, rows(), Block.WORK);
        add(arrays, end, "tileMass", DOUBLE_POINTER, tileSums, Block.WORK);
        add(arrays, end, "tileP", DOUBLE_POINTER, tileSums, Block.WORK);
        return arrays;
    }

    private static void add(List<DeviceArray> arrays, long[] end, String name, ParameterType type, long length, Block block) {
        long offset = ceilDiv(end[0], ALIGNMENT) * ALIGNMENT;
        DeviceArray array = new DeviceArray(name, type, length, offset, block);
        arrays.add(array);
        end[0] = offset + array.bytes();
    }

    /** The array called {@code name}. */
    public DeviceArray array(String name) {
        return arrays().stream().filter(a -> a.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no device array " + name));
    }

    /** Bytes of the whole workspace. */
    public long workspaceBytes() {
        DeviceArray last = arrays().getLast();
        return last.offset() + last.bytes();
    }

    /** Bytes from the workspace's start to the end of {@code block} (blocks are in order). */
    public long blockEnd(Block block) {
        return arrays().stream().filter(a -> a.block() == block).mapToLong(a -> a.offset() + a.bytes()).max().orElseThrow();
    }

    /** Byte offset of {@code block}'s first array. */
    public long blockStart(Block block) {
        return arrays().stream().filter(a -> a.block() == block).mapToLong(DeviceArray::offset).min().orElseThrow();
    }

    /**
     * Every scalar parameter of the kernels, by name. Row geometry is in floats.
     *
     * @param target offset, row stride and sequence stride of the target rows
     * @param draft the same for the draft rows (anything valid when drafts are one-hot)
     */
    public Map<String, Number> scalars(RowGeometry target, RowGeometry draft) {
        Map<String, Number> scalars = new HashMap<>();
        scalars.put("draftKind", draftKind);
        scalars.put("sequences", sequences);
        scalars.put("maxDrafts", maxDrafts);
        scalars.put("vocabSize", vocabSize);
        scalars.put("tiles", tiles());
        scalars.put("tileWidth", tileWidth);
        scalars.put("targetOffset", target.offset());
        scalars.put("targetRowStride", target.rowStride());
        scalars.put("targetSequenceStride", target.sequenceStride());
        scalars.put("draftOffset", draft.offset());
        scalars.put("draftRowStride", draft.rowStride());
        scalars.put("draftSequenceStride", draft.sequenceStride());
        return scalars;
    }

    /** Where a sequence's rows are in a float array: offset, row stride and sequence stride, in floats. */
    public record RowGeometry(long offset, long rowStride, long sequenceStride) {
        public RowGeometry {
            if (offset < 0 || rowStride < 0 || sequenceStride < 0) {
                throw new IllegalArgumentException("row geometry must not be negative: " + offset + ", " + rowStride + ", " + sequenceStride);
            }
        }
    }

    /**
     * The launches in order (ISSUE 5: rows*tiles, rows/local, B/local, B*tiles and B groups), with
     * the threshold stage's one group per row after the merge when {@code truncated} (some row of
     * the batch is truncated; {@code dev.specula.kernels.pipeline.Truncation#anyRow}).
     */
    public List<Launch> launches(boolean truncated) {
        List<Launch> launches = new ArrayList<>();
        launches.add(new Launch(HandwrittenKernels.ROW_STATS, (long) rows() * tiles()));
        launches.add(new Launch(HandwrittenKernels.ROW_COMBINE, ceilDiv(rows(), local)));
        if (truncated) launches.add(new Launch(HandwrittenKernels.THRESHOLD, rows()));
        launches.add(new Launch(HandwrittenKernels.ACCEPT, ceilDiv(sequences, local)));
        launches.add(new Launch(HandwrittenKernels.SAMPLE_TILES, (long) sequences * tiles()));
        launches.add(new Launch(HandwrittenKernels.SAMPLE_PICK, sequences));
        return List.copyOf(launches);
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
