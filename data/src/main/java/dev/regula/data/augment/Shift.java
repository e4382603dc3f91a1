package dev.regula.data.augment;

import dev.regula.core.Rng;
import java.util.Objects;

/**
 * Moves the image by (tx, ty) pixels, each drawn uniformly: {@code tx ∈ [−maxX, maxX)} times the
 * width when the unit is {@link Unit#FRACTION}, or pixels when it is {@link Unit#PIXELS}; ty the
 * same with the height. Positive tx moves the content right, positive ty down. The shift is not
 * rounded, so a fractional shift interpolates, as Keras's {@code width_shift_range=0.1} (a float
 * below 1: a fraction of the width) and {@code height_shift_range}. torchvision's
 * {@code RandomAffine(translate=(a, b))} rounds the shift to whole pixels instead.
 *
 * @param maxX the largest horizontal shift: a fraction of the width in [0, 1], or pixels ≥ 0
 * @param maxY the largest vertical shift, in the same unit
 * @param unit how maxX and maxY are measured
 */
public record Shift(double maxX, double maxY, Unit unit) implements GeometricTransform {

    /** How a shift range is measured. */
    public enum Unit {
        /** A fraction of the image's width (for x) or height (for y), as Keras's float below 1. */
        FRACTION,
        /** Pixels. */
        PIXELS
    }

    /**
     * Validates the ranges.
     *
     * @param maxX the largest horizontal shift: a fraction of the width in [0, 1], or pixels ≥ 0
     * @param maxY the largest vertical shift, in the same unit
     * @param unit how maxX and maxY are measured
     */
    public Shift {
        Objects.requireNonNull(unit, "unit");
        if (unit == Unit.FRACTION) {
            Args.closed("Shift.maxX (fraction of the width)", maxX, 0, 1);
            Args.closed("Shift.maxY (fraction of the height)", maxY, 0, 1);
        } else {
            Args.nonNegative("Shift.maxX (pixels)", maxX);
            Args.nonNegative("Shift.maxY (pixels)", maxY);
        }
    }

    /**
     * Shifts of up to {@code fraction} of the width and of the height (0.1 = ±10 %).
     *
     * @param fraction the largest shift on both axes, in [0, 1]
     * @return the shift
     */
    public static Shift fraction(double fraction) {
        return new Shift(fraction, fraction, Unit.FRACTION);
    }

    /**
     * Shifts of up to {@code fx} of the width and {@code fy} of the height.
     *
     * @param fx the largest horizontal shift, a fraction of the width in [0, 1]
     * @param fy the largest vertical shift, a fraction of the height in [0, 1]
     * @return the shift
     */
    public static Shift fraction(double fx, double fy) {
        return new Shift(fx, fy, Unit.FRACTION);
    }

    /**
     * Shifts of up to {@code px} and {@code py} pixels.
     *
     * @param px the largest horizontal shift in pixels, ≥ 0
     * @param py the largest vertical shift in pixels, ≥ 0
     * @return the shift
     */
    public static Shift pixels(double px, double py) {
        return new Shift(px, py, Unit.PIXELS);
    }

    /** Draws tx then ty, each uniform in its range. */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        double tx = rng.uniform(-maxX, maxX) * (unit == Unit.FRACTION ? width : 1);
        double ty = rng.uniform(-maxY, maxY) * (unit == Unit.FRACTION ? height : 1);
        map.thenTranslate(tx, ty);
    }
}
