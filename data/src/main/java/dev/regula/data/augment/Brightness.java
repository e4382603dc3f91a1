package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Multiplies every pixel by a factor b drawn uniformly from {@code [lo, hi)}: {@code x' = b·x},
 * then (in {@link Augmentation}) clipped to [0, 1]. This is torchvision's
 * {@code ColorJitter(brightness=s)} with {@code [lo, hi] = [max(0, 1 − s), 1 + s]}, and Keras's
 * {@code brightness_range=[lo, hi]} (PIL's {@code ImageEnhance.Brightness}, also a factor; 1 leaves
 * the image unchanged). On MNIST's black background only the ink changes.
 *
 * @param lo the smallest factor, ≥ 0
 * @param hi the largest factor, ≥ lo
 */
public record Brightness(double lo, double hi) implements PixelTransform {

    /**
     * Validates 0 ≤ lo ≤ hi, finite.
     *
     * @param lo the smallest factor, ≥ 0
     * @param hi the largest factor, ≥ lo
     */
    public Brightness {
        Args.nonNegative("Brightness.lo", lo);
        Args.nonNegative("Brightness.hi", hi);
        Args.ordered("Brightness", "lo", lo, "hi", hi);
    }

    /** Draws b, multiplies. */
    @Override
    public void apply(double[] image, int height, int width, Rng rng) {
        double factor = rng.uniform(lo, hi);
        for (int i = 0, n = height * width; i < n; i++) {
            image[i] *= factor;
        }
    }
}
