package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;

/**
 * Stochastic gradient descent, with optional momentum and Nesterov momentum, in Keras's form:
 * <pre>
 * momentum = 0:   w ← w − lr·g
 * momentum μ:     v ← μ·v − lr·g
 *                 w ← w + v                  (classical)
 *                 w ← w + μ·v − lr·g         (Nesterov)
 * </pre>
 * With a constant learning rate this equals PyTorch's SGD (whose buffer is −v/lr).
 */
public final class Sgd extends Optimizer {
    private final double momentum;
    private final boolean nesterov;

    /**
     * Plain SGD, {@code w ← w − lr·g}.
     *
     * @param learningRate lr, finite and &gt; 0
     */
    public Sgd(double learningRate) {
        this(learningRate, 0.0, false);
    }

    /**
     * SGD with momentum.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param momentum μ in [0, 1)
     * @param nesterov whether to use Nesterov momentum (needs μ > 0 to matter)
     */
    public Sgd(double learningRate, double momentum, boolean nesterov) {
        super(learningRate);
        this.momentum = Checks.inRangeHalfOpen("momentum", momentum, 0.0, 1.0);
        this.nesterov = nesterov;
    }

    @Override
    public java.util.Map<String, Object> config() {
        return Config.of("Sgd", "learningRate", learningRate(), "momentum", momentum, "nesterov", nesterov);
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
            float flr = (float) lr, mu = (float) momentum;
            for (int i = 0; i < n; i++) {
                if (momentum == 0) {
                    w[i] -= flr * g[i];
                } else {
                    v[i] = mu * v[i] - flr * g[i];
                    w[i] += nesterov ? mu * v[i] - flr * g[i] : v[i];
                }
            }
        } else {
            double[] w = p.value().doubles(), g = p.grad().doubles(), v = slots[0].doubles();
            for (int i = 0; i < n; i++) {
                if (momentum == 0) {
                    w[i] -= lr * g[i];
                } else {
                    v[i] = momentum * v[i] - lr * g[i];
                    w[i] += nesterov ? momentum * v[i] - lr * g[i] : v[i];
                }
            }
        }
    }
}
