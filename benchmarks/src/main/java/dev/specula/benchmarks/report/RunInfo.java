package dev.specula.benchmarks.report;

/** How the JMH run was made, as its JSON records it. */
public record RunInfo(String jmhVersion, String jdkVersion, String vmName, String vmVersion, int forks,
                      int warmupIterations, String warmupTime, int measurementIterations, String measurementTime) {
    static final RunInfo UNKNOWN = new RunInfo("?", "?", "?", "?", 0, 0, "?", 0, "?");
}
