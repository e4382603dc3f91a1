package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Scales the deviations from the image's mean by a factor c drawn uniformly from
 * {@code [lo, hi)}: {@code x' = μ + c·(x − μ)}, μ the mean of the image's pixels, then (in
 * {@link Augmentation}) clipped to [0, 1]. c = 1 is the identity, c = 0 a flat grey image of value
 * μ. This is torchvision's {@code adjust_contrast} ({@code c·x + (1 − c)·mean}), as used by
 * {@code ColorJitter(contrast=s)} with {@code [max(0, 1 − s), 1 + s]}.
 *
 * @param lo the smallest factor, ≥ 0
 * @param hi the largest factor, ≥ lo
 */
public record Contrast(double lo, double hi) implements PixelTransform {

    /**
     * Validates 0 ≤ lo ≤ hi, finite.
     *
     * @param lo the smallest factor, ≥ 0
     * @param hi the largest factor, ≥ lo
     */
    public Contrast {
        Args.nonNegative("Contrast.lo", lo);
        Args.nonNegative("Contrast.hi", hi);
        Args.ordered("Contrast", "lo", lo, "hi", hi);
    }

    /** Draws c, then blends each pixel with the image mean. */
    @Override
    public void apply(double[] image, int height, int width, Rng rng) {
        double factor = rng.uniform(lo, hi);
        int n = height * width;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += image[i];
        }
        double mean = sum / n;
        for (int i = 0; i < n; i++) {
            image[i] = mean + factor * (image[i] - mean);
        }
    }
}
