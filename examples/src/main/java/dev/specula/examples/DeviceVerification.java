package dev.specula.examples;

import dev.specula.core.DraftDistribution;
import dev.specula.core.DraftSampler;
import dev.specula.core.FastVerifier;
import dev.specula.core.FloatRows;
import dev.specula.core.SamplingSettings;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClEvent;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClMapping;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.kernels.DeviceRows;
import dev.specula.kernels.Devices;
import dev.specula.kernels.KernelTimes;
import dev.specula.kernels.OpenClVerifier;
import dev.specula.kernels.pipeline.KernelSet;
import dev.specula.kernels.pipeline.Stage;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.Locale;

/**
 * {@code ./specula verify-on-device}: chain verification on an OpenCL device, with the kernels
 * written in Java and translated to OpenCL C at run time (or the hand-written ones), and the
 * zero-copy path shown step by step.
 *
 * <ol>
 *   <li>A <em>producer</em> kernel (standing in for a model runtime's LM head on the device) writes
 *       target and draft logits into native segments through {@code CL_MEM_USE_HOST_PTR} buffers.
 *       The program shows that the buffers alias the segments: the buffer's host pointer and its
 *       mapping are the segment's own address.
 *   <li>The verifier reads those segments in place ({@link KernelTimes#copiedBytes()} is 0) and
 *       its tokens are checked against the fast CPU verifier on the same segments.
 *   <li>The same logits, copied into a device-only buffer, are verified as {@link DeviceRows}, as
 *       a runtime that keeps logits on a discrete GPU would hand them over.
 * </ol>
 * {@code --print-kernels} prints the OpenCL C of the five stages first.
 */
public final class DeviceVerification {
    static final String USAGE = """
            Usage: ./specula verify-on-device [options]
              --device Q            OpenCL device: an index, part of its name or vendor, or type:gpu|cpu (default 0)
              --kernels K           java (translated from the Java kernel classes) or handwritten (default java)
              --print-kernels       print the OpenCL C of each stage before running
              --batch B             sequences per call (default 4)
              --drafts G            drafts per sequence (default 4)
              --vocab V             vocabulary size (default 32000)
              --seed S              seed of the logits and of the random streams (default 7)
            """;

    /** The stand-in for a model runtime: Zipf-shaped logits with hashed noise; draft = target + more noise. */
    static final String PRODUCER = """
            uint mix(uint x) { x ^= x >> 16; x *= 0x7feb352dU; x ^= x >> 15; x *= 0x846ca68bU; x ^= x >> 16; return x; }
            float gaussian(uint a, uint b) {   /* Box-Muller from two hashed words */
                float u1 = (mix(a) + 1.0f) * 2.3283064e-10f, u2 = mix(b) * 2.3283064e-10f;
                return sqrt(-2.0f * log(u1)) * cos(6.2831853f * u2);
            }
            __kernel void produce(__global float *target, __global float *draft, int targetRows, int draftRows,
                                  int rowsPerSequence, int draftsPerSequence, int vocab, uint seed) {
                int v = get_global_id(0), row = get_global_id(1);
                if (v >= vocab || row >= targetRows) return;
                uint rank = mix(seed ^ mix(v + 7919u * row)) % vocab;       /* a permuted Zipf rank */
                float z = -1.2f * log(1.0f + rank) + 0.3f * gaussian(seed + 3u * (row * vocab + v), seed ^ (row * vocab + v));
                target[(long) row * vocab + v] = z;
                int b = row / rowsPerSequence, i = row % rowsPerSequence;
                if (i < draftsPerSequence) {
                    float noise = 0.8f * gaussian(seed * 31u + row * vocab + v, seed * 17u ^ (row * vocab + v + 1u));
                    draft[((long) b * draftsPerSequence + i) * vocab + v] = z + noise;
                }
            }
            """;

