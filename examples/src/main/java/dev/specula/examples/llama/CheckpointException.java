package dev.specula.examples.llama;

import java.nio.file.Path;

/** A model or tokenizer file that cannot be read: truncated, wrong magic or version, inconsistent header. */
public final class CheckpointException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public CheckpointException(Path file, String problem) {
        super(file + ": " + problem);
    }

    public CheckpointException(Path file, String problem, Throwable cause) {
        super(file + ": " + problem, cause);
    }
}
