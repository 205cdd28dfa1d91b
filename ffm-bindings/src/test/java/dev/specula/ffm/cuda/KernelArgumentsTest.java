package dev.specula.ffm.cuda;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import org.junit.jupiter.api.Test;

/** The {@code void **kernelParams} array, inspected byte by byte: no driver needed. */
class KernelArgumentsTest {

    /** The little-endian bytes of a value, spelled out by hand. */
    private static final byte[] INT_0x11223344 = {0x44, 0x33, 0x22, 0x11};
    private static final byte[] LONG_0x0102030405060708 = {8, 7, 6, 5, 4, 3, 2, 1};
    private static final byte[] FLOAT_1_5 = {0, 0, (byte) 0xC0, 0x3F};                   // 0x3FC00000
    private static final byte[] INT_MINUS_2 = {(byte) 0xFE, (byte) 0xFF, (byte) 0xFF, (byte) 0xFF};
    private static final byte[] DOUBLE_MINUS_0_25 = {0, 0, 0, 0, 0, 0, (byte) 0xD0, (byte) 0xBF};  // 0xBFD0000000000000
    private static final byte[] POINTER_0x7F00DEADBEEF = {(byte) 0xEF, (byte) 0xBE, (byte) 0xAD, (byte) 0xDE, 0, 0x7F, 0, 0};

    @Test
    void eachPointerPointsAtItsValueAtNaturalAlignment() {
        KernelArguments arguments = KernelArguments.of(0x11223344, 0x0102030405060708L, 1.5f, -2, -0.25d)
                .addDevicePointer(0x7F00DEADBEEFL);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointers = arguments.pack(arena);
            assertEquals(6 * 8, pointers.byteSize());
            MemorySegment[] values = new MemorySegment[6];
            for (int i = 0; i < 6; i++) {
                values[i] = pointers.getAtIndex(ADDRESS, i);
            }
            // int at 0, long at 8 (padding 4..7), float at 16, int at 20, double at 24, pointer at 32
            long base = values[0].address();
            long[] expectedOffsets = {0, 8, 16, 20, 24, 32};
            for (int i = 0; i < 6; i++) {
                assertEquals(expectedOffsets[i], values[i].address() - base, "offset of argument " + i);
            }
            assertEquals(0, base % 8, "the value block is 8-byte aligned");
            assertArrayEquals(INT_0x11223344, bytes(values[0], 4));
            assertArrayEquals(LONG_0x0102030405060708, bytes(values[1], 8));
            assertArrayEquals(FLOAT_1_5, bytes(values[2], 4));
            assertArrayEquals(INT_MINUS_2, bytes(values[3], 4));
            assertArrayEquals(DOUBLE_MINUS_0_25, bytes(values[4], 8));
            assertArrayEquals(POINTER_0x7F00DEADBEEF, bytes(values[5], 8));
        }
    }

    @Test
    void aLongAfterAnIntIsPaddedAndTwoIntsAreNot() {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment pointers = new KernelArguments().addInt(1).addInt(2).addFloat(3f).addLong(4).pack(arena);
            long base = pointers.getAtIndex(ADDRESS, 0).address();
            assertEquals(4, pointers.getAtIndex(ADDRESS, 1).address() - base);
            assertEquals(8, pointers.getAtIndex(ADDRESS, 2).address() - base);
            assertEquals(16, pointers.getAtIndex(ADDRESS, 3).address() - base);  // 12 rounded up to 8
        }
    }

    @Test
    void aBufferPassesItsDevicePointer() {
        CudaContext context = TestDevices.detachedContext();
        try (CudaBuffer buffer = context.wrap(0x7F00DEADBEEFL, 4096); Arena arena = Arena.ofConfined()) {
            MemorySegment pointers = KernelArguments.of(buffer).pack(arena);
            assertEquals(8, pointers.byteSize());
            assertArrayEquals(POINTER_0x7F00DEADBEEF, bytes(pointers.getAtIndex(ADDRESS, 0), 8));
        }
    }

    @Test
    void aClosedBufferIsRefusedWhenPacked() {
        CudaContext context = TestDevices.detachedContext();
        CudaBuffer buffer = context.wrap(0x10000, 64);
        KernelArguments arguments = KernelArguments.of(buffer, 1);
        buffer.close();
        try (Arena arena = Arena.ofConfined()) {
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> arguments.pack(arena));
            assertTrue(e.getMessage().contains("closed"), e.getMessage());
        }
    }

    @Test
    void noArgumentsPackToNull() {
        try (Arena arena = Arena.ofConfined()) {
            assertEquals(MemorySegment.NULL, new KernelArguments().pack(arena));
        }
    }

    @Test
    void unsupportedJavaTypesAreRefusedByPosition() {
        IllegalArgumentException shortValue = assertThrows(IllegalArgumentException.class,
                () -> KernelArguments.of(1, (short) 2));
        assertTrue(shortValue.getMessage().contains("argument 1"), shortValue.getMessage());
        assertTrue(shortValue.getMessage().contains("java.lang.Short"), shortValue.getMessage());
        IllegalArgumentException nullValue = assertThrows(IllegalArgumentException.class,
                () -> KernelArguments.of(1.0f, null));
        assertTrue(nullValue.getMessage().contains("argument 1 is null"), nullValue.getMessage());
        assertThrows(IllegalArgumentException.class, () -> KernelArguments.of("text"));
        assertThrows(NullPointerException.class, () -> new KernelArguments().addBuffer(null));
    }

    private static byte[] bytes(MemorySegment pointer, int count) {
        return pointer.reinterpret(count).toArray(JAVA_BYTE);
    }
}
