package dev.regula.regularization;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormalization}'s float loops ({@code trainForward}, {@code gradientSums},
 * {@code inputGradient}, with the same signatures) through the Vector API, one preferred float
 * vector of L columns at a time (16 with AVX-512): the same operations as the loops, in the same
 * order, so the same bits ({@code BatchNormKernelF32Test}). Each column's sums still
 * run over the rows in order (the rows are the outer loop, a block of L columns the inner one),
 * every statistic is a double, and a float is widened to double exactly where the float loop
 * widens it (each half of the block as L/2 doubles), and narrowed back where it rounds. The JIT does not vectorize
 * those loops (they mix float and double), which is why this class exists.
 *
 * <p>X, x̂, Y, dY, dX are (m × n) row-major float arrays; the per-column arrays have length n.
 * Run by the layer when {@link dev.regula.core.Kernels#fastF32()}; never loaded otherwise.
 */
final class BatchNormKernelF32 {
    /**
     * The preferred float vector (L lanes) and the double vector of the same shape (L/2 lanes):
     * a block of L columns is one float vector and two double vectors. One shape for every vector
     * of the training step: C2 in JDK 17 boxes vectors when a shared Vector API call site has
     * seen two shapes. The widening ({@code convertShape(F2D, D, part)}: half {@code part} of the
     * float lanes as doubles, exact) and the narrowing (each double half rounded once, the upper
     * one blended into the upper float lanes) are written out in the loops, not in helper methods:
     * a vector passed to a method that C2 compiles on its own is boxed, which made this class
     * twenty times slower when it was warmed up after other code ({@code regula bench}).
     */
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = S.withLanes(double.class);
    private static final int L = S.length();
    private static final int H = D.length();
    /** The upper half of the float lanes, where the second double half lands when narrowed. */
    private static final VectorMask<Float> UPPER = S.indexInRange(-H, H);

    private BatchNormKernelF32() {}

    // ------------------------------------------------------------------ the layer's three loops

    /** {@code BatchNormalization.trainForward(float[], …)}: the statistics, x̂ and Y. */
    static void trainForward(float[] x, int m, int n, float[] gamma, float[] beta, double epsilon,
                             double[] mean, double[] variance, double[] invStd, float[] xHat, float[] y) {
        java.util.Arrays.fill(mean, 0, n, 0.0);
        java.util.Arrays.fill(variance, 0, n, 0.0);
        addColumnSums(x, m, n, mean);                             // μ = (1/m) Σ_i X
        for (int j = 0; j < n; j++) {
            mean[j] /= m;
        }
        addColumnSquaredDeviations(x, m, n, mean, variance);      // σ² = (1/m) Σ_i (X − μ)²
        for (int j = 0; j < n; j++) {
            variance[j] /= m;
            invStd[j] = 1.0 / Math.sqrt(variance[j] + epsilon);
        }
        normalize(x, m, n, mean, invStd, gamma, beta, xHat, y);   // x̂ = (X − μ)·invStd, Y = γ·x̂ + β
    }

    /** {@code BatchNormalization.gradientSums(float[], …)}: Σ_i dY and Σ_i dY ⊙ x̂. */
    static void gradientSums(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        java.util.Arrays.fill(sumDy, 0, n, 0.0);
        java.util.Arrays.fill(sumDyXHat, 0, n, 0.0);
        addGradientSums(dy, xHat, m, n, sumDy, sumDyXHat);
    }

    /** {@code BatchNormalization.inputGradient(float[], …)}: dX = (γ·invStd/m)·(m·dY − Σ dY − x̂·Σ dY⊙x̂). */
    static void inputGradient(float[] dy, float[] xHat, int m, int n, float[] gamma, double[] invStd,
                              double[] sumDy, double[] sumDyXHat, double[] coef, float[] dx) {
        for (int j = 0; j < n; j++) {
            coef[j] = gamma[j] * invStd[j] / m;                    // γ·invStd/m
        }
        scaledInputGradient(dy, xHat, m, n, sumDy, sumDyXHat, coef, dx);
    }

    // ------------------------------------------------------------------ the vector passes

    /** {@code sum[j] += X[i, j]} for every row i in order (the column sums, in double). */
    private static void addColumnSums(float[] x, int m, int n, double[] sum) {
        int bound = n - n % L;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector xv = FloatVector.fromArray(S, x, row + j);
                DoubleVector.fromArray(D, sum, j).add(((DoubleVector) xv.convertShape(VectorOperators.F2D, D, 0))).intoArray(sum, j);
                DoubleVector.fromArray(D, sum, j + H).add(((DoubleVector) xv.convertShape(VectorOperators.F2D, D, 1))).intoArray(sum, j + H);
            }
            for (; j < n; j++) {
                sum[j] += x[row + j];
            }
        }
    }

    /** {@code variance[j] += (X[i, j] − mean[j])²} for every row i in order (d in double). */
    private static void addColumnSquaredDeviations(float[] x, int m, int n, double[] mean, double[] variance) {
        int bound = n - n % L;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector xv = FloatVector.fromArray(S, x, row + j);
                DoubleVector d0 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, D, 0)).sub(DoubleVector.fromArray(D, mean, j));
                DoubleVector d1 = ((DoubleVector) xv.convertShape(VectorOperators.F2D, D, 1)).sub(DoubleVector.fromArray(D, mean, j + H));
                DoubleVector.fromArray(D, variance, j).add(d0.mul(d0)).intoArray(variance, j);
                DoubleVector.fromArray(D, variance, j + H).add(d1.mul(d1)).intoArray(variance, j + H);
            }
            for (; j < n; j++) {
                double d = x[row + j] - mean[j];
                variance[j] += d * d;
            }
        }
    }

    /** {@code x̂ = (float) ((X − mean)·invStd)} (in double, rounded once), then {@code Y = γ·x̂ + β} in float. */
    private static void normalize(float[] x, int m, int n, double[] mean, double[] invStd,
                                  float[] gamma, float[] beta, float[] xHat, float[] y) {
        int bound = n - n % L;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += L) {
                int k = row + j;
                FloatVector xv = FloatVector.fromArray(S, x, k);
                DoubleVector lo = ((DoubleVector) xv.convertShape(VectorOperators.F2D, D, 0)).sub(DoubleVector.fromArray(D, mean, j))
                        .mul(DoubleVector.fromArray(D, invStd, j));
                DoubleVector hi = ((DoubleVector) xv.convertShape(VectorOperators.F2D, D, 1)).sub(DoubleVector.fromArray(D, mean, j + H))
                        .mul(DoubleVector.fromArray(D, invStd, j + H));
                FloatVector xh = ((FloatVector) lo.convertShape(VectorOperators.D2F, S, 0)).blend((FloatVector) hi.convertShape(VectorOperators.D2F, S, -1), UPPER);
                xh.intoArray(xHat, k);
                FloatVector.fromArray(S, gamma, j).mul(xh).add(FloatVector.fromArray(S, beta, j)).intoArray(y, k);
            }
            for (; j < n; j++) {
                int k = row + j;
                xHat[k] = (float) ((x[k] - mean[j]) * invStd[j]);
                y[k] = gamma[j] * xHat[k] + beta[j];
            }
        }
    }

    /** {@code sumDy[j] += dY[i, j]} and {@code sumDyXHat[j] += (double) dY[i, j]·x̂[i, j]}, rows in order. */
    private static void addGradientSums(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        int bound = n - n % L;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += L) {
                FloatVector g = FloatVector.fromArray(S, dy, row + j);
                FloatVector xh = FloatVector.fromArray(S, xHat, row + j);
                DoubleVector g0 = ((DoubleVector) g.convertShape(VectorOperators.F2D, D, 0)), g1 = ((DoubleVector) g.convertShape(VectorOperators.F2D, D, 1));
                DoubleVector.fromArray(D, sumDy, j).add(g0).intoArray(sumDy, j);
                DoubleVector.fromArray(D, sumDy, j + H).add(g1).intoArray(sumDy, j + H);
                DoubleVector.fromArray(D, sumDyXHat, j).add(g0.mul(((DoubleVector) xh.convertShape(VectorOperators.F2D, D, 0)))).intoArray(sumDyXHat, j);
                DoubleVector.fromArray(D, sumDyXHat, j + H).add(g1.mul(((DoubleVector) xh.convertShape(VectorOperators.F2D, D, 1)))).intoArray(sumDyXHat, j + H);
            }
            for (; j < n; j++) {
                int k = row + j;
                sumDy[j] += dy[k];
                sumDyXHat[j] += (double) dy[k] * xHat[k];
            }
        }
    }

    /**
     * {@code dX = (float) (coef[j]·(m·dY − sumDy[j] − x̂·sumDyXHat[j]))}, with
     * {@code coef[j] = γ_j·invStd_j / m} computed by the caller, all in double.
     */
    private static void scaledInputGradient(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat,
                                            double[] coef, float[] dx) {
        int bound = n - n % L;
        double mm = m;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += L) {
                int k = row + j;
                FloatVector g = FloatVector.fromArray(S, dy, k);
                FloatVector xh = FloatVector.fromArray(S, xHat, k);
                DoubleVector lo = DoubleVector.fromArray(D, coef, j).mul(((DoubleVector) g.convertShape(VectorOperators.F2D, D, 0)).mul(mm)
                        .sub(DoubleVector.fromArray(D, sumDy, j))
                        .sub(((DoubleVector) xh.convertShape(VectorOperators.F2D, D, 0)).mul(DoubleVector.fromArray(D, sumDyXHat, j))));
                DoubleVector hi = DoubleVector.fromArray(D, coef, j + H).mul(((DoubleVector) g.convertShape(VectorOperators.F2D, D, 1)).mul(mm)
                        .sub(DoubleVector.fromArray(D, sumDy, j + H))
                        .sub(((DoubleVector) xh.convertShape(VectorOperators.F2D, D, 1)).mul(DoubleVector.fromArray(D, sumDyXHat, j + H))));
                ((FloatVector) lo.convertShape(VectorOperators.D2F, S, 0)).blend((FloatVector) hi.convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(dx, k);
            }
            for (; j < n; j++) {
                int k = row + j;
                double dval = m * (double) dy[k] - sumDy[j] - xHat[k] * sumDyXHat[j];
                dx[k] = (float) (coef[j] * dval);
            }
        }
    }
}
