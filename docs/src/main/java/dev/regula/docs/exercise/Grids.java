package dev.regula.docs.exercise;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import java.util.function.DoubleBinaryOperator;
import java.util.function.DoubleUnaryOperator;

/**
 * Plain {@code double[][]} arithmetic for the checker: building the inputs, the wrong answers a
 * difference may point to, and the comparisons. Rows are examples, as in the rest of Regula.
 */
final class Grids {
    private Grids() {}

    /** Two values agree when |a − b| ≤ 1e-9·max(|a|, |b|) + 1e-12 (engine and learner sum in other orders). */
    static final double RELATIVE = 1e-9;
    static final double ABSOLUTE = 1e-12;

    static boolean close(double a, double b) {
        if (Double.isNaN(a) || Double.isNaN(b)) {
            return false;
        }
        return Math.abs(a - b) <= RELATIVE * Math.max(Math.abs(a), Math.abs(b)) + ABSOLUTE;
    }

    static boolean sameShape(double[][] a, double[][] b) {
        return a.length == b.length && (a.length == 0 || a[0].length == b[0].length);
    }

    /** Same shape and every element {@link #close}. */
    static boolean allClose(double[][] a, double[][] b) {
        if (a == null || b == null || !sameShape(a, b)) {
            return false;
        }
        for (int i = 0; i < a.length; i++) {
            for (int j = 0; j < a[i].length; j++) {
                if (!close(a[i][j], b[i][j])) {
                    return false;
                }
            }
        }
        return true;
    }

    /** {row, col} of the first element (row-major) that is not {@link #close}, or null; same shapes. */
    static int[] firstDifference(double[][] expected, double[][] received) {
        for (int i = 0; i < expected.length; i++) {
            for (int j = 0; j < expected[i].length; j++) {
                if (!close(expected[i][j], received[i][j])) {
                    return new int[] {i, j};
                }
            }
        }
        return null;
    }

    static String shape(double[][] a) {
        return a.length + "×" + (a.length == 0 ? 0 : a[0].length);
    }

    static double[][] copy(double[][] a) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i].clone();
        }
        return r;
    }

    static double[][] transpose(double[][] a) {
        int rows = a.length, cols = rows == 0 ? 0 : a[0].length;
        double[][] t = new double[cols][rows];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                t[j][i] = a[i][j];
            }
        }
        return t;
    }

    /** A·B. */
    static double[][] mult(double[][] a, double[][] b) {
        int m = a.length, k = b.length, n = b[0].length;
        double[][] c = new double[m][n];
        for (int i = 0; i < m; i++) {
            for (int p = 0; p < k; p++) {
                for (int j = 0; j < n; j++) {
                    c[i][j] += a[i][p] * b[p][j];
                }
            }
        }
        return c;
    }

    static double[][] map(double[][] a, DoubleUnaryOperator f) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                r[i][j] = f.applyAsDouble(a[i][j]);
            }
        }
        return r;
    }

    /** f(a, b) element by element; same shapes. */
    static double[][] zip(double[][] a, double[][] b, DoubleBinaryOperator f) {
        double[][] r = new double[a.length][];
        for (int i = 0; i < a.length; i++) {
            r[i] = new double[a[i].length];
            for (int j = 0; j < a[i].length; j++) {
                r[i][j] = f.applyAsDouble(a[i][j], b[i][j]);
            }
        }
        return r;
    }

    static double[][] scale(double[][] a, double s) {
        return map(a, v -> v * s);
    }

    /** a ⊙ b. */
    static double[][] times(double[][] a, double[][] b) {
        return zip(a, b, (x, y) -> x * y);
    }

    static double[][] plus(double[][] a, double[][] b) {
        return zip(a, b, Double::sum);
    }

    static double[][] minus(double[][] a, double[][] b) {
        return zip(a, b, (x, y) -> x - y);
    }

    /** Σ over the rows: a (1 × n) row. */
    static double[][] sumRows(double[][] a) {
        double[][] s = new double[1][a[0].length];
        for (double[] row : a) {
            for (int j = 0; j < row.length; j++) {
                s[0][j] += row[j];
            }
        }
        return s;
    }

    /** Row r of a (1 × n) row broadcast down m rows. */
    static double[][] broadcast(double[][] row, int m) {
        double[][] r = new double[m][];
        for (int i = 0; i < m; i++) {
            r[i] = row[0].clone();
        }
        return r;
    }

    static double[][] scalar(double v) {
        return new double[][] {{v}};
    }

    static double sum(double[][] a) {
        double s = 0;
        for (double[] row : a) {
            for (double v : row) {
                s += v;
            }
        }
        return s;
    }

    /** Uniform in [lo, hi) from the Regula generator. */
    static double[][] uniform(Rng rng, int rows, int cols, double lo, double hi) {
        double[][] a = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                a[i][j] = rng.uniform(lo, hi);
            }
        }
        return a;
    }

    /** Uniform in ±[0.1, 1): no element within 0.1 of 0, so a kink at 0 never sits inside a central difference. */
    static double[][] awayFromZero(Rng rng, int rows, int cols) {
        return map(uniform(rng, rows, cols, 0.1, 1.0), v -> rng.nextDouble() < 0.5 ? -v : v);
    }

    static Matrix toMatrix(double[][] a) {
        return Matrix.fromRows(DType.F64, a);
    }

    static double[][] fromMatrix(Matrix m) {
        double[][] a = new double[m.rows()][m.cols()];
        for (int i = 0; i < m.rows(); i++) {
            for (int j = 0; j < m.cols(); j++) {
                a[i][j] = m.get(i, j);
            }
        }
        return a;
    }
}
