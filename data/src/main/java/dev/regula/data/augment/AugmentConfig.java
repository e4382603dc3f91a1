package dev.regula.data.augment;

import java.util.function.Consumer;

/**
 * The augmentation of the training batches as plain named numbers: the one serializable
 * description of an {@link Augmentation} that the run spec's {@code augment:} section, the
 * {@code regula train} flags and Java code all use. A value of 0 switches a transform off (zoom:
 * {@code zoomLo = zoomHi = 1}). {@link #build()} makes the {@link Augmentation} that
 * {@code Sequential.setAugmentation} applies to training batches only.
 *
 * <pre>
 * AugmentConfig seeds = AugmentConfig.builder().rotation(10).shift(0.1).zoom(0.9, 1.1).fillMode("constant").build();
 * </pre>
 *
 * <p>The component names are the run spec's keys in snake case ({@code zoomLo} is
 * {@code augment.zoom_lo}), and the constructor's messages name them that way.
 *
 * @param rotation       rotation range ±degrees, in [0, 180]
 * @param shift          width and height shift, ± fraction of the size, in [0, 1]
 * @param zoomLo         zoom factor range, low end (&gt; 0; 1 and 1: no zoom)
 * @param zoomHi         zoom factor range, high end (≥ zoomLo)
 * @param shear          shear range ±degrees, in [0, 90)
 * @param horizontalFlip probability of a horizontal flip
 * @param verticalFlip   probability of a vertical flip
 * @param crop           random crop after padding by this many pixels (≥ 0)
 * @param elasticAlpha   elastic distortion scale α (Simard et al. 2003; 0: off)
 * @param elasticSigma   elastic distortion smoothing σ (used when α &gt; 0)
 * @param brightness     brightness factor in [max(0, 1 − b), 1 + b] (torchvision's ColorJitter)
 * @param contrast       contrast factor in [1 − c, 1 + c], c in [0, 1]
 * @param pixelNoise     Gaussian pixel noise standard deviation
 * @param erasing        probability of random erasing (with torchvision's default areas)
 * @param fillMode       constant, nearest, reflect or wrap, for pixels from outside the image
 */
