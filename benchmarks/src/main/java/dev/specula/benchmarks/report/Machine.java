package dev.specula.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The machine a report describes: CPU model, its widest SIMD extension, core count, date. (The
 * JDK comes from the JMH JSON, which records the JVM that ran the benchmarks.)
 *
 * @param simd "AVX-512", "AVX2", "NEON"... as /proc/cpuinfo's flags say; the floor's speed depends on it
 */
public record Machine(String cpuModel, String simd, int cores, LocalDate date) {

    /** This machine, today. */
    public static Machine current() {
        String cpuinfo;
        try {
            cpuinfo = Files.readString(Path.of("/proc/cpuinfo"));
        } catch (IOException e) {
            cpuinfo = "";
        }
        return new Machine(cpuModel(cpuinfo), simd(cpuinfo), Runtime.getRuntime().availableProcessors(), LocalDate.now(ZoneOffset.UTC));
    }

    /** The first "model name" of a /proc/cpuinfo text, or "unknown". */
    static String cpuModel(String cpuinfo) {
        return field(cpuinfo, "model name");
    }

    /** The widest SIMD extension in the first "flags" (x86) or "Features" (ARM) line of a /proc/cpuinfo text. */
    static String simd(String cpuinfo) {
        String flags = " " + field(cpuinfo, "flags") + " " + field(cpuinfo, "Features") + " ";
        if (flags.contains(" avx512f ")) return "AVX-512";
        if (flags.contains(" avx2 ")) return "AVX2";
        if (flags.contains(" sve ")) return "SVE";
        if (flags.contains(" asimd ")) return "NEON";
        return "unknown";
    }

    private static String field(String cpuinfo, String name) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals(name)) return line.substring(colon + 1).trim();
        }
        return "unknown";
    }
}
