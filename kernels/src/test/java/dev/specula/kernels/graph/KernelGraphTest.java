package dev.specula.kernels.graph;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.aparapi.Kernel;
import dev.specula.ffm.opencl.ClAccess;
import dev.specula.ffm.opencl.ClBuffer;
import dev.specula.ffm.opencl.ClContext;
import dev.specula.ffm.opencl.ClKernel;
import dev.specula.ffm.opencl.ClQueue;
import dev.specula.ffm.opencl.OpenClTestDevice;
import dev.specula.kernels.translate.KernelTranslator;
import dev.specula.kernels.translate.TranslatedKernel;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A two-step graph of translated Java kernels: binding by name, intermediates kept on the device, one synchronisation. */
class KernelGraphTest {

    /** out[i] = in[i] * factor + offset: its fields are declared in an order unlike the generated parameter order. */
    public static class Affine extends Kernel {
        float offset;
        float[] out = new float[1];
        float factor;
        float[] in = new float[1];

        @Override
        public void run() {
            int i = getGlobalId();
            out[i] = in[i] * factor + offset;
        }
    }

    /** total[group] = sum of values over the group, through local memory. */
    public static class GroupSum extends Kernel {
        float[] values = new float[1];
        float[] total = new float[1];
        @Local float[] scratch = new float[1];

        @Override
        public void run() {
            int lid = getLocalId();
            scratch[lid] = values[getGlobalId()];
            localBarrier();
            for (int s = getLocalSize() / 2; s > 0; s = s / 2) {
                if (lid < s) scratch[lid] = scratch[lid] + scratch[lid + s];
                localBarrier();
            }
            if (lid == 0) total[getGroupId()] = scratch[0];
        }
    }

    private static ClContext context;
    private static ClQueue queue;

    @BeforeAll
    static void open() {
        context = ClContext.create(OpenClTestDevice.require());
        queue = context.createQueue();
    }

    @AfterAll
    static void close() {
        if (context != null) context.close();
    }

    private static KernelGraph declare(KernelGraph graph) {
        TranslatedKernel affine = KernelTranslator.shared().translate(Affine.class);
        TranslatedKernel sum = KernelTranslator.shared().translate(GroupSum.class);
        ClKernel affineKernel = context.program(affine.source()).kernel(affine.functionName());
        ClKernel sumKernel = context.program(sum.source()).kernel(sum.functionName());
        // GroupSum reads "values", which Affine writes as "out": the names are the graph's wiring.
        return graph.step("affine", affineKernel, affine.parameterNames(), 64, 16)
                .step("sum", sumKernel, sum.parameterNames().stream().map(n -> n.equals("values") ? "out" : n).toList(), 64, 16);
    }

    @Test
    void stepsRunInOrderWithArgumentsBoundByNameAndOneSynchronisation() {
        try (KernelGraph graph = declare(new KernelGraph(queue)); Arena arena = Arena.ofConfined()) {
            float[] input = new float[64];
            for (int i = 0; i < 64; i++) input[i] = i;
            ClBuffer in = context.deviceBuffer(64 * Float.BYTES, ClAccess.READ_ONLY);
            queue.write(in, 0, MemorySegment.ofArray(input));
            graph.buffer("in", in).setFloat("factor", 2f).setFloat("offset", 1f).setInt("passid", 0).local("scratch", 16 * Float.BYTES);
            ClBuffer out = graph.intermediate("out", 64 * Float.BYTES);
            graph.intermediate("total", 4 * Float.BYTES);
            MemorySegment totals = arena.allocate(JAVA_FLOAT, 4);
            long[] nanos = graph.execute("total", totals);
            assertEquals(2, nanos.length);
            assertTrue(nanos[0] > 0 && nanos[1] > 0);
            // Group g sums 2i + 1 over i in [16g, 16g + 16): 32 * (16g + 7.5) + 16.
            assertArrayEquals(new float[] {256, 768, 1280, 1792}, totals.toArray(JAVA_FLOAT));
            assertEquals(1, graph.synchronisations());

            graph.setFloat("factor", -1f);
            graph.execute("total", totals);
            assertArrayEquals(new float[] {-104, -360, -616, -872}, totals.toArray(JAVA_FLOAT));
            assertEquals(2, graph.synchronisations());
            assertSame(out, graph.intermediate("out", 32 * Float.BYTES), "a smaller request reuses the intermediate");
            assertEquals(2, graph.allocations());
            in.close();
        }
    }

    @Test
    void anUnboundParameterIsNamed() {
        try (KernelGraph graph = declare(new KernelGraph(queue)); Arena arena = Arena.ofConfined()) {
            graph.intermediate("out", 64 * Float.BYTES);
            graph.intermediate("total", 4 * Float.BYTES);
            graph.setFloat("factor", 2f).setFloat("offset", 1f).setInt("passid", 0).local("scratch", 64);
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> graph.execute("total", arena.allocate(16)));
            assertTrue(e.getMessage().contains("'in'") && e.getMessage().contains("Affine"), e.getMessage());
            assertEquals(0, graph.synchronisations());
        }
    }

    @Test
    void aClosedGraphRefusesWorkAndClosesOnce() {
        KernelGraph graph = declare(new KernelGraph(queue));
        ClBuffer out = graph.intermediate("out", 256);
        graph.close();
        graph.close();
        assertTrue(out.isClosed(), "the graph frees its intermediates");
        assertThrows(IllegalStateException.class, () -> graph.setInt("passid", 0));
    }
}
