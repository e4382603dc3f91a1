package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Every kernel of {@link OpsKernelF32} against the {@link OpsF32} loop it replaces, called
 * directly, bit for bit: on lengths around the vector widths and the blocks of P partial sums
 * (so the vector body and the tail both run), with exact zeros of both signs, NaN and
 * infinities among the inputs. ({@code FastPathsTest} checks the same ops through {@link Ops}
 * against loops written in the test.)
 */
class OpsKernelF32Test {
    private static final int[] LENGTHS = {0, 1, 3, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 250, 1001, 4099};
    private static final int[] WIDTHS = {1, 15, 16, 17, 500, 1001};

    @BeforeEach
    void needsTheModule() {
        Assumptions.assumeTrue(Kernels.vectorModulePresent(), "the kernels need jdk.incubator.vector");
    }

    /** Gaussian values, with ±0 at every 5th, NaN at every 37th and ±∞ at every 41st element. */
    private static float[] values(int n, Rng rng, boolean specials) {
        float[] x = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) rng.nextGaussian();
            if (specials && i % 5 == 0) {
                x[i] = i % 10 == 0 ? 0f : -0f;
            } else if (specials && i % 37 == 36) {
                x[i] = Float.NaN;
            } else if (specials && i % 41 == 40) {
                x[i] = i % 2 == 0 ? Float.POSITIVE_INFINITY : Float.NEGATIVE_INFINITY;
            }
        }
        return x;
    }

    private static void assertSameBits(float[] expected, float[] actual, String what) {
        assertEquals(expected.length, actual.length, what + ": length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    what + ": element " + i + " is " + actual[i] + ", expected " + expected[i]);
        }
    }

    private static void assertSameBits(double expected, double actual, String what) {
        assertEquals(Double.doubleToRawLongBits(expected), Double.doubleToRawLongBits(actual),
                what + ": " + actual + ", expected " + expected);
    }

    @Test
    void elementWiseKernelsEqualTheirLoops() {
        Rng rng = new Rng(41);
        for (int n : LENGTHS) {
            float[] x = values(n, rng, true), dy = values(n, rng, true), b = values(n, rng, false);
            float[] loop = new float[n], kernel = new float[n];
            OpsF32.relu(x, loop, n);
            OpsKernelF32.relu(x, kernel, n);
            assertSameBits(loop, kernel, "relu, n = " + n);
            OpsF32.reluBackward(x, dy, loop, n);
            OpsKernelF32.reluBackward(x, dy, kernel, n);
            assertSameBits(loop, kernel, "reluBackward, n = " + n);
            OpsF32.elementMultScaled(x, b, 4f / 3f, loop, n);
            OpsKernelF32.elementMultScaled(x, b, 4f / 3f, kernel, n);
            assertSameBits(loop, kernel, "elementMultScaled, n = " + n);
        }
    }

    @Test
    void broadcastAndColumnSumKernelsEqualTheirLoops() {
        Rng rng = new Rng(42);
        for (int cols : WIDTHS) {
            for (int m : new int[] {1, 3, 128}) {
                float[] z = values(m * cols, rng, false), b = values(cols, rng, false);
                float[] zLoop = z.clone(), zKernel = z.clone();
                OpsF32.addRowVector(zLoop, b, m, cols);
                OpsKernelF32.addRowVector(zKernel, b, m, cols);
                assertSameBits(zLoop, zKernel, "addRowVector " + m + "×" + cols);
                float[] outLoop = b.clone(), outKernel = b.clone();
                OpsF32.sumRowsAdd(z, outLoop, m, cols);
                OpsKernelF32.sumRowsAdd(z, outKernel, m, cols);
                assertSameBits(outLoop, outKernel, "sumRowsAdd " + m + "×" + cols);
            }
        }
    }

    @Test
    void reductionAndPenaltyKernelsEqualTheirLoops() {
        Rng rng = new Rng(43);
        for (int n : LENGTHS) {
            float[] x = values(n, rng, false);
            for (int i = 0; i < n; i += 5) {
                x[i] = i % 10 == 0 ? 0f : -0f;
            }
            float[] g = values(n, rng, false);
            String what = "n = " + n;
            assertSameBits(OpsF32.sumSquares(x, n), OpsKernelF32.sumSquares(x, n), "Σx², " + what);
            assertSameBits(OpsF32.sumAbs(x, n), OpsKernelF32.sumAbs(x, n), "Σ|x|, " + what);
            float[] yLoop = g.clone(), yKernel = g.clone();
            assertSameBits(OpsF32.sumSquaresAddScaled(x, 7.4e-4f, yLoop, n),
                    OpsKernelF32.sumSquaresAddScaled(x, 7.4e-4f, yKernel, n), "Σx² of the L2 pass, " + what);
            assertSameBits(yLoop, yKernel, "y += a·x, " + what);
            yLoop = g.clone();
            yKernel = g.clone();
            assertSameBits(OpsF32.sumAbsAddScaledSign(x, 3.7e-4f, yLoop, n),
                    OpsKernelF32.sumAbsAddScaledSign(x, 3.7e-4f, yKernel, n), "Σ|x| of the L1 pass, " + what);
            assertSameBits(yLoop, yKernel, "y += a·sign(x), " + what);
        }
    }
}
