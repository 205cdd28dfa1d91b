package dev.specula.examples;

import java.io.PrintStream;

/** One line of progress on stderr, redrawn in place with \r at most ten times a second. */
final class Progress {
    private final PrintStream err;
    private long lastDrawn;
    private int width;

    Progress(PrintStream err) {
        this.err = err;
    }

    void show(String what) {
        draw(what + "...");
    }

    void show(String label, long done, long total) {
        long now = System.nanoTime();
        if (done < total && now - lastDrawn < 100_000_000L) return;
        lastDrawn = now;
        draw(label + ": " + done + "/" + total);
    }

    /** Erases the progress line, so that the next line of stdout starts on a clean line. */
    void clear() {
        if (width == 0) return;
        err.print("\r" + " ".repeat(width) + "\r");
        err.flush();
        width = 0;
    }

    private void draw(String text) {
        String line = "  " + text;
        err.print("\r" + line + " ".repeat(Math.max(0, width - line.length())));
        err.flush();
        width = Math.max(width, line.length());
    }
}
