package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;

/**
 * Adam (Kingma and Ba, 2015) in Keras's form, with Keras's defaults (lr 1e-3, β₁ 0.9, β₂ 0.999,
 * ε 1e-7). At step t:
 * <pre>
 * m  ← m + (1 − β₁)·(g − m)                      first moment
 * v  ← v + (1 − β₂)·(g² − v)                     second moment
 * αₜ = lr·sqrt(1 − β₂ᵗ) / (1 − β₁ᵗ)              bias corrections folded into the step size
 * w  ← w − αₜ·m / (sqrt(v) + ε)
 * </pre>
 * This is the paper's "ε̂" form. PyTorch computes {@code lr·m̂ / (sqrt(v̂) + ε)} with the
 * corrections applied to m and v: the same update up to where ε sits (and its default, 1e-8).
 *
 * <p>The loops of {@link #update} are that algorithm as written; training runs the same arithmetic
 * through {@link Ops#adamStep} (vectorized in F32), which gives the same bits.
 *
 * <p>An L2 penalty added to the loss goes through m and v, so Adam rescales it; decoupled weight
 * decay ({@link AdamW}) does not. They are different things.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private boolean fastPath = true;   // see textbookOnly()

    /** Keras's defaults: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7. */
    public Adam() {
        this(1e-3);
    }

    /** Keras's defaults with the given learning rate. */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        super(learningRate);
        this.beta1 = Checks.inRangeHalfOpen("beta1", beta1, 0.0, 1.0);
        this.beta2 = Checks.inRangeHalfOpen("beta2", beta2, 0.0, 1.0);
        this.epsilon = Checks.positive("epsilon", epsilon);
    }

    @Override
    public java.util.Map<String, Object> config() {
        return Config.of("Adam", "learningRate", learningRate(), "beta1", beta1, "beta2", beta2, "epsilon", epsilon);
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t) {
        int n = p.value().size();
        double alpha = learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
        if (fastPath) {
            // Speed path: the loops below, element for element and operation for operation (so the
            // same bits), through the Vector API in F32. See Ops.adamStep; tested against the loops.
            Ops.adamStep(p.value(), p.grad(), slots[0], slots[1], 1 - beta1, 1 - beta2, alpha, epsilon);
            return;
        }
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats();
            float[] m = slots[0].floats(), v = slots[1].floats();
            float b1 = (float) (1 - beta1), b2 = (float) (1 - beta2);
            float a = (float) alpha, eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                m[i] += b1 * (g[i] - m[i]);
                v[i] += b2 * (g[i] * g[i] - v[i]);
                w[i] -= a * m[i] / ((float) Math.sqrt(v[i]) + eps);
            }
        } else {
            double[] w = p.value().doubles(), g = p.grad().doubles();
            double[] m = slots[0].doubles(), v = slots[1].doubles();
            for (int i = 0; i < n; i++) {
                m[i] += (1 - beta1) * (g[i] - m[i]);
                v[i] += (1 - beta2) * (g[i] * g[i] - v[i]);
                w[i] -= alpha * m[i] / (Math.sqrt(v[i]) + epsilon);
            }
        }
    }

    /**
     * Makes every update run the textbook loops of {@link #update} instead of the fast path, for
     * the tests that compare the two; returns this.
     */
    Adam textbookOnly() {
        fastPath = false;
        return this;
    }
}
