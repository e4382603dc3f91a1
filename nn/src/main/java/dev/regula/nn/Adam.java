package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Kernels;
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
 * <p>The loops below are that algorithm as written, once per dtype ({@link #update(double[],
 * double[], double[], double[], int, int, double, double, double, double)} and its float twin,
 * held together by {@code AdamTest}), and they are what runs, except that in F32 with the Vector
 * API {@link AdamKernelF32} runs the float loop a vector of elements at a time, with the same
 * bits ({@code AdamKernelF32Test}; {@code -Dregula.kernels=readable} runs the loop instead, see
 * {@link Kernels}).
 *
 * <p>An L2 penalty added to the loss goes through m and v, so Adam rescales it; decoupled weight
 * decay ({@link AdamW}) does not. They are different things.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;

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
        double alpha = learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));   // αₜ
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats();
            float[] m = slots[0].floats(), v = slots[1].floats();
            float b1 = (float) (1 - beta1), b2 = (float) (1 - beta2), a = (float) alpha, eps = (float) epsilon;
            if (Kernels.fastF32()) {
                AdamKernelF32.update(w, g, m, v, 0, n, b1, b2, a, eps);   // the float loop below, vectorized: same bits
            } else {
                update(w, g, m, v, 0, n, b1, b2, a, eps);
            }
        } else {
            update(p.value().doubles(), p.grad().doubles(), slots[0].doubles(), slots[1].doubles(), 0, n,
                    1 - beta1, 1 - beta2, alpha, epsilon);
        }
    }

    /**
     * One Adam step on elements [from, to), in double:
     * {@code m += b1·(g − m); v += b2·(g² − v); w −= a·m / (sqrt(v) + eps)}, with
     * b1 = 1 − β₁, b2 = 1 − β₂ and a = αₜ.
     */
    static void update(double[] w, double[] g, double[] m, double[] v, int from, int to,
                       double b1, double b2, double a, double eps) {
        for (int i = from; i < to; i++) {
            m[i] += b1 * (g[i] - m[i]);                       // first moment
            v[i] += b2 * (g[i] * g[i] - v[i]);                // second moment
            w[i] -= a * m[i] / (Math.sqrt(v[i]) + eps);       // the step
        }
    }

    /**
     * The same step in float arithmetic, every operation a float operation in the order written
     * (the square root rounded to float). {@link AdamKernelF32} computes exactly this.
     */
    static void update(float[] w, float[] g, float[] m, float[] v, int from, int to,
                       float b1, float b2, float a, float eps) {
        for (int i = from; i < to; i++) {
            m[i] += b1 * (g[i] - m[i]);
            v[i] += b2 * (g[i] * g[i] - v[i]);
            w[i] -= a * m[i] / ((float) Math.sqrt(v[i]) + eps);
        }
    }
}
