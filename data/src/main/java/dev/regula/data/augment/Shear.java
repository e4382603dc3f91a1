package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Shears the image horizontally about its centre by an angle φ drawn uniformly from
 * {@code [−maxDegrees, maxDegrees)}: {@code x' = x + tan(φ)·(y − cy)}, rows below the centre move
 * right for φ > 0 (see {@link Affine#thenShear}).
 *
 * <p>Keras's {@code shear_range} is also an angle in degrees, but its matrix
 * {@code [[1, −sin φ], [0, cos φ]]} both shears and squeezes the height by cos φ; this class is
 * the pure shear of torchvision's {@code RandomAffine(shear=s)} (x axis).
 *
 * @param maxDegrees the largest shear angle, in [0, 90)
 */
public record Shear(double maxDegrees) implements GeometricTransform {

    /**
     * Validates the range.
     *
     * @param maxDegrees the largest shear angle, in [0, 90)
     */
    public Shear {
        Args.halfOpen("Shear.maxDegrees", maxDegrees, 0, 90);
    }

    /** Draws φ = uniform(−max, max). */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        double phi = rng.uniform(-maxDegrees, maxDegrees);
        map.thenShear(phi, GeometricTransform.centreX(width), GeometricTransform.centreY(height));
    }
}
