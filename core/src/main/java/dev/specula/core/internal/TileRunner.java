package dev.specula.core.internal;

import java.util.function.IntConsumer;

/**
 * Runs a job over the tiles of a row: on the calling thread, or split into contiguous tile
 * ranges across a {@link WorkerPool} (the fast verifier's vocabulary chunks for B = 1). Tile
 * results do not depend on the split, so both give bit-identical rows.
 */
public sealed interface TileRunner {

    /** Work on tiles [from, to) of the current row. */
    @FunctionalInterface
    interface TileJob {
        void run(int from, int to);
    }

    /** Runs {@code job} over tiles [0, tiles). */
    void forTiles(int tiles, TileJob job);

    /** The calling thread does every tile. */
    TileRunner SERIAL = new Serial();

    /** Splits rows of at least {@code minTilesPerThread * pool.threads()} tiles across {@code pool}. */
    static TileRunner pooled(WorkerPool pool, int minTilesPerThread) {
        return new Pooled(pool, minTilesPerThread);
    }

    final class Serial implements TileRunner {
        private Serial() {}

        @Override
        public void forTiles(int tiles, TileJob job) {
            job.run(0, tiles);
        }
    }

    final class Pooled implements TileRunner {
        private final WorkerPool pool;
        private final int minTilesPerThread;
        private final IntConsumer part = this::runPart; // made once: forking allocates nothing
        private TileJob job;
        private int tiles;
        private int parts;

        private Pooled(WorkerPool pool, int minTilesPerThread) {
            this.pool = pool;
            this.minTilesPerThread = minTilesPerThread;
        }

        @Override
        public void forTiles(int tiles, TileJob job) {
            int parts = Math.min(pool.threads(), tiles / minTilesPerThread);
            if (parts <= 1) {
                job.run(0, tiles);
                return;
            }
            this.job = job;
            this.tiles = tiles;
            this.parts = parts;
            pool.run(parts, part);
        }

        private void runPart(int k) {
            job.run((int) ((long) tiles * k / parts), (int) ((long) tiles * (k + 1) / parts));
        }
    }
}