    private DeviceVerification() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) System.exit(status);
    }

    record Options(String device, String kernels, boolean printKernels, int batch, int drafts, int vocab, long seed) {}

    static Options parse(String[] args) {
        String device = "0", kernels = "java";
        boolean print = false;
        int batch = 4, drafts = 4, vocab = 32000;
        long seed = 7;
        Arguments a = new Arguments(args);
        while (a.hasNext()) {
            String option = a.option();
            switch (option) {
                case "--device" -> device = a.value(option);
                case "--kernels" -> {
                    kernels = a.value(option);
                    if (!kernels.equals("java") && !kernels.equals("handwritten")) {
                        throw new IllegalArgumentException("--kernels is java or handwritten, got '" + kernels + "'");
                    }
                }
                case "--print-kernels" -> print = true;
                case "--batch" -> batch = a.integer(option, 1, 4096);
                case "--drafts" -> drafts = a.integer(option, 0, 64);
                case "--vocab" -> vocab = a.integer(option, 1, 1 << 20);
                case "--seed" -> seed = a.longInteger(option);
                default -> throw new IllegalArgumentException("unknown option '" + option + "'");
            }
        }
        return new Options(device, kernels, print, batch, drafts, vocab, seed);
    }

    /** Runs the walk-through; returns 0, 1 if the backends disagree, 2 on bad arguments. */
    static int run(String[] args, PrintStream out, PrintStream err) {
        if (args.length == 1 && (args[0].equals("-h") || args[0].equals("--help"))) {
            out.print(USAGE);
            return 0;
        }
        Options o;
        ClDevice device;
        try {
            o = parse(args);
            device = Devices.select(o.device());
        } catch (IllegalArgumentException e) {
            err.println("verify-on-device: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        if (o.printKernels()) printKernels(o.kernels(), out);
        try (OpenClVerifier verifier = o.kernels().equals("java") ? OpenClVerifier.javaKernels(device) : OpenClVerifier.handwritten(device)) {
            return walkThrough(o, verifier, out);
        }
    }

    private static void printKernels(String kernels, PrintStream out) {
        KernelSet set = kernels.equals("java") ? KernelSet.javaKernels() : KernelSet.handwritten();
        if (set instanceof KernelSet.Handwritten handwritten) {
            out.println("==== hand-written OpenCL C (all five stages) ====");
            out.println(handwritten.program());
            return;
        }
        for (Stage stage : Stage.values()) {
            out.println("==== " + stage.kernelName() + ": OpenCL C generated from " + stage.javaKernel().getName() + " ====");
            out.println(set.source(stage));
        }
    }

    private static int walkThrough(Options o, OpenClVerifier verifier, PrintStream out) {
        ClDevice device = verifier.device();
        ClContext context = verifier.context();
        out.printf("device: %s (%s, %s), host-unified memory: %s, kernels: %s%n", device.name(), device.vendor(), device.type(),
                device.hostUnifiedMemory() ? "yes" : "no", verifier.name());
        int b = o.batch(), g = o.drafts(), v = o.vocab();
        long targetBytes = (long) b * (g + 1) * v * Float.BYTES, draftBytes = Math.max(Float.BYTES, (long) b * g * v * Float.BYTES);

        // 1. The producer writes logits straight into native segments.
        MemorySegment targetSegment = context.allocateHost(targetBytes);
        MemorySegment draftSegment = context.allocateHost(draftBytes);
        try (ClQueue queue = context.createQueue(device);
             ClBuffer targetOut = context.hostBuffer(targetSegment, ClAccess.READ_WRITE);
             ClBuffer draftOut = context.hostBuffer(draftSegment, ClAccess.READ_WRITE)) {
            produce(context, queue, targetOut, draftOut, o);
            out.printf("%n1. a producer kernel wrote %d x %d x %d target and %d x %d x %d draft logits into native segments%n",
                    b, g + 1, v, b, g, v);
            out.printf("   target segment at 0x%x; the producer's buffer uses host pointer 0x%x%n", targetSegment.address(),
                    targetOut.hostSegment().orElseThrow().address());
            try (ClMapping mapping = queue.map(targetOut, 0, targetBytes, ClAccess.READ_ONLY)) {
                boolean aliases = mapping.segment().address() == targetSegment.address();
                out.printf("   mapping the buffer returns 0x%x: %s%n", mapping.segment().address(),
                        aliases ? "the segment itself, the device buffer aliases it (no copy)" : "a different address: the driver copies");
            }
            out.printf("   first logits, read through the segment: %s%n", firstFloats(targetSegment, 4));
        }

        // 2. Verify in place, and against the fast CPU verifier on the same segments.
        VerificationBatch batch = batch(o, FloatRows.dense(targetSegment, b, g + 1, v), FloatRows.dense(draftSegment, b, g, v));
        VerificationResult onDevice = verifier.verify(batch);
        KernelTimes times = verifier.lastTimes();
        VerificationResult onCpu;
        try (FastVerifier fast = new FastVerifier()) {
            onCpu = fast.verify(batch);
        }
        out.printf("%n2. verified on the device: %d bytes of rows copied, kernels %.1f µs%n", times.copiedBytes(), times.totalNanos() / 1e3);
        boolean agree = report(batch, onDevice, onCpu, out);

        // 3. The same logits in a device-only buffer (cl_mem), handed over as DeviceRows.
        try (ClQueue queue = context.createQueue(device);
             ClBuffer targetOnDevice = context.deviceBuffer(targetBytes, ClAccess.READ_ONLY);
             ClBuffer draftOnDevice = context.deviceBuffer(draftBytes, ClAccess.READ_ONLY)) {
            queue.write(targetOnDevice, 0, targetSegment);
            queue.write(draftOnDevice, 0, draftSegment);
            queue.finish();
            VerificationResult resident = VerificationResult.forBatch(batch);
            verifier.verify(batch, new DeviceRows(targetOnDevice, 0, b, g + 1, v, v, (long) (g + 1) * v),
                    g == 0 ? null : new DeviceRows(draftOnDevice, 0, b, g, v, v, (long) g * v), resident);
            boolean same = sameTokens(batch, resident, onDevice);
            out.printf("%n3. the same logits in device buffers (cl_mem), verified as DeviceRows: %s%n",
                    same ? "the same tokens" : "DIFFERENT tokens");
            agree &= same;
        }
        return agree ? 0 : 1;
    }

    private static void produce(ClContext context, ClQueue queue, ClBuffer target, ClBuffer draft, Options o) {
        int b = o.batch(), g = o.drafts(), v = o.vocab();
        try (ClKernel kernel = context.program(PRODUCER).kernel("produce")) {
            kernel.setBuffer(0, target).setBuffer(1, draft).setInt(2, b * (g + 1)).setInt(3, b * g)
                    .setInt(4, g + 1).setInt(5, g).setInt(6, v).setInt(7, (int) o.seed());
            long local = 64;
            try (ClEvent produced = queue.launch(kernel, new long[] {(v + local - 1) / local * local, (long) b * (g + 1)},
                    new long[] {local, 1})) {
                queue.finish();
            }
        }
    }

    /** Drafts sampled from the draft rows (log q recorded, as a drafter would), warm settings. */
    private static VerificationBatch batch(Options o, FloatRows target, FloatRows draft) {
        VerificationBatch batch = new VerificationBatch(o.batch(), o.drafts(), o.vocab()).target(target)
                .draftDistribution(o.drafts() == 0 ? DraftDistribution.oneHot() : DraftDistribution.logits(draft))
                .settings(SamplingSettings.temperature(0.8f)).draftSettings(SamplingSettings.temperature(0.8f))
                .seedAll(o.seed());
        for (int s = 0; s < o.batch(); s++) {
            for (int i = 0; i < o.drafts(); i++) DraftSampler.sampleDraft(batch, s, i);
            batch.draftCount(s, o.drafts());
        }
        return batch;
    }

    private static boolean report(VerificationBatch batch, VerificationResult device, VerificationResult cpu, PrintStream out) {
        for (int s = 0; s < batch.sequences(); s++) {
            out.printf("   sequence %d: accepted %d of %d, emitted %s (%s)%n", s, device.accepted(s), batch.draftCount(s),
                    Arrays.toString(device.emittedTokens(s)), device.ending(s).toString().toLowerCase(Locale.ROOT));
        }
        boolean same = sameTokens(batch, device, cpu);
        out.println(same ? "   the fast CPU verifier emits the same tokens" : "   the fast CPU verifier emits DIFFERENT tokens");
        return same;
    }

    private static boolean sameTokens(VerificationBatch batch, VerificationResult a, VerificationResult b) {
        for (int s = 0; s < batch.sequences(); s++) {
            if (!Arrays.equals(a.emittedTokens(s), b.emittedTokens(s))) return false;
        }
        return true;
    }

    private static String firstFloats(MemorySegment segment, int n) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < n; i++) {
            text.append(i == 0 ? "" : ", ").append(String.format(Locale.ROOT, "%.3f", segment.getAtIndex(java.lang.foreign.ValueLayout.JAVA_FLOAT, i)));
        }
        return text.toString();
    }
}
