package dev.specula.examples.llama;

/** The llama2.c checkpoint layouts this package reads (llama2.c's export.py, versions 0, 1 and 2). */
public enum CheckpointFormat {
    /**
     * Version 0, the original llama2.c file: 7 int32 header values, then float32 tensors, then
     * the RoPE tables; a negative vocabulary size means the classifier is stored separately.
     */
    LEGACY,
    /** Version 1: the 256-byte "ak42" header, then float32 tensors, norms first. */
    FLOAT32,
    /** Version 2: the 256-byte "ak42" header with a group size; float32 norms; int8 weights with a float32 scale per group (Q8_0). */
    Q8_0
}
