package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** Max-norm: the projection, its axis (columns = units), idempotence, and its neighbours' gradients. */
class MaxNormTest {

    private static double columnNorm(Matrix w, int j) {
        double s = 0;
        for (int i = 0; i < w.rows(); i++) {
            s += w.get(i, j) * w.get(i, j);
        }
        return Math.sqrt(s);
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void columnsAboveCAreProjectedToCAndOthersUntouched(DType dtype) {
        // columns: (3, 4, 0) has norm 5 > 2; (0.1, 0.2, 0.2) norm 0.3; (1, 1, 1) norm √3 ≈ 1.73
        Matrix w = Matrix.fromRows(dtype, new double[][] {{3, 0.1, 1}, {4, 0.2, 1}, {0, 0.2, 1}});
        Matrix before = w.copy();
        new MaxNorm(new Parameter("w", w), 2.0).apply();
        double tol = dtype == DType.F64 ? 1e-12 : 1e-6;
        // by hand: (3, 4, 0)·2/5 = (1.2, 1.6, 0)
        assertEquals(1.2, w.get(0, 0), tol);
        assertEquals(1.6, w.get(1, 0), tol);
        assertEquals(0.0, w.get(2, 0), 0.0);
        assertEquals(2.0, columnNorm(w, 0), tol);
        for (int i = 0; i < 3; i++) {
            for (int j = 1; j < 3; j++) {
                assertEquals(before.get(i, j), w.get(i, j), 0.0, "an inside column is untouched, bit for bit");
            }
        }
    }

    @Test
    void theAxisIsTheColumnsNotTheRows() {
        // Row 0 has norm √(3·1.5²) ≈ 2.6 > 2, but every column has norm 1.5 ≤ 2: nothing changes.
        Matrix w = Matrix.fromRows(DType.F64, new double[][] {{1.5, 1.5, 1.5}, {0, 0, 0}});
        Matrix before = w.copy();
        new MaxNorm(new Parameter("w", w), 2.0).apply();
        assertTrue(before.contentEquals(w));
        // Transposed, the three values share one column of norm ≈ 2.6, which is projected.
        Matrix t = Matrix.fromRows(DType.F64, new double[][] {{1.5, 0}, {1.5, 0}, {1.5, 0}});
        new MaxNorm(new Parameter("t", t), 2.0).apply();
        assertEquals(2.0, columnNorm(t, 0), 1e-12);
        assertEquals(2.0 / Math.sqrt(3), t.get(0, 0), 1e-12);
    }

    /** Idempotent up to rounding: a projected column has norm c to an ulp or two, so a second pass moves it by ~1e-16. */
    @Test
    void idempotentUpToRounding() {
        Matrix w = TestSupport.uniform(DType.F64, 20, 15, -1, 1, 4);
        MaxNorm c = new MaxNorm(new Parameter("w", w), 2.6);
        c.apply();
        Matrix once = w.copy();
        c.apply();
        assertTrue(TestSupport.maxAbsDiff(once, w) <= 1e-12, "apply twice == apply once: " + TestSupport.maxAbsDiff(once, w));
        int projected = 0;
        for (int j = 0; j < 15; j++) {
            double norm = columnNorm(w, j);
            assertTrue(norm <= 2.6 * (1 + 1e-12), "column " + j + " has norm " + norm);
            if (Math.abs(norm - 2.6) < 1e-12) {
                projected++;
            }
        }
        assertTrue(projected > 0 && projected < 15, "the test matrix has columns on both sides: " + projected);
    }

    /**
     * The constraint is a projection after the step, not part of J: on a kernel that satisfies it,
     * it changes nothing, so the gradients of the network are the same with or without it, and the
     * layers around the constrained kernel still gradient-check.
     */
    @Test
    void theNeighboursOfAConstrainedKernelStillGradientCheck() {
        Dense first = new Dense(3, 4);
        Sequential model = new Sequential(DType.F64, 12, first, new Tanh(), new Dense(4, 2));
        MaxNorm constraint = new MaxNorm(first.kernel(), 0.5);
        model.addConstraint(constraint);
        MeanSquaredError loss = new MeanSquaredError();
        model.compile(loss, new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 5, 3, -1, 1, 1);
        Matrix t = TestSupport.uniform(DType.F64, 5, 2, -1, 1, 2);
        Runnable gradients = () -> {
            model.zeroGrad();
            loss.forward(model.forward(x, Mode.TRAIN), t);
            model.backward(loss.backward());
        };

        constraint.apply();                                  // now feasible
        gradients.run();
        List<Matrix> before = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            before.add(p.grad().copy());
        }
        constraint.apply();                                  // on a feasible kernel: no effect
        gradients.run();
        for (int i = 0; i < before.size(); i++) {
            assertTrue(TestSupport.maxAbsDiff(before.get(i), model.parameters().get(i).grad()) <= 1e-15);
        }
        GradientCheck.Report report = new GradientCheck().check(model.parameters(),
                () -> loss.forward(model.forward(x, Mode.TRAIN), t), gradients);
        assertTrue(report.passed(), report.format());

        // trainStep applies it after every step
        for (int s = 0; s < 5; s++) {
            model.trainStep(x, t);
            for (int j = 0; j < 4; j++) {
                assertTrue(columnNorm(first.kernel().value(), j) <= 0.5 * (1 + 1e-12));
            }
        }
    }

    @Test
    void onKernelsSkipsTheOutputLayerUnlessAsked() {
        Sequential model = new Sequential(DType.F32, 1, new Dense(3, 4), new Tanh(), new Dense(4, 4), new Tanh(), new Dense(4, 2));
        assertEquals(2, MaxNorm.onKernels(model, 3.0, false).size());
        assertEquals(2, model.constraints().size());
        assertEquals(3, MaxNorm.onKernels(model, 3.0, true).size());
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.0, -1.0, Double.NaN, Double.POSITIVE_INFINITY})
    void badMaxNorm(double bad) {
        Parameter w = new Parameter("w", Matrix.zeros(DType.F64, 2, 2));
        assertMessage(IllegalArgumentException.class, () -> new MaxNorm(w, bad), "maxNorm", "received: " + bad);
    }

    @Test
    void nullKernel() {
        assertMessage(IllegalArgumentException.class, () -> new MaxNorm(null, 1.0), "kernel", "null");
    }
}
