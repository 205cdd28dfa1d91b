package dev.specula.benchmarks;

import java.lang.foreign.MemorySegment;

/**
 * One pass over one row of logits: the unit of work of the {@linkplain FloorBenchmark floor}.
 *
 * @param segment the memory holding the row
 * @param firstFloat index, in floats, of the row's first element
 * @param length the row's length V
 * @param shift the constant c of {@code exp(z - c)}: the row's largest logit, so that no term overflows
 */
public record RowPass(MemorySegment segment, long firstFloat, int length, float shift) {}
