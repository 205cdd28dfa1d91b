package dev.specula.kernels.pipeline;

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
     * and tiles sized so that each work-item handles a few dozen tokens.
     */
    public static PipelineShape of(int sequences, int maxDrafts, int vocabSize, boolean draftRows, int maxLocalSize) {
        if (maxLocalSize < 1) throw new IllegalArgumentException("maxLocalSize must be positive, got " + maxLocalSize);
        int wanted = Math.max(1, (vocabSize + TOKENS_PER_ITEM - 1) / TOKENS_PER_ITEM);
        int localSize = Integer.highestOneBit(Math.min(maxLocalSize, wanted));
        long perTile = (long) localSize * TOKENS_PER_ITEM;
        int tiles = (int) Math.max(1, Math.min(MAX_TILES, (vocabSize + perTile - 1) / perTile));
        int tileWidth = (vocabSize + tiles - 1) / tiles;
        return new PipelineShape(sequences, maxDrafts, vocabSize, draftRows, tiles, tileWidth, localSize);
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
