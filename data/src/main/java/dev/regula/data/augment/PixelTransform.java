package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * A random change of pixel values that moves no pixel: brightness, contrast, noise, erasing.
 * {@link Augmentation} applies these after the geometric resampling, in a fixed order, then clips
 * the image to [0, 1].
 */
public interface PixelTransform {

    /**
     * Transforms one image in place, drawing its random parameters from {@code rng}.
     *
     * @param image h·w values in [0, 1], row by row. Modified (may leave [0, 1]; the caller clips).
     * @param height rows h
     * @param width columns w
     * @param rng the image's own generator
     */
    void apply(double[] image, int height, int width, Rng rng);
}
