package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Optimizer;

/**
 * SGD with decoupled weight decay, as Keras's {@code SGD(weight_decay=wd)}: the decay shrinks the
 * weights directly, then the usual SGD step uses the gradient of the loss alone. At each step, for
 * every trainable parameter:
 * <pre>
 * w ← w − lr·wd·w                         the decay (Keras's Optimizer._apply_weight_decay)
 * momentum = 0:   w ← w − lr·g
 * momentum μ:     v ← μ·v − lr·g
 *                 w ← w + v                (classical)
 *                 w ← w + μ·v − lr·g       (Nesterov)
 * </pre>
 * with g the gradient as accumulated by backward (data loss plus any penalties).
 *
 * <p>Decoupled decay vs an L2 penalty: {@link L2}{@code (λ)} adds {@code 2λ·w} to g. Under plain
 * SGD (μ = 0) the two updates are the same, {@code w − lr·(g + 2λ·w)}, when {@code wd = 2λ}. With
 * momentum the penalty's {@code 2λ·w} accumulates in the velocity and the decay does not; under
 * Adam the penalty is also divided by {@code sqrt(v)} ({@code dev.regula.nn.AdamW} is the
 * decoupled form for Adam). PyTorch's {@code SGD(weight_decay=wd)} is the <em>coupled</em> form
 * (it adds {@code wd·w} to g, i.e. {@code L2(wd/2)}), whereas Keras's is decoupled, as here.
 *
 * <p>The decay applies to every trainable parameter the optimizer steps, biases and batch-norm
 * γ/β included, as Keras does by default; make a parameter non-trainable to exclude it.
 */
public final class SgdW extends Optimizer {
    private final double weightDecay;
    private final double momentum;
    private final boolean nesterov;

    /**
     * Plain SGD with decoupled weight decay {@code wd} (no momentum).
     *
     * @param learningRate lr, finite and &gt; 0
     * @param weightDecay  wd, finite and ≥ 0 (multiplied by lr, as in Keras)
     */
    public SgdW(double learningRate, double weightDecay) {
        this(learningRate, weightDecay, 0.0, false);
    }

    /**
     * @param learningRate lr, finite and > 0
     * @param weightDecay  wd, finite and ≥ 0 (multiplied by lr, as in Keras)
     * @param momentum     μ in [0, 1)
     * @param nesterov     whether to use Nesterov momentum (needs μ > 0 to matter)
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public SgdW(double learningRate, double weightDecay, double momentum, boolean nesterov) {
        super(learningRate);
        this.weightDecay = Checks.nonNegative("weightDecay", weightDecay);
        this.momentum = Checks.inRangeHalfOpen("momentum", momentum, 0.0, 1.0);
        this.nesterov = nesterov;
    }

    /** @return wd, the decoupled weight decay */
    public double weightDecay() {
        return weightDecay;
    }

    /** @return μ, the momentum (0 for plain SGD) */
    public double momentum() {
        return momentum;
    }

    @Override
    protected int slotCount() {
        return 1;   // the velocity v
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t) {
        int n = p.value().size();
        double lr = learningRate();
        double decay = lr * weightDecay;
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats(), v = slots[0].floats();
            float flr = (float) lr, fdecay = (float) decay, mu = (float) momentum;
            for (int i = 0; i < n; i++) {
                w[i] -= fdecay * w[i];                              // w ← w − lr·wd·w
                if (momentum == 0) {
                    w[i] -= flr * g[i];                             // w ← w − lr·g
                } else {
                    v[i] = mu * v[i] - flr * g[i];
                    w[i] += nesterov ? mu * v[i] - flr * g[i] : v[i];
                }
            }
        } else {
            double[] w = p.value().doubles(), g = p.grad().doubles(), v = slots[0].doubles();
            for (int i = 0; i < n; i++) {
                w[i] -= decay * w[i];
                if (momentum == 0) {
                    w[i] -= lr * g[i];
                } else {
                    v[i] = momentum * v[i] - lr * g[i];
                    w[i] += nesterov ? momentum * v[i] - lr * g[i] : v[i];
                }
            }
        }
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("SgdW", "learningRate", learningRate(), "weightDecay", weightDecay,
                "momentum", momentum, "nesterov", nesterov);
    }
}
