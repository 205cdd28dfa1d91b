package dev.specula.benchmarks;

import dev.specula.core.VerificationBatch;
import dev.specula.core.VerificationResult;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;

/**
 * The parameters every benchmark of this module shares, and the workload they describe: one
 * {@link SyntheticWorkload} of B sequences with g drafts over V tokens in the given acceptance
 * regime, built once per trial in native memory, with a result object reused by every call.
 *
 * <p>Because all benchmarks take their rows from this state, the reference verifier, the fast
 * verifier and the floor of one parameter combination read the same logits, with the same seed.
 */
@State(Scope.Benchmark)
public class VerificationCase {
    /** V: Llama 2 / Mistral (32000), Llama 3 (128256), Gemma (256000). */
    @Param({"32000", "128256", "256000"})
    public int vocab;

    /** g, the number of drafts per sequence. */
    @Param({"1", "4", "8"})
    public int drafts;

    /** B, the number of sequences verified in one call. */
    @Param({"1", "16", "64"})
    public int batch;

    @Param({"ALL_ACCEPTED", "REJECT_FIRST", "REALISTIC"})
    public Regime regime;

    /** Fixed, so that every run of the suite measures the same rows. */
    static final long SEED = 20_240_611L;

    private Arena arena;
    private SyntheticWorkload workload;
    private VerificationResult result;

    @Setup(Level.Trial)
    public void build() {
        arena = Arena.ofShared();
        workload = SyntheticWorkload.generate(arena, batch, drafts, vocab, regime, SEED);
        result = VerificationResult.forBatch(workload.batch());
    }

    @TearDown(Level.Trial)
    public void release() {
        arena.close();
    }

    public SyntheticWorkload workload() {
        return workload;
    }

    public VerificationBatch verificationBatch() {
        return workload.batch();
    }

    public VerificationResult result() {
        return result;
    }
}
