package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.Penalty;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/** L1, L2, L1L2: values and gradients by hand, gradient checks, the seeds' form, model wiring, bad λ. */
class PenaltyTest {

    private static Parameter param(DType dtype, double... values) {
        return new Parameter("w", Matrix.of(dtype, 2, 2, values));
    }

    // ------------------------------------------------------------------ by hand

    @ParameterizedTest
    @EnumSource(DType.class)
    void l2ValueAndGradientByHand(DType dtype) {
        Parameter w = param(dtype, 1, -2, 3, 0.5);
        w.grad().fill(1.0);                                   // backward ADDS: start from a non-zero gradient
        L2 l2 = new L2(w, 0.1);
        // Σw² = 1 + 4 + 9 + 0.25 = 14.25, times λ = 0.1
        assertEquals(1.425, l2.value(), 1e-6);
        l2.addGradient();
        // 1 + 2·0.1·w
        double[] expected = {1.2, 0.6, 1.6, 1.1};
        for (int i = 0; i < 4; i++) {
            assertEquals(expected[i], w.grad().get(i), 1e-6, "element " + i);
        }
        assertEquals(1.0, w.value().get(0), 0.0, "the penalty never changes the value");
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void l1ValueAndGradientByHandWithSignOfZeroZero(DType dtype) {
        Parameter w = param(dtype, 1, -2, 0, 0.5);
        L1 l1 = new L1(w, 0.1);
        // Σ|w| = 1 + 2 + 0 + 0.5 = 3.5
        assertEquals(0.35, l1.value(), 1e-6);
        l1.addGradient();
        assertEquals(0.1, w.grad().get(0), 1e-7);
        assertEquals(-0.1, w.grad().get(1), 1e-7);
        assertEquals(0.0, w.grad().get(2), 0.0, "sign(0) = 0: a zero weight gets no L1 gradient");
        assertEquals(0.1, w.grad().get(3), 1e-7);
    }

    @Test
    void l1l2IsTheSumOfL1AndL2() {
        Parameter a = param(DType.F64, 1, -2, 0, 0.5);
        Parameter b = param(DType.F64, 1, -2, 0, 0.5);
        L1L2 both = new L1L2(a, 0.3, 0.07);
        // l1·Σ|w| + l2·Σw² = 0.3·3.5 + 0.07·5.25
        assertEquals(0.3 * 3.5 + 0.07 * 5.25, both.value(), 1e-15);
        both.addGradient();
        new L1(b, 0.3).addGradient();
        new L2(b, 0.07).addGradient();
        for (int i = 0; i < 4; i++) {
            assertEquals(b.grad().get(i), a.grad().get(i), 1e-15);
        }
        // by hand for w = −2: 0.3·(−1) + 2·0.07·(−2) = −0.58
        assertEquals(-0.58, a.grad().get(1), 1e-15);
    }

    @Test
    void seedFormIsL2WithLambdaOverTwoM() {
        Parameter w = new Parameter("w", TestSupport.uniform(DType.F64, 3, 4, -1, 1, 3));
        double lambdaSeed = 0.7;
        int m = 42_000;
        Penalty seed = L2.seedForm(lambdaSeed, m).on(w);
        L2 keras = new L2(w, lambdaSeed / (2.0 * m));
        assertInstanceOf(L2.class, seed);
        assertEquals(keras.lambda(), ((L2) seed).lambda(), 0.0);
        assertEquals(lambdaSeed / 84_000, L2.fromSeedForm(lambdaSeed, m), 0.0);
        // (λ/2m)·Σ‖W‖², summed here by a plain loop
        double sumSq = 0;
        for (int i = 0; i < w.value().size(); i++) {
            sumSq += w.value().get(i) * w.value().get(i);
        }
        assertEquals(lambdaSeed / (2.0 * m) * sumSq, seed.value(), 1e-18);
        assertEquals(keras.value(), seed.value(), 0.0);
        // and its gradient is (λ/m)·W, as the seeds' backprop writes it
        seed.addGradient();
        assertEquals(lambdaSeed / m * w.value().get(5), w.grad().get(5), 1e-18);
    }

    @Test
    void factoriesMakePenaltiesOnTheGivenParameter() {
        Parameter w = param(DType.F64, 1, 2, 3, 4);
        assertSame(w, ((L2) L2.of(0.5).on(w)).parameter());
        assertEquals(0.5, ((L1) L1.of(0.5).on(w)).lambda(), 0.0);
        L1L2 both = (L1L2) L1L2.of(0.1, 0.2).on(w);
        assertEquals(0.1, both.l1(), 0.0);
        assertEquals(0.2, both.l2(), 0.0);
        assertTrue(new L2(w, 1e-4).toString().contains("w"));
    }

    // ------------------------------------------------------------------ gradient checks (F64)

    private static void assertChecks(Parameter w, Penalty penalty) {
        GradientCheck.Report report = new GradientCheck().check(List.of(w), penalty::value, () -> {
            w.zeroGrad();
            penalty.addGradient();
        });
        assertTrue(report.passed(), report.format());
        assertEquals(w.value().size(), report.entries().size());
    }

    @Test
    void l2GradientChecks() {
        Parameter w = new Parameter("w", TestSupport.uniform(DType.F64, 4, 5, -2, 2, 11));
        assertChecks(w, new L2(w, 0.37));
    }

    @Test
    void l1GradientChecksAwayFromZero() {
        Parameter w = new Parameter("w", TestSupport.awayFromZero(DType.F64, 4, 5, 12));
        assertChecks(w, new L1(w, 0.37));
    }

    @Test
    void l1l2GradientChecksAwayFromZero() {
        Parameter w = new Parameter("w", TestSupport.awayFromZero(DType.F64, 4, 5, 13));
        assertChecks(w, new L1L2(w, 0.2, 0.05));
    }

    /**
     * L1L2 on the first kernel of a small network: the model's total loss J = data loss + penalty
     * against the gradients of zeroGrad, forward, loss backward, penalty.addGradient.
     */
    @Test
    void l1l2OnANetworkKernelGradientChecksTheTotalLoss() {
        Dense first = new Dense(3, 4);
        Sequential model = new Sequential(DType.F64, 5, first, new Tanh(), new Dense(4, 2));
        Matrix k = first.kernel().value();
        Matrix away = TestSupport.awayFromZero(DType.F64, 3, 4, 99);
        k.copyFrom(away);                                     // away from L1's kink
        Penalty penalty = new L1L2(first.kernel(), 0.05, 0.02);
        model.addPenalty(penalty);
        MeanSquaredError loss = new MeanSquaredError();
        model.compile(loss, new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 6, 3, -1, 1, 21);
        Matrix y = TestSupport.uniform(DType.F64, 6, 2, -1, 1, 22);

        java.util.function.DoubleSupplier j = () -> loss.forward(model.forward(x, Mode.TRAIN), y) + penalty.value();
        GradientCheck.Report report = new GradientCheck().check(model.parameters(), j, () -> {
            model.zeroGrad();
            Matrix out = model.forward(x, Mode.TRAIN);
            loss.forward(out, y);
            model.backward(loss.backward());
            penalty.addGradient();
        });
        assertTrue(report.passed(), report.format());

        // The model reports the same J, split into its parts, for the weights before its step.
        double expected = j.getAsDouble();
        double expectedPenalty = penalty.value();
        double reported = model.trainStep(x, y);
        assertEquals(expected, reported, 1e-12);
        assertEquals(expectedPenalty, model.lastPenalty(), 1e-15);
        assertTrue(expectedPenalty > 0);
    }

    // ------------------------------------------------------------------ wiring into a model

    @Test
    void onKernelsSkipsTheOutputLayerUnlessAsked() {
        Dense d0 = new Dense(4, 5), d2 = new Dense(5, 5), d4 = new Dense(5, 3);
        Sequential model = new Sequential(DType.F64, 1, d0, new ReLU(), d2, new ReLU(), d4);
        List<Penalty> hidden = Penalties.onKernels(model, L2.of(1e-2), false);
        assertEquals(2, hidden.size());
        assertSame(d0.kernel(), ((L2) hidden.get(0)).parameter());
        assertSame(d2.kernel(), ((L2) hidden.get(1)).parameter());
        assertEquals(hidden, model.penalties());
        double expected = 1e-2 * (TestSupport.dot(d0.kernel().value(), d0.kernel().value())
                + TestSupport.dot(d2.kernel().value(), d2.kernel().value()));
        assertEquals(expected, model.penaltyValue(), 1e-15);

        Sequential other = new Sequential(DType.F64, 1, new Dense(4, 5), new ReLU(), new Dense(5, 3));
        assertEquals(2, Penalties.onKernels(other, L1.of(1e-4), true).size());
        List<Penalty> biases = Penalties.onBiases(other, L2.of(1e-4), true);
        assertEquals(2, biases.size());
        assertTrue(((L2) biases.get(1)).parameter().name().endsWith("/bias"));
        assertEquals(4, other.penalties().size());
    }

    // ------------------------------------------------------------------ bad arguments

    @ParameterizedTest
    @ValueSource(doubles = {-1e-4, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY})
    void badLambdaIsRejectedWithItsNameAndValue(double bad) {
        Parameter w = param(DType.F64, 1, 2, 3, 4);
        String value = String.valueOf(bad);
        assertMessage(IllegalArgumentException.class, () -> new L2(w, bad), "lambda", value);
        assertMessage(IllegalArgumentException.class, () -> new L1(w, bad), "lambda", value);
        assertMessage(IllegalArgumentException.class, () -> L2.of(bad), "lambda", value);
        assertMessage(IllegalArgumentException.class, () -> L1.of(bad), "lambda", value);
        assertMessage(IllegalArgumentException.class, () -> L2.seedForm(bad, 10), "lambda", value);
        assertMessage(IllegalArgumentException.class, () -> new L1L2(w, bad, 0.1), "l1", value);
        assertMessage(IllegalArgumentException.class, () -> new L1L2(w, 0.1, bad), "l2", value);
        assertMessage(IllegalArgumentException.class, () -> L1L2.of(0.1, bad), "l2", value);
    }

    @Test
    void otherBadArguments() {
        assertMessage(IllegalArgumentException.class, () -> L2.seedForm(0.1, 0), "m", "0");
        assertMessage(IllegalArgumentException.class, () -> new L2(null, 0.1), "parameter", "null");
        assertMessage(IllegalArgumentException.class,
                () -> Penalties.onKernels(null, L2.of(0.1), false), "model", "null");
        // λ = 0 is allowed: the penalty is then 0
        Parameter w = param(DType.F64, 1, 2, 3, 4);
        assertEquals(0.0, new L2(w, 0).value(), 0.0);
    }

    // ------------------------------------------------------------------ the fused training-step call

    /**
     * {@code valueAndAddGradient()} (one pass over W, what the training step calls) returns
     * exactly {@code value()} and leaves exactly the gradient of {@code addGradient()}, bit for bit,
     * in both dtypes, on sizes that exercise the vector loops' tails, with some weights exactly 0.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void valueAndAddGradientEqualsValueThenAddGradient(DType dtype) {
        for (int[] shape : new int[][] {{1, 1}, {3, 5}, {7, 9}, {33, 17}, {500, 13}}) {
            Matrix w = TestSupport.uniform(dtype, shape[0], shape[1], -1, 1, shape[0] * 31L + shape[1]);
            for (int i = 0; i < w.size(); i += 4) {
                w.set(i, 0.0);
            }
            Matrix g0 = TestSupport.uniform(dtype, shape[0], shape[1], -1, 1, shape[1]);
            List<java.util.function.Function<Parameter, Penalty>> kinds = List.of(
                    p -> new L1(p, 3e-4), p -> new L2(p, 7e-4), p -> new L1L2(p, 3e-4, 7e-4));
            for (java.util.function.Function<Parameter, Penalty> kind : kinds) {
                Parameter separate = new Parameter("w", w.copy());
                separate.grad().copyFrom(g0);
                Penalty a = kind.apply(separate);
                double value = a.value();
                a.addGradient();
                Parameter fused = new Parameter("w", w.copy());
                fused.grad().copyFrom(g0);
                Penalty b = kind.apply(fused);
                String what = b + " " + dtype + " " + w.shape();
                assertEquals(Double.doubleToLongBits(value), Double.doubleToLongBits(b.valueAndAddGradient()), what + ": value");
                for (int i = 0; i < w.size(); i++) {
                    assertEquals(Double.doubleToLongBits(separate.grad().get(i)), Double.doubleToLongBits(fused.grad().get(i)),
                            what + ": gradient element " + i);
                }
            }
        }
    }
}
