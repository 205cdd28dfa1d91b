package dev.specula.kernels.paper;

import dev.specula.ffm.opencl.ClDevice;
import dev.specula.kernels.graph.KernelGraph;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The device buffers a variant's kernels share, by graph name and size in bytes. The paper's
 * designs materialise whole matrices: the softmax p (B x (g+1) x V) and q (B x g x V), and for
 * the concurrent kernels the ratio and residual matrices (B x g x V each), which is what bounds
 * the shapes a device can take.
 *
 * @param bytes buffer name to size in bytes (each at least one element)
 */
record Intermediates(Map<String, Long> bytes) {

    static Intermediates of(PaperVariant variant, int sequences, int maxDrafts, int vocabSize, boolean draftSoftmax) {
        long b = sequences, g = maxDrafts, v = vocabSize;
        Map<String, Long> bytes = new LinkedHashMap<>();
        boolean concurrent = variant != PaperVariant.BASELINE;
        bytes.put("p", floats(b * (g + 1) * v));
        bytes.put("q", floats(draftSoftmax ? b * g * v : 1));
        bytes.put("ratio", floats(concurrent ? b * g * v : b * g));
        bytes.put("pPrime", floats(concurrent ? b * g * v : 1));
        bytes.put("clampedSum", floats(b * g));
        bytes.put("pGathered", floats(b * g));
        bytes.put("qGathered", floats(b * g));
        bytes.put("weights", floats(b * v));
        bytes.put("weightSum", floats(b));
        bytes.put("rowBad", ints(b * (g + 1) + b * g));
        bytes.put("rowArg", ints(b * (g + 1) + b * g));
        bytes.put("mode", ints(b));
        bytes.put("sampleU", Math.max(1, b) * Double.BYTES);
        return new Intermediates(Map.copyOf(bytes));
    }

    private static long floats(long count) {
        return Math.max(1, count) * Float.BYTES;
    }

    private static long ints(long count) {
        return Math.max(1, count) * Integer.BYTES;
    }

    /** All intermediates together, in bytes. */
    long total() {
        return bytes.values().stream().mapToLong(Long::longValue).sum();
    }

    /**
     * @throws IllegalArgumentException if a matrix exceeds the device's largest allocation, its
     *     32-bit float indices, or all intermediates the device's global memory
     */
    void requireFits(ClDevice device) {
        for (Map.Entry<String, Long> e : bytes.entrySet()) {
            if (e.getValue() / Float.BYTES > Integer.MAX_VALUE) {
                throw new IllegalArgumentException("the matrix " + e.getKey() + " would hold " + e.getValue() / Float.BYTES
                        + " elements; the paper's kernels index at most " + Integer.MAX_VALUE);
            }
            if (e.getValue() > device.maxMemAllocBytes()) {
                throw new IllegalArgumentException("the matrix " + e.getKey() + " needs " + e.getValue() + " bytes, more than the "
                        + device.maxMemAllocBytes() + " bytes device " + device.name() + " allocates at once");
            }
        }
        if (total() > device.globalMemBytes()) {
            throw new IllegalArgumentException("the intermediates need " + total() + " bytes, more than the " + device.globalMemBytes()
                    + " bytes of global memory of device " + device.name());
        }
    }

    /** Allocates (or reuses) every buffer in {@code graph}. */
    void allocate(KernelGraph graph) {
        bytes.forEach(graph::intermediate);
    }
}
