package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;

/**
 * Additive zero-mean Gaussian noise, as Keras's {@code GaussianNoise(stddev)}.
 *
 * <pre>
 * TRAIN      N[i, j] ~ N(0, stddev²)          (m, n), drawn per element
 *            Y  = X + N
 *            dX = dY                          the noise does not depend on X
 * INFERENCE  Y  = X
 * </pre>
 *
 * <p>The noise comes from the layer's own generator ({@link #reseed} fixes it): each training
 * forward takes one key {@code rng.nextLong()}, and N = stddev·z with z the standard normals of
 * that key in {@link Normals}'s scheme (Box-Muller on SplitMix64 outputs, drawn a vector at a time
 * by {@link NormalsKernelF64}). {@code stddev = 0} is the identity and draws nothing. Variates are
 * drawn in double and rounded for F32, so F32 and F64 layers built from the same seed add the same
 * noise. Earlier versions of Regula drew one {@code rng.nextGaussian()} per element instead.
 */
public final class GaussianNoise extends StochasticLayer {
    private final double stddev;
    private Matrix noise;   // N of the last training forward, (m, n)

    /**
     * @param stddev the standard deviation of the noise, finite and ≥ 0
     * @throws IllegalArgumentException naming stddev and the value received otherwise
     */
    public GaussianNoise(double stddev) {
        super("GaussianNoise(stddev=" + Checks.nonNegative("stddev", stddev) + ")", "noise");
        this.stddev = stddev;
    }

    /** @return the standard deviation of the noise */
    public double stddev() {
        return stddev;
    }

    /**
     * A copy of the noise N added by the last training forward, (m, n).
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
        if (stddev == 0) {
            noise.fill(0);
            y.copyFrom(x);
            return;
        }
        double[] z = standardNormals(n);                        // z ~ N(0, 1), n of them, from one key
        if (x.dtype() == DType.F32) {
            float[] xs = x.floats(), ys = y.floats(), e = noise.floats();
            for (int i = 0; i < n; i++) {
                e[i] = (float) (stddev * z[i]);                 // N ~ N(0, stddev²)
                ys[i] = xs[i] + e[i];                           // Y = X + N
            }
        } else {
            double[] xs = x.doubles(), ys = y.doubles(), e = noise.doubles();
            for (int i = 0; i < n; i++) {
                e[i] = stddev * z[i];
                ys[i] = xs[i] + e[i];
            }
        }
    }

    @Override
    void trainBackward(Matrix dY, Matrix dX) {
        dX.copyFrom(dY);                                        // dX = dY
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("GaussianNoise", "stddev", stddev);
    }
}
