package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * A random geometric transform that is an affine map: a flip, rotation, shift, zoom, shear or
 * crop. {@link Augmentation} composes all of an image's geometric transforms into one
 * {@link Affine} map and resamples the image once, so a rotated and zoomed digit is interpolated
 * once, not twice (two bilinear passes blur twice).
 */
public interface GeometricTransform {

    /**
     * Draws this transform's random parameters from {@code rng} (always the same number of draws)
     * and appends the resulting map after {@code map} (see {@link Affine}: forward direction,
     * input → output).
     *
     * @param map the image's map so far. Modified.
     * @param height rows of the image
     * @param width columns of the image
     * @param rng the image's own generator
     */
    void compose(Affine map, int height, int width, Rng rng);

    /**
     * The image centre's x: see {@link Affine}.
     *
     * @param width w, the image's columns
     * @return {@code (w − 1)/2}
     */
    static double centreX(int width) {
        return (width - 1) / 2.0;
    }

    /**
     * The image centre's y: see {@link Affine}.
     *
     * @param height h, the image's rows
     * @return {@code (h − 1)/2}
     */
    static double centreY(int height) {
        return (height - 1) / 2.0;
    }
}
