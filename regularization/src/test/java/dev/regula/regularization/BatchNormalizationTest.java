package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Adam;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Batch normalization: gradient checks, the statistics of x̂, running statistics, the three switches. */
class BatchNormalizationTest {

    private static BatchNormalization built(int n, DType dtype) {
        BatchNormalization bn = new BatchNormalization(n);
        bn.build("bn", dtype, new Rng(1));
        return bn;
    }

    /** Columns on very different scales (0.01, 1, 100) and offsets. */
    private static Matrix batch(DType dtype, int m, long seed) {
        Matrix x = TestSupport.uniform(dtype, m, 3, -1, 1, seed);
        double[] scale = {0.01, 1, 100};
        double[] shift = {5, -1, 30};
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 3; j++) {
                x.set(i, j, x.get(i, j) * scale[j] + shift[j]);
            }
        }
        return x;
    }

    private static void randomizeGammaBeta(BatchNormalization bn, long seed) {
        bn.gamma().value().copyFrom(TestSupport.uniform(bn.gamma().value().dtype(), 1, bn.features(), 0.5, 1.5, seed));
        bn.beta().value().copyFrom(TestSupport.uniform(bn.beta().value().dtype(), 1, bn.features(), -1, 1, seed + 1));
    }

    // ------------------------------------------------------------------ gradient checks (F64)

    @Test
    void gammaAndBetaGradientsCheck() {
        BatchNormalization bn = built(3, DType.F64);
        randomizeGammaBeta(bn, 5);
        Matrix x = batch(DType.F64, 7, 2);
        Matrix r = TestSupport.uniform(DType.F64, 7, 3, -1, 1, 3);
        GradientCheck.Report report = new GradientCheck().check(bn.parameters(),
                () -> TestSupport.dot(bn.forward(x, Mode.TRAIN), r),
                () -> {
                    bn.gamma().zeroGrad();
                    bn.beta().zeroGrad();
                    bn.forward(x, Mode.TRAIN);
                    bn.backward(r);
                });
        assertTrue(report.passed(), report.format());
        assertEquals(6, report.entries().size());
    }

    @Test
    void inputGradientChecks() {
        BatchNormalization bn = built(3, DType.F64);
        randomizeGammaBeta(bn, 6);
        Matrix x = batch(DType.F64, 6, 4);
        x.copyFrom(TestSupport.uniform(DType.F64, 6, 3, -2, 3, 4));   // O(1) inputs: ε = 1e-5 is a small step
        Matrix r = TestSupport.uniform(DType.F64, 6, 3, -1, 1, 5);
        GradientCheck.Report report = TestSupport.checkInput(bn, x, r, () -> {}, () -> 0);
        assertTrue(report.passed(), report.format());
        // Σ_i dX = 0 per column: shifting a whole column changes nothing after normalization.
        bn.forward(x, Mode.TRAIN);
        Matrix dx = bn.backward(r);
        for (int j = 0; j < 3; j++) {
            double s = 0;
            for (int i = 0; i < 6; i++) {
                s += dx.get(i, j);
            }
            assertEquals(0.0, s, 1e-12);
        }
    }

    @Test
    void networkWithBatchNormGradientChecks() {
        BatchNormalization bn = new BatchNormalization(5);
        Sequential model = new Sequential(DType.F64, 9, new Dense(3, 5), bn, new Tanh(), new Dense(5, 2));
        randomizeGammaBeta(bn, 7);
        MeanSquaredError loss = new MeanSquaredError();
        model.compile(loss, new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 6, 3, -1, 1, 8);
        Matrix t = TestSupport.uniform(DType.F64, 6, 2, -1, 1, 9);
        GradientCheck.Report report = new GradientCheck().check(model.parameters(),
                () -> loss.forward(model.forward(x, Mode.TRAIN), t),
                () -> {
                    model.zeroGrad();
                    loss.forward(model.forward(x, Mode.TRAIN), t);
                    model.backward(loss.backward());
                });
        assertTrue(report.passed(), report.format());
    }

    // ------------------------------------------------------------------ statistics of x̂

    /**
     * With γ = 1 and β = 0 the output is x̂. Per column its mean is 0 and its (biased) variance is
     * exactly σ²/(σ² + ε), not 1: ε pulls it below 1, visibly for the column of scale 0.01
     * (σ² ≈ 3e-5, so the variance is ≈ 0.03). The expectation is computed here from X directly.
     */
    @Test
    void normalizedColumnsHaveMeanZeroAndVarianceSigmaSquaredOverSigmaSquaredPlusEpsilon() {
        BatchNormalization bn = built(3, DType.F64);
        int m = 64;
        Matrix x = batch(DType.F64, m, 11);
        Matrix xHat = bn.forward(x, Mode.TRAIN);
        for (int j = 0; j < 3; j++) {
            double mu = 0;
            for (int i = 0; i < m; i++) {
                mu += x.get(i, j);
            }
            mu /= m;
            double sigma2 = 0;
            for (int i = 0; i < m; i++) {
                sigma2 += (x.get(i, j) - mu) * (x.get(i, j) - mu);
            }
            sigma2 /= m;
            double mean = 0, var = 0;
            for (int i = 0; i < m; i++) {
                mean += xHat.get(i, j);
            }
            mean /= m;
            for (int i = 0; i < m; i++) {
                var += (xHat.get(i, j) - mean) * (xHat.get(i, j) - mean);
            }
            var /= m;
            double expected = sigma2 / (sigma2 + 1e-3);
            assertEquals(0.0, mean, 1e-12, "column " + j);
            assertEquals(expected, var, 1e-10, "column " + j);
            if (j == 2) {
                assertEquals(1.0, var, 1e-6, "≈ 1 when σ² ≫ ε (σ² ≈ 3300 here)");
            }
            if (j == 0) {
                assertTrue(var < 0.1, "ε dominates a column of variance ≈ 3e-5: " + var);
            }
        }
        assertTrue(xHat.get(0, 0) * xHat.get(0, 0) < 20, "sanity: x̂ is O(1)");
    }

    // ------------------------------------------------------------------ running statistics

    @Test
    void runningStatisticsAfterOneStepByHand() {
        BatchNormalization bn = built(2, DType.F64);
        assertEquals(0.0, bn.runningMean().get(0), 0.0);
        assertEquals(1.0, bn.runningVariance().get(0), 0.0);
        bn.forward(Matrix.of(DType.F64, 3, 2, 1, 10, 2, 20, 3, 60), Mode.TRAIN);
        // column 0: μ = 2,  σ² = (1 + 0 + 1)/3 = 2/3          (biased; the unbiased one is 1)
        // column 1: μ = 30, σ² = (400 + 100 + 900)/3 = 1400/3 (unbiased: 700)
        // running = 0.99·running + 0.01·batch
        assertEquals(0.02, bn.runningMean().get(0), 1e-15);
        assertEquals(0.30, bn.runningMean().get(1), 1e-15);
        assertEquals(0.99 + 0.01 * 2.0 / 3, bn.runningVariance().get(0), 1e-15);
        assertEquals(0.99 + 14.0 / 3, bn.runningVariance().get(1), 1e-13);
    }

    @Test
    void pytorchMomentumPointOneIsKerasPointNine() {
        BatchNormalization bn = new BatchNormalization(1, 0.9, 1e-5);
        bn.build("bn", DType.F64, new Rng(1));
        bn.forward(Matrix.of(DType.F64, 2, 1, 0, 4), Mode.TRAIN);   // μ = 2, σ² = 4
        bn.forward(Matrix.of(DType.F64, 2, 1, 2, 2), Mode.TRAIN);   // μ = 2, σ² = 0
        // mean: 0 → 0.2 → 0.9·0.2 + 0.1·2 = 0.38;  var: 1 → 0.9 + 0.4 = 1.3 → 0.9·1.3 + 0 = 1.17
        assertEquals(0.38, bn.runningMean().get(0), 1e-15);
        assertEquals(1.17, bn.runningVariance().get(0), 1e-15);
    }

    @Test
    void frozenRunningStatisticsDoNotChangeButTrainingStillUsesTheBatch() {
        BatchNormalization bn = built(3, DType.F64);
        bn.forward(batch(DType.F64, 8, 1), Mode.TRAIN);
        Matrix mean = bn.runningMean().copy(), var = bn.runningVariance().copy();
        bn.setUpdateRunningStatistics(false);
        assertFalse(bn.updatesRunningStatistics());
        Matrix y = bn.forward(batch(DType.F64, 8, 2), Mode.TRAIN);
        assertTrue(mean.contentEquals(bn.runningMean()));
        assertTrue(var.contentEquals(bn.runningVariance()));
        double colMean = 0;
        for (int i = 0; i < 8; i++) {
            colMean += y.get(i, 2);
        }
        assertEquals(0.0, colMean / 8, 1e-12, "normalized by the batch's own mean, not the running one");
        bn.setUpdateRunningStatistics(true);
        bn.forward(batch(DType.F64, 8, 3), Mode.TRAIN);
        assertFalse(mean.contentEquals(bn.runningMean()));
    }

    @Test
    void inferenceDoesNotUpdateTheRunningStatistics() {
        BatchNormalization bn = built(3, DType.F64);
        bn.forward(batch(DType.F64, 8, 1), Mode.INFERENCE);
        assertEquals(0.0, bn.runningMean().get(2), 0.0);
        assertEquals(1.0, bn.runningVariance().get(2), 0.0);
    }

    // ------------------------------------------------------------------ inference

    @ParameterizedTest
    @EnumSource(DType.class)
    void inferenceOutputOfARowDoesNotDependOnTheRestOfTheBatch(DType dtype) {
        BatchNormalization bn = built(3, dtype);
        for (int s = 0; s < 5; s++) {
            bn.forward(batch(dtype, 16, 100 + s), Mode.TRAIN);
        }
        randomizeGammaBeta(bn, 3);
        Matrix x = batch(dtype, 8, 50);
        Matrix all = bn.forward(x, Mode.INFERENCE).copy();
        for (int i = 0; i < 8; i++) {
            Matrix row = Matrix.zeros(dtype, 1, 3);
            for (int j = 0; j < 3; j++) {
                row.set(0, j, x.get(i, j));
            }
            Matrix alone = bn.forward(row, Mode.INFERENCE);
            for (int j = 0; j < 3; j++) {
                assertEquals(all.get(i, j), alone.get(0, j), 0.0, "row " + i + ", column " + j);
            }
        }
        // And it is the running-statistics formula: γ·(x − runningMean)/sqrt(runningVariance + ε) + β.
        double expected = bn.gamma().value().get(1) * (x.get(3, 1) - bn.runningMean().get(1))
                / Math.sqrt(bn.runningVariance().get(1) + 1e-3) + bn.beta().value().get(1);
        assertEquals(expected, all.get(3, 1), dtype == DType.F64 ? 1e-12 : 1e-5);
    }

    // ------------------------------------------------------------------ the trainable switch

    @Test
    void nonTrainableGammaBetaAreUntouchedByAdamWhileRunningStatisticsStillUpdate() {
        BatchNormalization bn = new BatchNormalization(4);
        Dense first = new Dense(3, 4);
        Sequential model = new Sequential(DType.F64, 2, first, bn, new ReLU(), new Dense(4, 2));
        model.compile(new MeanSquaredError(), new Adam(0.01));
        bn.setTrainable(false);
        assertFalse(bn.trainable());
        Matrix kernel = first.kernel().value().copy();
        Matrix x = TestSupport.uniform(DType.F64, 10, 3, -1, 1, 1);
        Matrix t = TestSupport.uniform(DType.F64, 10, 2, -1, 1, 2);
        for (int s = 0; s < 3; s++) {
            model.trainStep(x, t);
        }
        for (int j = 0; j < 4; j++) {
            assertEquals(1.0, bn.gamma().value().get(j), 0.0);
            assertEquals(0.0, bn.beta().value().get(j), 0.0);
        }
        assertNotEquals(0.0, TestSupport.maxAbsDiff(kernel, first.kernel().value()), "the other layers trained");
        assertNotEquals(0.0, bn.runningMean().get(0), "the running statistics are a separate switch");
        assertTrue(bn.gamma().grad().get(0) != 0, "gradients are still computed; the optimizer skips them");

        bn.setTrainable(true);
        model.trainStep(x, t);
        assertNotEquals(1.0, bn.gamma().value().get(0));
    }

    // ------------------------------------------------------------------ bad input

    @Test
    void aTrainingBatchOfOneRowIsAnError() {
        BatchNormalization bn = built(3, DType.F64);
        assertMessage(IllegalArgumentException.class, () -> bn.forward(Matrix.zeros(DType.F64, 1, 3), Mode.TRAIN),
                "bn", "TRAIN", "at least 2 rows", "received: 1");
        // inference on a single row is fine
        assertEquals(1, bn.forward(Matrix.zeros(DType.F64, 1, 3), Mode.INFERENCE).rows());
    }

    @ParameterizedTest
    @ValueSource(doubles = {1.0, -0.1, 1.5, Double.NaN})
    void badMomentum(double bad) {
        assertMessage(IllegalArgumentException.class, () -> new BatchNormalization(4, bad, 1e-3),
                "momentum", "[0.0, 1.0)", "received: " + bad);
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1e-3, Double.NaN, Double.POSITIVE_INFINITY})
    void badEpsilon(double bad) {
        assertMessage(IllegalArgumentException.class, () -> new BatchNormalization(4, 0.99, bad),
                "epsilon", "> 0", "received: " + bad);
    }

    @Test
    void badFeaturesAndColumns() {
        assertMessage(IllegalArgumentException.class, () -> new BatchNormalization(0), "features", "received: 0");
        BatchNormalization bn = built(4, DType.F64);
        assertMessage(IllegalArgumentException.class, () -> bn.outputSize(5), "BatchNormalization(4)", "expects 4 columns, got 5");
        assertEquals(4, bn.outputSize(4));
        assertMessage(IllegalArgumentException.class, () -> bn.forward(Matrix.zeros(DType.F64, 3, 5), Mode.TRAIN),
                "expects 4 columns, got 5");
        assertMessage(IllegalArgumentException.class,
                () -> new Sequential(DType.F64, 1, new Dense(3, 5), new BatchNormalization(4)), "expects 4 columns, got 5");
        assertEquals(List.of(bn.gamma(), bn.beta()), bn.parameters());
    }

    // ------------------------------------------------------------------ the F32 vector passes

    private static void assertSameBits(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.get(i)), Double.doubleToLongBits(actual.get(i)),
                    what + ": element " + i + " is " + actual.get(i) + ", expected " + expected.get(i));
        }
    }

    /**
     * The F32 layer (which runs {@link BatchNormKernelF32} when the Vector API is present, as
     * under surefire) gives the bits of its readable float loops, called directly here, with the
     * running statistics and the gradients accumulated as the layer's javadoc says, on feature
     * counts that exercise the vector blocks of columns (8 or 16) and the scalar tail, over two
     * steps (the second with updated γ and β): Y, dX, dγ, dβ and the running statistics.
     */
    @Test
    void f32VectorPassesEqualTheScalarLoopsBitForBit() {
        for (int n : new int[] {1, 3, 8, 15, 16, 17, 33, 500, 503}) {
            for (int m : new int[] {2, 7, 128}) {
                BatchNormalization fast = built(n, DType.F32);
                double momentum = fast.momentum();
                float[] runningMean = new float[n], runningVariance = new float[n], dGamma = new float[n], dBeta = new float[n];
                java.util.Arrays.fill(runningVariance, 1f);
                double[] mean = new double[n], variance = new double[n], invStd = new double[n];
                double[] sumDy = new double[n], sumDyXHat = new double[n], coef = new double[n];
                for (int step = 0; step < 2; step++) {
                    long seed = 1000L * n + 10L * m + step;
                    randomizeGammaBeta(fast, seed);
                    Matrix gamma = TestSupport.uniform(DType.F32, 1, n, 0.5, 1.5, seed);
                    Matrix beta = TestSupport.uniform(DType.F32, 1, n, -1, 1, seed + 1);
                    Matrix x = TestSupport.uniform(DType.F32, m, n, -3, 5, seed + 2);
                    Matrix dy = TestSupport.uniform(DType.F32, m, n, -1, 1, seed + 3);
                    String what = n + " features, " + m + " rows, step " + step;

                    Matrix xHat = Matrix.zeros(DType.F32, m, n), y = Matrix.zeros(DType.F32, m, n);
                    Matrix dx = Matrix.zeros(DType.F32, m, n);
                    BatchNormalization.trainForward(x.floats(), m, n, gamma.floats(), beta.floats(), fast.epsilon(),
                            mean, variance, invStd, xHat.floats(), y.floats());
                    for (int j = 0; j < n; j++) {   // running ← momentum·running + (1 − momentum)·statistic, stored as float
                        runningMean[j] = (float) (momentum * runningMean[j] + (1 - momentum) * mean[j]);
                        runningVariance[j] = (float) (momentum * runningVariance[j] + (1 - momentum) * variance[j]);
                    }
                    BatchNormalization.gradientSums(dy.floats(), xHat.floats(), m, n, sumDy, sumDyXHat);
                    for (int j = 0; j < n; j++) {   // dβ += Σ dY, dγ += Σ dY ⊙ x̂, stored as float
                        dBeta[j] = (float) (dBeta[j] + sumDy[j]);
                        dGamma[j] = (float) (dGamma[j] + sumDyXHat[j]);
                    }
                    BatchNormalization.inputGradient(dy.floats(), xHat.floats(), m, n, gamma.floats(), invStd,
                            sumDy, sumDyXHat, coef, dx.floats());

                    assertSameBits(y, fast.forward(x, Mode.TRAIN), "Y, " + what);
                    assertSameBits(dx, fast.backward(dy), "dX, " + what);
                    assertSameBits(Matrix.of(DType.F32, 1, n, toDoubles(dGamma)), fast.gamma().grad(), "dγ, " + what);
                    assertSameBits(Matrix.of(DType.F32, 1, n, toDoubles(dBeta)), fast.beta().grad(), "dβ, " + what);
                    assertSameBits(Matrix.of(DType.F32, 1, n, toDoubles(runningMean)), fast.runningMean(), "running mean, " + what);
                    assertSameBits(Matrix.of(DType.F32, 1, n, toDoubles(runningVariance)), fast.runningVariance(),
                            "running variance, " + what);
                }
            }
        }
    }

    private static double[] toDoubles(float[] x) {
        double[] d = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            d[i] = x[i];
        }
        return d;
    }

    /**
     * The F32 and F64 loops are twins written once per dtype, held together here on the same
     * float inputs: the statistics are sums of exactly widened floats in the same order, so μ, σ²,
     * invStd and Σ dY are equal to the last bit and the float x̂ is the double x̂ rounded once;
     * Y, Σ dY⊙x̂ and dX differ by float rounding only (Y: within 2⁻²² of max(|γ·x̂|, |β|) plus
     * 2⁻²² absolute; Σ dY⊙x̂: within m·2⁻²³ of Σ|dY|; dX: relative 1e-5 of the largest |dX| of the
     * column plus the carried error of Σ dY⊙x̂), far less than a changed term would move them.
     */
    @Test
    void theF32AndF64LoopsAreTwins() {
        for (int n : new int[] {1, 17, 500}) {
            for (int m : new int[] {2, 128}) {
                long seed = 77L * n + m;
                Matrix x32 = TestSupport.uniform(DType.F32, m, n, -3, 5, seed);
                Matrix dy32 = TestSupport.uniform(DType.F32, m, n, -1, 1, seed + 1);
                Matrix g32 = TestSupport.uniform(DType.F32, 1, n, 0.5, 1.5, seed + 2);
                Matrix b32 = TestSupport.uniform(DType.F32, 1, n, -1, 1, seed + 3);
                Matrix x64 = x32.to(DType.F64), dy64 = dy32.to(DType.F64);
                Matrix g64 = g32.to(DType.F64), b64 = b32.to(DType.F64);
                double[][] s32 = new double[6][n], s64 = new double[6][n];   // mean, variance, invStd, sumDy, sumDyXHat, coef
                float[] xh32 = new float[m * n], y32 = new float[m * n], dx32 = new float[m * n];
                double[] xh64 = new double[m * n], y64 = new double[m * n], dx64 = new double[m * n];
                BatchNormalization.trainForward(x32.floats(), m, n, g32.floats(), b32.floats(), 1e-3, s32[0], s32[1], s32[2], xh32, y32);
                BatchNormalization.trainForward(x64.doubles(), m, n, g64.doubles(), b64.doubles(), 1e-3, s64[0], s64[1], s64[2], xh64, y64);
                BatchNormalization.gradientSums(dy32.floats(), xh32, m, n, s32[3], s32[4]);
                BatchNormalization.gradientSums(dy64.doubles(), xh64, m, n, s64[3], s64[4]);
                BatchNormalization.inputGradient(dy32.floats(), xh32, m, n, g32.floats(), s32[2], s32[3], s32[4], s32[5], dx32);
                BatchNormalization.inputGradient(dy64.doubles(), xh64, m, n, g64.doubles(), s64[2], s64[3], s64[4], s64[5], dx64);
                String what = n + " features, " + m + " rows";
                for (int q = 0; q < 4; q++) {
                    for (int j = 0; j < n; j++) {
                        assertEquals(Double.doubleToLongBits(s64[q][j]), Double.doubleToLongBits(s32[q][j]),
                                "statistic " + q + " (μ, σ², invStd, Σ dY) of column " + j + ", " + what);
                    }
                }
                double[] absDy = new double[n], maxDx = new double[n];
                for (int k = 0; k < m * n; k++) {
                    absDy[k % n] += Math.abs(dy32.floats()[k]);
                    maxDx[k % n] = Math.max(maxDx[k % n], Math.abs(dx64[k]));
                }
                for (int j = 0; j < n; j++) {
                    assertEquals(s64[4][j], s32[4][j], m * 0x1p-23 * absDy[j], "Σ dY⊙x̂ of column " + j + ", " + what);
                }
                for (int k = 0; k < m * n; k++) {
                    int j = k % n;
                    assertEquals(Float.floatToRawIntBits((float) xh64[k]), Float.floatToRawIntBits(xh32[k]), "x̂[" + k + "], " + what);
                    double yScale = Math.max(Math.abs(g64.doubles()[j] * xh64[k]), Math.abs(b64.doubles()[j]));
                    assertEquals(y64[k], y32[k], 0x1p-22 * yScale + 0x1p-22, "Y[" + k + "], " + what);
                    double carried = g64.doubles()[j] * s64[2][j] / m * Math.abs(xh64[k]) * m * 0x1p-23 * absDy[j];
                    assertEquals(dx64[k], dx32[k], 1e-5 * maxDx[j] + carried + 1e-12, "dX[" + k + "], " + what);
                }
            }
        }
    }
}
