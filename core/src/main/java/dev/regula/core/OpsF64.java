package dev.regula.core;

/**
 * The F64 implementation of {@link Ops}, on the backing {@code double[]} arrays. Arguments are
 * already checked by {@link Ops}; {@code n} is the number of elements, {@code m × cols} the shape.
 * {@link OpsF32} is the same code for {@code float[]}.
 */
final class OpsF64 {
    private OpsF64() {}

    static void addRowVector(double[] z, double[] b, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                z[row + j] += b[j];
            }
        }
    }

    static void sumRowsAdd(double[] x, double[] out, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += x[row + j];
            }
        }
    }

    static void relu(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(x[i], 0.0);   // NaN stays NaN
        }
    }

    static void reluBackward(double[] x, double[] dy, double[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0.0;
        }
    }

    static void sigmoid(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            // Two branches so that exp never overflows.
            double v = x[i];
            if (v >= 0) {
                y[i] = 1.0 / (1.0 + Math.exp(-v));
            } else {
                double e = Math.exp(v);
                y[i] = e / (1.0 + e);
            }
        }
    }

    static void sigmoidBackward(double[] y, double[] dy, double[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * y[i] * (1.0 - y[i]);
        }
    }

    static void tanh(double[] x, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.tanh(x[i]);
        }
    }

    static void tanhBackward(double[] y, double[] dy, double[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * (1.0 - y[i] * y[i]);
        }
    }

    static void softmaxRows(double[] x, double[] y, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[row + j] - max);
                y[row + j] = e;
                sum += e;
            }
            double inv = 1.0 / sum;
            for (int j = 0; j < cols; j++) {
                y[row + j] *= inv;
            }
        }
    }

    static void softmaxBackward(double[] y, double[] dy, double[] dx, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            double dot = 0.0;
            for (int j = 0; j < cols; j++) {
                dot += dy[row + j] * y[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[row + j] = y[row + j] * (dy[row + j] - dot);
            }
        }
    }

    static double softmaxCrossEntropy(double[] logits, double[] target, double[] probs, int m, int cols) {
        double total = 0.0;
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                sum += Math.exp(logits[row + j] - max);
            }
            double logSumExp = max + Math.log(sum);
            for (int j = 0; j < cols; j++) {
                double logP = logits[row + j] - logSumExp;
                probs[row + j] = Math.exp(logP);
                if (target[row + j] != 0) {
                    total -= target[row + j] * logP;
                }
            }
        }
        return total;
    }

    static void addScaled(double[] x, double alpha, double[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] += alpha * x[i];
        }
    }

    static void linear(double alpha, double[] a, double beta, double[] b, double[] c, int n) {
        for (int i = 0; i < n; i++) {
            c[i] = alpha * a[i] + beta * b[i];
        }
    }

    static void elementMult(double[] a, double[] b, double[] c, int n) {
        for (int i = 0; i < n; i++) {
            c[i] = a[i] * b[i];
        }
    }

    static double sum(double[] x, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        return s;
    }

    static double sumSquares(double[] x, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[i] * x[i];
        }
        return s;
    }

    static double sumAbs(double[] x, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(x[i]);
        }
        return s;
    }

    /** {@code y += a·x} and returns Σ x² (the sequential sum of {@link #sumSquares}), in one pass. */
    static double sumSquaresAddScaled(double[] x, double a, double[] y, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[i] * x[i];
            y[i] += a * x[i];
        }
        return s;
    }

    /** {@code y += a·sign(x)} and returns Σ |x| (the sequential sum of {@link #sumAbs}), in one pass. */
    static double sumAbsAddScaledSign(double[] x, double a, double[] y, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += Math.abs(x[i]);
            y[i] += a * Math.signum(x[i]);
        }
        return s;
    }

    static void elementMultScaled(double[] a, double[] b, double s, double[] c, int n) {
        for (int i = 0; i < n; i++) {
            c[i] = a[i] * b[i] * s;
        }
    }

    static void gatherRows(double[] src, int cols, int[] index, int from, int to, double[] dst) {
        for (int r = from; r < to; r++) {
            System.arraycopy(src, index[r] * cols, dst, (r - from) * cols, cols);
        }
    }

    static int countArgmaxMatches(double[] out, double[] target, int m, int cols) {
        int hits = 0;
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            int best = 0;
            int truth = 0;
            for (int j = 1; j < cols; j++) {
                if (out[row + j] > out[row + best]) {
                    best = j;
                }
                if (target[row + j] > target[row + truth]) {
                    truth = j;
                }
            }
            if (best == truth) {
                hits++;
            }
        }
        return hits;
    }

    static boolean allFinite(double[] x, int n) {
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }
}
