package dev.regula.docs;

import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import java.util.Locale;

/**
 * The text of one walkthrough: titles, formulas with their matrices, checks that a value computed
 * by hand equals the engine's, and the gradient-check table. Everything goes through fixed
 * formats ({@link Locale#ROOT}, a fixed number of decimals), so the same computation always prints
 * the same text; nothing here reads a clock.
 *
 * <p>A check that fails does not throw: it prints {@code DIFFER} with the size of the difference,
 * so that a reader sees where the engine and the formula part ways; the chapters' test refuses any
 * walkthrough that contains it.
 */
final class Walkthrough {
    /** Decimals of a printed matrix, unless a step asks for more. */
    static final int DIGITS = 4;
    /** Decimals of printed gradients, which are smaller. */
    static final int GRAD_DIGITS = 6;
    /** Hand and engine agree when every element differs by at most this much. */
    static final double AGREEMENT = 1e-12;
    /** The word a failed agreement check prints. */
    static final String DIFFER = "DIFFER";

    private final StringBuilder out = new StringBuilder();

    /** The first line: the topic and what it is, underlined. */
    Walkthrough title(String title) {
        out.append(title).append('\n').append("=".repeat(title.length())).append('\n');
        return this;
    }

    /** A section heading, after a blank line. */
    Walkthrough section(String name) {
        out.append('\n').append("-- ").append(name).append(" --\n");
        return this;
    }

    /** Lines of prose, printed as given. */
    Walkthrough line(String... lines) {
        for (String l : lines) {
            out.append(l).append('\n');
        }
        return this;
    }

    /** A formatted line ({@link Locale#ROOT}). */
    Walkthrough linef(String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
        return this;
    }

    /** A blank line. */
    Walkthrough blank() {
        out.append('\n');
        return this;
    }

    /** {@code formula   (rows×cols)} then the matrix, indented, with {@link #DIGITS} decimals. */
    Walkthrough matrix(String formula, Matrix m) {
        return matrix(formula, m, DIGITS);
    }

    /** {@code formula   (rows×cols)} then the matrix, indented, with {@code digits} decimals. */
    Walkthrough matrix(String formula, Matrix m, int digits) {
        out.append(formula).append("   (").append(m.shape()).append(")\n");
        for (String row : withoutNegativeZeros(m, digits).format(digits).split("\n")) {
            out.append("  ").append(row).append('\n');
        }
        return this;
    }

    /** {@code formula = value}, the value with 10 significant decimals. */
    Walkthrough value(String formula, double v) {
        out.append(formula).append(" = ").append(num(v)).append('\n');
        return this;
    }

    /**
     * Checks that a matrix computed by hand (with the formula, in {@link Hand}) equals the engine's,
     * element by element within {@link #AGREEMENT}, and says so.
     */
    Walkthrough agree(String what, Matrix hand, Matrix engine) {
        double diff = maxAbsDiff(hand, engine);
        if (diff <= AGREEMENT) {
            out.append("  ✓ by hand = engine: ").append(what).append(" (every element within 1e-12)\n");
        } else {
            out.append("  ✗ by hand and engine ").append(DIFFER).append(": ").append(what)
                    .append(String.format(Locale.ROOT, " (max |difference| %.3e)", diff)).append('\n');
        }
        return this;
    }

    /** As {@link #agree(String, Matrix, Matrix)} for one number. */
    Walkthrough agree(String what, double hand, double engine) {
        double diff = Math.abs(hand - engine);
        if (diff <= AGREEMENT * Math.max(1, Math.abs(engine))) {
            out.append("  ✓ by hand = engine: ").append(what).append(" = ").append(num(engine))
                    .append(" (within 1e-12)\n");
        } else {
            out.append("  ✗ by hand and engine ").append(DIFFER).append(": ").append(what)
                    .append(" by hand ").append(num(hand)).append(", engine ").append(num(engine)).append('\n');
        }
        return this;
    }

    /** Tolerance of {@link #finiteDifferences}: relative error with an absolute floor, as the gradient checker's. */
    static final double FD_TOLERANCE = 1e-7;
    /** The floor of {@link #finiteDifferences}' relative error. */
    static final double FD_FLOOR = 1e-4;
    /** The label every finite-difference comparison line starts with (after the mark), for the tests. */
    static final String FD_LABEL = "central differences agree: ";

    /**
     * Compares a derivative derived by hand with central differences of a function computed by
     * hand, element by element: |analytic − numeric| / max(|analytic|, |numeric|, 1e-4) ≤ 1e-7, and
     * prints the largest such error.
     */
    Walkthrough finiteDifferences(String what, Matrix analytic, Matrix numeric) {
        double worst = 0;
        if (analytic.rows() != numeric.rows() || analytic.cols() != numeric.cols()) {
            worst = Double.POSITIVE_INFINITY;
        } else {
            for (int i = 0; i < analytic.size(); i++) {
                double a = analytic.get(i);
                double n = numeric.get(i);
                double rel = Math.abs(a - n) / Math.max(Math.max(Math.abs(a), Math.abs(n)), FD_FLOOR);
                if (!(rel <= worst)) {
                    worst = rel;
                }
            }
        }
        String detail = String.format(Locale.ROOT, "%s (max relative error %.1e; tolerance 1e-7, floor 1e-4)", what, worst);
        if (worst <= FD_TOLERANCE) {
            out.append("  ✓ ").append(FD_LABEL).append(detail).append('\n');
        } else {
            out.append("  ✗ ").append(DIFFER).append(": ").append(FD_LABEL).append(detail).append('\n');
        }
        return this;
    }

    /** A yes/no statement about the numbers, checked: prints ✓ when it holds and DIFFER when not. */
    Walkthrough claim(boolean holds, String statement) {
        if (holds) {
            out.append("  ✓ ").append(statement).append('\n');
        } else {
            out.append("  ✗ ").append(DIFFER).append(": expected ").append(statement).append('\n');
        }
        return this;
    }

    /** The engine's gradient-check table ({@link GradientCheck.Report#format()}), indented. */
    Walkthrough gradientCheck(GradientCheck.Report report) {
        for (String row : report.format().split("\n")) {
            out.append("  ").append(row).append('\n');
        }
        return this;
    }

    /**
     * A copy in which every value that prints as zero is +0, so that {@code -0.0} and tiny negative
     * values do not print as "-0.0000".
     */
    private static Matrix withoutNegativeZeros(Matrix m, int digits) {
        Matrix c = m.copy();
        double half = 0.5 * Math.pow(10, -digits);
        for (int i = 0; i < c.size(); i++) {
            if (Math.abs(c.get(i)) < half) {
                c.set(i, 0.0);
            }
        }
        return c;
    }

    String text() {
        return out.toString();
    }

    /** A number with 10 decimals, or in scientific notation when it is very small or large. */
    static String num(double v) {
        double a = Math.abs(v);
        if (v != 0 && (a < 1e-4 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.9e", v);
        }
        return String.format(Locale.ROOT, "%.10f", v);
    }

    /** A number with {@code digits} decimals. */
    static String fixed(double v, int digits) {
        return String.format(Locale.ROOT, "%." + digits + "f", v);
    }

    static double maxAbsDiff(Matrix a, Matrix b) {
        if (a.rows() != b.rows() || a.cols() != b.cols()) {
            return Double.POSITIVE_INFINITY;
        }
        double max = 0;
        for (int i = 0; i < a.size(); i++) {
            double d = Math.abs(a.get(i) - b.get(i));
            if (!(d <= max)) {
                max = d;
            }
        }
        return max;
    }
}
