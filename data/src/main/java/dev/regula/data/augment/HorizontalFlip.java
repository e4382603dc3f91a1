package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Mirrors the image left ↔ right with probability {@code probability}: {@code x' = (w − 1) − x}
 * (Keras {@code horizontal_flip=True} and torchvision {@code RandomHorizontalFlip()} both use 0.5).
 *
 * <p>A mirror is not a rotation: seed 003 lists "Flipping (180 degrees)", but a 180° turn is
 * {@link Rotation}, and the two differ (a mirror reverses handedness). Mirrors do not preserve
 * digit labels either (a mirrored 2 or 7 is not a digit, and seed 000's
 * {@code ImageDataGenerator(horizontal_flip=True)} example on MNIST is best avoided); use flips for
 * images whose class survives them.
 *
 * @param probability the chance of flipping each image, in [0, 1]
 */
public record HorizontalFlip(double probability) implements GeometricTransform {

    /**
     * Validates the probability.
     *
     * @param probability the chance of flipping each image, in [0, 1]
     */
    public HorizontalFlip {
        Args.probability("HorizontalFlip.probability", probability);
    }

    /** A flip with probability 0.5, as Keras and torchvision. */
    public HorizontalFlip() {
        this(0.5);
    }

    /** Draws one uniform number; flips when it is below the probability. */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        if (rng.nextDouble() < probability) {
            map.thenFlipHorizontal(width);
        }
    }
}
