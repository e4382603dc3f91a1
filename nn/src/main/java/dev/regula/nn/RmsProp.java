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
 * PyTorch puts ε outside the square root ({@code sqrt(v) + ε}) and defaults to ρ = 0.99.
 */
public final class RmsProp extends Optimizer {
    private final double rho;
    private final double epsilon;

    /** Keras's defaults: lr 1e-3, ρ 0.9, ε 1e-7. */
    public RmsProp() {
        this(1e-3, 0.9, 1e-7);
    }

    public RmsProp(double learningRate, double rho, double epsilon) {
        super(learningRate);
        this.rho = Checks.inRangeHalfOpen("rho", rho, 0.0, 1.0);
        this.epsilon = Checks.positive("epsilon", epsilon);
    }

    @Override
    public java.util.Map<String, Object> config() {
        return Config.of("RmsProp", "learningRate", learningRate(), "rho", rho, "epsilon", epsilon);
    }

    @Override
    protected int slotCount() {
        return 1;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t) {
        int n = p.value().size();
        double lr = learningRate();
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats(), v = slots[0].floats();
            float r = (float) rho, flr = (float) lr, eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                v[i] = r * v[i] + (1 - r) * g[i] * g[i];
                w[i] -= flr * g[i] / (float) Math.sqrt(v[i] + eps);
            }
        } else {
            double[] w = p.value().doubles(), g = p.grad().doubles(), v = slots[0].doubles();
            for (int i = 0; i < n; i++) {
                v[i] = rho * v[i] + (1 - rho) * g[i] * g[i];
                w[i] -= lr * g[i] / Math.sqrt(v[i] + epsilon);
            }
        }
    }
}
