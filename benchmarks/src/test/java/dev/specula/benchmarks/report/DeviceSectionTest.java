package dev.specula.benchmarks.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The OpenCL section on measurements whose ratios are worked out by hand:
 * <pre>
 * B=1  V=32000:  Java call 110 us, hand 100 us -> 1.10 (met, the limit is inclusive);
 *                kernels Java 10+1+1+2+6 = 20 us, hand 9+1+1+2+5 = 18 us -> 1.11 (missed)
 * B=64 V=32000:  Java call 330 us, hand 300 us -> 1.10; kernels 200 / 200 = 1.00 -> met
 * worst call ratio: B=1 (110/100 = 1.100 against 330/300 = 1.100: the first wins ties);
 * the stage costing the most there: RowStats (10 - 9 = 1) and SamplePick (6 - 5 = 1) tie, the first wins.
 * </pre>
 */
class DeviceSectionTest {
    private static final CaseKey ONE = new CaseKey(32000, 4, 1, "ALL_ACCEPTED");
    private static final CaseKey MANY = new CaseKey(32000, 4, 64, "ALL_ACCEPTED");

    private static Map<String, Double> stages(double... micros) {
        return Map.of("rowStatsNanos", micros[0], "rowCombineNanos", micros[1], "acceptNanos", micros[2],
                "sampleTilesNanos", micros[3], "samplePickNanos", micros[4]);
    }

    private static String render(List<DeviceMeasurement> measurements) {
        return DeviceSection.render(measurements, query -> "Device " + query,
                stage -> new DeviceSection.StageSources(DeviceSection.stageLabel(stage), "generated " + stage, "hand " + stage)).orElseThrow();
    }

    @Test
    void ratiosAndVerdictsPerCase() {
        String md = render(List.of(
                new DeviceMeasurement(ONE, "java", "0", 110, 1, stages(10, 1, 1, 2, 6)),
                new DeviceMeasurement(ONE, "handwritten", "0", 100, 1, stages(9, 1, 1, 2, 5)),
                new DeviceMeasurement(MANY, "java", "0", 330, 1, stages(100, 20, 20, 20, 40)),
                new DeviceMeasurement(MANY, "handwritten", "0", 300, 1, stages(100, 20, 20, 20, 40))));
        assertTrue(md.contains("| Device 0 | 1 | 4 | 32000 | ALL_ACCEPTED | 110 | 100 | 1.10× | 20.0 | 18.0 | 1.11× | ❌ missed |"), md);
        assertTrue(md.contains("| Device 0 | 64 | 4 | 32000 | ALL_ACCEPTED | 330 | 300 | 1.10× | 200 | 200 | 1.00× | ✅ met |"), md);
        assertTrue(md.contains("missed in 1 of 2 cases"), md);
        assertTrue(md.contains("| RowStatsKernel | 10.0 | 9.00 | 1.11× |"), md);
        assertTrue(md.contains("The stage that costs the difference there is **RowStatsKernel**"), md);
        assertTrue(md.contains("generated rowStatsNanos") && md.contains("hand rowStatsNanos"), md);
    }

    @Test
    void noCodeListingWhenTheTargetIsMet() {
        String md = render(List.of(
                new DeviceMeasurement(ONE, "java", "gpu", 105, 1, stages(10, 1, 1, 2, 5)),
                new DeviceMeasurement(ONE, "handwritten", "gpu", 100, 1, stages(10, 1, 1, 2, 5))));
        assertTrue(md.contains("met in every case (1)"), md);
        assertFalse(md.contains("costs the difference"), md);
    }

    @Test
    void aCaseWithOnlyOneSourceIsNotCompared() {
        String md = render(List.of(new DeviceMeasurement(ONE, "java", "0", 105, 1, stages(10, 1, 1, 2, 5))));
        assertTrue(md.contains("No case has both kernel sources measured."), md);
        assertEquals(Optional.empty(), DeviceSection.render(List.of(), q -> q, s -> null));
    }

    @Test
    void findsAFunctionDefinitionNotItsCallsOrDeclarations() {
        String source = """
                FUNC float helper(float x);
                KERNEL void Other(int a) { helper(1.0f); }
                KERNEL void RowStatsKernel(GLOBAL const float *target, int n) {
                    if (n) { helper(2.0f); }
                }
                FUNC float helper(float x) { return x; }
                """;
        assertEquals("""
                KERNEL void RowStatsKernel(GLOBAL const float *target, int n) {
                    if (n) { helper(2.0f); }
                }""", DeviceSection.function(source, "RowStatsKernel"));
        assertEquals("FUNC float helper(float x) { return x; }", DeviceSection.function(source, "helper"));
        assertThrows(IllegalArgumentException.class, () -> DeviceSection.function(source, "Missing"));
    }
}
