package dev.regula.regularization;

import dev.regula.core.DType;
import dev.regula.core.Rng;

/**
 * An {@link ElementwiseLayer} that draws random numbers in training (a dropout mask, Gaussian
 * noise) from the generator given to {@link #build}. {@link #reseed} replaces that generator, so
 * a gradient check can draw the same mask for every evaluation of J (as DL4J's
 * {@code GradientCheckUtil} resets the RNG per evaluation).
 */
abstract class StochasticLayer extends ElementwiseLayer {
    /** The layer's own stream; {@link dev.regula.nn.Sequential} gives each layer its named stream of the seed (kind, index). */
    Rng rng;
    private double[] normals = new double[0];   // the last standardNormals (grows, never shrinks)

    StochasticLayer(String description, String cacheName) {
        super(description, cacheName);
    }

    @Override
    final void onBuild(DType dtype, Rng rng) {
        if (rng == null) {
            throw new IllegalArgumentException("Invalid value for rng: expected an Rng to draw the "
                    + toString() + " noise from, received: null");
        }
        this.rng = rng;
        onBuildBuffers(dtype);
    }

    /**
     * n standard normal variates for one training forward: one key {@code rng.nextLong()}, and the
     * variates of that key in {@link Normals}'s scheme (by {@link NormalsKernelF64} when the kernels
     * run, the same bits). The array is the layer's, reused by the next call; only its first n are these.
     */
    final double[] standardNormals(int n) {
        long key = rng.nextLong();
        if (normals.length < n) {
            normals = new double[n];
        }
        Normals.fill(normals, n, key);
        return normals;
    }

    /** Allocates the noise or mask buffer. */
    abstract void onBuildBuffers(DType dtype);

    /**
     * Replaces this layer's generator by {@code new Rng(seed)}: the next training forward draws
     * the same numbers as after any other {@code reseed(seed)}. For gradient checks and teaching;
     * training never needs it.
     *
     * @param seed the seed of the new generator
     */
    public void reseed(long seed) {
        this.rng = new Rng(seed);
    }

    /** The layer's current generator (saved in checkpoints). */
    @Override
    public Rng rng() {
        return rng;
    }
}
