package dev.regula.regularization;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link BatchNormalization}'s float loops ({@code trainForward}, {@code gradientSums},
 * {@code inputGradient}, {@code inferenceForward}, with the same signatures) through the Vector
 * API: the same operations as the loops, in the same order, so the same bits
 * ({@code BatchNormKernelF32Test}). Every statistic is a double, and a float is widened to double
 * exactly where the float loop widens it, and narrowed back where the loop rounds. The JIT does
 * not vectorize those loops (they mix float and double), which is why this class exists.
 *
 * <p><b>Strips of columns.</b> Every column is computed on its own in the loops: its sums run over
 * the rows in order, and nothing mixes two columns. So the kernel takes the columns a strip of
 * {@code W = 2·L} at a time (32 with AVX-512) and does all the work of a strip before the next:
 * the column sums run over the rows of the strip with four running double vectors in registers (in the
 * loops' order, row 0 first, so the same bits), then the strip's x̂ and Y (or dX) are written
 * while the strip (m × W floats, 16 KB for m = 128) is still in the level-1 cache. The last strip
 * ends at column n and may overlap the one before it: it computes the same columns again, to the
 * same bits, which is simpler and faster than a scalar tail. Fewer than W columns run the loops.
 *
 * <p><b>Shapes.</b> The preferred float vector S (L lanes, 16 with AVX-512) and the double vector of
 * the same bits D (L/2 lanes): a strip is two float vectors and four double vectors. A float vector
 * is widened as its two halves ({@code convertShape(F2D, D, part)}, exact) and two double vectors
 * are narrowed into one float vector (each rounded once, the second into the upper lanes, blended).
 * One float shape in the whole engine: on JDK 17 the Vector API's own methods (such as
 * {@code FloatVector.intoArray}) are shared by every shape, and once a second float shape has run
 * through them (a half-width float vector here, to widen in one step, was tried) every float kernel
 * slows down by 5 to 50 times.
 *
 * <p><b>JDK 17.</b> No vector is passed to another method (on JDK 17 a vector that crosses a
 * method C2 compiles on its own is boxed). Before C2 has compiled them, these loops run the Vector
 * API's Java fallback, hundreds of times slower than compiled (a training step reaches C2 within
 * its first batches; a benchmark must warm up until it has). On JDK 17 every vector operation is
 * a virtual call on an abstract class ({@code FloatVector}, {@code DoubleVector}), and C2 keeps a
 * vector in a register only where it can tell the concrete class, often from the call site's
 * profile. Where it cannot (a site the profile has seen little of, such as the calls a strip makes
 * once, after its loop), the vector is boxed, and a store of it allocates ({@code PrintIntrinsics}:
 * "missing constant: vclass=DecodeN"). Which sites lose depends on the profiles of the JVM at hand.
 * When the forward strip was one method, the F32 training step of the batch-norm preset allocated
 * 1.5 to 7 MB a step in 9 of 10 JVMs, and the step took 1.20 to 1.47 times the baseline's (in the
 * 4 timed) instead of about 1.1: the μ and invStd of the strip came from such once-a-strip calls, and through them
 * every vector of the x̂ loop was boxed. So the forward is three methods that pass μ and invStd on
 * in their arrays ({@link #meanStrip}, {@link #varianceStrip}, {@link #normalizeStrip}), and invStd
 * is a scalar loop (the same correctly rounded square root and division as the vector lanes).
 * After the split, 5 JVMs of 19 still allocated, 0.7 to 2.5 MB a step (in the one profiled with
 * JFR, from {@code inputGradientStrip}'s narrowing); the cause there is not found. With the strip
 * in one method, Temurin 25 allocated nothing in 5 runs of 5. Measured with
 * {@code dev.regula.bench.StepAllocation}.
 *
 * <p>X, x̂, Y, dY, dX are (m × n) row-major float arrays; the per-column arrays have length n.
 * Run by the layer when {@link dev.regula.core.Kernels#fastF32()}; never loaded otherwise.
 */
final class BatchNormKernelF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> D = S.withLanes(double.class);
    private static final int L = S.length();
    private static final int H = D.length();
    /** The upper half of the float lanes, where the second double half lands when narrowed. */
    private static final VectorMask<Float> UPPER = S.indexInRange(-H, H);
    /** The columns of a strip: two float vectors, four double vectors. */
    static final int W = 2 * L;

    private BatchNormKernelF32() {}

    // ------------------------------------------------------------------ the layer's loops

    /** {@code BatchNormalization.trainForward(float[], …)}: the statistics, x̂ and Y. */
    static void trainForward(float[] x, int m, int n, float[] gamma, float[] beta, double epsilon,
                             double[] mean, double[] variance, double[] invStd, float[] xHat, float[] y) {
        if (n < W) {
            BatchNormalization.trainForward(x, m, n, gamma, beta, epsilon, mean, variance, invStd, xHat, y);
            return;
        }
        trainForwardColumns(x, m, n, gamma, beta, epsilon, mean, variance, invStd, xHat, y, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void trainForwardColumns(float[] x, int m, int n, float[] gamma, float[] beta, double epsilon,
                                    double[] mean, double[] variance, double[] invStd, float[] xHat, float[] y,
                                    int c0, int c1) {
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {   // the last strip ends at c1
            forwardStrip(x, m, n, j, gamma, beta, epsilon, mean, variance, invStd, xHat, y);
            if (j == c1 - W) {
                return;
            }
        }
    }

    /** {@code BatchNormalization.gradientSums(float[], …)}: Σ_i dY and Σ_i dY ⊙ x̂. */
    static void gradientSums(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        if (n < W) {
            BatchNormalization.gradientSums(dy, xHat, m, n, sumDy, sumDyXHat);
            return;
        }
        gradientSumsColumns(dy, xHat, m, n, sumDy, sumDyXHat, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void gradientSumsColumns(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat,
                                    int c0, int c1) {
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {
            gradientSumsStrip(dy, xHat, m, n, j, sumDy, sumDyXHat);
            if (j == c1 - W) {
                return;
            }
        }
    }

    /** {@code BatchNormalization.inputGradient(float[], …)}: dX = (γ·invStd/m)·(m·dY − Σ dY − x̂·Σ dY⊙x̂). */
    static void inputGradient(float[] dy, float[] xHat, int m, int n, float[] gamma, double[] invStd,
                              double[] sumDy, double[] sumDyXHat, double[] coef, float[] dx) {
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

    /**
     * {@link #gradientSums} then {@link #inputGradient}, a strip at a time (the strip's dY and x̂
     * are read twice while they are in the cache): the same values, to the bit, as the two calls.
     */
    static void backward(float[] dy, float[] xHat, int m, int n, float[] gamma, double[] invStd,
                         double[] sumDy, double[] sumDyXHat, double[] coef, float[] dx) {
        if (n < W) {
            BatchNormalization.gradientSums(dy, xHat, m, n, sumDy, sumDyXHat);
            BatchNormalization.inputGradient(dy, xHat, m, n, gamma, invStd, sumDy, sumDyXHat, coef, dx);
            return;
        }
        backwardColumns(dy, xHat, m, n, gamma, invStd, sumDy, sumDyXHat, coef, dx, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void backwardColumns(float[] dy, float[] xHat, int m, int n, float[] gamma, double[] invStd,
                                double[] sumDy, double[] sumDyXHat, double[] coef, float[] dx, int c0, int c1) {
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

    /** {@code BatchNormalization.inferenceForward(float[], …)}: Y = (float) ((X − μ_run)·scale + β), X − μ_run in float. */
    static void inferenceForward(float[] x, int m, int n, float[] runningMean, double[] scale, float[] beta, float[] y) {
        if (n < W) {
            BatchNormalization.inferenceForward(x, m, n, runningMean, scale, beta, y);
            return;
        }
        inferenceForwardColumns(x, m, n, runningMean, scale, beta, y, 0, n);
    }

    /** The same on columns [c0, c1) only, {@code c1 − c0 ≥ W}: what one thread of two computes. */
    static void inferenceForwardColumns(float[] x, int m, int n, float[] runningMean, double[] scale, float[] beta,
                                        float[] y, int c0, int c1) {
        for (int j = c0; ; j = Math.min(j + W, c1 - W)) {
            inferenceStrip(x, m, n, j, runningMean, scale, beta, y);
            if (j == c1 - W) {
                return;
            }
        }
    }

    // ------------------------------------------------------------------ one strip, columns j … j + W − 1

    /** μ, σ², invStd of the strip's columns, then its x̂ and Y: three methods (see "JDK 17" above). */
    private static void forwardStrip(float[] x, int m, int n, int j, float[] gamma, float[] beta, double epsilon,
                                     double[] mean, double[] variance, double[] invStd, float[] xHat, float[] y) {
        meanStrip(x, m, n, j, mean);
        varianceStrip(x, m, n, j, epsilon, mean, variance, invStd);
        normalizeStrip(x, m, n, j, gamma, beta, mean, invStd, xHat, y);
    }

    /** μ = (1/m) Σ_i X of the strip's columns, each column summed over the rows in order from 0.0. */
    private static void meanStrip(float[] x, int m, int n, int j, double[] mean) {
        int end = m * n;
        DoubleVector s0 = DoubleVector.zero(D), s1 = s0, s2 = s0, s3 = s0;
        for (int k = j; k < end; k += n) {
            FloatVector a = FloatVector.fromArray(S, x, k), b = FloatVector.fromArray(S, x, k + L);
            s0 = s0.add(a.convertShape(VectorOperators.F2D, D, 0));
            s1 = s1.add(a.convertShape(VectorOperators.F2D, D, 1));
            s2 = s2.add(b.convertShape(VectorOperators.F2D, D, 0));
            s3 = s3.add(b.convertShape(VectorOperators.F2D, D, 1));
        }
        double mm = m;
        s0.div(mm).intoArray(mean, j);
        s1.div(mm).intoArray(mean, j + H);
        s2.div(mm).intoArray(mean, j + 2 * H);
        s3.div(mm).intoArray(mean, j + 3 * H);
    }

    /** σ² = (1/m) Σ_i (X − μ)² with d = X − μ in double, and invStd = 1 / sqrt(σ² + ε), of the strip's columns. */
    private static void varianceStrip(float[] x, int m, int n, int j, double epsilon, double[] mean,
                                      double[] variance, double[] invStd) {
        int end = m * n;
        DoubleVector mu0 = DoubleVector.fromArray(D, mean, j), mu1 = DoubleVector.fromArray(D, mean, j + H);
        DoubleVector mu2 = DoubleVector.fromArray(D, mean, j + 2 * H), mu3 = DoubleVector.fromArray(D, mean, j + 3 * H);
        DoubleVector v0 = DoubleVector.zero(D), v1 = v0, v2 = v0, v3 = v0;
        for (int k = j; k < end; k += n) {
            FloatVector a = FloatVector.fromArray(S, x, k), b = FloatVector.fromArray(S, x, k + L);
            DoubleVector d0 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 0)).sub(mu0);
            DoubleVector d1 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 1)).sub(mu1);
            DoubleVector d2 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 0)).sub(mu2);
            DoubleVector d3 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 1)).sub(mu3);
            v0 = v0.add(d0.mul(d0));
            v1 = v1.add(d1.mul(d1));
            v2 = v2.add(d2.mul(d2));
            v3 = v3.add(d3.mul(d3));
        }
        double mm = m;
        v0.div(mm).intoArray(variance, j);
        v1.div(mm).intoArray(variance, j + H);
        v2.div(mm).intoArray(variance, j + 2 * H);
        v3.div(mm).intoArray(variance, j + 3 * H);
        // invStd = 1 / sqrt(σ² + ε): the square root and the division are correctly rounded, as in the vector lanes
        for (int c = j; c < j + W; c++) {
            invStd[c] = 1.0 / Math.sqrt(variance[c] + epsilon);
        }
    }

    /** x̂ = (float) ((X − μ)·invStd), each double half rounded once, then Y = γ·x̂ + β in float, of the strip's columns. */
    private static void normalizeStrip(float[] x, int m, int n, int j, float[] gamma, float[] beta, double[] mean,
                                       double[] invStd, float[] xHat, float[] y) {
        int end = m * n;
        DoubleVector mu0 = DoubleVector.fromArray(D, mean, j), mu1 = DoubleVector.fromArray(D, mean, j + H);
        DoubleVector mu2 = DoubleVector.fromArray(D, mean, j + 2 * H), mu3 = DoubleVector.fromArray(D, mean, j + 3 * H);
        DoubleVector r0 = DoubleVector.fromArray(D, invStd, j), r1 = DoubleVector.fromArray(D, invStd, j + H);
        DoubleVector r2 = DoubleVector.fromArray(D, invStd, j + 2 * H), r3 = DoubleVector.fromArray(D, invStd, j + 3 * H);
        FloatVector g0 = FloatVector.fromArray(S, gamma, j), g1 = FloatVector.fromArray(S, gamma, j + L);
        FloatVector b0 = FloatVector.fromArray(S, beta, j), b1 = FloatVector.fromArray(S, beta, j + L);
        for (int k = j; k < end; k += n) {
            FloatVector a = FloatVector.fromArray(S, x, k), b = FloatVector.fromArray(S, x, k + L);
            DoubleVector h0 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 0)).sub(mu0).mul(r0);
            DoubleVector h1 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 1)).sub(mu1).mul(r1);
            DoubleVector h2 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 0)).sub(mu2).mul(r2);
            DoubleVector h3 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 1)).sub(mu3).mul(r3);
            FloatVector ha = ((FloatVector) h0.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) h1.convertShape(VectorOperators.D2F, S, -1), UPPER);
            FloatVector hb = ((FloatVector) h2.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) h3.convertShape(VectorOperators.D2F, S, -1), UPPER);
            ha.intoArray(xHat, k);
            hb.intoArray(xHat, k + L);
            g0.mul(ha).add(b0).intoArray(y, k);
            g1.mul(hb).add(b1).intoArray(y, k + L);
        }
    }

    /** Σ_i dY and Σ_i (double) dY·x̂ of the strip's columns, rows in order from 0.0. */
    private static void gradientSumsStrip(float[] dy, float[] xHat, int m, int n, int j,
                                          double[] sumDy, double[] sumDyXHat) {
        int end = m * n;
        DoubleVector a0 = DoubleVector.zero(D), a1 = a0, a2 = a0, a3 = a0;
        DoubleVector p0 = a0, p1 = a0, p2 = a0, p3 = a0;
        for (int k = j; k < end; k += n) {
            FloatVector ga = FloatVector.fromArray(S, dy, k), gb = FloatVector.fromArray(S, dy, k + L);
            FloatVector xa = FloatVector.fromArray(S, xHat, k), xb = FloatVector.fromArray(S, xHat, k + L);
            DoubleVector e0 = (DoubleVector) ga.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector e1 = (DoubleVector) ga.convertShape(VectorOperators.F2D, D, 1);
            DoubleVector e2 = (DoubleVector) gb.convertShape(VectorOperators.F2D, D, 0);
            DoubleVector e3 = (DoubleVector) gb.convertShape(VectorOperators.F2D, D, 1);
            a0 = a0.add(e0);
            a1 = a1.add(e1);
            a2 = a2.add(e2);
            a3 = a3.add(e3);
            p0 = p0.add(e0.mul(xa.convertShape(VectorOperators.F2D, D, 0)));
            p1 = p1.add(e1.mul(xa.convertShape(VectorOperators.F2D, D, 1)));
            p2 = p2.add(e2.mul(xb.convertShape(VectorOperators.F2D, D, 0)));
            p3 = p3.add(e3.mul(xb.convertShape(VectorOperators.F2D, D, 1)));
        }
        a0.intoArray(sumDy, j);
        a1.intoArray(sumDy, j + H);
        a2.intoArray(sumDy, j + 2 * H);
        a3.intoArray(sumDy, j + 3 * H);
        p0.intoArray(sumDyXHat, j);
        p1.intoArray(sumDyXHat, j + H);
        p2.intoArray(sumDyXHat, j + 2 * H);
        p3.intoArray(sumDyXHat, j + 3 * H);
    }

    /** dX = (float) (coef·((m·dY − Σ dY) − x̂·Σ dY⊙x̂)) of the strip's columns, all in double. */
    private static void inputGradientStrip(float[] dy, float[] xHat, int m, int n, int j, double[] sumDy,
                                           double[] sumDyXHat, double[] coef, float[] dx) {
        int end = m * n;
        double mm = m;
        DoubleVector c0 = DoubleVector.fromArray(D, coef, j), c1 = DoubleVector.fromArray(D, coef, j + H);
        DoubleVector c2 = DoubleVector.fromArray(D, coef, j + 2 * H), c3 = DoubleVector.fromArray(D, coef, j + 3 * H);
        DoubleVector a0 = DoubleVector.fromArray(D, sumDy, j), a1 = DoubleVector.fromArray(D, sumDy, j + H);
        DoubleVector a2 = DoubleVector.fromArray(D, sumDy, j + 2 * H), a3 = DoubleVector.fromArray(D, sumDy, j + 3 * H);
        DoubleVector p0 = DoubleVector.fromArray(D, sumDyXHat, j), p1 = DoubleVector.fromArray(D, sumDyXHat, j + H);
        DoubleVector p2 = DoubleVector.fromArray(D, sumDyXHat, j + 2 * H), p3 = DoubleVector.fromArray(D, sumDyXHat, j + 3 * H);
        for (int k = j; k < end; k += n) {
            FloatVector ga = FloatVector.fromArray(S, dy, k), gb = FloatVector.fromArray(S, dy, k + L);
            FloatVector xa = FloatVector.fromArray(S, xHat, k), xb = FloatVector.fromArray(S, xHat, k + L);
            DoubleVector t0 = c0.mul(((DoubleVector) ga.convertShape(VectorOperators.F2D, D, 0)).mul(mm).sub(a0)
                    .sub(((DoubleVector) xa.convertShape(VectorOperators.F2D, D, 0)).mul(p0)));
            DoubleVector t1 = c1.mul(((DoubleVector) ga.convertShape(VectorOperators.F2D, D, 1)).mul(mm).sub(a1)
                    .sub(((DoubleVector) xa.convertShape(VectorOperators.F2D, D, 1)).mul(p1)));
            DoubleVector t2 = c2.mul(((DoubleVector) gb.convertShape(VectorOperators.F2D, D, 0)).mul(mm).sub(a2)
                    .sub(((DoubleVector) xb.convertShape(VectorOperators.F2D, D, 0)).mul(p2)));
            DoubleVector t3 = c3.mul(((DoubleVector) gb.convertShape(VectorOperators.F2D, D, 1)).mul(mm).sub(a3)
                    .sub(((DoubleVector) xb.convertShape(VectorOperators.F2D, D, 1)).mul(p3)));
            ((FloatVector) t0.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) t1.convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(dx, k);
            ((FloatVector) t2.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) t3.convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(dx, k + L);
        }
    }

    /** Y = (float) ((double) (X − μ_run)·scale + β) of the strip's columns. */
    private static void inferenceStrip(float[] x, int m, int n, int j, float[] runningMean, double[] scale,
                                       float[] beta, float[] y) {
        int end = m * n;
        FloatVector mua = FloatVector.fromArray(S, runningMean, j), mub = FloatVector.fromArray(S, runningMean, j + L);
        DoubleVector s0 = DoubleVector.fromArray(D, scale, j), s1 = DoubleVector.fromArray(D, scale, j + H);
        DoubleVector s2 = DoubleVector.fromArray(D, scale, j + 2 * H), s3 = DoubleVector.fromArray(D, scale, j + 3 * H);
        FloatVector ba = FloatVector.fromArray(S, beta, j), bb = FloatVector.fromArray(S, beta, j + L);
        DoubleVector b0 = (DoubleVector) ba.convertShape(VectorOperators.F2D, D, 0);
        DoubleVector b1 = (DoubleVector) ba.convertShape(VectorOperators.F2D, D, 1);
        DoubleVector b2 = (DoubleVector) bb.convertShape(VectorOperators.F2D, D, 0);
        DoubleVector b3 = (DoubleVector) bb.convertShape(VectorOperators.F2D, D, 1);
        for (int k = j; k < end; k += n) {
            FloatVector a = FloatVector.fromArray(S, x, k).sub(mua), b = FloatVector.fromArray(S, x, k + L).sub(mub);
            DoubleVector t0 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 0)).mul(s0).add(b0);
            DoubleVector t1 = ((DoubleVector) a.convertShape(VectorOperators.F2D, D, 1)).mul(s1).add(b1);
            DoubleVector t2 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 0)).mul(s2).add(b2);
            DoubleVector t3 = ((DoubleVector) b.convertShape(VectorOperators.F2D, D, 1)).mul(s3).add(b3);
            ((FloatVector) t0.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) t1.convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(y, k);
            ((FloatVector) t2.convertShape(VectorOperators.D2F, S, 0))
                    .blend((FloatVector) t3.convertShape(VectorOperators.D2F, S, -1), UPPER).intoArray(y, k + L);
        }
    }
}
