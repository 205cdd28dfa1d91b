package dev.specula.ffm.cuda;

/** A grid or block size in up to three dimensions, each at least 1. */
public record Dim3(int x, int y, int z) {
    public Dim3 {
        if (x < 1 || y < 1 || z < 1) {
            throw new IllegalArgumentException("dimensions must be at least 1, got (%d, %d, %d)".formatted(x, y, z));
        }
    }

    public static Dim3 of(int x) {
        return new Dim3(x, 1, 1);
    }

    public static Dim3 of(int x, int y) {
        return new Dim3(x, y, 1);
    }

    /** x·y·z, as a long because it may exceed an int for grids. */
    public long volume() {
        return (long) x * y * z;
    }
}
