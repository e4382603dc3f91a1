package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regula.core.DType;
import dev.regula.core.Kernels;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * {@link BatchNormKernelF64} against {@link BatchNormalization}'s double loops, bit for bit, as
 * {@code BatchNormKernelF32Test} does for the float ones: every pass (the statistics, x̂ and Y; the
 * sums and dX, separately and fused; the inference pass), on feature counts around the strip width
 * (fewer columns run the loops; the last strip overlaps the one before it), with dirty scratch.
 */
class BatchNormKernelF64Test {
    private static void assertSameBits(double[] expected, double[] actual, String what) {
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Double.doubleToLongBits(expected[i]), Double.doubleToLongBits(actual[i]),
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
        int w = BatchNormKernelF64.W;
        for (int n : new int[] {1, 3, w - 1, w, w + 1, 2 * w - 1, 2 * w, 2 * w + 5, 100, 500, 503}) {
            for (int m : new int[] {2, 7, 128}) {
                long seed = 3000L * n + 10L * m;
                double[] x = TestSupport.uniform(DType.F64, m, n, -3, 5, seed).doubles();
                double[] dy = TestSupport.uniform(DType.F64, m, n, -1, 1, seed + 1).doubles();
                double[] gamma = TestSupport.uniform(DType.F64, 1, n, 0.5, 1.5, seed + 2).doubles();
                double[] beta = TestSupport.uniform(DType.F64, 1, n, -1, 1, seed + 3).doubles();
                double[] runningMean = TestSupport.uniform(DType.F64, 1, n, -1, 1, seed + 4).doubles();
                double[] scale = TestSupport.uniform(DType.F64, 1, n, 0.2, 2, seed + 5).doubles();
                String what = n + " features, " + m + " rows";

                double[][] loop = {dirty(n), dirty(n), dirty(n), dirty(n), dirty(n), dirty(n)};
                double[][] kernel = {dirty(n), dirty(n), dirty(n), dirty(n), dirty(n), dirty(n)};
                double[] xHat = new double[m * n], y = new double[m * n], dx = new double[m * n];
                double[] kXHat = new double[m * n], kY = new double[m * n], kDx = new double[m * n];

                BatchNormalization.trainForward(x, m, n, gamma, beta, 1e-3, loop[0], loop[1], loop[2], xHat, y);
                BatchNormKernelF64.trainForward(x, m, n, gamma, beta, 1e-3, kernel[0], kernel[1], kernel[2], kXHat, kY);
                assertSameBits(loop[0], kernel[0], "μ, " + what);
                assertSameBits(loop[1], kernel[1], "σ², " + what);
                assertSameBits(loop[2], kernel[2], "invStd, " + what);
                assertSameBits(xHat, kXHat, "x̂, " + what);
                assertSameBits(y, kY, "Y, " + what);

                BatchNormalization.gradientSums(dy, xHat, m, n, loop[3], loop[4]);
                BatchNormKernelF64.gradientSums(dy, xHat, m, n, kernel[3], kernel[4]);
                assertSameBits(loop[3], kernel[3], "Σ dY, " + what);
                assertSameBits(loop[4], kernel[4], "Σ dY⊙x̂, " + what);

                BatchNormalization.inputGradient(dy, xHat, m, n, gamma, loop[2], loop[3], loop[4], loop[5], dx);
                BatchNormKernelF64.inputGradient(dy, xHat, m, n, gamma, loop[2], loop[3], loop[4], kernel[5], kDx);
                assertSameBits(loop[5], kernel[5], "γ·invStd/m, " + what);
                assertSameBits(dx, kDx, "dX, " + what);

                double[] fSumDy = dirty(n), fSumDyXHat = dirty(n), fCoef = dirty(n), fDx = new double[m * n];
                BatchNormKernelF64.backward(dy, xHat, m, n, gamma, loop[2], fSumDy, fSumDyXHat, fCoef, fDx);
                assertSameBits(loop[3], fSumDy, "Σ dY (fused), " + what);
                assertSameBits(loop[4], fSumDyXHat, "Σ dY⊙x̂ (fused), " + what);
                assertSameBits(loop[5], fCoef, "γ·invStd/m (fused), " + what);
                assertSameBits(dx, fDx, "dX (fused), " + what);

                double[] yInference = new double[m * n], kYInference = new double[m * n];
                BatchNormalization.inferenceForward(x, m, n, runningMean, scale, beta, yInference);
                BatchNormKernelF64.inferenceForward(x, m, n, runningMean, scale, beta, kYInference);
                assertSameBits(yInference, kYInference, "Y (inference), " + what);
            }
        }
    }
}
