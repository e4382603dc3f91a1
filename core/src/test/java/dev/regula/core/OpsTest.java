package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Ops} in both dtypes against hand-computed values, closed forms and direct loops written
 * here. Small integer and dyadic inputs are exact in F32 and F64, so those results are compared
 * exactly; transcendental results are compared with a tolerance of a few units of the dtype's
 * precision.
 */
class OpsTest {

    /** An absolute tolerance for O(1) results computed in {@code dtype}. */
    private static double tol(DType dtype) {
        return dtype == DType.F32 ? 1e-6 : 1e-14;
    }

    private static Matrix m(DType dtype, int rows, int cols, double... values) {
        return Matrix.of(dtype, rows, cols, values);
    }

    private static void assertMatrix(double[] expected, Matrix actual, double tol, String what) {
        assertEquals(expected.length, actual.size(), what + ": size");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(expected[i], actual.get(i), tol, what + ": element " + i);
        }
    }

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.uniform(-1, 1));
        }
        return x;
    }

    // ---------------------------------------------------------------- GEMM

    @ParameterizedTest
    @EnumSource(DType.class)
    void multOnAHandComputedExample(DType dtype) {
        Matrix a = m(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
        Matrix b = m(dtype, 3, 2, 7, 8, 9, 10, 11, 12);
        Matrix c = Matrix.zeros(dtype, 0, 0);
        Ops.mult(a, b, c);
        // [1 2 3]·[7 9 11]ᵀ = 7+18+33 = 58, [1 2 3]·[8 10 12]ᵀ = 8+20+36 = 64,
        // [4 5 6]·[7 9 11]ᵀ = 28+45+66 = 139, [4 5 6]·[8 10 12]ᵀ = 32+50+72 = 154.
        assertEquals("2×2", c.shape(), "C is reshaped to m×n");
        assertArrayEquals(new double[] {58, 64, 139, 154}, c.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void multTransAOnAHandComputedExample(DType dtype) {
        // A is stored k×m = 3×2, so Aᵀ = [[1 3 5], [2 4 6]].
        Matrix a = m(dtype, 3, 2, 1, 2, 3, 4, 5, 6);
        Matrix b = m(dtype, 3, 2, 1, 0, 0, 1, 1, 1);
        Matrix c = Matrix.zeros(dtype, 5, 5);
        Ops.multTransA(a, b, c);
        // Aᵀ·B: row 0 = [1+5, 3+5] = [6, 8], row 1 = [2+6, 4+6] = [8, 10].
        assertEquals("2×2", c.shape());
        assertArrayEquals(new double[] {6, 8, 8, 10}, c.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void multTransBOnAHandComputedExample(DType dtype) {
        Matrix a = m(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
        // B is stored n×k = 1×3, so A·Bᵀ is 2×1.
        Matrix b = m(dtype, 1, 3, 1, -1, 2);
        Matrix c = Matrix.zeros(dtype, 1, 1);
        Ops.multTransB(a, b, c);
        // 1-2+6 = 5, 4-5+12 = 11.
        assertEquals("2×1", c.shape());
        assertArrayEquals(new double[] {5, 11}, c.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void multAddTransAAccumulates(DType dtype) {
        Matrix a = m(dtype, 3, 2, 1, 2, 3, 4, 5, 6);
        Matrix b = m(dtype, 3, 2, 1, 0, 0, 1, 1, 1);
        Matrix c = m(dtype, 2, 2, 100, 200, 300, 400);
        Ops.multAddTransA(a, b, c);
        assertArrayEquals(new double[] {106, 208, 308, 410}, c.toDoubleArray(), "C += Aᵀ·B");
        Ops.multAddTransA(a, b, c);
        assertArrayEquals(new double[] {112, 216, 316, 420}, c.toDoubleArray(), "a second call adds again");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void multAddTransARequiresCOfTheRightShape(DType dtype) {
        Matrix a = m(dtype, 3, 2, 1, 2, 3, 4, 5, 6);
        Matrix b = m(dtype, 3, 2, 1, 0, 0, 1, 1, 1);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.multAddTransA(a, b, Matrix.zeros(dtype, 2, 3)));
        assertTrue(e.getMessage().contains("2×2") && e.getMessage().contains("2×3"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gemmVariantsMatchADirectLoop(DType dtype) {
        // Odd sizes that are not multiples of any vector width or block, and one larger than
        // the threading threshold (2·m·n·k ≥ 1e6), against the textbook triple loop.
        Rng rng = new Rng(17);
        int[][] shapes = {{1, 1, 1}, {7, 13, 5}, {33, 17, 50}, {130, 70, 90}};
        for (int[] s : shapes) {
            int mm = s[0], k = s[1], n = s[2];
            Matrix a = random(dtype, mm, k, rng);
            Matrix b = random(dtype, k, n, rng);
            Matrix at = transpose(a);
            Matrix bt = transpose(b);
            double[] expected = naive(a, b);
            // Each term is a product of numbers in [-1, 1]; the dot product's rounding error is at
            // most k·u·Σ|terms| ≤ k²·u, u the unit roundoff (2^-24 or 2^-53).
            double t = k * k * (dtype == DType.F32 ? 0x1p-24 : 0x1p-53);
            String shape = mm + "×" + k + "·" + k + "×" + n;
            Matrix c = Matrix.zeros(dtype, 0, 0);
            Ops.mult(a, b, c);
            assertMatrix(expected, c, t, "A·B " + shape);
            Ops.multTransA(at, b, c);
            assertMatrix(expected, c, t, "Aᵀ·B " + shape);
            Ops.multTransB(a, bt, c);
            assertMatrix(expected, c, t, "A·Bᵀ " + shape);
            Matrix acc = Matrix.zeros(dtype, mm, n).fill(1);
            Ops.multAddTransA(at, b, acc);
            double[] plusOne = expected.clone();
            for (int i = 0; i < plusOne.length; i++) {
                plusOne[i] += 1;
            }
            assertMatrix(plusOne, acc, t + tol(dtype), "C += Aᵀ·B " + shape);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gemmShapeMismatchNamesBothShapes(DType dtype) {
        Matrix a = Matrix.zeros(dtype, 2, 3);
        Matrix b = Matrix.zeros(dtype, 4, 5);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.mult(a, b, Matrix.zeros(dtype, 0, 0)));
        assertTrue(e.getMessage().contains("2×3"), e.getMessage());
        assertTrue(e.getMessage().contains("4×5"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Ops.multTransA(a, b, Matrix.zeros(dtype, 0, 0)));
        assertTrue(e2.getMessage().contains("2×3") && e2.getMessage().contains("4×5"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> Ops.multTransB(a, b, Matrix.zeros(dtype, 0, 0)));
        assertTrue(e3.getMessage().contains("2×3") && e3.getMessage().contains("4×5"), e3.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gemmRejectsAliasingAndMixedDTypes(DType dtype) {
        Matrix a = Matrix.zeros(dtype, 2, 2);
        Matrix b = Matrix.zeros(dtype, 2, 2);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Ops.mult(a, b, a));
        assertTrue(e.getMessage().contains("different"), e.getMessage());
        DType other = dtype == DType.F32 ? DType.F64 : DType.F32;
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Ops.mult(a, Matrix.zeros(other, 2, 2), Matrix.zeros(dtype, 2, 2)));
        assertTrue(e2.getMessage().contains("F32") && e2.getMessage().contains("F64"), e2.getMessage());
    }

    // ---------------------------------------------------------------- broadcast and reductions

    @ParameterizedTest
    @EnumSource(DType.class)
    void addRowVectorAddsToEveryRow(DType dtype) {
        Matrix z = m(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
        Ops.addRowVector(z, m(dtype, 1, 3, 10, 20, 30));
        assertArrayEquals(new double[] {11, 22, 33, 14, 25, 36}, z.toDoubleArray());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.addRowVector(z, Matrix.zeros(dtype, 1, 2)));
        assertTrue(e.getMessage().contains("1×3") && e.getMessage().contains("1×2"), e.getMessage());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumRowsAddAddsColumnSums(DType dtype) {
        Matrix x = m(dtype, 3, 2, 1, 2, 3, 4, 5, 6);
        Matrix out = m(dtype, 1, 2, 100, 200);
        Ops.sumRowsAdd(x, out);
        // Column sums 1+3+5 = 9 and 2+4+6 = 12, added to what was there.
        assertArrayEquals(new double[] {109, 212}, out.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Ops.sumRowsAdd(x, Matrix.zeros(dtype, 1, 3)));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reductions(DType dtype) {
        Matrix x = m(dtype, 2, 2, 1, -2, 3, -4.5);
        assertEquals(-2.5, Ops.sum(x));
        assertEquals(1 + 4 + 9 + 20.25, Ops.sumSquares(x));
        assertEquals(10.5, Ops.sumAbs(x));
    }

    @Test
    void f32ReductionsAreEvaluatedInDouble() {
        // OpsF32's contract: "reductions are evaluated in double". 3e19 is a float, and its square
        // 9e38 is a finite double but beyond Float.MAX_VALUE (3.4e38): a product rounded to float
        // first overflows to infinity.
        float big = 3e19f;
        double expected = (double) big * big;
        Matrix x = Matrix.of(DType.F32, 1, 2, big, -big);
        assertEquals(2 * expected, Ops.sumSquares(x), 1e25,
                "BUG in OpsF32.sumSquares: x[i] * x[i] is a float product (rounded, and overflowing"
                + " for |x| > 1.8e19) before it is accumulated in double");
        assertEquals(2.0 * big, Ops.sumAbs(x), 0.0);
        assertEquals(0.0, Ops.sum(x), 0.0);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reductionsOnlySeeTheCurrentShape(DType dtype) {
        // After a reshape to a smaller shape, the stale tail of the backing array must not count.
        Matrix x = m(dtype, 2, 2, 1, 2, 3, 4);
        x.reshape(1, 2);
        assertEquals(3.0, Ops.sum(x));
        assertEquals(5.0, Ops.sumSquares(x));
        assertEquals(3.0, Ops.sumAbs(x));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void allFiniteDetectsNaNAndInfinity(DType dtype) {
        assertTrue(Ops.allFinite(m(dtype, 1, 3, 1, -1e30, 0)));
        assertFalse(Ops.allFinite(m(dtype, 1, 3, 1, Double.NaN, 0)));
        assertFalse(Ops.allFinite(m(dtype, 1, 3, Double.POSITIVE_INFINITY, 0, 0)));
        assertFalse(Ops.allFinite(m(dtype, 1, 3, 0, 0, Double.NEGATIVE_INFINITY)));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void countArgmaxMatchesTakesTheFirstIndexOnTies(DType dtype) {
        Matrix out = m(dtype, 4, 3,
                0.1, 0.7, 0.2,     // argmax 1
                0.5, 0.5, 0.0,     // tie: argmax 0
                0.2, 0.3, 0.9,     // argmax 2
                0.4, 0.4, 0.4);    // tie: argmax 0
        Matrix target = m(dtype, 4, 3,
                0, 1, 0,           // hit
                0, 1, 0,           // miss (0 ≠ 1)
                1, 0, 0,           // miss
                1, 0, 0);          // hit
        assertEquals(2, Ops.countArgmaxMatches(out, target));
        assertArrayEquals(new int[] {1, 0, 2, 0}, Ops.argmaxRows(out));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Ops.countArgmaxMatches(out, Matrix.zeros(dtype, 4, 2)));
        assertTrue(e.getMessage().contains("4×3") && e.getMessage().contains("4×2"), e.getMessage());
    }

    // ---------------------------------------------------------------- element-wise

    @ParameterizedTest
    @EnumSource(DType.class)
    void linearAndAddScaledAndElementMult(DType dtype) {
        Matrix a = m(dtype, 1, 3, 1, 2, 3);
        Matrix b = m(dtype, 1, 3, -1, 0.5, 4);
        Matrix c = Matrix.zeros(dtype, 0, 0);
        Ops.linear(2, a, -0.5, b, c);
        assertArrayEquals(new double[] {2.5, 3.75, 4}, c.toDoubleArray(), "2a − b/2");
        Ops.elementMult(a, b, c);
        assertArrayEquals(new double[] {-1, 1, 12}, c.toDoubleArray(), "a ⊙ b");
        // Both may write into an input.
        Ops.elementMult(a, b, a);
        assertArrayEquals(new double[] {-1, 1, 12}, a.toDoubleArray(), "a ← a ⊙ b");
        Ops.linear(1, a, 1, b, a);
        assertArrayEquals(new double[] {-2, 1.5, 16}, a.toDoubleArray(), "a ← a + b");
        Ops.addScaled(b, 2, a);
        assertArrayEquals(new double[] {-4, 2.5, 24}, a.toDoubleArray(), "a += 2b");
        assertThrows(IllegalArgumentException.class, () -> Ops.linear(1, a, 1, Matrix.zeros(dtype, 3, 1), c));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void reluAndItsBackward(DType dtype) {
        Matrix x = m(dtype, 1, 4, -2, 0, 0.5, 3);
        Matrix y = Matrix.zeros(dtype, 0, 0);
        Ops.relu(x, y);
        assertArrayEquals(new double[] {0, 0, 0.5, 3}, y.toDoubleArray());
        Matrix dy = m(dtype, 1, 4, 10, 20, 30, 40);
        Matrix dx = Matrix.zeros(dtype, 0, 0);
        Ops.reluBackward(x, dy, dx);
        // The subgradient at 0 is 0.
        assertArrayEquals(new double[] {0, 0, 30, 40}, dx.toDoubleArray());
        assertThrows(IllegalArgumentException.class, () -> Ops.reluBackward(x, Matrix.zeros(dtype, 4, 1), dx));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sigmoidValuesAndExtremes(DType dtype) {
        double[] xs = {0, 1, -1, 3.5, -7, 1000, -1000, 750, -750};
        Matrix x = m(dtype, 1, xs.length, xs);
        Matrix y = Matrix.zeros(dtype, 0, 0);
        Ops.sigmoid(x, y);
        assertEquals(0.5, y.get(0), "σ(0) = 1/2 exactly");
        for (int i = 0; i < xs.length; i++) {
            double xi = x.get(i);
            assertFalse(Double.isNaN(y.get(i)), "σ(" + xi + ") is NaN");
            assertTrue(y.get(i) >= 0 && y.get(i) <= 1, "σ(" + xi + ") = " + y.get(i));
        }
        assertEquals(1.0, y.get(5), "σ(1000)");
        assertEquals(0.0, y.get(6), "σ(-1000)");
        // Against 1/(1 + e^-x) and the identity σ(-x) = 1 - σ(x), for moderate x.
        for (int i = 1; i <= 4; i++) {
            double xi = x.get(i);
            assertEquals(1 / (1 + Math.exp(-xi)), y.get(i), tol(dtype), "σ(" + xi + ")");
        }
        assertEquals(1 - y.get(1), y.get(2), tol(dtype), "σ(-1) = 1 - σ(1)");
        Matrix dy = m(dtype, 1, xs.length, new double[xs.length]).fill(2);
        Matrix dx = Matrix.zeros(dtype, 0, 0);
        Ops.sigmoidBackward(y, dy, dx);
        assertEquals(2 * 0.25, dx.get(0), tol(dtype), "σ'(0) = 1/4");
        for (int i = 0; i < xs.length; i++) {
            assertEquals(2 * y.get(i) * (1 - y.get(i)), dx.get(i), tol(dtype), "dσ at " + xs[i]);
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void tanhAndItsBackward(DType dtype) {
        double[] xs = {0, 0.5, -2, 30, -30};
        Matrix x = m(dtype, 1, xs.length, xs);
        Matrix y = Matrix.zeros(dtype, 0, 0);
        Ops.tanh(x, y);
        for (int i = 0; i < xs.length; i++) {
            double e2 = Math.exp(2 * xs[i]);
            double closedForm = Double.isInfinite(e2) ? 1 : (e2 - 1) / (e2 + 1);
            assertEquals(closedForm, y.get(i), tol(dtype), "tanh(" + xs[i] + ")");
        }
        Matrix dy = m(dtype, 1, xs.length, 1, 2, 3, 4, 5);
        Matrix dx = Matrix.zeros(dtype, 0, 0);
        Ops.tanhBackward(y, dy, dx);
        assertEquals(1.0, dx.get(0), tol(dtype), "tanh'(0) = 1");
        for (int i = 0; i < xs.length; i++) {
            double t = Math.tanh(xs[i]);
            assertEquals(dy.get(i) * (1 - t * t), dx.get(i), tol(dtype), "dtanh at " + xs[i]);
        }
    }

    // ---------------------------------------------------------------- softmax

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxMatchesTheClosedForm(DType dtype) {
        Matrix x = m(dtype, 2, 3, 1, 2, 3, -1, 0, 4);
        Matrix y = Matrix.zeros(dtype, 0, 0);
        Ops.softmaxRows(x, y);
        for (int r = 0; r < 2; r++) {
            double denominator = 0;
            for (int c = 0; c < 3; c++) {
                denominator += Math.exp(x.get(r, c));
            }
            double rowSum = 0;
            for (int c = 0; c < 3; c++) {
                assertEquals(Math.exp(x.get(r, c)) / denominator, y.get(r, c), tol(dtype), "p[" + r + "," + c + "]");
                rowSum += y.get(r, c);
            }
            assertEquals(1.0, rowSum, 3 * tol(dtype), "row " + r + " sums to 1");
        }
        // The first row, [1, 2, 3]: e/(e+e²+e³), e²/(…), e³/(…) = 0.0900306, 0.2447285, 0.6652410.
        assertEquals(0.09003057317038046, y.get(0, 0), tol(dtype));
        assertEquals(0.24472847105479767, y.get(0, 1), tol(dtype));
        assertEquals(0.6652409557748219, y.get(0, 2), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxIsInvariantToAddingAConstantToARow(DType dtype) {
        Matrix x = m(dtype, 1, 3, 1, 2, 3);
        Matrix shifted = m(dtype, 1, 3, 1001, 1002, 1003);
        Matrix y = Matrix.zeros(dtype, 0, 0);
        Matrix ys = Matrix.zeros(dtype, 0, 0);
        Ops.softmaxRows(x, y);
        Ops.softmaxRows(shifted, ys);
        assertTrue(Ops.allFinite(ys), "e^1003 overflows unless the row max is subtracted");
        assertMatrix(y.toDoubleArray(), ys, tol(dtype), "softmax(x + 1000) = softmax(x)");
        Matrix negative = m(dtype, 1, 3, -1001, -1000, -999);
        Ops.softmaxRows(negative, ys);
        assertMatrix(y.toDoubleArray(), ys, tol(dtype), "softmax(x - 1002) = softmax(x)");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxCrossEntropyIsMinusLogSoftmax(DType dtype) {
        Matrix z = m(dtype, 3, 3, 1, 2, 3, 0.5, -0.5, 0, 2, 2, 2);
        Matrix t = m(dtype, 3, 3, 0, 0, 1, 1, 0, 0, 0.25, 0.25, 0.5);
        Matrix p = Matrix.zeros(dtype, 0, 0);
        double loss = Ops.softmaxCrossEntropy(z, t, p);
        double expected = 0;
        for (int r = 0; r < 3; r++) {
            double denominator = 0;
            for (int c = 0; c < 3; c++) {
                denominator += Math.exp(z.get(r, c));
            }
            for (int c = 0; c < 3; c++) {
                double prob = Math.exp(z.get(r, c)) / denominator;
                assertEquals(prob, p.get(r, c), tol(dtype), "P[" + r + "," + c + "]");
                expected -= t.get(r, c) * Math.log(prob);
            }
        }
        assertEquals(expected, loss, 10 * tol(dtype), "J = -Σ T·log softmax(Z), summed over rows");
        // The uniform row [2, 2, 2] contributes log 3 whatever the target distribution.
        Matrix one = m(dtype, 1, 3, 2, 2, 2);
        assertEquals(Math.log(3), Ops.softmaxCrossEntropy(one, m(dtype, 1, 3, 0.25, 0.25, 0.5), p), tol(dtype));
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxCrossEntropyIsFiniteForHugeLogits(DType dtype) {
        Matrix z = m(dtype, 2, 2, 1000, -1000, 1000, -1000);
        Matrix t = m(dtype, 2, 2, 1, 0, 0, 1);
        Matrix p = Matrix.zeros(dtype, 0, 0);
        double loss = Ops.softmaxCrossEntropy(z, t, p);
        // Row 0 is right with certainty: -log(1/(1 + e^-2000)) = 0 in floating point.
        // Row 1 is wrong by 2000: -log p = 1000 + log(e^1000 + e^-1000) ... = 2000.
        assertTrue(Double.isFinite(loss), "loss " + loss);
        assertEquals(2000.0, loss, 1e-9);
        assertTrue(Ops.allFinite(p));
        assertArrayEquals(new double[] {1, 0, 1, 0}, p.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxBackwardIsTheJacobianTimesDy(DType dtype) {
        Matrix x = m(dtype, 2, 3, 0.2, -1, 1.5, 3, 0, -2);
        Matrix y = Matrix.zeros(dtype, 0, 0);
        Ops.softmaxRows(x, y);
        Matrix dy = m(dtype, 2, 3, 1, -2, 0.5, 0.25, 4, -1);
        Matrix dx = Matrix.zeros(dtype, 0, 0);
        Ops.softmaxBackward(y, dy, dx);
        for (int r = 0; r < 2; r++) {
            // J = diag(y) − y·yᵀ; dx = J·dy (J is symmetric).
            for (int i = 0; i < 3; i++) {
                double expected = 0;
                for (int j = 0; j < 3; j++) {
                    double jacobian = (i == j ? y.get(r, i) : 0) - y.get(r, i) * y.get(r, j);
                    expected += jacobian * dy.get(r, j);
                }
                assertEquals(expected, dx.get(r, i), 10 * tol(dtype), "dX[" + r + "," + i + "]");
            }
        }
    }

    // ---------------------------------------------------------------- rows

    @ParameterizedTest
    @EnumSource(DType.class)
    void gatherRowsCopiesTheIndexedRows(DType dtype) {
        Matrix src = m(dtype, 4, 2, 0, 1, 10, 11, 20, 21, 30, 31);
        int[] index = {3, 1, 0, 2};
        Matrix dst = Matrix.zeros(dtype, 0, 0);
        Ops.gatherRows(src, index, 1, 4, dst);
        assertEquals("3×2", dst.shape());
        assertArrayEquals(new double[] {10, 11, 0, 1, 20, 21}, dst.toDoubleArray());
        Ops.gatherRows(src, index, 0, 1, dst);
        assertEquals("1×2", dst.shape());
        assertArrayEquals(new double[] {30, 31}, dst.toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gatherRowsChecksItsArguments(DType dtype) {
        Matrix src = Matrix.zeros(dtype, 4, 2);
        Matrix dst = Matrix.zeros(dtype, 0, 0);
        IndexOutOfBoundsException e = assertThrows(IndexOutOfBoundsException.class,
                () -> Ops.gatherRows(src, new int[] {0, 4}, 0, 2, dst));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("4×2"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> Ops.gatherRows(src, new int[] {0, 1}, 1, 3, dst));
        assertTrue(e2.getMessage().contains("[1, 3)"), e2.getMessage());
        assertThrows(IllegalArgumentException.class, () -> Ops.gatherRows(src, new int[] {0}, 0, 1, src));
    }

    // ---------------------------------------------------------------- helpers

    private static double[] naive(Matrix a, Matrix b) {
        int mm = a.rows(), k = a.cols(), n = b.cols();
        double[] c = new double[mm * n];
        for (int i = 0; i < mm; i++) {
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (int p = 0; p < k; p++) {
                    s += a.get(i, p) * b.get(p, j);
                }
                c[i * n + j] = s;
            }
        }
        return c;
    }

    private static Matrix transpose(Matrix a) {
        Matrix t = Matrix.zeros(a.dtype(), a.cols(), a.rows());
        for (int i = 0; i < a.rows(); i++) {
            for (int j = 0; j < a.cols(); j++) {
                t.set(j, i, a.get(i, j));
            }
        }
        return t;
    }
}