public record AugmentConfig(double rotation, double shift, double zoomLo, double zoomHi, double shear,
                            double horizontalFlip, double verticalFlip, int crop, double elasticAlpha,
                            double elasticSigma, double brightness, double contrast, double pixelNoise,
                            double erasing, String fillMode) {

    /** No augmentation (every transform off, fill nearest as Keras's default). */
    public static final AugmentConfig NONE = builder().build();

    /**
     * Validates every setting by building the augmentation once.
     *
     * @param rotation       rotation range ±degrees, in [0, 180]
     * @param shift          width and height shift, ± fraction of the size, in [0, 1]
     * @param zoomLo         zoom factor range, low end (&gt; 0; 1 and 1: no zoom)
     * @param zoomHi         zoom factor range, high end (≥ zoomLo)
     * @param shear          shear range ±degrees, in [0, 90)
     * @param horizontalFlip probability of a horizontal flip
     * @param verticalFlip   probability of a vertical flip
     * @param crop           random crop after padding by this many pixels (≥ 0)
     * @param elasticAlpha   elastic distortion scale α (0: off)
     * @param elasticSigma   elastic distortion smoothing σ (used when α &gt; 0)
     * @param brightness     brightness factor in [max(0, 1 − b), 1 + b]
     * @param contrast       contrast factor in [1 − c, 1 + c], c in [0, 1]
     * @param pixelNoise     Gaussian pixel noise standard deviation
     * @param erasing        probability of random erasing
     * @param fillMode       constant, nearest, reflect or wrap
     * @throws IllegalArgumentException naming the setting (in the run spec's spelling), its range
     *     and the value received, when one is invalid
     */
    public AugmentConfig {
        toAugmentation(rotation, shift, zoomLo, zoomHi, shear, horizontalFlip, verticalFlip, crop, elasticAlpha,
                elasticSigma, brightness, contrast, pixelNoise, erasing, fillMode);
    }

    /** @return a new builder with every transform off and fill nearest */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a new builder holding these settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.rotation = rotation;
        b.shift = shift;
        b.zoomLo = zoomLo;
        b.zoomHi = zoomHi;
        b.shear = shear;
        b.horizontalFlip = horizontalFlip;
        b.verticalFlip = verticalFlip;
        b.crop = crop;
        b.elasticAlpha = elasticAlpha;
        b.elasticSigma = elasticSigma;
        b.brightness = brightness;
        b.contrast = contrast;
        b.pixelNoise = pixelNoise;
        b.erasing = erasing;
        b.fillMode = fillMode;
        return b;
    }

    /** @return true when at least one transform is switched on */
    public boolean hasTransforms() {
        return build() != null;
    }

    /** @return a new augmentation, or null when no transform is switched on */
    public Augmentation build() {
        return toAugmentation(rotation, shift, zoomLo, zoomHi, shear, horizontalFlip, verticalFlip, crop, elasticAlpha,
                elasticSigma, brightness, contrast, pixelNoise, erasing, fillMode);
    }

    private static Augmentation toAugmentation(double rotation, double shift, double zoomLo, double zoomHi, double shear,
                                               double horizontalFlip, double verticalFlip, int crop, double elasticAlpha,
                                               double elasticSigma, double brightness, double contrast,
                                               double pixelNoise, double erasing, String fillMode) {
        Augmentation.Builder b = Augmentation.builder();
        boolean any = false;
        if (rotation != 0) { set("rotation", b, x -> x.rotation(rotation)); any = true; }
        if (shift != 0) { set("shift", b, x -> x.shift(shift)); any = true; }
        if (zoomLo != 1 || zoomHi != 1) { set("zoom_lo, zoom_hi", b, x -> x.zoom(zoomLo, zoomHi)); any = true; }
        if (shear != 0) { set("shear", b, x -> x.shear(shear)); any = true; }
        if (horizontalFlip != 0) { set("horizontal_flip", b, x -> x.horizontalFlip(horizontalFlip)); any = true; }
        if (verticalFlip != 0) { set("vertical_flip", b, x -> x.verticalFlip(verticalFlip)); any = true; }
        if (crop != 0) { set("crop", b, x -> x.crop(crop)); any = true; }
        if (elasticAlpha != 0) { set("elastic_alpha, elastic_sigma", b, x -> x.elastic(elasticAlpha, elasticSigma)); any = true; }
        if (brightness != 0) {
            set("brightness", b, x -> x.brightness(Math.max(0, 1 - brightness), 1 + brightness));
            any = true;
        }
        if (contrast != 0) { set("contrast", b, x -> x.contrast(1 - contrast, 1 + contrast)); any = true; }
        if (pixelNoise != 0) { set("pixel_noise", b, x -> x.noise(pixelNoise)); any = true; }
        if (erasing != 0) {
            RandomErasing d = RandomErasing.defaults();
            set("erasing", b, x -> x.erasing(new RandomErasing(erasing, d.areaLo(), d.areaHi(), d.ratioLo(), d.ratioHi(),
                    d.value())));
            any = true;
        }
        set("fill_mode", b, x -> x.fill(FillMode.parse(fillMode)));
        return any ? b.build() : null;
    }

    /** Applies one setting, renaming the transform's own argument in a message to the spec's key. */
    private static void set(String key, Augmentation.Builder b, Consumer<Augmentation.Builder> setting) {
        try {
            setting.accept(b);
        } catch (IllegalArgumentException e) {
            String m = String.valueOf(e.getMessage());
            int colon = m.indexOf(':');
            String rest = m.startsWith("Invalid ") && colon > 0 ? m.substring(colon + 1).trim() : m;
            throw new IllegalArgumentException("Invalid value for " + key + ": " + rest, e);
        }
    }

    /** Named construction of an {@link AugmentConfig}; every transform starts off. */
    public static final class Builder {
        private double rotation;
        private double shift;
        private double zoomLo = 1;
        private double zoomHi = 1;
        private double shear;
        private double horizontalFlip;
        private double verticalFlip;
        private int crop;
        private double elasticAlpha;
        private double elasticSigma;
        private double brightness;
        private double contrast;
        private double pixelNoise;
        private double erasing;
        private String fillMode = "nearest";

        private Builder() {}

        /**
         * @param degrees rotation by up to ±degrees, in [0, 180]; 0: off
         * @return this builder
         */
        public Builder rotation(double degrees) { rotation = degrees; return this; }

        /**
         * @param fraction shifts by up to ±fraction of the width and of the height, in [0, 1]; 0: off
         * @return this builder
         */
        public Builder shift(double fraction) { shift = fraction; return this; }

        /**
         * One zoom factor in [lo, hi) for both axes.
         *
         * @param lo the low end, &gt; 0
         * @param hi the high end, ≥ lo (1, 1: none)
         * @return this builder
         */
        public Builder zoom(double lo, double hi) { zoomLo = lo; zoomHi = hi; return this; }

        /**
         * @param degrees shear by up to ±degrees, in [0, 90); 0: off
         * @return this builder
         */
        public Builder shear(double degrees) { shear = degrees; return this; }

        /**
         * @param p the probability of a horizontal flip; 0: off
         * @return this builder
         */
        public Builder horizontalFlip(double p) { horizontalFlip = p; return this; }

        /**
         * @param p the probability of a vertical flip; 0: off
         * @return this builder
         */
        public Builder verticalFlip(double p) { verticalFlip = p; return this; }

        /**
         * @param padding a random crop after padding by this many pixels, ≥ 0; 0: off
         * @return this builder
         */
        public Builder crop(int padding) { crop = padding; return this; }

        /**
         * Elastic distortion with scale α and smoothing σ.
         *
         * @param alpha α, the displacement scale; 0: off
         * @param sigma σ, the smoothing of the displacement field
         * @return this builder
         */
        public Builder elastic(double alpha, double sigma) { elasticAlpha = alpha; elasticSigma = sigma; return this; }

        /**
         * @param b a brightness factor in [max(0, 1 − b), 1 + b]; 0: off
         * @return this builder
         */
        public Builder brightness(double b) { brightness = b; return this; }

        /**
         * @param c a contrast factor in [1 − c, 1 + c], c in [0, 1]; 0: off
         * @return this builder
         */
        public Builder contrast(double c) { contrast = c; return this; }

        /**
         * @param sd the standard deviation of Gaussian pixel noise; 0: off
         * @return this builder
         */
        public Builder pixelNoise(double sd) { pixelNoise = sd; return this; }

        /**
         * @param p the probability of random erasing (torchvision's default areas); 0: off
         * @return this builder
         */
        public Builder erasing(double p) { erasing = p; return this; }

        /**
         * @param mode constant, nearest, reflect or wrap: where pixels from outside the image come from
         * @return this builder
         */
        public Builder fillMode(String mode) { fillMode = mode; return this; }

        /**
         * @return the config
         * @throws IllegalArgumentException naming the setting, its range and the value received
         */
        public AugmentConfig build() {
            return new AugmentConfig(rotation, shift, zoomLo, zoomHi, shear, horizontalFlip, verticalFlip, crop,
                    elasticAlpha, elasticSigma, brightness, contrast, pixelNoise, erasing, fillMode);
        }
    }
}
