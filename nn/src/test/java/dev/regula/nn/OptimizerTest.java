package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/**
 * Optimizer updates against numbers computed here, by hand or from the papers' formulas written
 * in a different (but equivalent) form from the engine's.
 */
class OptimizerTest {

    private static final double TOL = 1e-15;

    private static Parameter param(double... values) {
        return new Parameter("w", Matrix.of(DType.F64, 1, values.length, values));
    }

    private static void setGrad(Parameter p, double... g) {
        for (int i = 0; i < g.length; i++) {
            p.grad().set(i, g[i]);
        }
    }

    // ---------------------------------------------------------------- SGD

    @Test
    void sgdOneStep() {
        Parameter p = param(1, -2, 0.5);
        setGrad(p, 0.5, -1, 2);
        new Sgd(0.1).step(List.of(p));
        // w − 0.1·g = [1 − 0.05, −2 + 0.1, 0.5 − 0.2].
        assertArrayEquals(new double[] {0.95, -1.9, 0.3}, p.value().toDoubleArray(), TOL);
    }

    @Test
    void sgdMomentumTwoStepsOnAConstantGradient() {
        Parameter p = param(1, -1);
        Sgd sgd = new Sgd(0.1, 0.9, false);
        setGrad(p, 1, -2);
        sgd.step(List.of(p));
        // v₁ = −0.1·g = [−0.1, 0.2]; w₁ = w₀ + v₁ = [0.9, −0.8].
        assertArrayEquals(new double[] {0.9, -0.8}, p.value().toDoubleArray(), TOL);
        assertArrayEquals(new double[] {-0.1, 0.2}, sgd.slots(p)[0].toDoubleArray(), TOL, "v after step 1");
        sgd.step(List.of(p));
        // v₂ = 0.9·v₁ − 0.1·g = −0.19·g = [−0.19, 0.38]; w₂ = w₁ + v₂ = [0.71, −0.42].
        assertArrayEquals(new double[] {-0.19, 0.38}, sgd.slots(p)[0].toDoubleArray(), TOL, "v after step 2");
        assertArrayEquals(new double[] {0.71, -0.42}, p.value().toDoubleArray(), TOL);
    }

    @Test
    void sgdNesterovTwoStepsOnAConstantGradient() {
        Parameter p = param(1);
        Sgd sgd = new Sgd(0.1, 0.9, true);
        setGrad(p, 1);
        sgd.step(List.of(p));
        // v₁ = −0.1; w₁ = w₀ + 0.9·v₁ − 0.1·g = 1 − 0.09 − 0.1 = 0.81.
        assertEquals(0.81, p.value().get(0), TOL);
        sgd.step(List.of(p));
        // v₂ = 0.9·(−0.1) − 0.1 = −0.19; w₂ = 0.81 + 0.9·(−0.19) − 0.1 = 0.81 − 0.171 − 0.1 = 0.539.
        assertEquals(0.539, p.value().get(0), TOL);
    }

    @Test
    void sgdNesterovMatchesPyTorchsFormOverSeveralSteps() {
        // PyTorch: buf ← μ·buf + g (buf = g on the first step); w ← w − lr·(g + μ·buf).
        double lr = 0.05, mu = 0.8;
        double[][] grads = {{0.3, -1.2}, {-0.7, 0.4}, {1.5, 0.1}, {0.2, -0.2}};
        Parameter p = param(0.4, -0.6);
        Sgd sgd = new Sgd(lr, mu, true);
        double[] w = {0.4, -0.6};
        double[] buf = new double[2];
        for (int step = 0; step < grads.length; step++) {
            setGrad(p, grads[step]);
            sgd.step(List.of(p));
            for (int i = 0; i < 2; i++) {
                double g = grads[step][i];
                buf[i] = step == 0 ? g : mu * buf[i] + g;
                w[i] -= lr * (g + mu * buf[i]);
            }
            assertArrayEquals(w, p.value().toDoubleArray(), 1e-14, "step " + (step + 1));
        }
    }

    // ---------------------------------------------------------------- RMSprop

    @Test
    void rmsPropOneStep() {
        Parameter p = param(1, 1);
        setGrad(p, 2, -0.5);
        new RmsProp(0.01, 0.9, 1e-7).step(List.of(p));
        // v = 0.1·g² = [0.4, 0.025]; w − 0.01·g/sqrt(v + 1e-7).
        double[] expected = {1 - 0.01 * 2 / Math.sqrt(0.4 + 1e-7), 1 + 0.01 * 0.5 / Math.sqrt(0.025 + 1e-7)};
        assertArrayEquals(expected, p.value().toDoubleArray(), TOL);
        // Without ε the first step is lr·g/(|g|·sqrt(0.1)) = lr·sign(g)·3.162...
        assertEquals(1 - 0.01 * Math.sqrt(10), p.value().get(0), 1e-8);
    }

