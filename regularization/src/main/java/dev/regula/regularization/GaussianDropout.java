package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;

/**
 * Multiplicative Gaussian noise with mean 1, as Keras's {@code GaussianDropout(rate)}.
 *
 * <pre>
 * TRAIN      ε[i, j] ~ N(1, rate / (1 − rate))      (m, n): 1 + sqrt(rate/(1 − rate))·z, z ~ N(0, 1)
 *            Y  = X ⊙ ε
 *            dX = dY ⊙ ε                           the same ε, reused
 * INFERENCE  Y  = X
 * </pre>
 *
 * <p>The variance {@code rate/(1 − rate)} is that of inverted dropout's multiplier {@code D/keepProb}
 * with {@code keepProb = 1 − rate}, so the two regularize with the same strength to second order
 * (Srivastava et al., 2014, section 10). Like inverted dropout, E[Y] = X and inference needs no
 * rescaling. {@code rate = 0} is the identity and draws nothing; {@link #reseed} fixes ε.
 *
 * <p>z is drawn as {@link GaussianNoise}'s: one key {@code rng.nextLong()} per training forward and
 * the standard normals of that key in {@link Normals}'s scheme, in double (ε is rounded for F32).
 * Earlier versions of Regula drew one {@code rng.nextGaussian()} per element instead.
 */
public final class GaussianDropout extends StochasticLayer {
    private final double rate;
    private final double stddev;
    private Matrix noise;   // ε of the last training forward, (m, n)

    /**
     * @param rate the equivalent dropout rate, in [0, 1)
     * @throws IllegalArgumentException naming rate and the value received otherwise
     */
    public GaussianDropout(double rate) {
        super("GaussianDropout(rate=" + Checks.inRangeHalfOpen("rate", rate, 0.0, 1.0) + ")", "noise");
        this.rate = rate;
        this.stddev = Math.sqrt(rate / (1.0 - rate));
    }

    /** @return the equivalent dropout rate */
    public double rate() {
        return rate;
    }

    /** @return the standard deviation of ε, {@code sqrt(rate / (1 − rate))} */
    public double stddev() {
        return stddev;
    }

    /**
     * A copy of the multipliers ε of the last training forward, (m, n).
     *
     * @return a new matrix
     * @throws IllegalStateException before the first training forward
     */
    public Matrix noise() {
        if (noise == null || noise.rows() == 0 && noise.cols() == 0) {
            throw new IllegalStateException("The noise of " + name() + " is absent: no training forward pass has drawn it");
        }
        return noise.copy();
    }

    @Override
    void onBuildBuffers(DType dtype) {
        noise = Matrix.zeros(dtype, 0, 0);
    }

    @Override
    void trainForward(Matrix x, Matrix y) {
        int n = x.size();
        noise.reshape(x.rows(), x.cols());
        if (rate == 0) {
            noise.fill(1.0);
            y.copyFrom(x);
            return;
        }
        double[] z = standardNormals(n);                        // z ~ N(0, 1), n of them, from one key
        if (x.dtype() == DType.F32) {
            float[] xs = x.floats(), ys = y.floats(), e = noise.floats();
            for (int i = 0; i < n; i++) {
                e[i] = (float) (1.0 + stddev * z[i]);                 // ε ~ N(1, rate/(1 − rate))
                ys[i] = xs[i] * e[i];                                 // Y = X ⊙ ε
            }
        } else {
            double[] xs = x.doubles(), ys = y.doubles(), e = noise.doubles();
            for (int i = 0; i < n; i++) {
                e[i] = 1.0 + stddev * z[i];
                ys[i] = xs[i] * e[i];
            }
        }
    }

    @Override
    void trainBackward(Matrix dY, Matrix dX) {
        int n = dY.size();
        if (dY.dtype() == DType.F32) {
            float[] g = dY.floats(), dx = dX.floats(), e = noise.floats();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * e[i];                                  // dX = dY ⊙ ε
            }
        } else {
            double[] g = dY.doubles(), dx = dX.doubles(), e = noise.doubles();
            for (int i = 0; i < n; i++) {
                dx[i] = g[i] * e[i];
            }
        }
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("GaussianDropout", "rate", rate);
    }
}
