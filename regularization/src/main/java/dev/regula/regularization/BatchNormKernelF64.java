package dev.regula.regularization;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormalization}'s double loops ({@code trainForward}, {@code gradientSums},
 * {@code inputGradient}, {@code inferenceForward}, with the same signatures) through the Vector
 * API, as {@link BatchNormKernelF32} does for the float loops and in the same strips of
 * {@code W = 4·L} columns, 32 with AVX-512 (see its javadoc): the same operations as the loops, in the same order,
 * so the same bits ({@code BatchNormKernelF64Test}). The column sums keep their four running sums in
 * registers over the rows of a strip, where the loops' sums go through memory once per row.
 *
 * <p>X, x̂, Y, dY, dX are (m × n) row-major double arrays; the per-column arrays have length n.
 * Run by the layer when {@link dev.regula.core.Kernels#fastF64()}; never loaded otherwise.
 */
final class BatchNormKernelF64 {
    private static final VectorSpecies<Double> D = DoubleVector.SPECIES_PREFERRED;
    private static final int L = D.length();
    /** The columns of a strip: four vectors. */
    static final int W = 4 * L;

    private BatchNormKernelF64() {}

    // ------------------------------------------------------------------ the layer's loops

    /** {@code BatchNormalization.trainForward(double[], …)}: the statistics, x̂ and Y. */
    static void trainForward(double[] x, int m, int n, double[] gamma, double[] beta, double epsilon,
                             double[] mean, double[] variance, double[] invStd, double[] xHat, double[] y) {
        if (n < W) {
            BatchNormalization.trainForward(x, m, n, gamma, beta, epsilon, mean, variance, invStd, xHat, y);
            return;
        }
        trainForwardColumns(x, m, n, gamma, beta, epsilon, mean, variance, invStd, xHat, y, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void trainForwardColumns(double[] x, int m, int n, double[] gamma, double[] beta, double epsilon,
                                    double[] mean, double[] variance, double[] invStd, double[] xHat, double[] y,
                                    int c0, int c1) {
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {   // the last strip ends at c1
            forwardStrip(x, m, n, j, gamma, beta, epsilon, mean, variance, invStd, xHat, y);
            if (j == c1 - W) {
                return;
            }
        }
    }

    /** {@code BatchNormalization.gradientSums(double[], …)}: Σ_i dY and Σ_i dY ⊙ x̂. */
    static void gradientSums(double[] dy, double[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        if (n < W) {
            BatchNormalization.gradientSums(dy, xHat, m, n, sumDy, sumDyXHat);
            return;
        }
        gradientSumsColumns(dy, xHat, m, n, sumDy, sumDyXHat, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void gradientSumsColumns(double[] dy, double[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat,
                                    int c0, int c1) {
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {
            gradientSumsStrip(dy, xHat, m, n, j, sumDy, sumDyXHat);
            if (j == c1 - W) {
                return;
            }
        }
    }

    /** {@code BatchNormalization.inputGradient(double[], …)}: dX = (γ·invStd/m)·(m·dY − Σ dY − x̂·Σ dY⊙x̂). */
    static void inputGradient(double[] dy, double[] xHat, int m, int n, double[] gamma, double[] invStd,
                              double[] sumDy, double[] sumDyXHat, double[] coef, double[] dx) {
        if (n < W) {
            BatchNormalization.inputGradient(dy, xHat, m, n, gamma, invStd, sumDy, sumDyXHat, coef, dx);
            return;
        }
        for (int j = 0; j < n; j++) {
            coef[j] = gamma[j] * invStd[j] / m;                    // γ·invStd/m
        }
        for (int j = 0; ; j = Math.min(j + W, n - W)) {
            inputGradientStrip(dy, xHat, m, n, j, sumDy, sumDyXHat, coef, dx);
            if (j == n - W) {
                return;
            }
        }
    }

    /** {@link #gradientSums} then {@link #inputGradient}, a strip at a time: the same bits as the two calls. */
    static void backward(double[] dy, double[] xHat, int m, int n, double[] gamma, double[] invStd,
                         double[] sumDy, double[] sumDyXHat, double[] coef, double[] dx) {
        if (n < W) {
            BatchNormalization.gradientSums(dy, xHat, m, n, sumDy, sumDyXHat);
            BatchNormalization.inputGradient(dy, xHat, m, n, gamma, invStd, sumDy, sumDyXHat, coef, dx);
            return;
        }
        backwardColumns(dy, xHat, m, n, gamma, invStd, sumDy, sumDyXHat, coef, dx, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void backwardColumns(double[] dy, double[] xHat, int m, int n, double[] gamma, double[] invStd,
                                double[] sumDy, double[] sumDyXHat, double[] coef, double[] dx, int c0, int c1) {
        for (int j = c0; j < c1; j++) {
            coef[j] = gamma[j] * invStd[j] / m;                    // γ·invStd/m
        }
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {
            gradientSumsStrip(dy, xHat, m, n, j, sumDy, sumDyXHat);
            inputGradientStrip(dy, xHat, m, n, j, sumDy, sumDyXHat, coef, dx);
            if (j == c1 - W) {
                return;
            }
        }
    }

    /** {@code BatchNormalization.inferenceForward(double[], …)}: Y = (X − μ_run)·scale + β. */
    static void inferenceForward(double[] x, int m, int n, double[] runningMean, double[] scale, double[] beta,
                                 double[] y) {
        if (n < W) {
            BatchNormalization.inferenceForward(x, m, n, runningMean, scale, beta, y);
            return;
        }
        inferenceForwardColumns(x, m, n, runningMean, scale, beta, y, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void inferenceForwardColumns(double[] x, int m, int n, double[] runningMean, double[] scale,
                                        double[] beta, double[] y, int c0, int c1) {
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {
            inferenceStrip(x, m, n, j, runningMean, scale, beta, y);
            if (j == c1 - W) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ one strip, columns j … j + W − 1

    /** μ, σ², invStd of the strip's columns, then its x̂ and Y. */
    private static void forwardStrip(double[] x, int m, int n, int j, double[] gamma, double[] beta, double epsilon,
                                     double[] mean, double[] variance, double[] invStd, double[] xHat, double[] y) {
        int end = m * n;
        // μ = (1/m) Σ_i X, each column summed over the rows in order from 0.0
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        for (int k = j; k < end; k += n) {
            s0 = s0.add(DoubleVector.fromArray(D, x, k));
            s1 = s1.add(DoubleVector.fromArray(D, x, k + L));
            s2 = s2.add(DoubleVector.fromArray(D, x, k + 2 * L));
            s3 = s3.add(DoubleVector.fromArray(D, x, k + 3 * L));
        }
        double mm = m;
        DoubleVector mu0 = s0.div(mm), mu1 = s1.div(mm), mu2 = s2.div(mm), mu3 = s3.div(mm);
        mu0.intoArray(mean, j);
        mu1.intoArray(mean, j + L);
        mu2.intoArray(mean, j + 2 * L);
        mu3.intoArray(mean, j + 3 * L);
        // σ² = (1/m) Σ_i (X − μ)²
        DoubleVector v0 = DoubleVector.zero(D), v1 = v0, v2 = v0, v3 = v0;
        for (int k = j; k < end; k += n) {
            DoubleVector d0 = DoubleVector.fromArray(D, x, k).sub(mu0);
            DoubleVector d1 = DoubleVector.fromArray(D, x, k + L).sub(mu1);
            DoubleVector d2 = DoubleVector.fromArray(D, x, k + 2 * L).sub(mu2);
            DoubleVector d3 = DoubleVector.fromArray(D, x, k + 3 * L).sub(mu3);
            v0 = v0.add(d0.mul(d0));
            v1 = v1.add(d1.mul(d1));
            v2 = v2.add(d2.mul(d2));
            v3 = v3.add(d3.mul(d3));
        }
        v0 = v0.div(mm);
        v1 = v1.div(mm);
        v2 = v2.div(mm);
        v3 = v3.div(mm);
        v0.intoArray(variance, j);
        v1.intoArray(variance, j + L);
        v2.intoArray(variance, j + 2 * L);
        v3.intoArray(variance, j + 3 * L);
        // invStd = 1 / sqrt(σ² + ε): the square root and the division are correctly rounded, as Math.sqrt and /
        DoubleVector one = DoubleVector.broadcast(D, 1.0);
        DoubleVector r0 = one.div(v0.add(epsilon).lanewise(VectorOperators.SQRT));
        DoubleVector r1 = one.div(v1.add(epsilon).lanewise(VectorOperators.SQRT));
        DoubleVector r2 = one.div(v2.add(epsilon).lanewise(VectorOperators.SQRT));
        DoubleVector r3 = one.div(v3.add(epsilon).lanewise(VectorOperators.SQRT));
        r0.intoArray(invStd, j);
        r1.intoArray(invStd, j + L);
        r2.intoArray(invStd, j + 2 * L);
        r3.intoArray(invStd, j + 3 * L);
        // x̂ = (X − μ)·invStd, Y = γ·x̂ + β
        DoubleVector g0 = DoubleVector.fromArray(D, gamma, j), g1 = DoubleVector.fromArray(D, gamma, j + L);
        DoubleVector g2 = DoubleVector.fromArray(D, gamma, j + 2 * L), g3 = DoubleVector.fromArray(D, gamma, j + 3 * L);
        DoubleVector b0 = DoubleVector.fromArray(D, beta, j), b1 = DoubleVector.fromArray(D, beta, j + L);
        DoubleVector b2 = DoubleVector.fromArray(D, beta, j + 2 * L), b3 = DoubleVector.fromArray(D, beta, j + 3 * L);
        for (int k = j; k < end; k += n) {
            DoubleVector h0 = DoubleVector.fromArray(D, x, k).sub(mu0).mul(r0);
            DoubleVector h1 = DoubleVector.fromArray(D, x, k + L).sub(mu1).mul(r1);
            DoubleVector h2 = DoubleVector.fromArray(D, x, k + 2 * L).sub(mu2).mul(r2);
            DoubleVector h3 = DoubleVector.fromArray(D, x, k + 3 * L).sub(mu3).mul(r3);
            h0.intoArray(xHat, k);
            h1.intoArray(xHat, k + L);
            h2.intoArray(xHat, k + 2 * L);
            h3.intoArray(xHat, k + 3 * L);
            g0.mul(h0).add(b0).intoArray(y, k);
            g1.mul(h1).add(b1).intoArray(y, k + L);
            g2.mul(h2).add(b2).intoArray(y, k + 2 * L);
            g3.mul(h3).add(b3).intoArray(y, k + 3 * L);
        }
    }

    /** Σ_i dY and Σ_i dY·x̂ of the strip's columns, rows in order from 0.0. */
    private static void gradientSumsStrip(double[] dy, double[] xHat, int m, int n, int j,
                                          double[] sumDy, double[] sumDyXHat) {
        int end = m * n;
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        DoubleVector p0 = a0, p1 = a0, p2 = a0, p3 = a0;
        for (int k = j; k < end; k += n) {
            DoubleVector e0 = DoubleVector.fromArray(D, dy, k);
            DoubleVector e1 = DoubleVector.fromArray(D, dy, k + L);
            DoubleVector e2 = DoubleVector.fromArray(D, dy, k + 2 * L);
            DoubleVector e3 = DoubleVector.fromArray(D, dy, k + 3 * L);
            a0 = a0.add(e0);
            a1 = a1.add(e1);
            a2 = a2.add(e2);
            a3 = a3.add(e3);
            p0 = p0.add(e0.mul(DoubleVector.fromArray(D, xHat, k)));
            p1 = p1.add(e1.mul(DoubleVector.fromArray(D, xHat, k + L)));
            p2 = p2.add(e2.mul(DoubleVector.fromArray(D, xHat, k + 2 * L)));
            p3 = p3.add(e3.mul(DoubleVector.fromArray(D, xHat, k + 3 * L)));
        }
        a0.intoArray(sumDy, j);
        a1.intoArray(sumDy, j + L);
        a2.intoArray(sumDy, j + 2 * L);
        a3.intoArray(sumDy, j + 3 * L);
        p0.intoArray(sumDyXHat, j);
        p1.intoArray(sumDyXHat, j + L);
        p2.intoArray(sumDyXHat, j + 2 * L);
        p3.intoArray(sumDyXHat, j + 3 * L);
    }

    /** dX = coef·((m·dY − Σ dY) − x̂·Σ dY⊙x̂) of the strip's columns. */
    private static void inputGradientStrip(double[] dy, double[] xHat, int m, int n, int j, double[] sumDy,
                                           double[] sumDyXHat, double[] coef, double[] dx) {
        int end = m * n;
        double mm = m;
        DoubleVector c0 = DoubleVector.fromArray(D, coef, j), c1 = DoubleVector.fromArray(D, coef, j + L);
        DoubleVector c2 = DoubleVector.fromArray(D, coef, j + 2 * L), c3 = DoubleVector.fromArray(D, coef, j + 3 * L);
        DoubleVector a0 = DoubleVector.fromArray(D, sumDy, j), a1 = DoubleVector.fromArray(D, sumDy, j + L);
        DoubleVector a2 = DoubleVector.fromArray(D, sumDy, j + 2 * L), a3 = DoubleVector.fromArray(D, sumDy, j + 3 * L);
        DoubleVector p0 = DoubleVector.fromArray(D, sumDyXHat, j), p1 = DoubleVector.fromArray(D, sumDyXHat, j + L);
        DoubleVector p2 = DoubleVector.fromArray(D, sumDyXHat, j + 2 * L), p3 = DoubleVector.fromArray(D, sumDyXHat, j + 3 * L);
        for (int k = j; k < end; k += n) {
            c0.mul(DoubleVector.fromArray(D, dy, k).mul(mm).sub(a0).sub(DoubleVector.fromArray(D, xHat, k).mul(p0)))
                    .intoArray(dx, k);
            c1.mul(DoubleVector.fromArray(D, dy, k + L).mul(mm).sub(a1).sub(DoubleVector.fromArray(D, xHat, k + L).mul(p1)))
                    .intoArray(dx, k + L);
            c2.mul(DoubleVector.fromArray(D, dy, k + 2 * L).mul(mm).sub(a2).sub(DoubleVector.fromArray(D, xHat, k + 2 * L).mul(p2)))
                    .intoArray(dx, k + 2 * L);
            c3.mul(DoubleVector.fromArray(D, dy, k + 3 * L).mul(mm).sub(a3).sub(DoubleVector.fromArray(D, xHat, k + 3 * L).mul(p3)))
                    .intoArray(dx, k + 3 * L);
        }
    }

    /** Y = (X − μ_run)·scale + β of the strip's columns. */
    private static void inferenceStrip(double[] x, int m, int n, int j, double[] runningMean, double[] scale,
                                       double[] beta, double[] y) {
        int end = m * n;
        DoubleVector mu0 = DoubleVector.fromArray(D, runningMean, j), mu1 = DoubleVector.fromArray(D, runningMean, j + L);
        DoubleVector mu2 = DoubleVector.fromArray(D, runningMean, j + 2 * L), mu3 = DoubleVector.fromArray(D, runningMean, j + 3 * L);
        DoubleVector s0 = DoubleVector.fromArray(D, scale, j), s1 = DoubleVector.fromArray(D, scale, j + L);
        DoubleVector s2 = DoubleVector.fromArray(D, scale, j + 2 * L), s3 = DoubleVector.fromArray(D, scale, j + 3 * L);
        DoubleVector b0 = DoubleVector.fromArray(D, beta, j), b1 = DoubleVector.fromArray(D, beta, j + L);
        DoubleVector b2 = DoubleVector.fromArray(D, beta, j + 2 * L), b3 = DoubleVector.fromArray(D, beta, j + 3 * L);
        for (int k = j; k < end; k += n) {
            DoubleVector.fromArray(D, x, k).sub(mu0).mul(s0).add(b0).intoArray(y, k);
            DoubleVector.fromArray(D, x, k + L).sub(mu1).mul(s1).add(b1).intoArray(y, k + L);
            DoubleVector.fromArray(D, x, k + 2 * L).sub(mu2).mul(s2).add(b2).intoArray(y, k + 2 * L);
            DoubleVector.fromArray(D, x, k + 3 * L).sub(mu3).mul(s3).add(b3).intoArray(y, k + 3 * L);
        }
    }
}
