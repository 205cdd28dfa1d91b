package dev.specula.kernels.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.specula.core.Philox4x32;
import dev.specula.core.RandomStreams;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClProgram;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.ffm.opencl.OpenClTestDevice;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.HashSet;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hand-written source as OpenCL C on PoCL: it builds, its kernels' argument names (as the
 * driver reports them, clGetKernelArgInfo) are the CUDA parameter tables', and its Philox4x32-10
 * and uniforms are core's bit for bit. The random-number checks call the pipeline's own functions
 * through small probe kernels appended to the program.
 */
class HandwrittenOpenClTest {
    private static final String PROBES = """
            __kernel void PhiloxProbe(__global const uint* counters, __global const uint* keys, __global uint* words,
                                      __global double* uniforms) {
                int k = get_global_id(0);
                Words w = philox4x32_10(counters[4 * k], counters[4 * k + 1], counters[4 * k + 2], counters[4 * k + 3],
                                        keys[2 * k], keys[2 * k + 1]);
                words[4 * k] = w.w0;
                words[4 * k + 1] = w.w1;
                words[4 * k + 2] = w.w2;
                words[4 * k + 3] = w.w3;
                uniforms[2 * k] = uniformOf(w.w0, w.w1);
                uniforms[2 * k + 1] = uniformOf(w.w2, w.w3);
            }

            __kernel void StreamProbe(__global const int* in, __global double* uniforms) {
                int k = get_global_id(0);
                __global const int* s = in + 6 * k;          /* seedLo, seedHi, stream, stepLo, stepHi, position */
                Words w = verifyBlock(s[0], s[1], s[2], s[3], s[4], s[5]);
                uniforms[2 * k] = uniformOf(w.w0, w.w1);
                uniforms[2 * k + 1] = uniformOf(w.w2, w.w3);
            }
            """;

    private static ClContext context;
    private static ClQueue queue;
    private static ClProgram program;

    @BeforeAll
    static void build() {
        context = ClContext.create(OpenClTestDevice.require());
        queue = context.createQueue();
        program = context.program(HandwrittenSource.openClProgram() + "\n" + PROBES, HandwrittenSource.OPENCL_OPTIONS);
    }

    @AfterAll
    static void release() {
        if (context != null) context.close();
    }

    @Test
    void theProgramHasTheSixStagesWithTheTablesArgumentNames() {
        assertTrue(new HashSet<>(program.kernelNames()).containsAll(
                HandwrittenKernels.STAGES.stream().map(KernelSignature::name).toList()), program.kernelNames().toString());
        for (KernelSignature kernel : HandwrittenKernels.STAGES) {
            try (ClKernel built = program.kernel(kernel.name())) {
                assertEquals(kernel.parameterNames(), built.argumentNames(), kernel.name());
            }
        }
    }

