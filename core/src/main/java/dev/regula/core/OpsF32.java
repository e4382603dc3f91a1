package dev.regula.core;

/**
 * The F32 implementation of {@link Ops}, on the backing {@code float[]} arrays: each method is
 * the plain loop that defines the op. Arguments are already checked by {@link Ops}; {@code n} is
 * the number of elements, {@code m × cols} the shape. Transcendental functions and reductions are
 * evaluated in double and rounded once on store. {@link OpsF64} is the same code for
 * {@code double[]} (its twin: {@code OpsTest} runs every op in both dtypes against the same
 * expected values).
 *
 * <p>For the loops the JIT does not vectorize, {@link OpsKernelF32} holds a Vector API twin,
 * and {@link Ops} runs that instead when {@link Kernels#fastF32()}; each such loop says so in one
 * line. The kernels give these loops' bits ({@code OpsKernelF32Test}), so
 * {@code -Dregula.kernels=readable}, which runs the loops, changes no number.
 */
final class OpsF32 {
    private OpsF32() {}

    /**
     * {@code z[i, :] += b} for every row i of the m × cols matrix z. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#addRowVector} instead: the same bits, tested against this loop.
     */
    static void addRowVector(float[] z, float[] b, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                z[row + j] += b[j];
            }
        }
    }

    /**
     * {@code out[j] += x[i, j]} for every row i in order: out += the column sums of x. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#sumRowsAdd} instead: the same bits, tested against this loop.
     */
    static void sumRowsAdd(float[] x, float[] out, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            for (int j = 0; j < cols; j++) {
                out[j] += x[row + j];
            }
        }
    }

    /**
     * {@code y = max(x, 0)}; NaN stays NaN. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#relu} instead: the same bits, tested against this loop.
     */
    static void relu(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = Math.max(x[i], 0f);   // NaN stays NaN
        }
    }

    /**
     * {@code dx = x > 0 ? dy : 0}. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#reluBackward} instead: the same bits, tested against this loop.
     */
    static void reluBackward(float[] x, float[] dy, float[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = x[i] > 0 ? dy[i] : 0f;
        }
    }

    static void sigmoid(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            // Two branches so that exp never overflows.
            double v = x[i];
            if (v >= 0) {
                y[i] = (float) (1.0 / (1.0 + Math.exp(-v)));
            } else {
                double e = Math.exp(v);
                y[i] = (float) (e / (1.0 + e));
            }
        }
    }

    static void sigmoidBackward(float[] y, float[] dy, float[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * y[i] * (1f - y[i]);
        }
    }

    static void tanh(float[] x, float[] y, int n) {
        for (int i = 0; i < n; i++) {
            y[i] = (float) Math.tanh(x[i]);
        }
    }

    static void tanhBackward(float[] y, float[] dy, float[] dx, int n) {
        for (int i = 0; i < n; i++) {
            dx[i] = dy[i] * (1f - y[i] * y[i]);
        }
    }

    static void softmaxRows(float[] x, float[] y, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < cols; j++) {
                max = Math.max(max, x[row + j]);
            }
            double sum = 0.0;
            for (int j = 0; j < cols; j++) {
                double e = Math.exp(x[row + j] - max);
                y[row + j] = (float) e;
                sum += e;
            }
            float inv = (float) (1.0 / sum);
            for (int j = 0; j < cols; j++) {
                y[row + j] *= inv;
            }
        }
    }

    static void softmaxBackward(float[] y, float[] dy, float[] dx, int m, int cols) {
        for (int i = 0; i < m; i++) {
            int row = i * cols;
            double dot = 0.0;
            for (int j = 0; j < cols; j++) {
                dot += (double) dy[row + j] * y[row + j];
            }
            for (int j = 0; j < cols; j++) {
                dx[row + j] = (float) (y[row + j] * (dy[row + j] - dot));
            }
        }
    }

    static double softmaxCrossEntropy(float[] logits, float[] target, float[] probs, int m, int cols) {
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
                probs[row + j] = (float) Math.exp(logP);
                if (target[row + j] != 0) {
                    total -= target[row + j] * logP;
                }
            }
        }
        return total;
    }

    static void addScaled(float[] x, double alpha, float[] y, int n) {
        float a = (float) alpha;
        for (int i = 0; i < n; i++) {
            y[i] += a * x[i];
        }
    }

    static void linear(double alpha, float[] a, double beta, float[] b, float[] c, int n) {
        float fa = (float) alpha;
        float fb = (float) beta;
        for (int i = 0; i < n; i++) {
            c[i] = fa * a[i] + fb * b[i];
        }
    }

    static void elementMult(float[] a, float[] b, float[] c, int n) {
        for (int i = 0; i < n; i++) {
            c[i] = a[i] * b[i];
        }
    }

    static double sum(float[] x, int n) {
        double s = 0.0;
        for (int i = 0; i < n; i++) {
            s += x[i];
        }
        return s;
    }

    /**
     * The number P of partial sums of the F32 reductions {@link #sumSquares}, {@link #sumAbs} and
     * the fused penalty passes, a power of 2: twice the lanes of the preferred float vector when
     * the Vector API module is present (32 with AVX-512, 16 with AVX2), else 32, whether or not
     * the kernels run (so {@code regula.kernels=readable} gives the same sums). The sums are defined as:
     * over the first {@code n − n mod P} elements, element i is added in double into partial sum
     * {@code i mod P} in increasing i; with H = P/4, the partial sums are folded into H as
     * {@code t[j] = (s[j] + s[j+H]) + (s[j+2H] + s[j+3H])} and those added pairwise
     * ({@code ((t0 + t1) + (t2 + t3)) + …}); then the last {@code n mod P} elements are added to
     * that in order. Each term (x² or |x| of a float) is exact in double. The scalar loops here
     * and the Vector API loops give the same bits for the same P, so a result depends on the
     * machine's vector width but never on timing; its rounding error is that of double sums of
     * about n/P terms.
     */
    static int partialSums() {
        return Kernels.vectorModulePresent() ? OpsKernelF32.partialSums() : 32;
    }

    /**
     * Σ x², each square exact in double, in the order {@link #partialSums()} defines. With the
     * Vector API {@link Ops} runs {@link OpsKernelF32#sumSquares} instead: the same bits, tested
     * against this loop.
     */
    static double sumSquares(float[] x, int n) {
        return sumSquaresAddScaledScalar(x, 0f, null, n, partialSums());
    }

    /**
     * Σ |x|, in the order {@link #partialSums()} defines. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#sumAbs} instead: the same bits, tested against this loop.
     */
    static double sumAbs(float[] x, int n) {
        return sumAbsAddScaledSignScalar(x, 0f, null, n, partialSums());
    }

    /**
     * {@code y += a·x} (float arithmetic, as {@link #addScaled}) and returns Σ x² as
     * {@link #sumSquares} does. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#sumSquaresAddScaled} instead, in one pass over x: the same bits, tested
     * against this loop.
     */
    static double sumSquaresAddScaled(float[] x, float a, float[] y, int n) {
        return sumSquaresAddScaledScalar(x, a, y, n, partialSums());
    }

    /**
     * {@code y += a·sign(x)} (sign as {@link Math#signum(float)}: ±1, and ±0 or NaN for
     * themselves) and returns Σ |x| as {@link #sumAbs} does. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#sumAbsAddScaledSign} instead, in one pass over x: the same bits, tested
     * against this loop.
     */
    static double sumAbsAddScaledSign(float[] x, float a, float[] y, int n) {
        return sumAbsAddScaledSignScalar(x, a, y, n, partialSums());
    }

    /**
     * The scalar loop of {@link #sumSquaresAddScaled} (of {@link #sumSquares} when y is null)
     * with P partial sums: the definition, which the Vector API path matches bit for bit for its
     * P. (Its P-double scratch is the one allocation; this loop runs only without the kernels,
     * i.e. without the Vector API module or with {@code regula.kernels=readable}, and in tests.)
     */
    static double sumSquaresAddScaledScalar(float[] x, float a, float[] y, int n, int partialSums) {
        double[] partial = new double[partialSums];
        int full = n - n % partialSums;
        for (int i = 0; i < full; i++) {
            partial[i % partialSums] += (double) x[i] * x[i];   // exact square, double sum
        }
        double sum = fold(partial);
        for (int i = full; i < n; i++) {
            sum += (double) x[i] * x[i];
        }
        if (y != null) {
            for (int i = 0; i < n; i++) {
                y[i] += a * x[i];
            }
        }
        return sum;
    }

    /** The scalar loop of {@link #sumAbsAddScaledSign}, as {@link #sumSquaresAddScaledScalar}. */
    static double sumAbsAddScaledSignScalar(float[] x, float a, float[] y, int n, int partialSums) {
        double[] partial = new double[partialSums];
        int full = n - n % partialSums;
        for (int i = 0; i < full; i++) {
            partial[i % partialSums] += Math.abs(x[i]);
        }
        double sum = fold(partial);
        for (int i = full; i < n; i++) {
            sum += Math.abs(x[i]);
        }
        if (y != null) {
            for (int i = 0; i < n; i++) {
                y[i] += a * Math.signum(x[i]);
            }
        }
        return sum;
    }

    /** The fold of {@link #partialSums()}: the quarters of s added lane by lane, then pairwise. */
    private static double fold(double[] s) {
        int h = s.length / 4;
        double[] t = new double[h];
        for (int j = 0; j < h; j++) {
            t[j] = (s[j] + s[j + h]) + (s[j + 2 * h] + s[j + 3 * h]);
        }
        return pairwise(t, 0, h);
    }

    /** The pairwise sum of t[from, from + count), count a power of 2. */
    private static double pairwise(double[] t, int from, int count) {
        return count == 1 ? t[from] : pairwise(t, from, count / 2) + pairwise(t, from + count / 2, count / 2);
    }

    /**
     * {@code c = (a ⊙ b)·s}, float multiplications in that order. With the Vector API {@link Ops} runs
     * {@link OpsKernelF32#elementMultScaled} instead: the same bits, tested against this loop.
     */
    static void elementMultScaled(float[] a, float[] b, float s, float[] c, int n) {
        for (int i = 0; i < n; i++) {
            c[i] = a[i] * b[i] * s;
        }
    }

    static void gatherRows(float[] src, int cols, int[] index, int from, int to, float[] dst) {
        for (int r = from; r < to; r++) {
            System.arraycopy(src, index[r] * cols, dst, (r - from) * cols, cols);
        }
    }

    static int countArgmaxMatches(float[] out, float[] target, int m, int cols) {
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

    static boolean allFinite(float[] x, int n) {
        for (int i = 0; i < n; i++) {
            if (!Float.isFinite(x[i])) {
                return false;
            }
        }
        return true;
    }
}
