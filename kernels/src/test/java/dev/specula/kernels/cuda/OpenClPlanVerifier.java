package dev.specula.kernels.cuda;

import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClProgram;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.cuda.PipelinePlan.Block;
import dev.specula.kernels.cuda.PipelinePlan.DeviceArray;
import dev.specula.kernels.cuda.PipelinePlan.Launch;
import dev.specula.kernels.cuda.PipelinePlan.RowGeometry;
import dev.specula.kernels.pipeline.Truncation;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The CUDA backend's host logic — {@link PipelinePlan}, {@link PipelineInputs},
 * {@link KernelSignature} tables and {@link PipelineOutcomes} — driving the same hand-written
 * source as OpenCL C on PoCL, so that everything but the CUDA driver calls runs for real on
 * machines without a GPU. Arrays get one OpenCL buffer each (OpenCL has no pointer arithmetic on
 * buffers); the arguments are set by position from the parameter tables.
 */
final class OpenClPlanVerifier implements ChainVerifier {
    private final int local;
    private final ClContext context;
    private final ClQueue queue;
    private final Map<String, ClKernel> kernels = new HashMap<>();
    private final Arena arena = Arena.ofShared();
    private PipelinePlan plan;
    private final Map<String, ClBuffer> buffers = new HashMap<>();
    private final ClBuffer[] rowBuffers = new ClBuffer[2];
    private MemorySegment inputs, outputs;

    /** @param local the largest work-group size (the program's SPECULA_LOCAL) */
    OpenClPlanVerifier(ClDevice device, int local) {
        this.local = local;
        this.context = ClContext.create(device);
        this.queue = context.createQueue();
        ClProgram program = context.program(HandwrittenSource.openClProgram(), HandwrittenSource.OPENCL_OPTIONS);
        for (KernelSignature k : HandwrittenKernels.STAGES) kernels.put(k.name(), program.kernel(k.name()));
    }

    @Override
    public String name() {
        return "opencl-plan";
    }

    @Override
    public void verify(VerificationBatch batch, VerificationResult result) {
        batch.validate();
        result.requireFits(batch);
        int kind = PipelineInputs.draftKind(batch.draftDistribution());
        FloatRows target = batch.target();
        FloatRows draft = switch (batch.draftDistribution()) {
            case DraftDistribution.Logits l -> l.rows();
            case DraftDistribution.Probabilities p -> p.rows();
            case DraftDistribution.OneHot o -> null;
        };
        // Work-groups no wider than the vocabulary needs (a CPU device runs a group's items in turn).
        int groupSize = Math.min(local, Integer.highestOneBit(Math.max(1, (batch.vocabSize() + 31) / 32)));
        PipelinePlan shape = PipelinePlan.of(batch.sequences(), batch.maxDrafts(), batch.vocabSize(), kind, groupSize);
        if (!shape.equals(plan)) allocate(shape);
        ClBuffer targetBuffer = upload(0, target, batch.maxDrafts() + 1);
        ClBuffer draftBuffer = draft != null && batch.maxDrafts() > 0 ? upload(1, draft, batch.maxDrafts()) : targetBuffer;
        PipelineInputs.write(batch, plan, inputs);
        for (DeviceArray array : plan.arrays()) {
            if (array.block() == Block.INPUTS) queue.write(buffers.get(array.name()), 0, inputs.asSlice(array.offset(), array.bytes()));
        }
        RowGeometry tg = new RowGeometry(0, target.rowStride(), target.sequenceStride());
        RowGeometry dg = draft == null ? tg : new RowGeometry(0, draft.rowStride(), draft.sequenceStride());
        Map<String, Number> scalars = plan.scalars(tg, dg);
        for (Launch launch : plan.launches(Truncation.anyRow(batch))) {
            ClKernel kernel = kernels.get(launch.kernel().name());
            List<KernelParameter> parameters = launch.kernel().parameters();
            for (int i = 0; i < parameters.size(); i++) {
                KernelParameter p = parameters.get(i);
                switch (p.type()) {
                    case INT -> kernel.setInt(i, (Integer) scalars.get(p.name()));
                    case LONG -> kernel.setLong(i, (Long) scalars.get(p.name()));
                    case FLOAT -> kernel.setFloat(i, (Float) scalars.get(p.name()));
                    default -> kernel.setBuffer(i, switch (p.name()) {
                        case "target" -> targetBuffer;
                        case "draft" -> draftBuffer;
                        default -> buffers.get(p.name());
                    });
                }
            }
            queue.enqueue(kernel, launch.groups() * plan.local(), plan.local());
        }
        long base = plan.blockStart(Block.OUTPUTS);
        for (DeviceArray array : plan.arrays()) {
            if (array.block() == Block.OUTPUTS) queue.read(buffers.get(array.name()), 0, outputs.asSlice(array.offset() - base, array.bytes()));
        }
        queue.finish();
        PipelineOutcomes.decode(batch, plan, outputs, (isDraft, b, r, v) -> (isDraft ? draft : target).get(b, r, v), result);
    }

    private void allocate(PipelinePlan shape) {
        buffers.values().forEach(ClBuffer::close);
        buffers.clear();
        for (DeviceArray array : shape.arrays()) buffers.put(array.name(), context.deviceBuffer(array.bytes(), ClAccess.READ_WRITE));
        inputs = arena.allocate(shape.blockEnd(Block.INPUTS), 256);
        outputs = arena.allocate(shape.blockEnd(Block.OUTPUTS) - shape.blockStart(Block.OUTPUTS), 256);
        plan = shape;
    }

    /** Copies the first {@code rowCount} rows of every sequence to row buffer {@code slot}, grown as needed. */
    private ClBuffer upload(int slot, FloatRows rows, int rowCount) {
        long bytes = ((rows.sequences() - 1L) * rows.sequenceStride() + (rowCount - 1L) * rows.rowStride() + rows.vocabSize()) * 4;
        if (rowBuffers[slot] == null || rowBuffers[slot].byteSize() < bytes) {
            if (rowBuffers[slot] != null) rowBuffers[slot].close();
            rowBuffers[slot] = context.deviceBuffer(bytes, ClAccess.READ_ONLY);
        }
        queue.write(rowBuffers[slot], 0, rows.segment().asSlice(0, bytes));
        return rowBuffers[slot];
    }

    @Override
    public void close() {
        context.close();
        arena.close();
    }
}
