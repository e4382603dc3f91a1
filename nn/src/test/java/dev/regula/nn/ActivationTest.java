package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

/** The layer contract every activation shares, and each one's forward and backward values. */
class ActivationTest {

    private static final List<Supplier<Activation>> ALL =
            List.of(ReLU::new, Sigmoid::new, Tanh::new, Softmax::new);

    @Test
    void backwardBeforeATrainingForwardThrows() {
        for (Supplier<Activation> make : ALL) {
            Activation a = make.get();
            a.build("act", DType.F64, null);
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> a.backward(Matrix.zeros(DType.F64, 1, 2)), a.toString());
            assertTrue(e.getMessage().contains("no training forward"), e.getMessage());
            a.forward(Matrix.of(DType.F64, 1, 2, 0.5, -0.5), Mode.INFERENCE);
            assertThrows(IllegalStateException.class, () -> a.backward(Matrix.zeros(DType.F64, 1, 2)),
                    a + ": backward after an inference forward");
        }
    }

    @Test
    void trainAndInferenceGiveTheSameOutput() {
        for (Supplier<Activation> make : ALL) {
            Activation a = make.get();
            a.build("act", DType.F32, null);
            Matrix x = Matrix.of(DType.F32, 2, 3, -1, 0.5, 2, 0.25, -3, 1);
            double[] train = a.forward(x, Mode.TRAIN).toDoubleArray();
            double[] inference = a.forward(x, Mode.INFERENCE).toDoubleArray();
            assertArrayEquals(train, inference, a.toString());
            assertEquals(3, a.outputSize(3), "an activation keeps the width");
        }
    }

    @Test
    void wrongGradientShapeIsReported() {
        for (Supplier<Activation> make : ALL) {
            Activation a = make.get();
            a.build("act", DType.F64, null);
            a.forward(Matrix.zeros(DType.F64, 2, 3), Mode.TRAIN);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> a.backward(Matrix.zeros(DType.F64, 3, 2)), a.toString());
            assertTrue(e.getMessage().contains("3×2") && e.getMessage().contains("2×3"), e.getMessage());
        }
    }

    @Test
    void forwardAndBackwardValues() {
        Matrix x = Matrix.of(DType.F64, 1, 3, -1, 0, 2);
        Matrix dy = Matrix.of(DType.F64, 1, 3, 1, 2, 3);

        ReLU relu = new ReLU();
        relu.build("relu", DType.F64, null);
        assertArrayEquals(new double[] {0, 0, 2}, relu.forward(x, Mode.TRAIN).toDoubleArray());
        assertArrayEquals(new double[] {0, 0, 3}, relu.backward(dy).toDoubleArray(), "[x > 0]·dy");

        Sigmoid sigmoid = new Sigmoid();
        sigmoid.build("sigmoid", DType.F64, null);
        double[] s = sigmoid.forward(x, Mode.TRAIN).toDoubleArray();
        double[] ds = sigmoid.backward(dy).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            double expected = 1 / (1 + Math.exp(-x.get(i)));
            assertEquals(expected, s[i], 1e-15);
            // σ'(x) = e^−x / (1 + e^−x)², written differently from y(1 − y).
            double e = Math.exp(-x.get(i));
            assertEquals(dy.get(i) * e / ((1 + e) * (1 + e)), ds[i], 1e-15);
        }

        Tanh tanh = new Tanh();
        tanh.build("tanh", DType.F64, null);
        double[] t = tanh.forward(x, Mode.TRAIN).toDoubleArray();
        double[] dt = tanh.backward(dy).toDoubleArray();
        for (int i = 0; i < 3; i++) {
            assertEquals(Math.sinh(x.get(i)) / Math.cosh(x.get(i)), t[i], 1e-15);
            // tanh'(x) = 1 / cosh²(x).
            double c = Math.cosh(x.get(i));
            assertEquals(dy.get(i) / (c * c), dt[i], 1e-15);
        }
    }

    @Test
    void softmaxLayerOutputsRowsThatSumToOne() {
        Softmax softmax = new Softmax();
        softmax.build("softmax", DType.F64, null);
        Matrix y = softmax.forward(Matrix.of(DType.F64, 2, 2, 0, Math.log(3), 5, 5), Mode.TRAIN);
        // e^0 : e^ln3 = 1 : 3.
        assertArrayEquals(new double[] {0.25, 0.75, 0.5, 0.5}, y.toDoubleArray(), 1e-15);
        // A gradient that is the same in every column changes nothing (softmax ignores shifts).
        Matrix dX = softmax.backward(Matrix.of(DType.F64, 2, 2, 7, 7, -2, -2));
        assertArrayEquals(new double[] {0, 0, 0, 0}, dX.toDoubleArray(), 1e-14);
    }

    @Test
    void worksWithoutAnExplicitBuild() {
        ReLU relu = new ReLU();
        Matrix y = relu.forward(Matrix.of(DType.F32, 1, 2, -1, 1), Mode.TRAIN);
        assertEquals(DType.F32, y.dtype());
        assertArrayEquals(new double[] {0, 1}, y.toDoubleArray());
        assertArrayEquals(new double[] {0, 5}, relu.backward(Matrix.of(DType.F32, 1, 2, 5, 5)).toDoubleArray());
    }

    /**
     * A {@link ReLU#inPlace()} granted {@link Layer#setOverwritable} writes Y over X and dX over dY, and gives the
     * numbers written out here, on −2, −0, +0, 3, NaN, −∞, +∞ and 0.5, in both dtypes: the
     * backward, which then reads Y where it read X, keeps dY exactly where X &gt; 0.
     */
    @Test
    void aReluGrantedOverwritingWritesInPlaceWithTheSameNumbers() {
        double[] in = {-2, -0.0, 0.0, 3, Double.NaN, Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY, 0.5};
        double[] dy = {1, 2, 3, 4, 5, 6, 7, 8};
        double[] y = {0, 0, 0, 3, Double.NaN, 0, Double.POSITIVE_INFINITY, 0.5};
        double[] dx = {0, 0, 0, 4, 0, 0, 7, 8};
        for (DType dtype : DType.values()) {
            ReLU inPlace = ReLU.inPlace();
            inPlace.build("relu", dtype, null);
            inPlace.setOverwritable(true, true);
            Matrix x = Matrix.of(dtype, 2, 4, in);
            Matrix out = inPlace.forward(x, Mode.TRAIN);
            assertSame(x, out, "Y is written over X");
            assertArrayEquals(y, out.toDoubleArray(), dtype + " Y");
            Matrix dOut = Matrix.of(dtype, 2, 4, dy);
            Matrix dIn = inPlace.backward(dOut);
            assertSame(dOut, dIn, "dX is written over dY");
            assertArrayEquals(dx, dIn.toDoubleArray(), dtype + " dX");

            ReLU own = new ReLU();                      // granted, but not made in place: its own buffers
            own.build("relu", dtype, null);
            own.setOverwritable(true, true);
            Matrix x2 = Matrix.of(dtype, 2, 4, in);
            Matrix dOut2 = Matrix.of(dtype, 2, 4, dy);
            assertNotSame(x2, own.forward(x2, Mode.TRAIN));
            assertNotSame(dOut2, own.backward(dOut2));
            assertArrayEquals(in, x2.toDoubleArray(), "X is left alone");
            assertArrayEquals(dy, dOut2.toDoubleArray(), "dY is left alone");
        }
    }

    /** The other activations ignore the grant: they have no in-place form. */
    @Test
    void theOtherActivationsKeepTheirOwnBuffersWhenGranted() {
        for (Supplier<Activation> make : List.<Supplier<Activation>>of(Sigmoid::new, Tanh::new, Softmax::new)) {
            Activation a = make.get();
            a.build("a", DType.F64, null);
            a.setOverwritable(true, true);
            Matrix x = Matrix.of(DType.F64, 1, 3, -1, 0, 2);
            Matrix dOut = Matrix.of(DType.F64, 1, 3, 1, 2, 3);
            assertNotSame(x, a.forward(x, Mode.TRAIN), a + " forward");
            assertNotSame(dOut, a.backward(dOut), a + " backward");
            assertArrayEquals(new double[] {-1, 0, 2}, x.toDoubleArray(), a + ": X is left alone");
            assertArrayEquals(new double[] {1, 2, 3}, dOut.toDoubleArray(), a + ": dY is left alone");
        }
    }
}
