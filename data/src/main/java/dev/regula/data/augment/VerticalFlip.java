package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Mirrors the image top ↔ bottom with probability {@code probability}: {@code y' = (h − 1) − y}
 * (Keras {@code vertical_flip=True}, torchvision {@code RandomVerticalFlip()}: 0.5). As with
 * {@link HorizontalFlip}, a mirror changes what a digit means (6 ↔ a mirrored 9); it is here for
 * images whose class survives it.
 *
 * @param probability the chance of flipping each image, in [0, 1]
 */
public record VerticalFlip(double probability) implements GeometricTransform {

    /**
     * Validates the probability.
     *
     * @param probability the chance of flipping each image, in [0, 1]
     */
    public VerticalFlip {
        Args.probability("VerticalFlip.probability", probability);
    }

    /** A flip with probability 0.5. */
    public VerticalFlip() {
        this(0.5);
    }

    /** Draws one uniform number; flips when it is below the probability. */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        if (rng.nextDouble() < probability) {
            map.thenFlipVertical(height);
        }
    }
}
