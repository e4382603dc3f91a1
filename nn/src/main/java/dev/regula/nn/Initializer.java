package dev.regula.nn;

import dev.regula.core.Matrix;
import dev.regula.core.Rng;

/**
 * Weight initializers, with Keras's definitions (fanIn = nIn, fanOut = nOut for a kernel W of
 * nIn × nOut).
 *
 * <ul>
 *   <li>uniform variants draw from U(−limit, limit) with {@code limit = sqrt(3·scale)};</li>
 *   <li>normal variants draw from a normal truncated at two standard deviations, with
 *       {@code stddev = sqrt(scale) / 0.87962566103423978} so that the truncated distribution
 *       has variance {@code scale} (as Keras's {@code VarianceScaling});</li>
 *   <li>glorot: {@code scale = 2 / (fanIn + fanOut)}; he: {@code 2 / fanIn}; lecun: {@code 1 / fanIn}.</li>
 * </ul>
 * So glorot-uniform has {@code limit = sqrt(6 / (fanIn + fanOut))}, Keras's default for Dense.
 */
public enum Initializer {
    /** Uniform, variance {@code 2 / (fanIn + fanOut)}: Keras's default for Dense. */
    GLOROT_UNIFORM,
    /** Truncated normal, variance {@code 2 / (fanIn + fanOut)}. */
    GLOROT_NORMAL,
    /** Uniform, variance {@code 2 / fanIn}: for ReLU layers. */
    HE_UNIFORM,
    /** Truncated normal, variance {@code 2 / fanIn}: for ReLU layers. */
    HE_NORMAL,
    /** Uniform, variance {@code 1 / fanIn}. */
    LECUN_UNIFORM,
    /** Truncated normal, variance {@code 1 / fanIn}. */
    LECUN_NORMAL,
    /** All zeros; draws nothing from the generator. */
    ZEROS;

    /** The standard deviation of a unit normal truncated to [−2, 2]. */
    private static final double TRUNCATED_STDDEV = 0.87962566103423978;

    /**
     * The target variance of the weights.
     *
     * @param fanIn the number of inputs of the layer (nIn)
     * @param fanOut the number of outputs of the layer (nOut)
     * @return the variance ({@code scale}), 0 for ZEROS
     */
    public double variance(int fanIn, int fanOut) {
        switch (this) {
            case GLOROT_UNIFORM: case GLOROT_NORMAL: return 2.0 / (fanIn + fanOut);
            case HE_UNIFORM: case HE_NORMAL: return 2.0 / fanIn;
            case LECUN_UNIFORM: case LECUN_NORMAL: return 1.0 / fanIn;
            default: return 0.0;
        }
    }

    /**
     * Fills {@code w} with fresh values drawn from {@code rng}, element by element in row-major order.
     *
     * @param w the weights, e.g. (nIn × nOut). Modified.
     * @param fanIn the number of inputs of the layer (nIn)
     * @param fanOut the number of outputs of the layer (nOut)
     * @param rng the source of the draws
     */
    public void fill(Matrix w, int fanIn, int fanOut, Rng rng) {
        double scale = variance(fanIn, fanOut);
        for (int i = 0, n = w.size(); i < n; i++) {
            w.set(i, sample(scale, rng));
        }
    }

    private double sample(double scale, Rng rng) {
        switch (this) {
            case GLOROT_UNIFORM: case HE_UNIFORM: case LECUN_UNIFORM: {
                double limit = Math.sqrt(3.0 * scale);
                return rng.uniform(-limit, limit);
            }
            case GLOROT_NORMAL: case HE_NORMAL: case LECUN_NORMAL: {
                double z;
                do {
                    z = rng.nextGaussian();
                } while (Math.abs(z) > 2.0);
                return z * Math.sqrt(scale) / TRUNCATED_STDDEV;
            }
            default:
                return 0.0;
        }
    }

    /**
     * Parses a Keras-style name such as {@code glorot_uniform} or {@code he_normal} (any case, '-' for '_').
     *
     * @param name the name
     * @return the initializer
     * @throws IllegalArgumentException listing the valid names, for any other
     */
    public static Initializer parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(java.util.Locale.ROOT).replace('-', '_'));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid initializer: expected one of "
                    + java.util.Arrays.toString(values()).toLowerCase(java.util.Locale.ROOT)
                    + ", received: " + name);
        }
    }
}
