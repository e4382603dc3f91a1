package dev.regula.core;

/**
 * Argument and shape checks. Every message names the argument, what was expected and what was
 * received, in the style of Keras: "Invalid value received for argument `rate`. Expected a
 * float value between 0 and 1. Received: rate=1.5".
 */
public final class Checks {
    private Checks() {}

    /**
     * Throws {@link IllegalArgumentException} unless {@code value > 0}.
     *
     * @param name the argument's name, for the message
     * @param value the value received
     * @return value, so the check can be used in an assignment
     */
    public static int positive(String name, int value) {
        if (value <= 0) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected a positive integer, received: " + value);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code value >= 0}.
     *
     * @param name the argument's name, for the message
     * @param value the value received
     * @return value, so the check can be used in an assignment
     */
    public static int nonNegative(String name, int value) {
        if (value < 0) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected an integer >= 0, received: " + value);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code value} is finite and {@code > 0}
     * (NaN is rejected).
     *
     * @param name the argument's name, for the message
     * @param value the value received
     * @return value, so the check can be used in an assignment
     */
    public static double positive(String name, double value) {
        if (!(value > 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected a finite number > 0, received: " + value);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code value} is finite and {@code >= 0}
     * (NaN is rejected).
     *
     * @param name the argument's name, for the message
     * @param value the value received
     * @return value, so the check can be used in an assignment
     */
    public static double nonNegative(String name, double value) {
        if (!(value >= 0) || !Double.isFinite(value)) {
            throw new IllegalArgumentException(
                    "Invalid value for " + name + ": expected a finite number >= 0, received: " + value);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code lo <= value < hi} (the half-open
     * range {@code [lo, hi)}; NaN is rejected).
     *
     * @param name the argument's name, for the message
     * @param value the value received
     * @param lo the smallest allowed value
     * @param hi the bound, itself not allowed
     * @return value, so the check can be used in an assignment
     */
    public static double inRangeHalfOpen(String name, double value, double lo, double hi) {
        if (!(value >= lo && value < hi)) {
            throw new IllegalArgumentException("Invalid value for " + name + ": expected a number in ["
                    + lo + ", " + hi + "), received: " + value);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code lo < value <= hi} (the half-open
     * range {@code (lo, hi]}; NaN is rejected), e.g. a keep probability in (0, 1].
     *
     * @param name the argument's name, for the message
     * @param value the value received
     * @param lo the bound, itself not allowed
     * @param hi the largest allowed value
     * @return value, so the check can be used in an assignment
     */
    public static double inRangeOpenClosed(String name, double value, double lo, double hi) {
        if (!(value > lo && value <= hi)) {
            throw new IllegalArgumentException("Invalid value for " + name + ": expected a number in ("
                    + lo + ", " + hi + "], received: " + value);
        }
        return value;
    }

    /**
     * Throws {@link IllegalArgumentException} unless {@code m} is exactly {@code rows × cols}.
     *
     * @param name the matrix's name, for the message
     * @param m the matrix. Not modified.
     * @param rows the expected number of rows
     * @param cols the expected number of columns
     */
    public static void shape(String name, Matrix m, int rows, int cols) {
        if (m.rows() != rows || m.cols() != cols) {
            throw new IllegalArgumentException("Shape mismatch for " + name + ": expected "
                    + rows + "×" + cols + ", received " + m.shape());
        }
    }

    /**
     * Throws {@link IllegalArgumentException} unless both matrices have the same shape; the
     * message names both.
     *
     * @param nameA the first matrix's name, for the message
     * @param a the first matrix. Not modified.
     * @param nameB the second matrix's name, for the message
     * @param b the second matrix. Not modified.
     */
    public static void sameShape(String nameA, Matrix a, String nameB, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            throw new IllegalArgumentException("Shape mismatch: " + nameA + " is " + a.shape()
                    + " but " + nameB + " is " + b.shape());
        }
    }

    /**
     * Throws {@link IllegalArgumentException} unless both matrices have the same dtype.
     *
     * @param nameA the first matrix's name, for the message
     * @param a the first matrix. Not modified.
     * @param nameB the second matrix's name, for the message
     * @param b the second matrix. Not modified.
     */
    public static void sameDType(String nameA, Matrix a, String nameB, Matrix b) {
        if (a.dtype() != b.dtype()) {
            throw new IllegalArgumentException("DType mismatch: " + nameA + " is " + a.dtype()
                    + " but " + nameB + " is " + b.dtype());
        }
    }

    /**
     * Throws {@link IllegalArgumentException} when {@code a} and {@code b} are the same object.
     *
     * @param nameA the first matrix's name, for the message
     * @param a the first matrix. Not modified.
     * @param nameB the second matrix's name, for the message
     * @param b the second matrix. Not modified.
     */
    public static void notAliased(String nameA, Matrix a, String nameB, Matrix b) {
        if (a == b) {
            throw new IllegalArgumentException(nameA + " and " + nameB + " must be different matrices");
        }
    }

    /**
     * Text from a file or the command line, as a one-line message may quote it: its control
     * characters (and Unicode's line separators) escaped as \n, \r, \t or \\uXXXX.
     *
     * @param text any text
     * @return the same text on one line
     */
    public static String printable(String text) {
        StringBuilder sb = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                sb.append("\\n");
            } else if (c == '\r') {
                sb.append("\\r");
            } else if (c == '\t') {
                sb.append("\\t");
            } else if (c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029) {
                sb.append(String.format(java.util.Locale.ROOT, "\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
