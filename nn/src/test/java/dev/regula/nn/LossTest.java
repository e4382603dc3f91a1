package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Each loss's value and gradient on examples worked out by hand. */
class LossTest {

    private static double tol(DType dtype) {
        return dtype == DType.F32 ? 1e-6 : 1e-15;
    }

    /**
     * Row 0: logits [0, 0, 0], class 0: P = [1/3, 1/3, 1/3], −log P₀ = ln 3.
     * Row 1: logits [1, 1, 1 + ln 2], class 2: P = [1/4, 1/4, 1/2], −log P₂ = ln 2.
     * J = (ln 3 + ln 2)/2; dZ = (P − Y)/2 = [[−1/3, 1/6, 1/6], [1/8, 1/8, −1/4]].
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxCrossEntropyByHand(DType dtype) {
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        Matrix z = Matrix.of(dtype, 2, 3, 0, 0, 0, 1, 1, 1 + Math.log(2));
        Matrix y = Matrix.of(dtype, 2, 3, 1, 0, 0, 0, 0, 1);
        assertEquals((Math.log(3) + Math.log(2)) / 2, loss.forward(z, y), tol(dtype));
        assertArrayEquals(new double[] {1.0 / 3, 1.0 / 3, 1.0 / 3, 0.25, 0.25, 0.5},
                loss.probabilities().toDoubleArray(), tol(dtype));
        assertArrayEquals(new double[] {-1.0 / 3, 1.0 / 6, 1.0 / 6, 0.125, 0.125, -0.25},
                loss.backward().toDoubleArray(), tol(dtype));
        assertEquals("softmax_cross_entropy", loss.name());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void softmaxCrossEntropyFollowsTheBatchSize(DType dtype) {
        // A second forward with fewer rows (the last partial batch) must use its own m.
        SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
        loss.forward(Matrix.zeros(dtype, 4, 2), Matrix.of(dtype, 4, 2, 1, 0, 1, 0, 1, 0, 1, 0));
        Matrix z = Matrix.of(dtype, 1, 2, 0, 0);
        Matrix y = Matrix.of(dtype, 1, 2, 0, 1);
        assertEquals(Math.log(2), loss.forward(z, y), tol(dtype));
        assertArrayEquals(new double[] {0.5, -0.5}, loss.backward().toDoubleArray(), tol(dtype), "(P − Y)/1");
    }

    /**
     * P = [[0.5, 0.25]], Y = [[1, 0]]: J = −(ln 0.5 + ln 0.75)/2;
     * dP = (P − Y)/(P(1 − P))/2 = [(−0.5/0.25)/2, (0.25/0.1875)/2] = [−1, 2/3].
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void binaryCrossEntropyByHand(DType dtype) {
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        Matrix p = Matrix.of(dtype, 1, 2, 0.5, 0.25);
        Matrix y = Matrix.of(dtype, 1, 2, 1, 0);
        assertEquals(-(Math.log(0.5) + Math.log(0.75)) / 2, loss.forward(p, y), tol(dtype));
        assertArrayEquals(new double[] {-1, 2.0 / 3}, loss.backward().toDoubleArray(), tol(dtype));
        assertEquals("binary_cross_entropy", loss.name());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void binaryCrossEntropyClipsAtEpsilon(DType dtype) {
        BinaryCrossEntropy loss = new BinaryCrossEntropy();
        // P = 1 for a negative example: −log(1 − (1 − 1e-7)) = −log(1e-7) ≈ 16.118, not infinity.
        Matrix p = Matrix.of(dtype, 1, 2, 1, 0);
        Matrix y = Matrix.of(dtype, 1, 2, 0, 0);
        double j = loss.forward(p, y);
        assertTrue(Double.isFinite(j), "loss " + j);
        assertEquals(-Math.log(1e-7) / 2, j, 1e-6);
        // Where P was clipped, the gradient is 0.
        assertArrayEquals(new double[] {0, 0}, loss.backward().toDoubleArray());
    }

    /** O − Y = [1, 0, −2, 0]: J = (1 + 4)/4 = 1.25, dO = 2(O − Y)/4 = [0.5, 0, −1, 0]. */
    @ParameterizedTest
    @EnumSource(DType.class)
    void meanSquaredErrorByHand(DType dtype) {
        MeanSquaredError loss = new MeanSquaredError();
        Matrix o = Matrix.of(dtype, 2, 2, 1, 2, 3, 4);
        Matrix y = Matrix.of(dtype, 2, 2, 0, 2, 5, 4);
        assertEquals(1.25, loss.forward(o, y));
        assertArrayEquals(new double[] {0.5, 0, -1, 0}, loss.backward().toDoubleArray());
        assertEquals("mse", loss.name());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void backwardBeforeForwardAndShapeMismatchesThrow(DType dtype) {
        for (Loss loss : new Loss[] {new SoftmaxCrossEntropy(), new BinaryCrossEntropy(), new MeanSquaredError()}) {
            IllegalStateException e = assertThrows(IllegalStateException.class, loss::backward, loss.name());
            assertTrue(e.getMessage().contains("forward"), e.getMessage());
            IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                    () -> loss.forward(Matrix.zeros(dtype, 2, 3), Matrix.zeros(dtype, 2, 2)), loss.name());
            assertTrue(e2.getMessage().contains("2×3") && e2.getMessage().contains("2×2"), e2.getMessage());
        }
    }
}
