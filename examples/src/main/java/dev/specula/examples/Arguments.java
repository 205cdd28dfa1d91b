package dev.specula.examples;

/**
 * A cursor over command-line arguments: each option reads its value through it, and a missing or
 * malformed value becomes an {@link IllegalArgumentException} with a message for the user.
 */
final class Arguments {
    private final String[] args;
    private int next;

    Arguments(String[] args) {
        this.args = args.clone();
    }

    boolean hasNext() {
        return next < args.length;
    }

    /** The next argument, read as an option name. */
    String option() {
        return args[next++];
    }

    /** The value that follows {@code option}. */
    String value(String option) {
        if (next >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[next++];
    }

    int integer(String option, int min, int max) {
        String text = value(option);
        try {
            int n = Integer.parseInt(text);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below, with the same message as a number out of range
        }
        String range = max == Integer.MAX_VALUE ? ">= " + min : "in [" + min + ", " + max + "]";
        throw new IllegalArgumentException(option + " needs an integer " + range + ", got '" + text + "'");
    }

    /** An integer of at least {@code min}. */
    int integer(String option, int min) {
        return integer(option, min, Integer.MAX_VALUE);
    }

    long longInteger(String option) {
        String text = value(option);
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(option + " needs an integer, got '" + text + "'");
        }
    }

    float number(String option, float min, float max) {
        String text = value(option);
        try {
            float x = Float.parseFloat(text);
            if (x >= min && x <= max) return x; // false for NaN
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(option + " needs a number in [" + plain(min) + ", " + plain(max) + "], got '" + text + "'");
    }

    /** 10 rather than 10.0 in messages. */
    private static String plain(float x) {
        return x == Math.rint(x) ? Long.toString((long) x) : Float.toString(x);
    }
}
