package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Layer;
import dev.regula.nn.Mode;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract every layer of this module keeps (as Keras's {@code run_layer_test}): output shape,
 * TRAIN vs INFERENCE behaviour, backward only after a training forward, buffers reused across
 * batches of one shape, dtype and shape errors, and F32 agreeing with F64 on the same input.
 */
class LayerContractTest {
    private static final int M = 6;
    private static final int N = 5;

    /**
     * @param inferenceIsIdentity whether INFERENCE returns X unchanged
     * @param trainIsIdentity     whether TRAIN returns X unchanged too
     */
    record Case(String label, Supplier<Layer> make, boolean inferenceIsIdentity, boolean trainIsIdentity) {
        @Override
        public String toString() {
            return label;
        }
    }

    static Stream<Case> layers() {
        return Stream.of(
                new Case("Dropout(0.7)", () -> new Dropout(0.7), true, false),
                new Case("Dropout.ofRate(0.25)", () -> Dropout.ofRate(0.25), true, false),
                new Case("Dropout(1.0)", () -> new Dropout(1.0), true, true),
                new Case("GaussianNoise(0.3)", () -> new GaussianNoise(0.3), true, false),
                new Case("GaussianDropout(0.3)", () -> new GaussianDropout(0.3), true, false),
                new Case("ActivityRegularization(0.01, 0.02)", () -> new ActivityRegularization(0.01, 0.02), true, true),
                new Case("BatchNormalization(5)", () -> new BatchNormalization(N), false, false),
                new Case("BatchNormalization(5, 0.9, 1e-5)", () -> new BatchNormalization(N, 0.9, 1e-5), false, false));
    }

    private static Layer built(Case c, DType dtype) {
        Layer layer = c.make().get();
        layer.build("layer_under_test", dtype, new Rng(2024));
        return layer;
    }

    private static Matrix input(DType dtype) {
        return TestSupport.uniform(DType.F64, M, N, -2, 2, 7).to(dtype);
    }

    @ParameterizedTest
    @MethodSource("layers")
    void outputShape(Case c) {
        Layer layer = built(c, DType.F64);
        assertEquals(N, layer.outputSize(N));
        Matrix x = input(DType.F64);
        Matrix y = layer.forward(x, Mode.TRAIN);
        assertEquals(M, y.rows());
        assertEquals(N, y.cols());
        Matrix dx = layer.backward(TestSupport.uniform(DType.F64, M, N, -1, 1, 8));
        assertEquals(M, dx.rows());
        assertEquals(N, dx.cols());
        assertEquals(M, layer.forward(x, Mode.INFERENCE).rows());
        assertEquals("layer_under_test", layer.name());
    }

    @ParameterizedTest
    @MethodSource("layers")
    void trainVersusInference(Case c) {
        Layer layer = built(c, DType.F64);
        Matrix x = input(DType.F64);
        Matrix inference = layer.forward(x, Mode.INFERENCE).copy();
        assertTrue(inference.contentEquals(layer.forward(x, Mode.INFERENCE)), "INFERENCE is deterministic");
        assertEquals(c.inferenceIsIdentity(), inference.contentEquals(x), "INFERENCE is the identity?");
        Matrix train = layer.forward(x, Mode.TRAIN).copy();
        assertEquals(c.trainIsIdentity(), train.contentEquals(x), "TRAIN is the identity?");
        if (!c.trainIsIdentity()) {
            assertFalse(train.contentEquals(inference), "TRAIN and INFERENCE differ");
        }
        assertTrue(x.contentEquals(input(DType.F64)), "X is not modified");
    }

    @ParameterizedTest
    @MethodSource("layers")
    void backwardNeedsATrainingForward(Case c) {
        Layer layer = built(c, DType.F64);
        Matrix dy = TestSupport.uniform(DType.F64, M, N, -1, 1, 8);
        assertMessage(IllegalStateException.class, () -> layer.backward(dy),
                "Cannot run backward on layer_under_test", "no training forward pass");
        layer.forward(input(DType.F64), Mode.INFERENCE);
        assertMessage(IllegalStateException.class, () -> layer.backward(dy), "no training forward pass");
        layer.forward(input(DType.F64), Mode.TRAIN);
        assertEquals(M, layer.backward(dy).rows());
        assertMessage(IllegalArgumentException.class,
                () -> layer.backward(Matrix.zeros(DType.F64, M + 1, N)), "layer_under_test", "dY");
    }

    @ParameterizedTest
    @MethodSource("layers")
    void f32AgreesWithF64(Case c) {
        Layer f64 = built(c, DType.F64);
        Layer f32 = built(c, DType.F32);
        Matrix dy = TestSupport.uniform(DType.F64, M, N, -1, 1, 9);
        for (Mode mode : Mode.values()) {
            Matrix a = f64.forward(input(DType.F64), mode);
            Matrix b = f32.forward(input(DType.F32), mode);
            assertClose(a, b, mode + " forward");
            if (mode == Mode.TRAIN) {
                assertClose(f64.backward(dy), f32.backward(dy.to(DType.F32)), "backward");
            }
        }
    }

    private static void assertClose(Matrix f64, Matrix f32, String what) {
        assertEquals(DType.F32, f32.dtype());
        for (int i = 0; i < f64.size(); i++) {
            double a = f64.get(i), b = f32.get(i);
            assertEquals(a, b, 1e-5 * Math.max(1.0, Math.abs(a)), what + ", element " + i);
        }
    }

    @ParameterizedTest
    @MethodSource("layers")
    void buffersAreReusedForOneBatchShape(Case c) {
        Layer layer = built(c, DType.F64);
        Matrix x = input(DType.F64);
        Matrix dy = TestSupport.uniform(DType.F64, M, N, -1, 1, 8);
        Matrix y1 = layer.forward(x, Mode.TRAIN);
        Matrix dx1 = layer.backward(dy);
        Matrix y2 = layer.forward(x, Mode.TRAIN);
        Matrix dx2 = layer.backward(dy);
        assertSame(y1, y2);
        assertSame(dx1, dx2);
        // a smaller last batch reuses them too
        Matrix small = TestSupport.uniform(DType.F64, 2, N, -1, 1, 3);
        assertSame(y1, layer.forward(small, Mode.TRAIN));
        assertEquals(2, y1.rows());
        assertSame(dx1, layer.backward(TestSupport.uniform(DType.F64, 2, N, -1, 1, 4)));
    }

    @ParameterizedTest
    @MethodSource("layers")
    void buildAndDTypeErrors(Case c) {
        Layer fresh = c.make().get();
        assertMessage(IllegalStateException.class, () -> fresh.forward(input(DType.F64), Mode.TRAIN), "not built");
        Layer layer = built(c, DType.F64);
        assertMessage(IllegalArgumentException.class, () -> layer.forward(input(DType.F32), Mode.TRAIN), "F64", "F32");
        assertMessage(IllegalArgumentException.class, () -> layer.forward(input(DType.F64), null), "mode", "null");
    }
}
