package dev.specula.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Setup;

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
public class FloorBenchmark extends MeasuredAlike {
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
