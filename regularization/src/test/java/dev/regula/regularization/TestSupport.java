package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.Layer;
import dev.regula.nn.Mode;
import java.util.List;
import org.junit.jupiter.api.function.Executable;

/** Helpers shared by the tests of this module. */
final class TestSupport {
    private TestSupport() {}

    /** A rows×cols matrix of uniform values in [lo, hi). */
    static Matrix uniform(DType dtype, int rows, int cols, double lo, double hi, long seed) {
        Rng rng = new Rng(seed);
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.uniform(lo, hi));
        }
        return m;
    }

    /** Values of magnitude in [0.3, 2) with random signs: away from 0, for L1's kink. */
    static Matrix awayFromZero(DType dtype, int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            double magnitude = rng.uniform(0.3, 2.0);
            m.set(i, rng.nextDouble() < 0.5 ? -magnitude : magnitude);
        }
        return m;
    }

    /** Σ Y ⊙ R: a loss whose gradient with respect to Y is R, so dX = backward(R). */
    static double dot(Matrix y, Matrix r) {
        double s = 0;
        for (int i = 0; i < y.size(); i++) {
            s += y.get(i) * r.get(i);
        }
        return s;
    }

    /**
     * Gradient-checks a layer with respect to its input X under {@code J = Σ Y⊙R + extra()},
     * running {@code beforeForward} (a reseed, say) before every forward.
     */
    static GradientCheck.Report checkInput(Layer layer, Matrix x, Matrix r, Runnable beforeForward,
                                           java.util.function.DoubleSupplier extra) {
        Parameter input = new Parameter("X", x);
        return new GradientCheck().check(List.of(input),
                () -> {
                    beforeForward.run();
                    Matrix y = layer.forward(x, Mode.TRAIN);
                    return dot(y, r) + extra.getAsDouble();
                },
                () -> {
                    beforeForward.run();
                    layer.forward(x, Mode.TRAIN);
                    double extraNow = extra.getAsDouble();   // keeps the evaluation order of loss()
                    assertTrue(Double.isFinite(extraNow));
                    input.zeroGrad();
                    Ops.addScaled(layer.backward(r), 1.0, input.grad());
                });
    }

    /** Asserts that {@code call} throws {@code type} with a message containing every fragment. */
    static <T extends Throwable> T assertMessage(Class<T> type, Executable call, String... fragments) {
        T e = assertThrows(type, call);
        String msg = e.getMessage();
        for (String f : fragments) {
            assertTrue(msg != null && msg.contains(f), "message \"" + msg + "\" should contain \"" + f + "\"");
        }
        return e;
    }

    /** The largest |a − b| over all elements. */
    static double maxAbsDiff(Matrix a, Matrix b) {
        double d = 0;
        for (int i = 0; i < a.size(); i++) {
            d = Math.max(d, Math.abs(a.get(i) - b.get(i)));
        }
        return d;
    }
}
