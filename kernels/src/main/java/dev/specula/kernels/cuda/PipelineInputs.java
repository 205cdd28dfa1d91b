package dev.specula.kernels.cuda;

import dev.specula.core.DraftDistribution;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.kernels.cuda.PipelinePlan.Block;
import dev.specula.kernels.cuda.PipelinePlan.DeviceArray;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writes a batch's small per-sequence arrays into the image of the workspace's input block, so
 * that one copy moves them all to the device.
 */
public final class PipelineInputs {
    private PipelineInputs() {}

    /** The kernels' number for the batch's draft distribution: 0 one-hot, 1 logits, 2 probabilities. */
    public static int draftKind(DraftDistribution distribution) {
        return switch (distribution) {
            case DraftDistribution.OneHot o -> PipelinePlan.ONE_HOT;
            case DraftDistribution.Logits l -> PipelinePlan.LOGITS;
            case DraftDistribution.Probabilities p -> PipelinePlan.PROBABILITIES;
        };
    }

    /**
     * Writes {@code batch}'s draft counts, tokens, recorded log q, sampling settings (temperature,
     * top-k, top-p, min-p, for the target and the draft) and random-stream words at their offsets in {@code inputs}, which holds the input block from its first byte.
     *
     * @throws IllegalArgumentException if the batch does not have the plan's shape, or
     *     {@code inputs} is smaller than the input block
     */
    public static void write(VerificationBatch batch, PipelinePlan plan, MemorySegment inputs) {
        if (batch.sequences() != plan.sequences() || batch.maxDrafts() != plan.maxDrafts() || batch.vocabSize() != plan.vocabSize()) {
            throw new IllegalArgumentException("batch " + batch.sequences() + "x" + batch.maxDrafts() + "x" + batch.vocabSize()
                    + " does not have the plan's shape " + plan.sequences() + "x" + plan.maxDrafts() + "x" + plan.vocabSize());
        }
        if (inputs.byteSize() < plan.blockEnd(Block.INPUTS)) {
            throw new IllegalArgumentException("the input image holds " + inputs.byteSize() + " bytes, the block needs "
                    + plan.blockEnd(Block.INPUTS));
        }
        int g = plan.maxDrafts();
        long draftCount = at(plan, "draftCount"), draftToken = at(plan, "draftToken"), recorded = at(plan, "recordedLogQ");
        long temperature = at(plan, "temperature"), draftTemperature = at(plan, "draftTemperature");
        long seedLo = at(plan, "seedLo"), seedHi = at(plan, "seedHi"), stream = at(plan, "stream");
        long stepLo = at(plan, "stepLo"), stepHi = at(plan, "stepHi");
        long topK = at(plan, "topK"), topP = at(plan, "topP"), minP = at(plan, "minP");
        long draftTopK = at(plan, "draftTopK"), draftTopP = at(plan, "draftTopP"), draftMinP = at(plan, "draftMinP");
        for (int b = 0; b < plan.sequences(); b++) {
            long seed = batch.seed(b), step = batch.step(b);
            inputs.set(ValueLayout.JAVA_INT, draftCount + 4L * b, batch.draftCount(b));
            inputs.set(ValueLayout.JAVA_FLOAT, temperature + 4L * b, batch.settings(b).temperature());
            inputs.set(ValueLayout.JAVA_FLOAT, draftTemperature + 4L * b, batch.draftSettings(b).temperature());
            SamplingSettings settings = batch.settings(b), draftSettings = batch.draftSettings(b);
            inputs.set(ValueLayout.JAVA_INT, topK + 4L * b, settings.topK());
            inputs.set(ValueLayout.JAVA_FLOAT, topP + 4L * b, settings.topP());
            inputs.set(ValueLayout.JAVA_FLOAT, minP + 4L * b, settings.minP());
            inputs.set(ValueLayout.JAVA_INT, draftTopK + 4L * b, draftSettings.topK());
            inputs.set(ValueLayout.JAVA_FLOAT, draftTopP + 4L * b, draftSettings.topP());
            inputs.set(ValueLayout.JAVA_FLOAT, draftMinP + 4L * b, draftSettings.minP());
            inputs.set(ValueLayout.JAVA_INT, seedLo + 4L * b, (int) seed);
            inputs.set(ValueLayout.JAVA_INT, seedHi + 4L * b, (int) (seed >>> 32));
            inputs.set(ValueLayout.JAVA_INT, stream + 4L * b, batch.stream(b));
            inputs.set(ValueLayout.JAVA_INT, stepLo + 4L * b, (int) step);
            inputs.set(ValueLayout.JAVA_INT, stepHi + 4L * b, (int) (step >>> 32));
            for (int i = 0; i < g; i++) {
                long k = (long) b * g + i;
                inputs.set(ValueLayout.JAVA_INT, draftToken + 4 * k, batch.draftToken(b, i));
                inputs.set(ValueLayout.JAVA_DOUBLE, recorded + 8 * k, batch.draftLogProbability(b, i));
            }
        }
        if (g == 0) {                               // the one-element placeholders of empty draft arrays
            inputs.set(ValueLayout.JAVA_INT, draftToken, 0);
            inputs.set(ValueLayout.JAVA_DOUBLE, recorded, Double.NaN);
        }
    }

    private static long at(PipelinePlan plan, String name) {
        DeviceArray array = plan.array(name);
        return array.offset();
    }
}
