package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Scales the image about its centre by a factor z drawn uniformly from {@code [lo, hi)}; z > 1
 * magnifies the content (zooms in), z &lt; 1 shrinks it. With {@code independentAxes} the width and
 * height factors are drawn separately (which also changes the aspect ratio), otherwise one factor
 * serves both.
 *
 * <p>Conventions differ: torchvision's {@code RandomAffine(scale=(lo, hi))} is this class with one
 * factor. Keras's {@code zoom_range=[lo, hi]} draws the two axes independently and its factor
 * divides the content's size (its z = 1.1 shrinks by 1.1, because Keras scales the sampling
 * coordinates); Keras's draw z_k corresponds to Regula's 1/z_k, so for the seeds' symmetric
 * {@code [0.9, 1.1]} the two give nearly the same distribution of sizes.
 *
 * @param lo the smallest factor, > 0
 * @param hi the largest factor, ≥ lo
 * @param independentAxes whether width and height get separate factors (Keras) or one (torchvision)
 */
public record Zoom(double lo, double hi, boolean independentAxes) implements GeometricTransform {

    /**
     * Validates the range: 0 &lt; lo ≤ hi, both finite.
     *
     * @param lo the smallest factor, > 0
     * @param hi the largest factor, ≥ lo
     * @param independentAxes whether width and height get separate factors (Keras) or one (torchvision)
     */
    public Zoom {
        Args.positive("Zoom.lo", lo);
        Args.positive("Zoom.hi", hi);
        Args.ordered("Zoom", "lo", lo, "hi", hi);
    }

    /**
     * One factor for both axes, uniform in [lo, hi).
     *
     * @param lo the smallest factor, &gt; 0
     * @param hi the largest factor, ≥ lo
     */
    public Zoom(double lo, double hi) {
        this(lo, hi, false);
    }

    /** Draws one factor, or two (width then height) with independent axes. */
    @Override
    public void compose(Affine map, int height, int width, Rng rng) {
        double zx = rng.uniform(lo, hi);
        double zy = independentAxes ? rng.uniform(lo, hi) : zx;
        map.thenScale(zx, zy, GeometricTransform.centreX(width), GeometricTransform.centreY(height));
    }
}
