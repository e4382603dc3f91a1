package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link Dense} on a 2×3 input with a kernel and bias set by hand. Every value below is small
 * integers and halves, exact in both dtypes, so the comparisons are exact.
 *
 * <pre>
 * X = [[1, 2, 3],      W = [[1,   -1],     b = [0.5, -1]
 *      [4, 5, 6]]           [0,    2],
 *                           [0.5,  1]]
 * Z = X·W + b:
 *   Z[0,0] = 1·1 + 2·0 + 3·0.5 + 0.5 = 3       Z[0,1] = −1 + 4 + 3 − 1 = 5
 *   Z[1,0] = 4·1 + 5·0 + 6·0.5 + 0.5 = 7.5     Z[1,1] = −4 + 10 + 6 − 1 = 11
 * dZ = [[1, 0], [−1, 2]]:
 *   dW = Xᵀ·dZ: dW[i,0] = X[0,i]·1 + X[1,i]·(−1) = −3, −3, −3
 *               dW[i,1] = X[0,i]·0 + X[1,i]·2     =  8, 10, 12
 *   db = Σ_rows dZ = [0, 2]
 *   dX = dZ·Wᵀ: dX[0,:] = 1·W[:,0] + 0·W[:,1]    = [1, 0, 0.5]
 *               dX[1,:] = −1·W[:,0] + 2·W[:,1]   = [−1 − 2, 0 + 4, −0.5 + 2] = [−3, 4, 1.5]
 * </pre>
 */
class DenseTest {

    private static Dense handSet(DType dtype) {
        Dense dense = new Dense(3, 2);
        dense.build("dense_0", dtype, new Rng(0));
        Matrix w = dense.kernel().value();
        double[] wv = {1, -1, 0, 2, 0.5, 1};
        for (int i = 0; i < wv.length; i++) {
            w.set(i, wv[i]);
        }
        dense.bias().value().set(0, 0.5);
        dense.bias().value().set(1, -1);
        return dense;
    }

    private static Matrix x(DType dtype) {
        return Matrix.of(dtype, 2, 3, 1, 2, 3, 4, 5, 6);
    }

