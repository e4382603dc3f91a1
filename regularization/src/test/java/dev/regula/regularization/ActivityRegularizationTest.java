package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The activity penalty: Keras's convention (divided by the batch size), its gradient, its wiring. */
class ActivityRegularizationTest {

    private static ActivityRegularization built(DType dtype, double l1, double l2) {
        ActivityRegularization layer = new ActivityRegularization(l1, l2);
        layer.build("activity", dtype, new Rng(1));
        return layer;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void valueAndBackwardByHand(DType dtype) {
        ActivityRegularization layer = built(dtype, 0.1, 0.01);
        Matrix x = Matrix.of(dtype, 2, 2, 1, -2, 0, 3);
        Matrix y = layer.forward(x, Mode.TRAIN);
        assertTrue(y.contentEquals(x), "Y = X");
        // m = 2: (0.1·Σ|Y| + 0.01·ΣY²)/2 = (0.1·6 + 0.01·14)/2 = 0.37
        assertEquals(0.37, layer.value(), 1e-6);
        Matrix dX = layer.backward(Matrix.of(dtype, 2, 2, 1, 1, 1, 1));
        // dX = 1 + (0.1·sign(Y) + 0.02·Y)/2
        double[] expected = {1.06, 0.93, 1.0, 1.08};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], dX.get(i), 1e-6, "element " + i);
        }
    }

    @Test
    void valueIsPerExample() {
        // The same rows stacked twice give the same penalty: it is divided by the batch size.
        ActivityRegularization layer = built(DType.F64, 0.3, 0.2);
        Matrix once = Matrix.of(DType.F64, 1, 3, 1, -2, 0.5);
        layer.forward(once, Mode.TRAIN);
        double single = layer.value();
        layer.forward(Matrix.of(DType.F64, 2, 3, 1, -2, 0.5, 1, -2, 0.5), Mode.TRAIN);
        assertEquals(single, layer.value(), 1e-15);
        assertEquals(0.3 * 3.5 + 0.2 * 5.25, single, 1e-15);
    }

    @Test
    void inferenceIsTheIdentityAndLeavesTheValue() {
        ActivityRegularization layer = built(DType.F64, 0.1, 0.1);
        assertEquals(0.0, layer.value(), 0.0, "0 before any training forward");
        layer.forward(Matrix.of(DType.F64, 2, 1, 1, 3), Mode.TRAIN);
        double value = layer.value();
        Matrix x = Matrix.of(DType.F64, 2, 1, 10, 20);
        assertTrue(layer.forward(x, Mode.INFERENCE).contentEquals(x));
        assertEquals(value, layer.value(), 0.0);
        layer.addGradient();   // a no-op, documented: nothing to check but that it does not throw
    }

    @Test
    void inputGradientChecks() {
        ActivityRegularization layer = built(DType.F64, 0.05, 0.2);
        Matrix x = TestSupport.awayFromZero(DType.F64, 5, 4, 3);
        Matrix r = TestSupport.uniform(DType.F64, 5, 4, -1, 1, 4);
        GradientCheck.Report report = TestSupport.checkInput(layer, x, r, () -> {}, layer::value);
        assertTrue(report.passed(), report.format());
    }

    /** In a Sequential, the layer is picked up as a penalty and its gradient flows through backward. */
    @Test
    void networkGradientChecksWithThePenaltyInTheLoss() {
        ActivityRegularization activity = new ActivityRegularization(0.0, 0.3);
        Sequential model = new Sequential(DType.F64, 8, new Dense(3, 4), new Tanh(), activity, new Dense(4, 2));
        assertTrue(model.penalties().contains(activity));
        MeanSquaredError loss = new MeanSquaredError();
        model.compile(loss, new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 5, 3, -1, 1, 5);
        Matrix t = TestSupport.uniform(DType.F64, 5, 2, -1, 1, 6);
        GradientCheck.Report report = new GradientCheck().check(model.parameters(),
                () -> loss.forward(model.forward(x, Mode.TRAIN), t) + model.penaltyValue(),
                () -> {
                    model.zeroGrad();
                    loss.forward(model.forward(x, Mode.TRAIN), t);
                    model.backward(loss.backward());
                    for (var p : model.penalties()) {
                        p.addGradient();
                    }
                });
        assertTrue(report.passed(), report.format());
        assertTrue(model.penaltyValue() > 0);
    }

    @Test
    void badArguments() {
        assertMessage(IllegalArgumentException.class, () -> new ActivityRegularization(-0.1, 0), "l1", "-0.1");
        assertMessage(IllegalArgumentException.class, () -> new ActivityRegularization(0, Double.NaN), "l2", "NaN");
        assertMessage(IllegalArgumentException.class,
                () -> new ActivityRegularization(0, Double.POSITIVE_INFINITY), "l2", "Infinity");
    }
}
