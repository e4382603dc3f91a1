package dev.regula.data.augment;

import java.util.Locale;

/**
 * Argument checks for the transforms' parameters. Every message names the argument, the
 * expected range and the value received, as {@link dev.regula.core.Checks} does:
 * {@code "Invalid value for Rotation.maxDegrees: expected a finite number in [0, 180], received: 200.0"}.
 */
final class Args {
    private Args() {}

    /** Throws unless {@code lo <= value <= hi} and value is finite. */
    static double closed(String name, double value, double lo, double hi) {
        if (!(value >= lo && value <= hi) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Invalid value for " + name + ": expected a finite number in ["
                    + num(lo) + ", " + num(hi) + "], received: " + value);
        }
        return value;
    }

    /** Throws unless {@code lo <= value < hi}. */
    static double halfOpen(String name, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw new IllegalArgumentException("Invalid value for " + name + ": expected a number in ["
                    + num(lo) + ", " + num(hi) + "), received: " + value);
        }
        return value;
    }

    /** Throws unless value is finite and {@code >= 0}. */
    static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Invalid value for " + name
                    + ": expected a finite number >= 0, received: " + value);
        }
        return value;
    }

    /** Throws unless value is finite and {@code > 0}. */
    static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException("Invalid value for " + name
                    + ": expected a finite number > 0, received: " + value);
        }
        return value;
    }

    /** A probability: a number in [0, 1]. */
    static double probability(String name, double p) {
        return closed(name, p, 0, 1);
    }

    /** Throws unless {@code lo <= hi} (an inverted range). */
    static void ordered(String owner, String loName, double lo, String hiName, double hi) {
        if (!(lo <= hi)) {
            throw new IllegalArgumentException("Invalid range for " + owner + ": expected " + loName
                    + " <= " + hiName + ", received: " + loName + "=" + lo + ", " + hiName + "=" + hi);
        }
    }

    /** Formats a bound without a trailing ".0" for whole numbers. */
    static String num(double v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e15) {
            return Long.toString((long) v);
        }
        return String.format(Locale.ROOT, "%s", v);
    }
}
