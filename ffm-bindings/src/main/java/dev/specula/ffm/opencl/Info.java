package dev.specula.ffm.opencl;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.charset.StandardCharsets;

/**
 * Reads OpenCL's {@code clGet*Info} results. Every such function takes (size, value, size_ret); a
 * {@link Query} is one of them with its object and parameter name already bound.
 */
final class Info {
    private Info() {}

    /** A {@code clGet*Info} call with all but its last three arguments bound. */
    @FunctionalInterface
    interface Query {
        int call(long valueSize, MemorySegment value, MemorySegment valueSizeReturn);
    }

    static String string(String function, Query query) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            ClException.check(query.call(0, MemorySegment.NULL, size), function);
            long bytes = size.get(JAVA_LONG, 0);
            if (bytes == 0) {
                return "";
            }
            MemorySegment value = arena.allocate(bytes);
            ClException.check(query.call(bytes, value, MemorySegment.NULL), function);
            // The value is NUL-terminated; some drivers count the terminator, some pad after it.
            long length = 0;
            while (length < bytes && value.get(JAVA_BYTE, length) != 0) {
                length++;
            }
            return new String(value.asSlice(0, length).toArray(JAVA_BYTE), StandardCharsets.UTF_8);
        }
    }

    /** A {@code cl_uint}, {@code cl_int} or {@code cl_bool}. */
    static int uint(String function, Query query) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_INT);
            ClException.check(query.call(JAVA_INT.byteSize(), value, MemorySegment.NULL), function);
            return value.get(JAVA_INT, 0);
        }
    }

    /** A {@code size_t}, {@code cl_ulong} or {@code cl_bitfield}. */
    static long ulong(String function, Query query) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(JAVA_LONG);
            ClException.check(query.call(JAVA_LONG.byteSize(), value, MemorySegment.NULL), function);
            return value.get(JAVA_LONG, 0);
        }
    }

    /** An array of {@code size_t}. */
    static long[] ulongs(String function, Query query) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment size = arena.allocate(JAVA_LONG);
            ClException.check(query.call(0, MemorySegment.NULL, size), function);
            long bytes = size.get(JAVA_LONG, 0);
            MemorySegment value = arena.allocate(Math.max(bytes, 1), JAVA_LONG.byteAlignment());
            ClException.check(query.call(bytes, value, MemorySegment.NULL), function);
            return value.asSlice(0, bytes).toArray(JAVA_LONG);
        }
    }

    /** A handle or pointer. */
    static MemorySegment pointer(String function, Query query) {
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment value = arena.allocate(ADDRESS);
            ClException.check(query.call(ADDRESS.byteSize(), value, MemorySegment.NULL), function);
            return value.get(ADDRESS, 0);
        }
    }
}
