package dev.regula.regularization;

import static dev.regula.regularization.TestSupport.assertMessage;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Adam;
import dev.regula.nn.AdamW;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Optimizer;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import org.junit.jupiter.api.Test;

/** Decoupled weight decay is not an L2 penalty: they coincide under plain SGD and differ under Adam. */
class WeightDecayTest {
    private static final double LAMBDA = 0.05;
    private static final double LR = 0.1;

    private static Sequential model() {
        return new Sequential(DType.F64, 17, new Dense(4, 6), new Tanh(), new Dense(6, 3));
    }

    /** Trains {@code steps} steps on fixed batches; with {@code l2 = true}, L2(λ) on every parameter. */
    private static Sequential train(Optimizer optimizer, boolean l2, int steps) {
        Sequential m = model();
        if (l2) {
            for (Parameter p : m.parameters()) {
                m.addPenalty(new L2(p, LAMBDA));
            }
        }
        m.compile(new MeanSquaredError(), optimizer);
        for (int s = 0; s < steps; s++) {
            Matrix x = TestSupport.uniform(DType.F64, 8, 4, -1, 1, 100 + s);
            Matrix t = TestSupport.uniform(DType.F64, 8, 3, -1, 1, 200 + s);
            m.trainStep(x, t);
        }
        return m;
    }

    private static double maxParameterDiff(Sequential a, Sequential b) {
        double d = 0;
        for (int i = 0; i < a.parameters().size(); i++) {
            d = Math.max(d, TestSupport.maxAbsDiff(a.parameters().get(i).value(), b.parameters().get(i).value()));
        }
        return d;
    }

    /**
     * Plain SGD with L2(λ):      w ← w − lr·(g + 2λ·w)
     * SGD with decay wd = 2λ:    w ← w − lr·2λ·w − lr·g
     * The same update, term for term, so the weights agree to rounding after any number of steps.
     */
    @Test
    void underPlainSgdAnL2PenaltyEqualsDecoupledDecayOfTwiceLambda() {
        Sequential penalized = train(new Sgd(LR), true, 10);
        Sequential decayed = train(new SgdW(LR, 2 * LAMBDA), false, 10);
        Sequential plain = train(new Sgd(LR), false, 10);
        assertTrue(maxParameterDiff(penalized, decayed) <= 1e-12, "diff " + maxParameterDiff(penalized, decayed));
        assertTrue(maxParameterDiff(penalized, plain) > 1e-3, "and the regularization did something");
    }

    /**
     * Adam with L2(λ): the penalty's gradient 2λ·w enters Adam's moments m and v, so it is divided by
     * sqrt(v) like the data gradient: weights with large past gradients are hardly decayed, weights
     * with small ones are pushed by up to ≈ lr per step whatever their size. AdamW decays every
     * weight by the same factor (1 − lr·wd) outside the moments. After a few steps they differ by
     * much more than rounding.
     */
    @Test
    void underAdamAnL2PenaltyDiffersFromAdamW() {
        Sequential penalized = train(new Adam(LR), true, 10);
        Sequential decayed = train(new AdamW(LR, 2 * LAMBDA), false, 10);
        double diff = maxParameterDiff(penalized, decayed);
        assertTrue(diff > 1e-2, "L2 inside Adam vs AdamW differ by " + diff);
    }

    /** With momentum the penalty accumulates in the velocity and the decoupled decay does not. */
    @Test
    void withMomentumTheyDifferToo() {
        Sequential penalized = train(new Sgd(LR, 0.9, false), true, 10);
        Sequential decayed = train(new SgdW(LR, 2 * LAMBDA, 0.9, false), false, 10);
        assertTrue(maxParameterDiff(penalized, decayed) > 1e-3);
    }

    /** One step by hand: w = 2, g = 0 ⇒ w ← 2 − 0.1·0.5·2 = 1.9. */
    @Test
    void oneDecayStepByHand() {
        Parameter p = new Parameter("w", Matrix.of(DType.F64, 1, 1, 2.0));
        new SgdW(0.1, 0.5).step(java.util.List.of(p));
        assertEquals(1.9, p.value().get(0), 1e-15);
        Parameter f = new Parameter("w", Matrix.of(DType.F32, 1, 1, 2.0));
        f.grad().set(0, 1.0);
        new SgdW(0.1, 0.5).step(java.util.List.of(f));
        assertEquals(1.8, f.value().get(0), 1e-6);   // 1.9 − 0.1·1
    }

    @Test
    void badArguments() {
        assertMessage(IllegalArgumentException.class, () -> new SgdW(0.1, -1), "weightDecay", "received: -1.0");
        assertMessage(IllegalArgumentException.class, () -> new SgdW(0.1, Double.NaN), "weightDecay", "NaN");
        assertMessage(IllegalArgumentException.class, () -> new SgdW(0.1, 0.1, 1.0, false), "momentum", "received: 1.0");
        assertMessage(IllegalArgumentException.class, () -> new SgdW(0, 0.1), "learningRate", "received: 0.0");
    }
}
