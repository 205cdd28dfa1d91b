package dev.specula.kernels.cuda;

import static dev.specula.kernels.cuda.ParameterType.DOUBLE_POINTER;
import static dev.specula.kernels.cuda.ParameterType.FLOAT_POINTER;
import static dev.specula.kernels.cuda.ParameterType.INT;
import static dev.specula.kernels.cuda.ParameterType.INT_POINTER;
import static dev.specula.kernels.cuda.ParameterType.LONG;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The parameter tables of the six kernels of the hand-written pipeline
 * ({@code native/specula_verify.h}), in the order of their C parameter lists. The CUDA backend
 * packs launches with them; tests check them against the C source, against the {@code .entry}
 * lists of the PTX and against OpenCL's {@code clGetKernelArgInfo}.
 *
 * <p>Every pointer parameter names a device array: the host binds it to the array of the same
 * name (see {@link PipelinePlan#arrays()}); {@code target} and {@code draft} are the logit rows.
 */
public final class HandwrittenKernels {
    private HandwrittenKernels() {}

    /** The row pointers and their strides (in floats), first in every kernel that reads logits. */
    private static final List<KernelParameter> ROWS = List.of(
            p("target", FLOAT_POINTER), p("targetOffset", LONG), p("targetRowStride", LONG),
            p("targetSequenceStride", LONG),
            p("draft", FLOAT_POINTER), p("draftOffset", LONG), p("draftRowStride", LONG),
            p("draftSequenceStride", LONG));

    /** Stage 1: per (row, tile) max, weight sum, arg-max and first bad index. */
    public static final KernelSignature ROW_STATS = kernel("RowStatsKernel", ROWS,
            p("temperature", FLOAT_POINTER), p("draftTemperature", FLOAT_POINTER), p("draftCount", INT_POINTER),
            p("draftKind", INT), p("sequences", INT), p("maxDrafts", INT), p("vocabSize", INT), p("tiles", INT),
            p("tileWidth", INT),
            p("partialMax", FLOAT_POINTER), p("partialSum", FLOAT_POINTER), p("partialArg", INT_POINTER),
            p("partialBad", INT_POINTER));

    /** Stage 2: per row, the tiles merged. */
    public static final KernelSignature ROW_COMBINE = kernel("RowCombineKernel", List.of(),
            p("partialMax", FLOAT_POINTER), p("partialSum", FLOAT_POINTER), p("partialArg", INT_POINTER),
            p("partialBad", INT_POINTER), p("temperature", FLOAT_POINTER), p("draftTemperature", FLOAT_POINTER),
            p("draftKind", INT), p("sequences", INT), p("maxDrafts", INT), p("tiles", INT),
            p("rowMax", FLOAT_POINTER), p("rowSum", DOUBLE_POINTER), p("rowArg", INT_POINTER),
            p("rowBad", INT_POINTER), p("rowCut", FLOAT_POINTER), p("rowKept", DOUBLE_POINTER));

    /** Stage 2b, only for batches with a truncated row: per row, the truncation threshold and the kept mass. */
    public static final KernelSignature THRESHOLD = kernel("ThresholdKernel", ROWS,
            p("temperature", FLOAT_POINTER), p("draftTemperature", FLOAT_POINTER), p("draftCount", INT_POINTER),
            p("topK", INT_POINTER), p("topP", FLOAT_POINTER), p("minP", FLOAT_POINTER),
            p("draftTopK", INT_POINTER), p("draftTopP", FLOAT_POINTER), p("draftMinP", FLOAT_POINTER),
            p("rowMax", FLOAT_POINTER), p("rowSum", DOUBLE_POINTER), p("rowArg", INT_POINTER), p("rowBad", INT_POINTER),
            p("draftKind", INT), p("sequences", INT), p("maxDrafts", INT), p("vocabSize", INT),
            p("rowCut", FLOAT_POINTER), p("rowKept", DOUBLE_POINTER));

    /** Stage 3: the chain walk per sequence. */
    public static final KernelSignature ACCEPT = kernel("AcceptKernel", ROWS,
            p("rowMax", FLOAT_POINTER), p("rowSum", DOUBLE_POINTER), p("rowCut", FLOAT_POINTER), p("rowKept", DOUBLE_POINTER),
            p("rowArg", INT_POINTER), p("rowBad", INT_POINTER),
            p("draftCount", INT_POINTER), p("draftToken", INT_POINTER), p("temperature", FLOAT_POINTER),
            p("draftTemperature", FLOAT_POINTER), p("seedLo", INT_POINTER), p("seedHi", INT_POINTER),
            p("stream", INT_POINTER), p("stepLo", INT_POINTER), p("stepHi", INT_POINTER),
            p("recordedLogQ", DOUBLE_POINTER), p("draftKind", INT), p("sequences", INT), p("maxDrafts", INT),
            p("outcome", INT_POINTER), p("mode", INT_POINTER), p("sampleU", DOUBLE_POINTER));

    /** The parameters stages 4 and 5 share after the rows: the sampled row's statistics and threshold. */
    private static final List<KernelParameter> SAMPLED_ROW = List.of(
            p("rowMax", FLOAT_POINTER), p("rowCut", FLOAT_POINTER), p("rowKept", DOUBLE_POINTER), p("rowArg", INT_POINTER),
            p("draftToken", INT_POINTER), p("temperature", FLOAT_POINTER), p("draftTemperature", FLOAT_POINTER));

    /** Stage 4: per (sequence, tile) residual and p mass. */
    public static final KernelSignature SAMPLE_TILES = kernel("SampleTilesKernel", concat(ROWS, SAMPLED_ROW),
            p("outcome", INT_POINTER), p("mode", INT_POINTER), p("draftKind", INT), p("sequences", INT),
            p("maxDrafts", INT), p("vocabSize", INT), p("tiles", INT), p("tileWidth", INT),
            p("tileMass", DOUBLE_POINTER), p("tileP", DOUBLE_POINTER));

    /** Stage 5: per sequence, the drawn token. */
    public static final KernelSignature SAMPLE_PICK = kernel("SamplePickKernel", concat(ROWS, SAMPLED_ROW),
            p("mode", INT_POINTER), p("sampleU", DOUBLE_POINTER), p("tileMass", DOUBLE_POINTER),
            p("tileP", DOUBLE_POINTER), p("draftKind", INT), p("sequences", INT), p("maxDrafts", INT),
            p("vocabSize", INT), p("tiles", INT), p("tileWidth", INT), p("outcome", INT_POINTER));

    /** The six stages in launch order ({@link #THRESHOLD} is launched only for batches with a truncated row). */
    public static final List<KernelSignature> STAGES = List.of(ROW_STATS, ROW_COMBINE, THRESHOLD, ACCEPT, SAMPLE_TILES, SAMPLE_PICK);

    /** The stage called {@code name}. */
    public static KernelSignature byName(String name) {
        return STAGES.stream().filter(k -> k.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no kernel " + name + " in the pipeline; it has "
                        + STAGES.stream().map(KernelSignature::name).toList()));
    }

    private static KernelParameter p(String name, ParameterType type) {
        return new KernelParameter(name, type);
    }

    private static List<KernelParameter> concat(List<KernelParameter> a, List<KernelParameter> b) {
        return Stream.concat(a.stream(), b.stream()).toList();
    }

    private static KernelSignature kernel(String name, List<KernelParameter> head, KernelParameter... tail) {
        List<KernelParameter> all = new ArrayList<>(head);
        all.addAll(List.of(tail));
        return new KernelSignature(name, all);
    }
}