    // ---------------------------------------------------------------- Adam

    /**
     * Adam as in Kingma and Ba's Algorithm 1 (bias-corrected m̂ and v̂), with the ε̂ of section 2
     * converted into Algorithm 1's ε at each step: ε_t = ε̂/sqrt(1 − β₂ᵗ). This is also PyTorch's
     * form with that ε.
     */
    private static final class ReferenceAdam {
        final double lr, beta1, beta2, epsilonHat, weightDecay;
        final double[] m, v;
        int t;

        ReferenceAdam(int n, double lr, double beta1, double beta2, double epsilonHat, double weightDecay) {
            this.lr = lr;
            this.beta1 = beta1;
            this.beta2 = beta2;
            this.epsilonHat = epsilonHat;
            this.weightDecay = weightDecay;
            this.m = new double[n];
            this.v = new double[n];
        }

        void step(double[] w, double[] g) {
            t++;
            for (int i = 0; i < w.length; i++) {
                w[i] -= lr * weightDecay * w[i];
                m[i] = beta1 * m[i] + (1 - beta1) * g[i];
                v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i];
                double mHat = m[i] / (1 - Math.pow(beta1, t));
                double vHat = v[i] / (1 - Math.pow(beta2, t));
                double epsilon = epsilonHat / Math.sqrt(1 - Math.pow(beta2, t));
                w[i] -= lr * mHat / (Math.sqrt(vHat) + epsilon);
            }
        }
    }

    @Test
    void adamFirstStepMovesEachWeightByAboutLrTimesSignOfG() {
        double lr = 1e-3;
        double[] g = {0.5, -3, 1e-3, 0};
        Parameter p = param(0, 0, 0, 0);
        setGrad(p, g);
        new Adam(lr, 0.9, 0.999, 1e-7).step(List.of(p));
        for (int i = 0; i < g.length; i++) {
            // m̂₁ = g, v̂₁ = g², ε₁ = ε̂/sqrt(1 − β₂): Δ = −lr·g/(|g| + ε̂/sqrt(0.001)).
            double expected = -lr * g[i] / (Math.abs(g[i]) + 1e-7 / Math.sqrt(0.001));
            assertEquals(expected, p.value().get(i), 1e-17, "weight " + i);
            assertEquals(-lr * Math.signum(g[i]), p.value().get(i), lr * 1e-2, "≈ −lr·sign(g) for weight " + i);
        }
        assertEquals(0.0, p.value().get(3), "a zero gradient does not move the weight");
    }

    @Test
    void adamThreeStepsMatchAlgorithmOne() {
        double lr = 0.01, beta1 = 0.8, beta2 = 0.95, eps = 1e-3;
        double[][] grads = {{0.3, -1.2, 0.05}, {-0.7, 0.4, 0.02}, {1.5, 0.1, -0.01}};
        double[] w = {0.4, -0.6, 1.0};
        Parameter p = param(w.clone());
        Adam adam = new Adam(lr, beta1, beta2, eps);
        ReferenceAdam reference = new ReferenceAdam(3, lr, beta1, beta2, eps, 0);
        for (int step = 0; step < grads.length; step++) {
            setGrad(p, grads[step]);
            adam.step(List.of(p));
            reference.step(w, grads[step]);
            assertArrayEquals(w, p.value().toDoubleArray(), 1e-15, "step " + (step + 1));
        }
        assertEquals(3, adam.iterations());
        assertArrayEquals(reference.m, adam.slots(p)[0].toDoubleArray(), 1e-15, "first moment");
        assertArrayEquals(reference.v, adam.slots(p)[1].toDoubleArray(), 1e-15, "second moment");
    }

    @Test
    void adamInF32FollowsF64() {
        double[][] grads = {{0.3, -1.2}, {-0.7, 0.4}, {1.5, 0.1}};
        Parameter p64 = param(0.5, -0.25);
        Parameter p32 = new Parameter("w", Matrix.of(DType.F32, 1, 2, 0.5, -0.25));
        Adam a64 = new Adam(0.01);
        Adam a32 = new Adam(0.01);
        for (double[] g : grads) {
            setGrad(p64, g);
            setGrad(p32, g);
            a64.step(List.of(p64));
            a32.step(List.of(p32));
        }
        assertArrayEquals(p64.value().toDoubleArray(), p32.value().toDoubleArray(), 1e-6);
        assertEquals(DType.F32, a32.slots(p32)[0].dtype(), "state lives in the parameter's dtype");
    }

    // ---------------------------------------------------------------- AdamW

    @Test
    void adamWWithZeroGradientDecaysExactly() {
        double lr = 0.01, lambda = 0.1;
        double[] w = {1.0, -0.3, 2.5};
        Parameter p = param(w.clone());
        AdamW adamW = new AdamW(lr, lambda);
        double shrink = 1 - lr * lambda;
        for (int step = 1; step <= 5; step++) {
            adamW.step(List.of(p));   // the gradient stays 0
            for (int i = 0; i < w.length; i++) {
                w[i] *= shrink;
            }
            assertArrayEquals(w, p.value().toDoubleArray(), 0.0, "step " + step + ": w·(1 − lr·λ)^t exactly");
        }
        assertEquals(1.0 * Math.pow(0.999, 5), p.value().get(0), 1e-15);
    }

    @Test
    void adamWIsDecayThenAdam() {
        double lr = 0.01, lambda = 0.05;
        double[][] grads = {{0.3, -1.2}, {-0.7, 0.4}, {1.5, 0.1}};
        Parameter decoupled = param(0.4, -0.6);
        Parameter manual = param(0.4, -0.6);
        AdamW adamW = new AdamW(lr, lambda);
        Adam adam = new Adam(lr);
        double[] w = {0.4, -0.6};
        ReferenceAdam reference = new ReferenceAdam(2, lr, 0.9, 0.999, 1e-7, lambda);
        for (double[] g : grads) {
            setGrad(decoupled, g);
            setGrad(manual, g);
            adamW.step(List.of(decoupled));
            for (int i = 0; i < 2; i++) {
                manual.value().set(i, manual.value().get(i) * (1 - lr * lambda));
            }
            adam.step(List.of(manual));
            reference.step(w, g);
        }
        assertTrue(decoupled.value().contentEquals(manual.value()), "AdamW = shrink by (1 − lr·λ), then Adam");
        assertArrayEquals(w, decoupled.value().toDoubleArray(), 1e-15, "against Algorithm 1 with decoupled decay");
        assertEquals(lambda, adamW.weightDecay());
    }

    // ---------------------------------------------------------------- common contract

    @Test
    void nonTrainableParametersAreUntouched() {
        for (Optimizer opt : List.of(new Sgd(0.1), new Sgd(0.1, 0.9, true), new RmsProp(), new Adam(), new AdamW())) {
            Parameter frozen = param(1, 2);
            Parameter live = param(1, 2);
            frozen.setTrainable(false);
            setGrad(frozen, 1, 1);
            setGrad(live, 1, 1);
            opt.step(List.of(frozen, live));
            assertArrayEquals(new double[] {1, 2}, frozen.value().toDoubleArray(), opt.getClass().getSimpleName());
            assertNull(opt.slots(frozen), "no state for a frozen parameter");
            assertTrue(live.value().get(0) < 1, opt.getClass().getSimpleName() + " moves a trainable one");
        }
    }

    @Test
    void invalidArgumentsNameTheArgument() {
        assertMessage(() -> new Sgd(0.1, 1.0, false), "momentum", "1.0");
        assertMessage(() -> new Sgd(0.1, -0.1, false), "momentum", "-0.1");
        assertMessage(() -> new Sgd(0.1, Double.NaN, true), "momentum", "NaN");
        assertMessage(() -> new Sgd(-0.01), "learningRate", "-0.01");
        assertMessage(() -> new Sgd(Double.NaN), "learningRate", "NaN");
        assertMessage(() -> new Adam(0), "learningRate", "0");
        assertMessage(() -> new Adam(1e-3, 1.0, 0.999, 1e-7), "beta1", "1.0");
        assertMessage(() -> new Adam(1e-3, 0.9, Double.NaN, 1e-7), "beta2", "NaN");
        assertMessage(() -> new Adam(1e-3, 0.9, 0.999, 0), "epsilon", "0");
        assertMessage(() -> new RmsProp(1e-3, 1.0, 1e-7), "rho", "1.0");
        assertMessage(() -> new RmsProp(Double.POSITIVE_INFINITY, 0.9, 1e-7), "learningRate", "Infinity");
        assertMessage(() -> new AdamW(1e-3, -0.1), "weightDecay", "-0.1");
        assertMessage(() -> new Sgd(0.1).setLearningRate(Double.NaN), "learningRate", "NaN");
    }

    @Test
    void iterationsCountSteps() {
        Sgd sgd = new Sgd(0.1);
        assertEquals(0, sgd.iterations());
        sgd.step(List.of(param(1)));
        sgd.step(List.of());
        assertEquals(2, sgd.iterations());
        sgd.setLearningRate(0.5);
        assertEquals(0.5, sgd.learningRate());
    }

    private static void assertMessage(Executable constructor, String argument, String value) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, constructor);
        assertTrue(e.getMessage().contains(argument), "message should name " + argument + ": " + e.getMessage());
        assertTrue(e.getMessage().contains(value), "message should give the value " + value + ": " + e.getMessage());
    }
}
