package dev.regula.core;

/**
 * Argument and shape checks. Every message names the argument, what was expected and what was
 * received, in the style of Keras: "Invalid value received for argument `rate`. Expected a
 * float value between 0 and 1. Received: rate=1.5".
 */
public final class Checks {
    private Checks() {}

    /** Throws unless {@code value > 0}. */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected a positive integer, received: " + value);
        }
        return value;
    }

    /** Throws unless {@code value >= 0}. */
    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected an integer >= 0, received: " + value);
        }
        return value;
    }

    /** Throws unless {@code value} is finite and {@code > 0}. */
    public static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected a finite number > 0, received: " + value);
        }
        return value;
    }

    /** Throws unless {@code value} is finite and {@code >= 0}. */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected a finite number >= 0, received: " + value);
        }
        return value;
    }

    /** Throws unless {@code lo <= value < hi} (the half-open range {@code [lo, hi)}). */
    public static double inRangeHalfOpen(String name, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw new IllegalArgumentException("Invalid value for " + name + ": expected a number in ["
                    + lo + ", " + hi + "), received: " + value);
        }
        return value;
    }

    /** Throws unless {@code lo < value <= hi} (the half-open range {@code (lo, hi]}). */
    public static double inRangeOpenClosed(String name, double value, double lo, double hi) {
        if (!(value > lo && value <= hi)) {
            throw new IllegalArgumentException("Invalid value for " + name + ": expected a number in ("
                    + lo + ", " + hi + "], received: " + value);
        }
        return value;
    }

    /** Throws unless {@code m} has exactly {@code rows × cols}. */
    public static void shape(String name, Matrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException("Shape mismatch for " + name + ": expected "
                    + rows + "×" + cols + ", received " + m.shape());
        }
    }

    /** Throws unless both matrices have the same shape; the message names both. */
    public static void sameShape(String nameA, Matrix a, String nameB, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("Shape mismatch: " + nameA + " is " + a.shape()
                    + " but " + nameB + " is " + b.shape());
        }
    }

    /** Throws unless both matrices have the same dtype. */
    public static void sameDType(String nameA, Matrix a, String nameB, Matrix b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("DType mismatch: " + nameA + " is " + a.dtype()
                    + " but " + nameB + " is " + b.dtype());
        }
    }

    /** Throws {@link IllegalArgumentException} when {@code a} and {@code b} are the same object. */
    public static void notAliased(String nameA, Matrix a, String nameB, Matrix b) {
        if (a == b) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must be different matrices");
        }
    }
}
