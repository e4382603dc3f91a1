package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Kernels;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.core.gemm.TwoThreads;
import dev.regula.nn.Mode;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * A batch large enough to be cut into two halves of the columns ({@link TwoThreads}) gives the
 * loops' bits through the layer: Y and x̂ of the training forward, dX, dγ and dβ of the backward
 * (with and without dX), the running statistics, and Y of the inference forward, in both dtypes,
 * on widths whose halves end inside a strip and at its end.
 */
class BatchNormTwoThreadsTest {

    private static void assertSameBits(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.size(), actual.size(), what);
        for (int i = 0; i < expected.size(); i++) {
            boolean same = expected.dtype() == DType.F32
                    ? Float.floatToRawIntBits(expected.floats()[i]) == Float.floatToRawIntBits(actual.floats()[i])
                    : Double.doubleToRawLongBits(expected.doubles()[i]) == Double.doubleToRawLongBits(actual.doubles()[i]);
            assertTrue(same, what + ": element " + i + " is " + actual.get(i) + ", expected " + expected.get(i));
        }
    }

    /** A double as a matrix of the dtype stores it (rounded to float in F32). */
    private static double stored(DType dtype, double value) {
        return dtype == DType.F32 ? (float) value : value;
    }

    @Test
    void theHalvesGiveTheLoopsBits() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernels need jdk.incubator.vector");
        Assumptions.assumeTrue(TwoThreads.available(), "two threads");
        for (DType dtype : DType.values()) {
            for (int n : new int[] {500, 1024, 77 * 3}) {
                int m = 128;
                assertTrue((long) m * n >= BatchNormalization.TWO_THREADS_MIN, "the batch is cut");
                Matrix x = TestSupport.uniform(dtype, m, n, -3, 5, n);
                Matrix dy = TestSupport.uniform(dtype, m, n, -1, 1, n + 1);
                BatchNormalization layer = new BatchNormalization(n);
                layer.build("bn", dtype, new Rng(1));
                Matrix gamma = layer.parameters().get(0).value(), beta = layer.parameters().get(1).value();
                Matrix g = TestSupport.uniform(dtype, 1, n, 0.5, 1.5, n + 2), b = TestSupport.uniform(dtype, 1, n, -1, 1, n + 3);
                for (int j = 0; j < n; j++) {
                    gamma.set(j, g.get(j));
                    beta.set(j, b.get(j));
                }
                String what = dtype + ", " + n + " features";

                Matrix y = layer.forward(x, Mode.TRAIN).copy();
                Matrix dx = layer.backward(dy).copy();
                double[] mean = new double[n], variance = new double[n], invStd = new double[n];
                double[] sumDy = new double[n], sumDyXHat = new double[n], coef = new double[n];
                Matrix xHatLoop = Matrix.zeros(dtype, m, n), yLoop = Matrix.zeros(dtype, m, n), dxLoop = Matrix.zeros(dtype, m, n);
                if (dtype == DType.F32) {
                    BatchNormalization.trainForward(x.floats(), m, n, g.floats(), b.floats(), 1e-3, mean, variance, invStd,
                            xHatLoop.floats(), yLoop.floats());
                    BatchNormalization.gradientSums(dy.floats(), xHatLoop.floats(), m, n, sumDy, sumDyXHat);
                    BatchNormalization.inputGradient(dy.floats(), xHatLoop.floats(), m, n, g.floats(), invStd, sumDy,
                            sumDyXHat, coef, dxLoop.floats());
                } else {
                    BatchNormalization.trainForward(x.doubles(), m, n, g.doubles(), b.doubles(), 1e-3, mean, variance, invStd,
                            xHatLoop.doubles(), yLoop.doubles());
                    BatchNormalization.gradientSums(dy.doubles(), xHatLoop.doubles(), m, n, sumDy, sumDyXHat);
                    BatchNormalization.inputGradient(dy.doubles(), xHatLoop.doubles(), m, n, g.doubles(), invStd, sumDy,
                            sumDyXHat, coef, dxLoop.doubles());
                }
                assertSameBits(yLoop, y, "Y, " + what);
                assertSameBits(dxLoop, dx, "dX, " + what);
                for (int j = 0; j < n; j++) {                  // the F32 layer stores its gradients and statistics as floats
                    assertEquals(stored(dtype, sumDy[j]), layer.parameters().get(1).grad().get(j), 0.0, "dβ, " + what);
                    assertEquals(stored(dtype, sumDyXHat[j]), layer.parameters().get(0).grad().get(j), 0.0, "dγ, " + what);
                    assertEquals(stored(dtype, 0.99 * 1.0 + (1 - 0.99) * variance[j]), layer.runningVariance().get(j), 0.0,
                            "running σ², " + what);
                }

                layer.setInputGradientNeeded(false);           // the sums alone
                layer.parameters().forEach(p -> p.grad().fill(0.0));
                layer.forward(x, Mode.TRAIN);
                layer.backward(dy);
                for (int j = 0; j < n; j++) {
                    assertEquals(stored(dtype, sumDy[j]), layer.parameters().get(1).grad().get(j), 0.0,
                            "dβ without dX, " + what);
                }

                Matrix yInference = layer.forward(x, Mode.INFERENCE);
                double[] scale = new double[n];
                for (int j = 0; j < n; j++) {
                    scale[j] = gamma.get(j) / Math.sqrt(layer.runningVariance().get(j) + 1e-3);
                }
                Matrix yInferenceLoop = Matrix.zeros(dtype, m, n);
                if (dtype == DType.F32) {
                    BatchNormalization.inferenceForward(x.floats(), m, n, layer.runningMean().floats(), scale, b.floats(),
                            yInferenceLoop.floats());
                } else {
                    BatchNormalization.inferenceForward(x.doubles(), m, n, layer.runningMean().doubles(), scale, b.doubles(),
                            yInferenceLoop.doubles());
                }
                assertSameBits(yInferenceLoop, yInference, "inference Y, " + what);
            }
        }
    }
}
