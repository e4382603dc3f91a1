package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast paths of {@link Ops} (the Vector API loops of {@code OpsKernelF32} when the module is
 * present, as under surefire) against direct loops written here: the bias broadcast and the
 * column sums must give the same bits as the textbook loops, on widths that exercise
 * the vectorized body and the scalar tail (1, 15, 16, 17, 500, 1001 columns for 16-float vectors).
 * (The Adam step, which was here, is {@code dev.regula.nn.AdamKernelF32Test} now.)
 */
class FastPathsTest {
    private static final int[] WIDTHS = {1, 15, 16, 17, 500, 1001};

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextGaussian());
        }
        return x;
    }

    private static void assertSameBits(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.get(i)), Double.doubleToLongBits(actual.get(i)),
                    what + ": element " + i + " is " + actual.get(i) + ", expected " + expected.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void addRowVectorEqualsTheLoopBitForBit(DType dtype) {
        Rng rng = new Rng(11);
        for (int cols : WIDTHS) {
            for (int rows : new int[] {1, 3, 128}) {
                Matrix z = random(dtype, rows, cols, rng);
                Matrix b = random(dtype, 1, cols, rng);
                Matrix expected = z.copy();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        // Z[i, j] + b[j], rounded to the dtype (F32: the float sum).
                        double sum = dtype == DType.F32 ? (float) z.get(i, j) + (float) b.get(0, j) : z.get(i, j) + b.get(0, j);
                        expected.set(i, j, sum);
                    }
                }
                Ops.addRowVector(z, b);
                assertSameBits(expected, z, dtype + " addRowVector " + rows + "×" + cols);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumRowsAddEqualsTheLoopBitForBit(DType dtype) {
        Rng rng = new Rng(12);
        for (int cols : WIDTHS) {
            for (int rows : new int[] {1, 3, 128}) {
                Matrix x = random(dtype, rows, cols, rng);
                Matrix out = random(dtype, 1, cols, rng);
                Matrix expected = out.copy();
                for (int j = 0; j < cols; j++) {
                    // out[j] + X[0, j] + X[1, j] + ..., rows in order, each sum rounded to the dtype.
                    if (dtype == DType.F32) {
                        float s = (float) out.get(j);
                        for (int i = 0; i < rows; i++) {
                            s += (float) x.get(i, j);
                        }
                        expected.set(j, s);
                    } else {
                        double s = out.get(j);
                        for (int i = 0; i < rows; i++) {
                            s += x.get(i, j);
                        }
                        expected.set(j, s);
                    }
                }
                Ops.sumRowsAdd(x, out);
                assertSameBits(expected, out, dtype + " sumRowsAdd " + rows + "×" + cols);
            }
        }
    }

    // ---------------------------------------------------------------- reductions and penalty passes

    /** Lengths around the blocks of P = 16 or 32 elements of the reductions and the vector widths. */
    private static final int[] LENGTHS = {0, 1, 3, 4, 7, 8, 15, 16, 17, 31, 32, 33, 63, 64, 65, 250, 1001, 4099};

    /**
     * Σ x² and Σ |x| of F32 by their definition ({@code OpsF32.partialSums}), written here: over
     * the full blocks of P elements, element i added in double into partial sum i mod P; the
     * four quarters of the P sums added lane by lane, those P/4 sums pairwise; then the tail in
     * order.
     */
    private static double definedSum(float[] x, boolean squares, int p) {
        double[] s = new double[p];
        int full = x.length - x.length % p;
        for (int i = 0; i < full; i++) {
            s[i % p] += squares ? (double) x[i] * x[i] : Math.abs((double) x[i]);
        }
        int h = p / 4;
        double[] t = new double[h];                             // the quarters, lane by lane
        for (int j = 0; j < h; j++) {
            t[j] = (s[j] + s[j + h]) + (s[j + 2 * h] + s[j + 3 * h]);
        }
        for (int width = 1; width < h; width *= 2) {           // pairwise: (t0+t1), (t2+t3), ...
            for (int i = 0; i < h; i += 2 * width) {
                t[i] = t[i] + t[i + width];
            }
        }
        double sum = t[0];
        for (int i = full; i < x.length; i++) {
            sum += squares ? (double) x[i] * x[i] : Math.abs((double) x[i]);
        }
        return sum;
    }

    private static Matrix withZeros(DType dtype, int n, Rng rng) {
        Matrix x = random(dtype, 1, n, rng);
        for (int i = 0; i < n; i += 5) {
            x.set(i, i % 10 == 0 ? 0.0 : -0.0);                 // ±0: sign(±0) = ±0
        }
        return x;
    }

    @org.junit.jupiter.api.Test
    void f32SumsFollowTheirDefinitionBitForBit() {
        Rng rng = new Rng(14);
        int p = OpsF32.partialSums();
        for (int n : LENGTHS) {
            Matrix x = withZeros(DType.F32, n, rng);
            float[] xs = java.util.Arrays.copyOf(x.floats(), n);
            long squares = Double.doubleToLongBits(definedSum(xs, true, p));
            long abs = Double.doubleToLongBits(definedSum(xs, false, p));
            assertEquals(squares, Double.doubleToLongBits(Ops.sumSquares(x)), "Σx², n = " + n);
            assertEquals(abs, Double.doubleToLongBits(Ops.sumAbs(x)), "Σ|x|, n = " + n);
            // the scalar loops (used without the Vector API) are the same definition, for any P
            assertEquals(squares, Double.doubleToLongBits(OpsF32.sumSquaresAddScaledScalar(x.floats(), 0f, null, n, p)),
                    "scalar Σx², n = " + n);
            assertEquals(abs, Double.doubleToLongBits(OpsF32.sumAbsAddScaledSignScalar(x.floats(), 0f, null, n, p)),
                    "scalar Σ|x|, n = " + n);
            assertEquals(Double.doubleToLongBits(definedSum(xs, true, 16)),
                    Double.doubleToLongBits(OpsF32.sumSquaresAddScaledScalar(x.floats(), 0f, null, n, 16)),
                    "scalar Σx² with P = 16, n = " + n);
        }
    }

    /**
     * Against a plain double sum in index order, the P partial sums differ only by double
     * rounding: each of n terms ≥ 0 is exact, and a double sum of n non-negative terms is within
     * n·2⁻⁵³ relative of the exact one whatever the order, so the two are within 2·n·2⁻⁵³.
     */
    @org.junit.jupiter.api.Test
    void f32SumsAgreeWithTheSequentialDoubleSum() {
        Rng rng = new Rng(15);
        int n = 100_003;
        Matrix x = random(DType.F32, 1, n, rng);
        double squares = 0, abs = 0;
        for (int i = 0; i < n; i++) {
            squares += (double) x.floats()[i] * x.floats()[i];
            abs += Math.abs(x.floats()[i]);
        }
        assertEquals(squares, Ops.sumSquares(x), squares * 2.0 * n * 0x1p-53);
        assertEquals(abs, Ops.sumAbs(x), abs * 2.0 * n * 0x1p-53);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void fusedPenaltyPassesEqualTheirSeparateOpsBitForBit(DType dtype) {
        Rng rng = new Rng(16);
        for (int n : LENGTHS) {
            Matrix x = withZeros(dtype, n, rng);
            Matrix g = random(dtype, 1, n, rng);
            double alpha = 2 * 3.7e-4;
            // L2: G += α·X and Σx², against addScaled and sumSquares
            Matrix expected = g.copy();
            Ops.addScaled(x, alpha, expected);
            Matrix actual = g.copy();
            double sum = Ops.sumSquaresAddScaled(x, alpha, actual);
            assertSameBits(expected, actual, dtype + " G += αX, n = " + n);
            assertEquals(Double.doubleToLongBits(Ops.sumSquares(x)), Double.doubleToLongBits(sum), dtype + " Σx², n = " + n);
            // L1: G += α·sign(X) and Σ|x|, against the textbook loop in the dtype's arithmetic
            expected = g.copy();
            for (int i = 0; i < n; i++) {
                double step = dtype == DType.F32
                        ? (float) expected.get(i) + (float) alpha * Math.signum((float) x.get(i))
                        : expected.get(i) + alpha * Math.signum(x.get(i));
                expected.set(i, step);
            }
            actual = g.copy();
            sum = Ops.sumAbsAddScaledSign(x, alpha, actual);
            assertSameBits(expected, actual, dtype + " G += α·sign(X), n = " + n);
            assertEquals(Double.doubleToLongBits(Ops.sumAbs(x)), Double.doubleToLongBits(sum), dtype + " Σ|x|, n = " + n);
            if (dtype == DType.F32) {                          // and the scalar fallback
                Matrix scalar = g.copy();
                OpsF32.sumAbsAddScaledSignScalar(x.floats(), (float) alpha, scalar.floats(), n, OpsF32.partialSums());
                assertSameBits(expected, scalar, "scalar G += α·sign(X), n = " + n);
                scalar = g.copy();
                OpsF32.sumSquaresAddScaledScalar(x.floats(), (float) alpha, scalar.floats(), n, OpsF32.partialSums());
                Matrix viaAddScaled = g.copy();
                Ops.addScaled(x, alpha, viaAddScaled);
                assertSameBits(viaAddScaled, scalar, "scalar G += αX, n = " + n);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void elementMultScaledEqualsTheLoopBitForBit(DType dtype) {
        Rng rng = new Rng(17);
        for (int n : LENGTHS) {
            Matrix a = random(dtype, 1, n, rng);
            Matrix b = random(dtype, 1, n, rng);
            double alpha = 1 / 0.75;
            Matrix expected = Matrix.zeros(dtype, 1, n);
            for (int i = 0; i < n; i++) {
                expected.set(i, dtype == DType.F32
                        ? (float) a.get(i) * (float) b.get(i) * (float) alpha     // ((a·b)·α) in float
                        : a.get(i) * b.get(i) * alpha);
            }
            Matrix c = Matrix.zeros(dtype, 0, 0);
            Ops.elementMultScaled(a, b, alpha, c);
            assertSameBits(expected, c, dtype + " (A ⊙ B)·α, n = " + n);
        }
    }
}
