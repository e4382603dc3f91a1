package dev.regula.regularization;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 passes of {@link BatchNormalization}'s training forward and backward through the Vector
 * API, four columns at a time: the same operations as the layer's scalar F32 loops, in the same
 * order, so the same bits. Each column's sums still run over the rows in order (the rows are
 * the outer loop, a block of four columns the inner one), every statistic is a double, and a
 * float is widened to double exactly where the scalar loop widens it. The JIT does not vectorize
 * those scalar loops (they mix float and double), which is why this class exists.
 *
 * <p>X, x̂, Y, dY, dX are (m × n) row-major float arrays; the per-column arrays have length n.
 * Only called when the {@code jdk.incubator.vector} module is present
 * ({@link dev.regula.core.Ops#hasVectorPaths()}); this class is never loaded otherwise.
 */
final class BatchNormVectorF32 {
    private static final VectorSpecies<Float> F4 = FloatVector.SPECIES_128;
    private static final VectorSpecies<Double> D4 = DoubleVector.SPECIES_256;

    private BatchNormVectorF32() {}

    private static DoubleVector widen(float[] a, int k) {
        return (DoubleVector) FloatVector.fromArray(F4, a, k).convertShape(VectorOperators.F2D, D4, 0);
    }

    /** {@code sum[j] += X[i, j]} for every row i in order (the column sums, in double). */
    static void addColumnSums(float[] x, int m, int n, double[] sum) {
        int bound = n & ~3;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += 4) {
                DoubleVector.fromArray(D4, sum, j).add(widen(x, row + j)).intoArray(sum, j);
            }
            for (; j < n; j++) {
                sum[j] += x[row + j];
            }
        }
    }

    /** {@code variance[j] += (X[i, j] − mean[j])²} for every row i in order (d in double). */
    static void addColumnSquaredDeviations(float[] x, int m, int n, double[] mean, double[] variance) {
        int bound = n & ~3;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += 4) {
                DoubleVector d = widen(x, row + j).sub(DoubleVector.fromArray(D4, mean, j));
                DoubleVector.fromArray(D4, variance, j).add(d.mul(d)).intoArray(variance, j);
            }
            for (; j < n; j++) {
                double d = x[row + j] - mean[j];
                variance[j] += d * d;
            }
        }
    }

    /** {@code x̂ = (float) ((X − mean)·invStd)} (in double, rounded once), then {@code Y = γ·x̂ + β} in float. */
    static void normalize(float[] x, int m, int n, double[] mean, double[] invStd,
                          float[] gamma, float[] beta, float[] xHat, float[] y) {
        int bound = n & ~3;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += 4) {
                int k = row + j;
                DoubleVector centred = widen(x, k).sub(DoubleVector.fromArray(D4, mean, j));
                FloatVector xh = (FloatVector) centred.mul(DoubleVector.fromArray(D4, invStd, j))
                        .convertShape(VectorOperators.D2F, F4, 0);
                xh.intoArray(xHat, k);
                FloatVector.fromArray(F4, gamma, j).mul(xh).add(FloatVector.fromArray(F4, beta, j)).intoArray(y, k);
            }
            for (; j < n; j++) {
                int k = row + j;
                xHat[k] = (float) ((x[k] - mean[j]) * invStd[j]);
                y[k] = gamma[j] * xHat[k] + beta[j];
            }
        }
    }

    /** {@code sumDy[j] += dY[i, j]} and {@code sumDyXHat[j] += (double) dY[i, j]·x̂[i, j]}, rows in order. */
    static void addGradientSums(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        int bound = n & ~3;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += 4) {
                DoubleVector g = widen(dy, row + j);
                DoubleVector.fromArray(D4, sumDy, j).add(g).intoArray(sumDy, j);
                DoubleVector.fromArray(D4, sumDyXHat, j).add(g.mul(widen(xHat, row + j))).intoArray(sumDyXHat, j);
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
    static void inputGradient(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat,
                              double[] coef, float[] dx) {
        int bound = n & ~3;
        double mm = m;
        for (int i = 0; i < m; i++) {
            int row = i * n;
            int j = 0;
            for (; j < bound; j += 4) {
                int k = row + j;
                DoubleVector dval = widen(dy, k).mul(mm)
                        .sub(DoubleVector.fromArray(D4, sumDy, j))
                        .sub(widen(xHat, k).mul(DoubleVector.fromArray(D4, sumDyXHat, j)));
                ((FloatVector) DoubleVector.fromArray(D4, coef, j).mul(dval)
                        .convertShape(VectorOperators.D2F, F4, 0)).intoArray(dx, k);
            }
            for (; j < n; j++) {
                int k = row + j;
                double dval = m * (double) dy[k] - sumDy[j] - xHat[k] * sumDyXHat[j];
                dx[k] = (float) (coef[j] * dval);
            }
        }
    }
}
