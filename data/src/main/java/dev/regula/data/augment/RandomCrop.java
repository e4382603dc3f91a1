package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * A random crop after padding: pad the image by {@code padding} pixels on every side, then cut
 * an h × w window at a random position, as torchvision's {@code RandomCrop(size=(h, w),
 * padding=p)} (the classic CIFAR recipe, there with p = 4).
 *
 * <p>Cutting the window at offset (i, j) of the padded image, with i and j uniform integers in
 * {@code [0, 2p]}, is the same as shifting the original image by whole pixels
 * {@code (tx, ty) = (p − j, p − i)}, each uniform in {@code {−p, …, p}}, and filling what comes in
 * from outside: so this transform is an integer translation, and it composes with the other
 * geometric transforms into one map. The padding is the {@link Augmentation}'s
 * {@link FillMode}: CONSTANT with 0 is torchvision's default zero padding, NEAREST its
 * {@code padding_mode='edge'}, REFLECT its {@code 'symmetric'}.
 *
 * @param padding the padding p in pixels, ≥ 0
 */
public record RandomCrop(int padding) implements GeometricTransform {

    /**
     * Validates the padding.
     *
     * @param padding the padding p in pixels, ≥ 0
     */
    public RandomCrop {
        if (padding < 0) {
            throw new IllegalArgumentException("Invalid value for RandomCrop.padding: expected an integer >= 0,"
                    + " received: " + padding);
        }
    }

    /** Draws the window's column offset j, then its row offset i, each uniform in {0..2p}. */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        int j = rng.nextInt(2 * padding + 1);
        int i = rng.nextInt(2 * padding + 1);
        map.thenTranslate(padding - j, padding - i);
    }
}
