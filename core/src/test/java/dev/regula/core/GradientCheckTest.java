package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.DoubleSupplier;
import org.junit.jupiter.api.Test;

/**
 * The gradient checker on a function whose gradient is known in closed form: {@code J(θ) = Σ θ³}
 * with {@code ∂J/∂θ = 3θ²}. It must accept the right gradient, reject a wrong one, refuse F32 and
 * leave the parameters exactly as it found them.
 */
class GradientCheckTest {

    /** Values away from 0 (where 3θ² would be below the floor) and not representable exactly. */
    private static Parameter parameter(String name, int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        Matrix value = Matrix.zeros(DType.F64, rows, cols);
        for (int i = 0; i < value.size(); i++) {
            double magnitude = rng.uniform(0.3, 2.0);
            value.set(i, rng.nextDouble() < 0.5 ? -magnitude : magnitude);
        }
        return new Parameter(name, value);
    }

    private static DoubleSupplier sumOfCubes(List<Parameter> params) {
        return () -> {
            double j = 0;
            for (Parameter p : params) {
                for (int i = 0; i < p.value().size(); i++) {
                    double t = p.value().get(i);
                    j += t * t * t;
                }
            }
            return j;
        };
    }

    /** Writes {@code factor·θ²} into each gradient: 3 is right, anything else is wrong. */
    private static Runnable gradient(List<Parameter> params, double factor) {
        return () -> {
            for (Parameter p : params) {
                p.zeroGrad();
                for (int i = 0; i < p.value().size(); i++) {
                    double t = p.value().get(i);
                    p.grad().set(i, factor * t * t);
                }
            }
        };
    }

    @Test
    void passesForTheRightGradient() {
        List<Parameter> params = List.of(parameter("alpha", 3, 4, 1), parameter("beta/kernel", 2, 5, 2));
        GradientCheck.Report report = new GradientCheck().check(params, sumOfCubes(params), gradient(params, 3));
        assertTrue(report.passed(), report.format());
        assertEquals(12 + 10, report.entries().size(), "every element of both parameters is checked");
        // The central difference of θ³ is 3θ² + ε², so the relative error is about ε²/(3θ²).
        assertTrue(report.maxRelError() < 1e-7, report.format());
        for (GradientCheck.Entry e : report.entries()) {
            assertEquals(e.analytic(), e.numeric(), 1e-8, "entry " + e);
        }
    }

    @Test
    void failsForAWrongGradient() {
        List<Parameter> params = List.of(parameter("alpha", 3, 4, 1));
        GradientCheck.Report report = new GradientCheck().check(params, sumOfCubes(params), gradient(params, 2));
        assertFalse(report.passed(), "2θ² is not the gradient of Σθ³:\n" + report.format());
        // |2θ² − 3θ²| / 3θ² = 1/3 for every element.
        assertEquals(1.0 / 3, report.maxRelError(), 1e-6);
        assertTrue(report.format().contains("NO"), report.format());
        assertTrue(report.format().contains("FAILED"), report.format());
    }

    @Test
    void failsWhenASingleElementIsWrong() {
        Parameter p = parameter("alpha", 3, 4, 3);
        List<Parameter> params = List.of(p);
        Runnable oneWrong = () -> {
            gradient(params, 3).run();
            p.grad().set(1, 2, p.grad().get(1, 2) * 1.001);
        };
        GradientCheck.Report report = new GradientCheck().check(params, sumOfCubes(params), oneWrong);
        assertFalse(report.passed(), report.format());
        GradientCheck.Entry worst = report.worst("alpha");
        assertEquals(1, worst.row());
        assertEquals(2, worst.col());
    }

    @Test
    void aNaNGradientFailsAndIsReportedAsTheWorstElement() {
        Parameter p = parameter("alpha", 3, 4, 9);
        List<Parameter> params = List.of(p);
        Runnable nanAtTheEnd = () -> {
            gradient(params, 3).run();
            p.grad().set(2, 3, Double.NaN);   // a backward pass that divided by zero somewhere
        };
        GradientCheck.Report report = new GradientCheck().check(params, sumOfCubes(params), nanAtTheEnd);
        assertFalse(report.passed(), "a NaN gradient must fail:\n" + report.format());
        GradientCheck.Entry worst = report.worst("alpha");
        String table = report.format();
        assertTrue(worst.row() == 2 && worst.col() == 3 && Double.isNaN(worst.relError()),
                "BUG in GradientCheck.Report.worst: the NaN element (2,3) should be the worst entry of alpha,"
                + " but worst() returned " + worst + ", so the table marks alpha 'yes' while the check FAILED:\n"
                + table);
        assertTrue(table.contains("NO"), "the table should mark alpha as failing:\n" + table);
    }

    @Test
    void refusesF32Parameters() {
        Parameter p = new Parameter("w32", Matrix.of(DType.F32, 1, 2, 1, 2));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradientCheck().check(List.of(p), () -> 0, () -> {}));
        assertTrue(e.getMessage().contains("w32"), e.getMessage());
        assertTrue(e.getMessage().contains("F64") && e.getMessage().contains("F32"), e.getMessage());
    }

    @Test
    void formatNamesEveryParameter() {
        List<Parameter> params = List.of(parameter("dense_0/kernel", 2, 2, 4), parameter("dense_0/bias", 1, 2, 5));
        String table = new GradientCheck().check(params, sumOfCubes(params), gradient(params, 3)).format();
        assertTrue(table.contains("dense_0/kernel"), table);
        assertTrue(table.contains("dense_0/bias"), table);
        assertTrue(table.contains("PASSED"), table);
    }

    @Test
    void restoresParameterValuesBitExactly() {
        List<Parameter> params = List.of(parameter("alpha", 4, 4, 6), parameter("beta", 1, 3, 7));
        List<Matrix> before = List.of(params.get(0).value().copy(), params.get(1).value().copy());
        new GradientCheck().check(params, sumOfCubes(params), gradient(params, 3));
        for (int i = 0; i < params.size(); i++) {
            assertTrue(before.get(i).contentEquals(params.get(i).value()),
                    params.get(i).name() + " must be restored bit for bit after the check");
        }
    }

    @Test
    void checksAnEvenlySpacedSubsetOfLargeParameters() {
        Parameter big = parameter("big", 30, 30, 8);
        List<Parameter> params = List.of(big);
        GradientCheck.Report report = new GradientCheck(1e-5, 1e-6, 1e-4, 50)
                .check(params, sumOfCubes(params), gradient(params, 3));
        assertEquals(50, report.entries().size());
        assertTrue(report.passed(), report.format());
        // Index s·900/50 = 18·s: the 2nd entry is element 18, i.e. (0, 18); the 3rd is (1, 6).
        assertEquals(0, report.entries().get(1).row());
        assertEquals(18, report.entries().get(1).col());
        assertEquals(1, report.entries().get(2).row());
        assertEquals(6, report.entries().get(2).col());
    }

    @Test
    void rejectsInvalidSettings() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new GradientCheck(0, 1e-6, 1e-4, 10));
        assertTrue(e.getMessage().contains("epsilon"), e.getMessage());
        IllegalArgumentException e2 = assertThrows(IllegalArgumentException.class,
                () -> new GradientCheck(1e-5, Double.NaN, 1e-4, 10));
        assertTrue(e2.getMessage().contains("tolerance"), e2.getMessage());
        IllegalArgumentException e3 = assertThrows(IllegalArgumentException.class,
                () -> new GradientCheck(1e-5, 1e-6, 1e-4, 0));
        assertTrue(e3.getMessage().contains("maxPerParameter"), e3.getMessage());
    }
}
