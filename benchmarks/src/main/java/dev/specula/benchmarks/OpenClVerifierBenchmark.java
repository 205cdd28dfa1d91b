package dev.specula.benchmarks;

import dev.specula.core.VerificationResult;
import dev.specula.kernels.Devices;
import dev.specula.kernels.KernelTimes;
import dev.specula.kernels.OpenClVerifier;
import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The OpenCL backend on one device, with the verification kernels written in Java and translated
 * by Aparapi ({@code kernels = java}) or hand-written in OpenCL C ({@code kernels = handwritten}):
 * the same five-stage pipeline, buffers and launch sizes, so the difference between the two is the
 * code the translator generates.
 *
 * <p>The primary score is the whole call as the caller sees it (argument staging, five launches,
 * the one synchronisation, the read-back). {@link DeviceTime} adds the kernel time from OpenCL
 * profiling events, in total and per stage; the report divides it by the call count. Rows are
 * page-aligned native memory, so a device that shares host memory reads them in place.
 *
 * <p>Target: the Java kernels within 1.10x of the hand-written ones on the same device.
 */
public class OpenClVerifierBenchmark extends MeasuredAlike {
    /** Which source the five stages come from. */
    @Param({"java", "handwritten"})
    public String kernels;

    /** The device, as {@code --device} takes it: an index, a name or vendor substring, or {@code type:gpu}. */
    @Param({"0"})
    public String device;

    private OpenClVerifier verifier;

    @Setup(Level.Trial)
    public void start() {
        verifier = switch (kernels) {
            case "java" -> OpenClVerifier.javaKernels(Devices.select(device));
            case "handwritten" -> OpenClVerifier.handwritten(Devices.select(device));
            default -> throw new IllegalArgumentException("kernels must be java or handwritten, got " + kernels);
        };
    }

    @TearDown(Level.Trial)
    public void stop() {
        verifier.close();
    }

    @Benchmark
    public VerificationResult verify(VerificationCase c, DeviceTime time) {
        verifier.verify(c.verificationBatch(), c.result());
        time.add(verifier.lastTimes());
        return c.result();
    }

    /**
     * Kernel time summed over an iteration's calls, as JMH secondary results ({@code EVENTS}
     * counters are totals); divided by {@link #calls} they give nanoseconds per call.
     */
    @AuxCounters(AuxCounters.Type.EVENTS)
    @State(Scope.Thread)
    public static class DeviceTime {
        public long calls;
        public long kernelNanos;
        public long rowStatsNanos;
        public long rowCombineNanos;
        public long acceptNanos;
        public long sampleTilesNanos;
        public long samplePickNanos;

        @Setup(Level.Iteration)
        public void reset() {
            calls = kernelNanos = rowStatsNanos = rowCombineNanos = acceptNanos = sampleTilesNanos = samplePickNanos = 0;
        }

        void add(KernelTimes t) {
            calls++;
            kernelNanos += t.totalNanos();
            rowStatsNanos += t.rowStatsNanos();
            rowCombineNanos += t.rowCombineNanos();
            acceptNanos += t.acceptNanos();
            sampleTilesNanos += t.sampleTilesNanos();
            samplePickNanos += t.samplePickNanos();
        }
    }
}
