package dev.specula.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.concurrent.TimeUnit;

/**
 * The irreducible-work floor: what any exact softmax-based verifier must at least do for the
 * case, and nothing more. One SIMD pass ({@link ExpSum}, Vector API {@code lanewise(EXP)})
 * computing {@code sum_v exp(z_v - c)} over exactly the rows the algorithm must read, on one
 * thread:
 * <ul>
 *   <li>a sequence that accepts all g drafts: target rows 0..g (accept tests, then the bonus);
 *   <li>a sequence rejected at position j: target rows 0..j, then target row j again and draft
 *       row j for the residual max(0, p_j - q_j), whose threshold is known only once the first
 *       pass over target row j has ended.
 * </ul>
 * Draft rows of accepted positions are not read: the drafter recorded log q(d). The list is
 * {@link SyntheticWorkload#floorPasses()}, whose comment gives the reasoning.
 *
 * <p>Target: the fast verifier on one thread within 1.25x of this, measured in the same run.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
// Sixteen seconds of warm-up: until C2 compiles them, Vector API loops run in a boxed fallback
// hundreds of times slower, and on a loaded 2-core machine compilation takes seconds.
@Warmup(iterations = 8, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class FloorBenchmark {
    private RowPass[] passes;

    @Setup
    public void listPasses(VerificationCase c) {
        passes = c.workload().floorPasses();
    }

    @Benchmark
    public float floor() {
        return ExpSum.sum(passes);
    }
}
