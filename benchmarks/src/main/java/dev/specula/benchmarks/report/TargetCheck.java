package dev.specula.benchmarks.report;

/**
 * One target of issue 4 checked against a run.
 *
 * @param target what is required, e.g. "fast >= 10x reference"
 * @param scope the case or cases, e.g. "B=1 g=4 V=128256 ALL_ACCEPTED"
 * @param measured the measured value, formatted
 * @param verdict "met" or "missed", with by how much, or "not measured"
 */
public record TargetCheck(String target, String scope, String measured, Status status, String verdict) {
    public enum Status { MET, MISSED, NOT_MEASURED }
}
