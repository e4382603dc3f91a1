package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;

/**
 * Adam with decoupled weight decay (Loshchilov and Hutter, 2019), as Keras's and PyTorch's AdamW:
 * <pre>
 * w ← w − lr·λ·w          the decay, applied to the weights directly, before the Adam step
 * w ← Adam(w, g)          with g the gradient of the loss alone
 * </pre>
 * Unlike an L2 penalty, the decay never passes through Adam's moments, so every weight decays at
 * the same rate whatever its gradient history. Default λ = 0.004 (Keras; PyTorch uses 0.01).
 */
public final class AdamW extends Adam {
    private final double weightDecay;

    /** Keras's defaults: lr 1e-3, λ 0.004, β₁ 0.9, β₂ 0.999, ε 1e-7. */
    public AdamW() {
        this(1e-3, 0.004);
    }

    /**
     * Keras's β₁, β₂ and ε with the given learning rate and decay.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param weightDecay λ, finite and ≥ 0 (the weights shrink by {@code lr·λ·w} per step)
     */
    public AdamW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, 0.9, 0.999, 1e-7);
    }

    /**
     * AdamW with Keras's convention for the Adam step.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param weightDecay λ, finite and ≥ 0
     * @param beta1 β₁, in [0, 1)
     * @param beta2 β₂, in [0, 1)
     * @param epsilon ε, finite and &gt; 0
     */
    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon) {
        this(learningRate, weightDecay, beta1, beta2, epsilon, Convention.KERAS);
    }

    /**
     * AdamW with every hyperparameter given.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param weightDecay λ, finite and ≥ 0
     * @param beta1 β₁, in [0, 1)
     * @param beta2 β₂, in [0, 1)
     * @param epsilon ε, finite and &gt; 0
     * @param convention the Adam step's convention ({@link Adam}); the decay is the same in both
     *                   (PyTorch's AdamW also multiplies w by {@code 1 − lr·λ} first)
     */
    public AdamW(double learningRate, double weightDecay, double beta1, double beta2, double epsilon, Convention convention) {
        super(learningRate, beta1, beta2, epsilon, convention);
        this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
    }

    /** @return λ, the decoupled weight decay */
    public double weightDecay() {
        return weightDecay;
    }

    @Override
    public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = super.config();
        c.put("type", "AdamW");
        c.put("weightDecay", weightDecay);
        return c;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t) {
        double shrink = 1 - learningRate() * weightDecay;   // w ← w − lr·λ·w
        dev.regula.core.Ops.linear(shrink, p.value(), 0, p.value(), p.value());
        super.update(p, slots, t);
    }
}
