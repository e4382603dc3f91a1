package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Kernels;
import dev.regula.core.Parameter;
import dev.regula.core.gemm.TwoThreads;

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
 * {@link Kernels}). On that fast path a parameter of at least {@value #TWO_THREADS_MIN} elements
 * is updated in two halves at once, on the calling thread and the GEMM's helper
 * ({@link TwoThreads}); the update is element by element, so the bits are the same.
 *
 * <p>{@link Convention#PYTORCH} selects {@code torch.optim.Adam}'s form instead (give it PyTorch's
 * ε = 1e-8 explicitly), written out in {@link #updatePyTorch}:
 * <pre>
 * m  ← β₁·m + (1 − β₁)·g
 * v  ← β₂·v + (1 − β₂)·g²
 * w  ← w − (lr / (1 − β₁ᵗ))·m / (sqrt(v) / sqrt(1 − β₂ᵗ) + ε)     ε added to the corrected sqrt(v̂)
 * </pre>
 *
 * <p>An L2 penalty added to the loss goes through m and v, so Adam rescales it; decoupled weight
 * decay ({@link AdamW}) does not. They are different things.
 */
public class Adam extends Optimizer {
    private final double beta1;
    private final double beta2;
    private final double epsilon;
    private final Convention convention;
    /** Elements of a parameter from which the fast path updates it on two threads. */
    static final int TWO_THREADS_MIN = 1 << 16;
    private final Halves halves = new Halves();

    /** Keras's defaults: lr 1e-3, β₁ 0.9, β₂ 0.999, ε 1e-7. */
    public Adam() {
        this(1e-3);
    }

    /**
     * Keras's defaults with the given learning rate.
     *
     * @param learningRate lr, finite and &gt; 0
     */
    public Adam(double learningRate) {
        this(learningRate, 0.9, 0.999, 1e-7);
    }

    /**
     * Adam in Keras's convention.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param beta1 β₁, the decay of the first moment, in [0, 1)
     * @param beta2 β₂, the decay of the second moment, in [0, 1)
     * @param epsilon ε, finite and &gt; 0
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon) {
        this(learningRate, beta1, beta2, epsilon, Convention.KERAS);
    }

    /**
     * Adam in the given convention.
     *
     * @param learningRate lr, finite and &gt; 0
     * @param beta1 β₁, the decay of the first moment, in [0, 1)
     * @param beta2 β₂, the decay of the second moment, in [0, 1)
     * @param epsilon ε, finite and &gt; 0
     * @param convention where ε sits and how the bias corrections apply (see the class javadoc)
     */
    public Adam(double learningRate, double beta1, double beta2, double epsilon, Convention convention) {
        super(learningRate);
        this.beta1 = Checks.inRangeHalfOpen("beta1", beta1, 0.0, 1.0);
        this.beta2 = Checks.inRangeHalfOpen("beta2", beta2, 0.0, 1.0);
        this.epsilon = Checks.positive("epsilon", epsilon);
        this.convention = Convention.require(convention);
    }

    /** @return where ε sits and how the bias corrections apply */
    public Convention convention() {
        return convention;
    }

    /** The hyperparameters; "convention" only when it is not the default, so older files read the same. */
    @Override
    public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = Config.of("Adam", "learningRate", learningRate(), "beta1", beta1, "beta2", beta2,
                "epsilon", epsilon);
        if (convention != Convention.KERAS) {
            c.put("convention", convention.id());
        }
        return c;
    }

    @Override
    protected int slotCount() {
        return 2;
    }

    @Override
    protected void update(Parameter p, Matrix[] slots, long t) {
        if (convention == Convention.PYTORCH) {
            updatePyTorch(p, slots, t);
            return;
        }
        int n = p.value().size();
        double alpha = learningRate() * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));   // αₜ
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats();
            float[] m = slots[0].floats(), v = slots[1].floats();
            float b1 = (float) (1 - beta1), b2 = (float) (1 - beta2), a = (float) alpha, eps = (float) epsilon;
            if (Kernels.fastF32() && n >= TWO_THREADS_MIN && TwoThreads.available()) {   // the kernel on two halves at once: same bits
                halves.run(p, slots[0], slots[1], 1 - beta1, 1 - beta2, alpha, epsilon);
            } else if (Kernels.fastF32()) {
                AdamKernelF32.update(w, g, m, v, 0, n, b1, b2, a, eps);   // the float loop below, vectorized: same bits
            } else {
                update(w, g, m, v, 0, n, b1, b2, a, eps);
            }
        } else if (Kernels.fastF64() && n >= TWO_THREADS_MIN && TwoThreads.available()) {
            halves.run(p, slots[0], slots[1], 1 - beta1, 1 - beta2, alpha, epsilon);
        } else {
            update(p.value().doubles(), p.grad().doubles(), slots[0].doubles(), slots[1].doubles(), 0, n,
                    1 - beta1, 1 - beta2, alpha, epsilon);
        }
    }

    /**
     * The fast path's update of one parameter as two halves, [0, cut) on the calling thread and
     * [cut, n) on the helper: the arguments of the last call, kept in fields so that a call
     * allocates nothing. The hyperparameters are kept in double and, for an F32 parameter, rounded
     * to float in {@link #part} exactly as {@link #update(Parameter, Matrix[], long)} rounds them.
     */
    private static final class Halves implements TwoThreads.Parts {
        private Parameter p;
        private Matrix m, v;
        private double b1, b2, a, eps;

        void run(Parameter p, Matrix m, Matrix v, double b1, double b2, double a, double eps) {
            this.p = p;
            this.m = m;
            this.v = v;
            this.b1 = b1;
            this.b2 = b2;
            this.a = a;
            this.eps = eps;
            try {
                TwoThreads.run(this);
            } finally {
                this.p = null;
                this.m = this.v = null;
            }
        }

        @Override
        public void part(int which) {
            int n = p.value().size();
            int from = TwoThreads.from(which, n), to = TwoThreads.to(which, n);
            if (isF32(p)) {
                AdamKernelF32.update(p.value().floats(), p.grad().floats(), m.floats(), v.floats(), from, to,
                        (float) b1, (float) b2, (float) a, (float) eps);
            } else {
                update(p.value().doubles(), p.grad().doubles(), m.doubles(), v.doubles(), from, to, b1, b2, a, eps);
            }
        }
    }

    /**
     * torch.optim.Adam's update (PyTorch 1.13, {@code _single_tensor_adam}), operation for operation:
     * {@code exp_avg.mul_(β₁).add_(g, alpha=1 − β₁)}, {@code exp_avg_sq.mul_(β₂).addcmul_(g, g, value=1 − β₂)},
     * {@code denom = (exp_avg_sq.sqrt() / sqrt(1 − β₂ᵗ)).add_(ε)},
     * {@code param.addcdiv_(exp_avg, denom, value=−lr/(1 − β₁ᵗ))}.
     */
    private void updatePyTorch(Parameter p, Matrix[] slots, long t) {
        int n = p.value().size();
        double stepSize = learningRate() / (1 - Math.pow(beta1, t));
        double correction2Sqrt = Math.sqrt(1 - Math.pow(beta2, t));
        if (isF32(p)) {
            float[] w = p.value().floats(), g = p.grad().floats();
            float[] m = slots[0].floats(), v = slots[1].floats();
            float b1 = (float) beta1, b2 = (float) beta2, c1 = (float) (1 - beta1), c2 = (float) (1 - beta2);
            float step = (float) stepSize, bc2 = (float) correction2Sqrt, eps = (float) epsilon;
            for (int i = 0; i < n; i++) {
                m[i] = m[i] * b1 + c1 * g[i];
                v[i] = v[i] * b2 + c2 * (g[i] * g[i]);
                w[i] -= step * (m[i] / ((float) Math.sqrt(v[i]) / bc2 + eps));
            }
        } else {
            double[] w = p.value().doubles(), g = p.grad().doubles();
            double[] m = slots[0].doubles(), v = slots[1].doubles();
            for (int i = 0; i < n; i++) {
                m[i] = m[i] * beta1 + (1 - beta1) * g[i];                          // m ← β₁·m + (1 − β₁)·g
                v[i] = v[i] * beta2 + (1 - beta2) * (g[i] * g[i]);                 // v ← β₂·v + (1 − β₂)·g²
                w[i] -= stepSize * (m[i] / (Math.sqrt(v[i]) / correction2Sqrt + epsilon));   // ε after the correction
            }
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
