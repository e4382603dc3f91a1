package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regula.core.DType;
import dev.regula.core.Kernels;
import dev.regula.core.Matrix;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNormKernelF32} against {@link BatchNormalization}'s float loops, pass by pass, bit
 * for bit: the kernel does the loops' operations in the loops' order, so every output must be
 * equal to the last bit (the statistics μ, σ², invStd; x̂ and Y; Σ dY and Σ dY⊙x̂; γ·invStd/m and
 * dX), on feature counts that exercise the vector blocks of columns (8 or 16) and the scalar tail,
 * and on scratch arrays that start dirty (each pass must overwrite, not add to, what it owns).
 */
class BatchNormKernelF32Test {
    private static void assertSameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
                    what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    private static double[] dirty(int n) {
        double[] d = new double[n];
        java.util.Arrays.fill(d, 12345.0);
        return d;
    }

    @Test
    void theKernelEqualsTheLoopsBitForBit() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernel needs jdk.incubator.vector");
        for (int n : new int[] {1, 3, 8, 15, 16, 17, 33, 500, 503}) {
            for (int m : new int[] {2, 7, 128}) {
                long seed = 1000L * n + 10L * m;
                float[] x = TestSupport.uniform(DType.F32, m, n, -3, 5, seed).floats();
                float[] dy = TestSupport.uniform(DType.F32, m, n, -1, 1, seed + 1).floats();
                float[] gamma = TestSupport.uniform(DType.F32, 1, n, 0.5, 1.5, seed + 2).floats();
                float[] beta = TestSupport.uniform(DType.F32, 1, n, -1, 1, seed + 3).floats();
                String what = n + " features, " + m + " rows";

                double[][] loop = {dirty(n), dirty(n), dirty(n), dirty(n), dirty(n), dirty(n)};
                double[][] kernel = {dirty(n), dirty(n), dirty(n), dirty(n), dirty(n), dirty(n)};
                float[] xHatLoop = new float[m * n], yLoop = new float[m * n], dxLoop = new float[m * n];
                float[] xHatKernel = new float[m * n], yKernel = new float[m * n], dxKernel = new float[m * n];

                BatchNormalization.trainForward(x, m, n, gamma, beta, 1e-3, loop[0], loop[1], loop[2], xHatLoop, yLoop);
                BatchNormKernelF32.trainForward(x, m, n, gamma, beta, 1e-3, kernel[0], kernel[1], kernel[2], xHatKernel, yKernel);
                assertSameBits(loop[0], kernel[0], "μ, " + what);
                assertSameBits(loop[1], kernel[1], "σ², " + what);
                assertSameBits(loop[2], kernel[2], "invStd, " + what);
                assertSameBits(xHatLoop, xHatKernel, "x̂, " + what);
                assertSameBits(yLoop, yKernel, "Y, " + what);

                BatchNormalization.gradientSums(dy, xHatLoop, m, n, loop[3], loop[4]);
                BatchNormKernelF32.gradientSums(dy, xHatLoop, m, n, kernel[3], kernel[4]);
                assertSameBits(loop[3], kernel[3], "Σ dY, " + what);
                assertSameBits(loop[4], kernel[4], "Σ dY⊙x̂, " + what);

                BatchNormalization.inputGradient(dy, xHatLoop, m, n, gamma, loop[2], loop[3], loop[4], loop[5], dxLoop);
                BatchNormKernelF32.inputGradient(dy, xHatLoop, m, n, gamma, loop[2], loop[3], loop[4], kernel[5], dxKernel);
                assertSameBits(loop[5], kernel[5], "γ·invStd/m, " + what);
                assertSameBits(dxLoop, dxKernel, "dX, " + what);
            }
        }
    }

    /** The kernel reads X only up to m·n: the layer's buffers can be longer than the batch. */
    @Test
    void theKernelReadsOnlyTheBatch() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernel needs jdk.incubator.vector");
        int m = 3, n = 17;
        Matrix x = TestSupport.uniform(DType.F32, m, n, -3, 5, 5);
        float[] longer = java.util.Arrays.copyOf(x.floats(), m * n + 40);
        java.util.Arrays.fill(longer, m * n, longer.length, Float.NaN);
        float[] gamma = new float[n], beta = new float[n];
        java.util.Arrays.fill(gamma, 1f);
        double[] mean = new double[n], variance = new double[n], invStd = new double[n];
        float[] xHat = new float[longer.length], y = new float[longer.length];
        BatchNormKernelF32.trainForward(longer, m, n, gamma, beta, 1e-3, mean, variance, invStd, xHat, y);
        for (int k = 0; k < m * n; k++) {
            assertEquals(false, Float.isNaN(y[k]), "Y[" + k + "] must not see the NaNs past the batch");
        }
    }

    /**
     * The entry points the earlier test does not reach: the fused {@code backward} (the sums and dX
     * a strip at a time) against {@code gradientSums} then {@code inputGradient}, and
     * {@code inferenceForward}, against the loops, bit for bit, on feature counts around the strip
     * width (32 columns with AVX-512: fewer run the loops, and the last strip overlaps the one
     * before it) and on scratch arrays that start dirty.
     */
    @Test
    void theFusedBackwardAndTheInferencePassEqualTheLoopsBitForBit() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernel needs jdk.incubator.vector");
        int w = BatchNormKernelF32.W;
        for (int n : new int[] {1, w - 1, w, w + 1, 2 * w - 1, 2 * w, 2 * w + 5, 100, 500}) {
            for (int m : new int[] {2, 5, 128}) {
                long seed = 7000L * n + 10L * m;
                float[] x = TestSupport.uniform(DType.F32, m, n, -3, 5, seed).floats();
                float[] dy = TestSupport.uniform(DType.F32, m, n, -1, 1, seed + 1).floats();
                float[] gamma = TestSupport.uniform(DType.F32, 1, n, 0.5, 1.5, seed + 2).floats();
                float[] beta = TestSupport.uniform(DType.F32, 1, n, -1, 1, seed + 3).floats();
                float[] runningMean = TestSupport.uniform(DType.F32, 1, n, -1, 1, seed + 4).floats();
                double[] scale = TestSupport.uniform(DType.F64, 1, n, 0.2, 2, seed + 5).doubles();
                String what = n + " features, " + m + " rows";

                double[] mean = new double[n], variance = new double[n], invStd = new double[n];
                float[] xHat = new float[m * n], y = new float[m * n];
                BatchNormalization.trainForward(x, m, n, gamma, beta, 1e-3, mean, variance, invStd, xHat, y);
                double[] sumDy = dirty(n), sumDyXHat = dirty(n), coef = dirty(n);
                float[] dx = new float[m * n];
                BatchNormalization.gradientSums(dy, xHat, m, n, sumDy, sumDyXHat);
                BatchNormalization.inputGradient(dy, xHat, m, n, gamma, invStd, sumDy, sumDyXHat, coef, dx);
                double[] kSumDy = dirty(n), kSumDyXHat = dirty(n), kCoef = dirty(n);
                float[] kDx = new float[m * n];
                BatchNormKernelF32.backward(dy, xHat, m, n, gamma, invStd, kSumDy, kSumDyXHat, kCoef, kDx);
                assertSameBits(sumDy, kSumDy, "Σ dY (fused), " + what);
                assertSameBits(sumDyXHat, kSumDyXHat, "Σ dY⊙x̂ (fused), " + what);
                assertSameBits(coef, kCoef, "γ·invStd/m (fused), " + what);
                assertSameBits(dx, kDx, "dX (fused), " + what);

                float[] yInference = new float[m * n], kYInference = new float[m * n];
                BatchNormalization.inferenceForward(x, m, n, runningMean, scale, beta, yInference);
                BatchNormKernelF32.inferenceForward(x, m, n, runningMean, scale, beta, kYInference);
                assertSameBits(yInference, kYInference, "Y (inference), " + what);
            }
        }
    }
}
