package dev.regula.experiments;

import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.FillMode;
import dev.regula.data.augment.RandomErasing;

/**
 * The augmentation of a {@link Recipe}, as plain numbers (so that a recipe can be written into a
 * checkpoint and read back): 0 switches a transform off, zoom 1–1 is no zoom. {@link #build()}
 * makes the {@link Augmentation} that {@code Sequential.setAugmentation} applies to training
 * batches only.
 *
 * @param rotation     rotation range ±degrees
 * @param shift        width and height shift, ± fraction of the size
 * @param zoomLo       zoom factor range, low end (&gt; 0)
 * @param zoomHi       zoom factor range, high end
 * @param shear        shear range ±degrees
 * @param hflip        probability of a horizontal flip
 * @param vflip        probability of a vertical flip
 * @param crop         random crop after padding by this many pixels
 * @param elasticAlpha elastic distortion scale α (Simard et al. 2003)
 * @param elasticSigma elastic distortion smoothing σ
 * @param brightness   brightness factor in [1 − b, 1 + b] (torchvision's ColorJitter)
 * @param contrast     contrast factor in [1 − c, 1 + c]
 * @param noise        Gaussian pixel noise standard deviation
 * @param erasing      probability of random erasing (with torchvision's default areas)
 * @param fillMode     constant, nearest, reflect or wrap, for pixels from outside the image
 */
public record AugmentSpec(double rotation, double shift, double zoomLo, double zoomHi, double shear,
                          double hflip, double vflip, int crop, double elasticAlpha, double elasticSigma,
                          double brightness, double contrast, double noise, double erasing, String fillMode) {

    /** No augmentation. */
    public static final AugmentSpec NONE = new AugmentSpec(0, 0, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "nearest");

    /**
     * The seeds' affine augmentation: rotation ±10°, shifts ±10 %, zoom 0.9–1.1, with pixels from
     * outside the image filled with 0 (the MNIST background), as torchvision's RandomAffine does.
     * Keras's ImageDataGenerator fills with the nearest edge pixel instead, which smears a stroke
     * that touches the border; on seed 128 that gave 97.30 % test accuracy against 97.73 % for
     * the constant fill (10 epochs, one run each, so partly noise).
     */
    public static final AugmentSpec CASE_STUDY = new AugmentSpec(10, 0.1, 0.9, 1.1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, "constant");

    /** True when no transform is switched on. Derived, so not written to JSON with the components. */
    @JsonIgnore
    public boolean isNone() {
        return build() == null;
    }

    /**
     * The augmentation, or null when nothing is switched on.
     *
     * @throws IllegalArgumentException naming the setting, its range and the value when one is invalid
     */
    public Augmentation build() {
        Augmentation.Builder b = Augmentation.builder();
        boolean any = false;
        if (rotation != 0) { b.rotation(rotation); any = true; }
        if (shift != 0) { b.shift(shift); any = true; }
        if (zoomLo != 1 || zoomHi != 1) { b.zoom(zoomLo, zoomHi); any = true; }
        if (shear != 0) { b.shear(shear); any = true; }
        if (hflip != 0) { b.horizontalFlip(hflip); any = true; }
        if (vflip != 0) { b.verticalFlip(vflip); any = true; }
        if (crop != 0) { b.crop(crop); any = true; }
        if (elasticAlpha != 0) { b.elastic(elasticAlpha, elasticSigma); any = true; }
        if (brightness != 0) { b.brightness(Math.max(0, 1 - brightness), 1 + brightness); any = true; }
        if (contrast != 0) { b.contrast(1 - contrast, 1 + contrast); any = true; }
        if (noise != 0) { b.noise(noise); any = true; }
        if (erasing != 0) {
            RandomErasing d = RandomErasing.defaults();
            b.erasing(new RandomErasing(erasing, d.areaLo(), d.areaHi(), d.ratioLo(), d.ratioHi(), d.value()));
            any = true;
        }
        b.fill(FillMode.parse(fillMode));
        return any ? b.build() : null;
    }
}
