package dev.regula.data.augment;

import dev.regula.core.Rng;

/**
 * Random erasing (Zhong et al., "Random Erasing Data Augmentation", 2017), as torchvision's
 * {@code RandomErasing}: with probability p, paint a random rectangle with a constant value.
 *
 * <pre>
 * with probability p:
 *   repeat up to 10 times:
 *     area   = uniform(areaLo, areaHi) · h·w                 (a fraction of the image)
 *     aspect = exp(uniform(log ratioLo, log ratioHi))        (height / width, log-uniform)
 *     eh = round(√(area·aspect)),  ew = round(√(area/aspect))
 *     if eh &lt; h and ew &lt; w:
 *       top i = uniform integer in [0, h − eh],  left j = uniform integer in [0, w − ew]
 *       image[i : i+eh, j : j+ew] = value;  stop
 * </pre>
 * torchvision's defaults are {@link #defaults()}: p = 0.5, area in [0.02, 0.33], aspect in
 * [0.3, 3.3], value 0. (torchvision rounds halves to even, Java's {@link Math#round} rounds them
 * up; the sizes differ only when √ lands exactly on a half.)
 *
 * @param probability the chance of erasing, in [0, 1]
 * @param areaLo the smallest erased fraction of the image, in (0, 1]
 * @param areaHi the largest, in [areaLo, 1]
 * @param ratioLo the smallest aspect ratio (height / width), > 0
 * @param ratioHi the largest, ≥ ratioLo
 * @param value the fill value, in [0, 1]
 */
public record RandomErasing(double probability, double areaLo, double areaHi, double ratioLo, double ratioHi,
        double value) implements PixelTransform {

    /** Attempts at finding a rectangle that fits, as torchvision. */
    public static final int ATTEMPTS = 10;

    /**
     * Validates every argument.
     *
     * @param probability the chance of erasing, in [0, 1]
     * @param areaLo the smallest erased fraction of the image, in (0, 1]
     * @param areaHi the largest, in [areaLo, 1]
     * @param ratioLo the smallest aspect ratio (height / width), > 0
     * @param ratioHi the largest, ≥ ratioLo
     * @param value the fill value, in [0, 1]
     */
    public RandomErasing {
        Args.probability("RandomErasing.probability", probability);
        Args.closed("RandomErasing.areaLo", areaLo, 0, 1);
        Args.closed("RandomErasing.areaHi", areaHi, 0, 1);
        if (areaLo == 0) {
            throw new IllegalArgumentException("Invalid value for RandomErasing.areaLo: expected a finite"
                    + " number in (0, 1], received: 0.0");
        }
        Args.ordered("RandomErasing", "areaLo", areaLo, "areaHi", areaHi);
        Args.positive("RandomErasing.ratioLo", ratioLo);
        Args.positive("RandomErasing.ratioHi", ratioHi);
        Args.ordered("RandomErasing", "ratioLo", ratioLo, "ratioHi", ratioHi);
        Args.closed("RandomErasing.value", value, 0, 1);
    }

    /** @return torchvision's defaults: p = 0.5, area [0.02, 0.33], aspect [0.3, 3.3], value 0 */
    public static RandomErasing defaults() {
        return new RandomErasing(0.5, 0.02, 0.33, 0.3, 3.3, 0);
    }

    /** Draws as the class javadoc says; at most one rectangle per image. */
    @Override
    public void apply(double[] image, int height, int width, Rng rng) {
        if (!(rng.nextDouble() < probability)) {
            return;
        }
        double logLo = Math.log(ratioLo);
        double logHi = Math.log(ratioHi);
        for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
            double area = rng.uniform(areaLo, areaHi) * height * width;
            double aspect = Math.exp(rng.uniform(logLo, logHi));
            int eh = (int) Math.round(Math.sqrt(area * aspect));
            int ew = (int) Math.round(Math.sqrt(area / aspect));
            if (eh < height && ew < width) {
                int top = rng.nextInt(height - eh + 1);
                int left = rng.nextInt(width - ew + 1);
                for (int r = top; r < top + eh; r++) {
                    java.util.Arrays.fill(image, r * width + left, r * width + left + ew, value);
                }
                return;
            }
        }
    }
}