    @Test
    void philoxWordsAndUniformsAreCoresBitForBit() {
        // Random123's known-answer vectors (ALGORITHMS.md section 2), then random counters and keys.
        int[][] known = {
            {0, 0, 0, 0, 0, 0, 0x6627e8d5, 0xe169c58d, 0xbc57ac4c, 0x9b00dbd8},
            {-1, -1, -1, -1, -1, -1, 0x408f276d, 0x41c83b0e, 0xa20bc7c6, 0x6d5451fd},
            {0x243f6a88, 0x85a308d3, 0x13198a2e, 0x03707344, 0xa4093822, 0x299f31d0, 0xd16cfe09, 0x94fdcceb, 0x5001e420, 0x24126ea1},
        };
        int n = 1024;
        SplittableRandom random = new SplittableRandom(5);
        int[][] cases = new int[n][6];
        for (int k = 0; k < n; k++) {
            if (k < known.length) System.arraycopy(known[k], 0, cases[k], 0, 6);
            else for (int j = 0; j < 6; j++) cases[k][j] = random.nextInt();
        }
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment counters = arena.allocate(ValueLayout.JAVA_INT, 4L * n), keys = arena.allocate(ValueLayout.JAVA_INT, 2L * n);
            for (int k = 0; k < n; k++) {
                for (int j = 0; j < 4; j++) counters.setAtIndex(ValueLayout.JAVA_INT, 4L * k + j, cases[k][j]);
                keys.setAtIndex(ValueLayout.JAVA_INT, 2L * k, cases[k][4]);
                keys.setAtIndex(ValueLayout.JAVA_INT, 2L * k + 1, cases[k][5]);
            }
            MemorySegment words = arena.allocate(ValueLayout.JAVA_INT, 4L * n), uniforms = arena.allocate(ValueLayout.JAVA_DOUBLE, 2L * n);
            run("PhiloxProbe", n, arena, counters, keys, words, uniforms);
            for (int k = 0; k < n; k++) {
                int[] expected = new int[4];
                Philox4x32.block(new int[] {cases[k][0], cases[k][1], cases[k][2], cases[k][3]}, cases[k][4], cases[k][5], expected);
                if (k < known.length) {
                    assertEquals(known[k][6], expected[0], "core's own known answer");
                    for (int j = 0; j < 4; j++) assertEquals(known[k][6 + j], words.getAtIndex(ValueLayout.JAVA_INT, 4L * k + j), "known answer " + k);
                }
                for (int j = 0; j < 4; j++) assertEquals(expected[j], words.getAtIndex(ValueLayout.JAVA_INT, 4L * k + j), "case " + k + " word " + j);
                assertEquals(RandomStreams.uniform(expected[0], expected[1]), uniforms.getAtIndex(ValueLayout.JAVA_DOUBLE, 2L * k));
                assertEquals(RandomStreams.uniform(expected[2], expected[3]), uniforms.getAtIndex(ValueLayout.JAVA_DOUBLE, 2L * k + 1));
            }
        }
    }

    @Test
    void acceptAndSampleUniformsFollowCoresStreamLayout() {
        int n = 512;
        SplittableRandom random = new SplittableRandom(6);
        long[] seeds = new long[n], steps = new long[n];
        int[] streams = new int[n], positions = new int[n];
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(ValueLayout.JAVA_INT, 6L * n);
            for (int k = 0; k < n; k++) {
                seeds[k] = random.nextLong();
                steps[k] = k % 3 == 0 ? k : random.nextLong();
                streams[k] = random.nextInt();
                positions[k] = random.nextInt(RandomStreams.MAX_POSITIONS);
                int[] s = {(int) seeds[k], (int) (seeds[k] >>> 32), streams[k], (int) steps[k], (int) (steps[k] >>> 32), positions[k]};
                for (int j = 0; j < 6; j++) in.setAtIndex(ValueLayout.JAVA_INT, 6L * k + j, s[j]);
            }
            MemorySegment uniforms = arena.allocate(ValueLayout.JAVA_DOUBLE, 2L * n);
            run("StreamProbe", n, arena, in, uniforms);
            for (int k = 0; k < n; k++) {
                assertEquals(RandomStreams.acceptUniform(seeds[k], streams[k], steps[k], positions[k]),
                        uniforms.getAtIndex(ValueLayout.JAVA_DOUBLE, 2L * k), "accept uniform " + k);
                assertEquals(RandomStreams.sampleUniform(seeds[k], streams[k], steps[k], positions[k]),
                        uniforms.getAtIndex(ValueLayout.JAVA_DOUBLE, 2L * k + 1), "sample uniform " + k);
            }
        }
    }

    /** Runs a probe over {@code n} work-items: every segment becomes a buffer, copied in and back out. */
    private static void run(String name, int n, Arena arena, MemorySegment... segments) {
        try (ClKernel kernel = program.kernel(name)) {
            ClBuffer[] buffers = new ClBuffer[segments.length];
            for (int i = 0; i < segments.length; i++) {
                buffers[i] = context.deviceBuffer(segments[i].byteSize(), ClAccess.READ_WRITE);
                queue.write(buffers[i], 0, segments[i]);
                kernel.setBuffer(i, buffers[i]);
            }
            queue.enqueue(kernel, new long[] {n}, null);
            for (int i = 0; i < segments.length; i++) {
                queue.read(buffers[i], 0, segments[i]);
                buffers[i].close();
            }
        }
    }
}