    private static Matrix dZ(DType dtype) {
        return Matrix.of(dtype, 2, 2, 1, 0, -1, 2);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void forwardIsXTimesWPlusB(DType dtype) {
        Dense dense = handSet(dtype);
        Matrix z = dense.forward(x(dtype), Mode.TRAIN);
        assertEquals("2×2", z.shape());
        assertArrayEquals(new double[] {3, 5, 7.5, 11}, z.toDoubleArray());
        // Inference gives the same output.
        assertArrayEquals(new double[] {3, 5, 7.5, 11}, dense.forward(x(dtype), Mode.INFERENCE).toDoubleArray());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void backwardGivesHandComputedGradients(DType dtype) {
        Dense dense = handSet(dtype);
        dense.forward(x(dtype), Mode.TRAIN);
        Matrix dX = dense.backward(dZ(dtype));
        assertArrayEquals(new double[] {-3, 8, -3, 10, -3, 12}, dense.kernel().grad().toDoubleArray(), "dW");
        assertArrayEquals(new double[] {0, 2}, dense.bias().grad().toDoubleArray(), "db");
        assertEquals("2×3", dX.shape());
        assertArrayEquals(new double[] {1, 0, 0.5, -3, 4, 1.5}, dX.toDoubleArray(), "dX");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void gradientsAccumulateUntilZeroGrad(DType dtype) {
        Dense dense = handSet(dtype);
        dense.forward(x(dtype), Mode.TRAIN);
        dense.backward(dZ(dtype));
        Matrix dX = dense.backward(dZ(dtype));
        assertArrayEquals(new double[] {-6, 16, -6, 20, -6, 24}, dense.kernel().grad().toDoubleArray(),
                "two backward calls add dW twice");
        assertArrayEquals(new double[] {0, 4}, dense.bias().grad().toDoubleArray(), "db twice");
        assertArrayEquals(new double[] {1, 0, 0.5, -3, 4, 1.5}, dX.toDoubleArray(),
                "dX is a result, not an accumulator");
        dense.kernel().zeroGrad();
        dense.bias().zeroGrad();
        assertArrayEquals(new double[6], dense.kernel().grad().toDoubleArray());
        dense.backward(dZ(dtype));
        assertArrayEquals(new double[] {-3, 8, -3, 10, -3, 12}, dense.kernel().grad().toDoubleArray(),
                "after zeroGrad one backward gives dW once");
        assertArrayEquals(new double[] {0, 2}, dense.bias().grad().toDoubleArray());
    }

    @Test
    void backwardBeforeATrainingForwardThrows() {
        Dense dense = handSet(DType.F64);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dense.backward(dZ(DType.F64)));
        assertTrue(e.getMessage().contains("no training forward"), e.getMessage());
        assertTrue(e.getMessage().contains("dense_0"), e.getMessage());
    }

    @Test
    void backwardAfterAnInferenceForwardThrows() {
        Dense dense = handSet(DType.F64);
        dense.forward(x(DType.F64), Mode.INFERENCE);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> dense.backward(dZ(DType.F64)));
        assertTrue(e.getMessage().contains("no training forward"), e.getMessage());
        // An inference forward after a training one also forgets the cache.
        dense.forward(x(DType.F64), Mode.TRAIN);
        dense.forward(x(DType.F64), Mode.INFERENCE);
        assertThrows(IllegalStateException.class, () -> dense.backward(dZ(DType.F64)));
    }

    @Test
    void wrongInputColumnsAreReported() {
        Dense dense = handSet(DType.F64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dense.forward(Matrix.zeros(DType.F64, 2, 4), Mode.TRAIN));
        assertTrue(e.getMessage().contains("Dense(3→2) expects 3 columns, got 4"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> dense.outputSize(4));
        assertTrue(e2.getMessage().contains("expects 3 columns, got 4"), e2.getMessage());
        assertEquals(2, dense.outputSize(3));
    }

    @Test
    void wrongGradientShapeIsReported() {
        Dense dense = handSet(DType.F64);
        dense.forward(x(DType.F64), Mode.TRAIN);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> dense.backward(Matrix.zeros(DType.F64, 2, 3)));
        assertTrue(e.getMessage().contains("2×2") && e.getMessage().contains("2×3"), e.getMessage());
    }

    @Test
    void unbuiltLayerAndBadSizesAreReported() {
        Dense dense = new Dense(3, 2);
        IllegalStateException e = assertThrows(IllegalStateException.class, dense::kernel);
        assertTrue(e.getMessage().contains("not built"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> dense.forward(x(DType.F64), Mode.TRAIN));
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class, () -> new Dense(0, 2));
        assertTrue(e2.getMessage().contains("nIn"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class, () -> new Dense(2, -1));
        assertTrue(e3.getMessage().contains("nOut"), e3.getMessage());
        IllegalArgumentException e4 = assertThrows(IllegalArgumentException.class, () -> new Dense(2, 2, null));
        assertTrue(e4.getMessage().contains("kernelInitializer"), e4.getMessage());
    }

    @Test
    void buildNamesParametersAndZeroesTheBias() {
        Dense dense = new Dense(4, 3);
        dense.build("dense_7", DType.F32, new Rng(1));
        assertEquals("dense_7/kernel", dense.kernel().name());
        assertEquals("dense_7/bias", dense.bias().name());
        assertEquals("4×3", dense.kernel().value().shape());
        assertEquals("1×3", dense.bias().value().shape());
        assertEquals(DType.F32, dense.kernel().value().dtype());
        assertArrayEquals(new double[3], dense.bias().value().toDoubleArray(), "zero bias");
        assertEquals(2, dense.parameters().size());
    }

    @Test
    void firstLayerOfASequentialReturnsNoInputGradient() {
        Dense first = new Dense(3, 2);
        Dense second = new Dense(2, 2);
        new Sequential(DType.F64, 1, first, new Tanh(), second);
        first.forward(x(DType.F64), Mode.TRAIN);
        assertNull(first.backward(dZ(DType.F64)), "the first layer's input is the data: no dX");
        // Its parameter gradients are still computed.
        assertTrue(dev.regula.core.Ops.sumAbs(first.kernel().grad()) > 0);
        // Other layers do return dX.
        second.forward(Matrix.of(DType.F64, 2, 2, 1, 2, 3, 4), Mode.TRAIN);
        assertNotNull(second.backward(dZ(DType.F64)));
    }

    @Test
    void reusesItsOutputBufferAcrossBatchesOfTheSameShape() {
        Dense dense = handSet(DType.F32);
        Matrix z1 = dense.forward(x(DType.F32), Mode.TRAIN);
        Object array = z1.floats();
        Matrix z2 = dense.forward(x(DType.F32), Mode.TRAIN);
        assertTrue(z1 == z2 && array == z2.floats(), "steady state allocates nothing");
    }
}
