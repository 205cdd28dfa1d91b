package dev.specula.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;

/**
 * The machine a report describes: CPU model, core count, date. (The JDK comes from the JMH JSON,
 * which records the JVM that ran the benchmarks.)
 */
public record Machine(String cpuModel, int cores, LocalDate date) {

    /** This machine, today. */
    public static Machine current() {
        String cpu;
        try {
            cpu = cpuModel(Files.readString(Path.of("/proc/cpuinfo")));
        } catch (IOException e) {
            cpu = "unknown (no /proc/cpuinfo)";
        }
        return new Machine(cpu, Runtime.getRuntime().availableProcessors(), LocalDate.now(ZoneOffset.UTC));
    }

    /** The first "model name" of a /proc/cpuinfo text, or "unknown". */
    static String cpuModel(String cpuinfo) {
        for (String line : cpuinfo.split("\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equals("model name")) return line.substring(colon + 1).trim();
        }
        return "unknown";
    }
}
