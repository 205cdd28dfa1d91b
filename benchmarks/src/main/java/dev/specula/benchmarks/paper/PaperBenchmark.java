package dev.specula.benchmarks.paper;

import dev.specula.benchmarks.Regime;
import dev.specula.benchmarks.SyntheticWorkload;
import dev.specula.core.ChainVerifier;
import dev.specula.core.DraftDistribution;
import dev.specula.core.FloatRows;
import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.util.concurrent.TimeUnit;

/**
 * The speed half of the paper comparison (issue 8): the time of one verify call of one verifier
 * ({@link PaperContender}) on one OpenCL device at one shape. The primary score is the whole call
 * as the caller sees it; {@link DeviceTime} adds the OpenCL profiling-event time of the call's
 * kernels and their number (none for the fast CPU verifier), which the report divides by the
 * call count. The report expresses every verifier as a ratio to the baseline of the same run.
 *
 * <h2>The rows</h2>
 * One sequence of {@link SyntheticWorkload}'s language-model-like rows (draft = target + noise)
 * with its drafts planned for {@code regime} — by default every draft accepted, the most rows an
 * exact verifier reads; the sigmoid variants accept nearly everything anyway — copied to all B
 * sequences with its seed, so each sequence has the same outcome and setup stays cheap (rows for
 * one sequence, then memory copies) even at B = 64, V = 256000. The rows are page-aligned native
 * memory, read in place by a device that shares host memory.
 *
 * <p>The grid (6 verifiers x 4 V x 4 g x 3 B = 288 points) runs with short iterations in about
 * half an hour on 2 cores: {@code ./specula paper}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 1, time = 1)
@Measurement(iterations = 2, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class PaperBenchmark {
    /** {@link PaperContender#id()}. */
    @Param({"fast-cpu", "specula-exact", "baseline", "exact-concurrent", "sigmoid", "sigmoid-exact-bonus"})
    public String variant;

    /** The OpenCL device, as {@code --device} takes it (the fast CPU verifier ignores it). */
    @Param({"0"})
    public String device;

    /** V: Llama 2 (32000), Whisper (51864), Llama 3 (128256), Gemma (256000). */
    @Param({"32000", "51864", "128256", "256000"})
    public int vocab;

    /** g, drafts per sequence. */
    @Param({"1", "3", "5", "8"})
    public int drafts;

    /** B, sequences per call. */
    @Param({"1", "8", "64"})
    public int batch;

    /** The planned outcome of every sequence, a {@link Regime} name. */
    @Param({"ALL_ACCEPTED"})
    public String regime;

    static final long SEED = 20_240_611L;

    private Arena arena;
    private VerificationBatch verificationBatch;
    private VerificationResult result;
    private ChainVerifier verifier;

    @Setup(Level.Trial)
    public void start() {
        PaperContender contender = PaperContender.of(variant);
        arena = Arena.ofShared();
        verificationBatch = replicated(arena, batch, drafts, vocab, Regime.valueOf(regime));
        result = VerificationResult.forBatch(verificationBatch);
        verifier = contender.open(device);
    }

    @TearDown(Level.Trial)
    public void stop() {
        verifier.close();
        arena.close();
    }

    @Benchmark
    public VerificationResult verify(DeviceTime time) {
        verifier.verify(verificationBatch, result);
        time.add(PaperContender.lastKernelUse(verifier));
        return result;
    }

    /** B copies of one planned sequence (rows, drafts, log q, seed) in page-aligned memory of {@code arena}. */
    static VerificationBatch replicated(Arena arena, int sequences, int drafts, int vocab, Regime regime) {
        SyntheticWorkload one = SyntheticWorkload.generate(arena, 1, drafts, vocab, regime, SEED);
        FloatRows target = copies(arena, one.target(), sequences);
        FloatRows draftRows = copies(arena, one.drafts(), sequences);
        VerificationBatch source = one.batch();
        VerificationBatch batch = new VerificationBatch(sequences, drafts, vocab).target(target)
                .draftDistribution(DraftDistribution.logits(draftRows));
        for (int b = 0; b < sequences; b++) {
            for (int i = 0; i < drafts; i++) {
                batch.draftToken(b, i, source.draftToken(0, i)).draftLogProbability(b, i, source.draftLogProbability(0, i));
            }
            batch.draftCount(b, drafts).seed(b, source.seed(0)).stream(b, source.stream(0)).step(b, source.step(0));
        }
        return batch;
    }

    private static FloatRows copies(Arena arena, FloatRows one, int sequences) {
        long bytes = (long) one.rowsPerSequence() * one.vocabSize() * Float.BYTES;
        MemorySegment all = arena.allocate(bytes * sequences, 4096);
        for (int b = 0; b < sequences; b++) MemorySegment.copy(one.segment(), one.rowOffset(0, 0) * Float.BYTES, all, b * bytes, bytes);
        return FloatRows.dense(all, sequences, one.rowsPerSequence(), one.vocabSize());
    }

    /**
     * Kernel time and launches summed over an iteration's calls, as JMH secondary results
     * ({@code EVENTS} counters are totals); divided by {@link #calls} they are per call.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class DeviceTime {
        public long calls;
        public long kernelNanos;
        public long launches;

        @Setup(Level.Iteration)
        public void reset() {
            calls = kernelNanos = launches = 0;
        }

        void add(PaperContender.KernelUse use) {
            calls++;
            kernelNanos += use.nanos();
            launches += use.launches();
        }
    }
}
