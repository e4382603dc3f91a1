package dev.regula.docs.shell;

import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import java.util.Locale;

/**
 * Printing for the JShell scripts of {@code docs/jshell}: a matrix or a number in exactly the format
 * of {@code regula explain}, so that what a script prints can be put beside its chapter line by line
 * (and a test checks that it is the same). A script starts with {@code import static
 * dev.regula.docs.shell.Show.*;}.
 */
public final class Show {
    private Show() {}

    /** Decimals of a printed matrix, as in the walkthroughs. */
    public static final int DIGITS = 4;
    /** Decimals of printed gradients, as in the walkthroughs. */
    public static final int GRAD_DIGITS = 6;

    /** Prints {@code formula   (rows×cols)} then the matrix, indented, with 4 decimals. Returns the matrix. */
    public static Matrix show(String formula, Matrix m) {
        return show(formula, m, DIGITS);
    }

    /** Prints {@code formula   (rows×cols)} then the matrix, indented, with {@code digits} decimals. Returns the matrix. */
    public static Matrix show(String formula, Matrix m, int digits) {
        System.out.print(matrix(formula, m, digits));
        return m;
    }

    /** Prints {@code formula = value} (10 decimals, or scientific notation when very small or large). Returns the value. */
    public static double show(String formula, double v) {
        System.out.println(formula + " = " + num(v));
        return v;
    }

    /** Prints the gradient checker's table, indented, and whether it passed. Returns the report. */
    public static GradientCheck.Report show(GradientCheck.Report report) {
        StringBuilder sb = new StringBuilder();
        for (String row : report.format().split("\n")) {
            sb.append("  ").append(row).append('\n');
        }
        System.out.print(sb);
        return report;
    }

    /** The text {@link #show(String, Matrix, int)} prints. */
    public static String matrix(String formula, Matrix m, int digits) {
        StringBuilder out = new StringBuilder();
        out.append(formula).append("   (").append(m.shape()).append(")\n");
        Matrix c = m.copy();
        double half = 0.5 * Math.pow(10, -digits);
        for (int i = 0; i < c.size(); i++) {
            if (Math.abs(c.get(i)) < half) {
                c.set(i, 0.0);     // no "-0.0000"
            }
        }
        for (String row : c.format(digits).split("\n")) {
            out.append("  ").append(row).append('\n');
        }
        return out.toString();
    }

    /** A number with 10 decimals, or in scientific notation when it is very small or large. */
    public static String num(double v) {
        double a = Math.abs(v);
        if (v != 0 && (a < 1e-4 || a >= 1e6)) {
            return String.format(Locale.ROOT, "%.9e", v);
        }
        return String.format(Locale.ROOT, "%.10f", v);
    }
}
