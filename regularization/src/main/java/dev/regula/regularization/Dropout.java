package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;

/**
 * Inverted dropout (Srivastava et al., 2014, in the "inverted" form every framework uses).
 *
 * <pre>
 * TRAIN      D[i, j] ~ Bernoulli(keepProb)          the mask of kept units, (m, n), 1 or 0
 *            Y  = X ⊙ D / keepProb                   kept units scaled up, so E[Y] = X
 *            dX = dY ⊙ D / keepProb                  the same mask, reused
 * INFERENCE  Y  = X                                   the identity: no mask, no scaling
 * </pre>
 *
 * <p>Convention: {@code keepProb} is the probability of <em>keeping</em> a unit, as in the seed
 * 002 and DL4J's "retain probability"; Keras's {@code Dropout(rate)} and PyTorch's
 * {@code Dropout(p)} give the probability of <em>dropping</em> one, {@code rate = 1 − keepProb}
 * ({@link #ofRate}). Because kept units are divided by keepProb in training, inference needs no
 * rescaling (the original, non-inverted dropout multiplied the weights by keepProb at test time
 * instead). {@code keepProb = 1} is the identity in both modes and draws no random numbers.
 *
 * <p>What the seed 002 gets wrong: its {@code D1 = np.random.rand(...)} is used as the mask
 * directly, multiplying each unit by a uniform number in [0, 1) instead of by 0 or 1; the mask
 * must be {@code D1 = np.random.rand(...) < keep_prob}.
 *
 * <p>The mask is drawn from the layer's own generator (given by {@link #build}; one uniform
 * double per element, {@code u < keepProb} keeps the unit, in both dtypes, so F32 and F64 layers
 * built from the same seed drop the same units). {@link #reseed} fixes it for gradient checks.
 * Dropout is a layer like any other, so it can follow the input as well as a hidden layer.
 */
public final class Dropout extends StochasticLayer {
    private final double keepProb;
    private Matrix mask;   // D of the last training forward, (m, n)

    /**
     * @param keepProb the probability of keeping a unit, in (0, 1]
     * @throws IllegalArgumentException naming keepProb and the value received otherwise
     */
    public Dropout(double keepProb) {
        super("Dropout(keepProb=" + Checks.inRangeOpenClosed("keepProb", keepProb, 0.0, 1.0) + ")", "mask");
        this.keepProb = keepProb;
    }

    /**
     * Keras's and PyTorch's form: {@code Dropout.ofRate(0.25)} is {@code new Dropout(0.75)}.
     *
     * @param rate the probability of dropping a unit, in [0, 1)
     * @throws IllegalArgumentException naming rate and the value received otherwise
     */
    public static Dropout ofRate(double rate) {
        Checks.inRangeHalfOpen("rate", rate, 0.0, 1.0);
        return new Dropout(1.0 - rate);
    }

    /** The probability of keeping a unit. */
    public double keepProb() {
        return keepProb;
    }

    /** The probability of dropping a unit, {@code 1 − keepProb} (Keras's {@code rate}). */
    public double rate() {
        return 1.0 - keepProb;
    }

    /**
     * A copy of the mask D of the last training forward, (m, n): 1 where the unit was kept, 0
     * where it was dropped (not yet divided by keepProb).
     *
     * @throws IllegalStateException before the first training forward
     */
    public Matrix mask() {
        if (mask == null || mask.rows() == 0 && mask.cols() == 0) {
            throw new IllegalStateException("The mask of " + name() + " is absent: no training forward pass has drawn it");
        }
        return mask.copy();
    }

    @Override
    void onBuildBuffers(DType dtype) {
        mask = Matrix.zeros(dtype, 0, 0);
    }

    @Override
    void trainForward(Matrix x, Matrix y) {
        int n = x.size();
        mask.reshape(x.rows(), x.cols());
        if (keepProb == 1.0) {                              // the identity: keep everything, draw nothing
            mask.fill(1.0);
            y.copyFrom(x);
            return;
        }
        double scale = 1.0 / keepProb;
        if (x.dtype() == DType.F32) {
            float[] xs = x.floats(), ys = y.floats(), d = mask.floats();
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                d[i] = rng.nextDouble() < keepProb ? 1f : 0f;   // D ~ Bernoulli(keepProb)
                ys[i] = xs[i] * d[i] * s;                       // Y = X ⊙ D / keepProb
            }
        } else {
            double[] xs = x.doubles(), ys = y.doubles(), d = mask.doubles();
            for (int i = 0; i < n; i++) {
                d[i] = rng.nextDouble() < keepProb ? 1.0 : 0.0;
                ys[i] = xs[i] * d[i] * scale;
            }
        }
    }

    @Override
    void trainBackward(Matrix dY, Matrix dX) {
        int n = dY.size();
        double scale = 1.0 / keepProb;
        if (dY.dtype() == DType.F32) {
            float[] g = dY.floats(), dx = dX.floats(), d = mask.floats();
            float s = (float) scale;
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * d[i] * s;                        // dX = dY ⊙ D / keepProb
            }
        } else {
            double[] g = dY.doubles(), dx = dX.doubles(), d = mask.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * d[i] * scale;
            }
        }
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("Dropout", "keepProb", keepProb);
    }
}
