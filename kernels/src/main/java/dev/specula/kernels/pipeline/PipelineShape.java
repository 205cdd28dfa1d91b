package dev.specula.kernels.pipeline;

import dev.specula.ffm.opencl.ClDevice;
import dev.specula.ffm.opencl.ClDeviceType;

/**
 * The launch geometry of one verification: B sequences of up to g drafts over V tokens, the
 * vocabulary split into {@code tiles} tiles of {@code tileWidth} tokens, work-groups of
 * {@code localSize} work-items (a power of two). One work-group handles one (row, tile), so a
 * single sequence with a large vocabulary still fills the device.
 *
 * @param sequences  B
 * @param maxDrafts  g
 * @param vocabSize  V
 * @param draftRows  whether the draft distribution comes as rows (logits or probabilities)
 * @param tiles      number of vocabulary tiles
 * @param tileWidth  tokens per tile ({@code tiles * tileWidth >= V})
 * @param localSize  work-items per work-group
 */
public record PipelineShape(int sequences, int maxDrafts, int vocabSize, boolean draftRows, int tiles, int tileWidth, int localSize) {
    /** Each work-item of a row-statistics work-group handles about this many tokens of its tile. */
    private static final int TOKENS_PER_ITEM = 32;
    private static final int MAX_TILES = 64;
    private static final int CPU_GROUPS_PER_CORE = 4;

    public PipelineShape {
        if (sequences < 1 || maxDrafts < 0 || vocabSize < 1) {
            throw new IllegalArgumentException("bad shape B=" + sequences + " g=" + maxDrafts + " V=" + vocabSize);
        }
        if (localSize < 1 || Integer.bitCount(localSize) != 1) {
            throw new IllegalArgumentException("localSize must be a power of two, got " + localSize);
        }
        if (tiles < 1 || tileWidth < 1 || (long) tiles * tileWidth < vocabSize) {
            throw new IllegalArgumentException(tiles + " tiles of " + tileWidth + " tokens do not cover V = " + vocabSize);
        }
    }

    /**
     * The shape for a batch: work-groups of up to {@code maxLocalSize} work-items, narrower for
     * small vocabularies (a work-group never has many more work-items than tokens to give them),
     * and tiles sized so that each work-item handles a few dozen tokens — but no more tiles than
     * keep the row-statistics stage within {@code groupBudget} work-groups (at least one tile per row).
     *
     * @param groupBudget the most work-groups worth launching per stage ({@link #groupBudget(ClDevice)})
     */
    public static PipelineShape of(int sequences, int maxDrafts, int vocabSize, boolean draftRows, int maxLocalSize, int groupBudget) {
        if (maxLocalSize < 1) throw new IllegalArgumentException("maxLocalSize must be positive, got " + maxLocalSize);
        if (groupBudget < 1) throw new IllegalArgumentException("groupBudget must be positive, got " + groupBudget);
        int wanted = Math.max(1, (vocabSize + TOKENS_PER_ITEM - 1) / TOKENS_PER_ITEM);
        int localSize = Integer.highestOneBit(Math.min(maxLocalSize, wanted));
        long perTile = (long) localSize * TOKENS_PER_ITEM;
        long rows = (long) sequences * (maxDrafts + 1) + (draftRows ? (long) sequences * maxDrafts : 0);
        long tiles = Math.min(MAX_TILES, (vocabSize + perTile - 1) / perTile);
        tiles = Math.max(1, Math.min(tiles, groupBudget / rows));
        int tileWidth = (int) ((vocabSize + tiles - 1) / tiles);
        return new PipelineShape(sequences, maxDrafts, vocabSize, draftRows, (int) tiles, tileWidth, localSize);
    }

    /**
     * The widest work-group worth launching on {@code device}: at most 64 work-items on a CPU
     * device (PoCL runs them as a loop per core) and 256 on a GPU, within what every kernel of the
     * pipeline allows ({@code kernelLimit}, the least {@code CL_KERNEL_WORK_GROUP_SIZE}), as a power of two.
     */
    public static int maxLocalSize(ClDevice device, long kernelLimit) {
        long limit = Math.min(device.type() == ClDeviceType.CPU ? 64 : 256, kernelLimit);
        return Integer.highestOneBit((int) Math.max(1, limit));
    }

    /**
     * How many work-groups a stage should launch at most on {@code device}. A GPU wants many (they
     * hide memory latency; the hardware schedules them for free), so its budget is unlimited. A
     * CPU device runs work-groups one after another on its cores and pays a fixed cost for each
     * (PoCL: a scheduling step and a loop over the work-items per barrier region), so a few
     * work-groups per core, each over a long stretch of the row, keep every core busy at a
     * fraction of that cost.
     */
    public static int groupBudget(ClDevice device) {
        return device.type() == ClDeviceType.CPU ? CPU_GROUPS_PER_CORE * Math.max(1, device.computeUnits()) : Integer.MAX_VALUE;
    }

    /** Rows the statistics stages cover: B(g+1) target rows, then Bg draft rows when there are draft rows. */
    public int rows() {
        return sequences * (maxDrafts + 1) + (draftRows ? sequences * maxDrafts : 0);
    }

    /** {@code n} rounded up to a multiple of the local size. */
    public long roundUp(long n) {
        return (n + localSize - 1) / localSize * localSize;
    }
}
