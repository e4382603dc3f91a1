package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Rotates the image about its centre by an angle θ drawn uniformly from
 * {@code [−maxDegrees, maxDegrees)}, counter-clockwise on screen for θ > 0 (see
 * {@link Affine#thenRotate}). Keras {@code rotation_range=r} and torchvision
 * {@code RandomRotation(r)} draw the same range; the seeds' case study uses ±10°.
 *
 * @param maxDegrees the largest rotation, in [0, 180]
 */
public record Rotation(double maxDegrees) implements GeometricTransform {

    /**
     * Validates the range.
     *
     * @param maxDegrees the largest rotation, in [0, 180]
     */
    public Rotation {
        Args.closed("Rotation.maxDegrees", maxDegrees, 0, 180);
    }

    /** Draws θ = uniform(−max, max). */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        double theta = rng.uniform(-maxDegrees, maxDegrees);
        map.thenRotate(theta, GeometricTransform.centreX(width), GeometricTransform.centreY(height));
    }
}
