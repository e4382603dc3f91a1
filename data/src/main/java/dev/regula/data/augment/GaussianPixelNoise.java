package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Adds independent normal noise to every pixel: {@code x' = x + stddev·z}, z ~ N(0, 1), then (in
 * {@link Augmentation}) clipped to [0, 1], so the result is still an image.
 *
 * <p>This is noise on the input images, drawn once per training batch as an augmentation. The
 * regularization module's {@code GaussianNoise} layer (Keras {@code GaussianNoise}) is the same
 * formula inside the network, without clipping, on any layer's activations.
 *
 * @param stddev the noise's standard deviation, ≥ 0 (pixels are in [0, 1], so 0.1 is strong)
 */
public record GaussianPixelNoise(double stddev) implements PixelTransform {

    /**
     * Validates stddev ≥ 0, finite.
     *
     * @param stddev the noise's standard deviation, ≥ 0 (pixels are in [0, 1], so 0.1 is strong)
     */
    public GaussianPixelNoise {
        Args.nonNegative("GaussianPixelNoise.stddev", stddev);
    }

    /** Draws h·w normal variates, row by row. */
    @Override
    public void apply(double[] image, int height, int width, Rng rng) {
        for (int i = 0, n = height * width; i < n; i++) {
            image[i] += stddev * rng.nextGaussian();
        }
    }
}
