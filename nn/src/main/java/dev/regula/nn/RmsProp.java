package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;

/**
 * RMSprop in Keras's form (defaults lr 1e-3, ρ 0.9, ε 1e-7):
 * <pre>
 * v ← ρ·v + (1 − ρ)·g²
 * w ← w − lr·g / sqrt(v + ε)
 * </pre>
 * PyTorch puts ε outside the square root ({@code sqrt(v) + ε}) and defaults to ρ = 0.99;
 * {@link Convention#PYTORCH} selects that form ({@code torch.optim.RMSprop}, ρ being its α):
 * <pre>
 * v ← ρ·v + (1 − ρ)·g²
 * w ← w − lr·g / (sqrt(v) + ε)
 * </pre>
 */
public final class RmsProp extends Optimizer {
    private final double rho;
    private final double epsilon;
    private final Convention convention;

    /** Keras's defaults: lr 1e-3, ρ 0.9, ε 1e-7. */
    public RmsProp() {
        this(1e-3, 0.9, 1e-7);
    }

    /**
     * RMSprop in Keras's form.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param rho ρ, the decay of the mean square, in [0, 1)
     * @param epsilon ε, finite and &gt; 0
     */
    public RmsProp(double learningRate, double rho, double epsilon) {
        this(learningRate, rho, epsilon, Convention.KERAS);
    }

    /**
     * RMSprop in the given form.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param rho ρ, the decay of the mean square, in [0, 1)
     * @param epsilon ε, finite and &gt; 0
     * @param convention ε inside the root (KERAS) or added to it (PYTORCH)
     */
    public RmsProp(double learningRate, double rho, double epsilon, Convention convention) {
        super(learningRate);
        this.rho = Checks.inRangeHalfOpen("rho", rho, 0.0, 1.0);
        this.epsilon = Checks.positive("epsilon", epsilon);
        this.convention = Convention.require(convention);
    }

    /** @return where ε sits: inside the root (KERAS) or added to it (PYTORCH) */
    public Convention convention() {
        return convention;
    }

    /** The hyperparameters; "convention" only when it is not the default, so older files read the same. */
    @Override
    public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = Config.of("RmsProp", "learningRate", learningRate(), "rho", rho, "epsilon", epsilon);
        if (convention != Convention.KERAS) {
            c.put("convention", convention.id());
        }
        return c;
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t) {
        int n = p.value().size();
        double lr = learningRate();
        boolean keras = convention == Convention.KERAS;
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats(), v = slots[0].floats();
            float r = (float) rho, flr = (float) lr, eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                v[i] = r * v[i] + (1 - r) * g[i] * g[i];
                w[i] -= keras ? flr * g[i] / (float) Math.sqrt(v[i] + eps)
                              : flr * (g[i] / ((float) Math.sqrt(v[i]) + eps));
            }
        } else {
            double[] w = p.value().doubles(), g = p.grad().doubles(), v = slots[0].doubles();
            for (int i = 0; i < n; i++) {
                v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                w[i] -= keras ? lr * g[i] / Math.sqrt(v[i] + epsilon)        // ε inside the root
                              : lr * (g[i] / (Math.sqrt(v[i]) + epsilon));   // ε added to the root
            }
        }
    }
}
