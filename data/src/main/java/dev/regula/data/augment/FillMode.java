package dev.regula.data.augment;

import java.util.Locale;

/**
 * How a geometric transform fills the output pixels whose source lies outside the image.
 *
 * <p>Regula extends the image beyond its edges as below (for a row {@code abcd}) and then
 * interpolates bilinearly everywhere, inside or out. These are the pictures of the Keras
 * {@code ImageDataGenerator(fill_mode=...)} documentation:
 * <pre>
 * CONSTANT  kkkkkkkk|abcd|kkkkkkkk   (k = the fill value, Keras cval)
 * NEAREST   aaaaaaaa|abcd|dddddddd   (the edge pixel repeated)
 * REFLECT   abcddcba|abcd|dcbaabcd   (mirrored about the pixel edge: the edge pixel is repeated)
 * WRAP      abcdabcd|abcd|abcdabcd   (periodic, period = the image size)
 * </pre>
 * In scipy.ndimage's vocabulary, which Keras calls, these are {@code grid-constant},
 * {@code nearest}, {@code reflect} (= {@code grid-mirror}) and {@code grid-wrap}. Scipy's own
 * {@code constant} and {@code wrap} differ from the pictures in the last half pixel beyond the
 * edge (its {@code constant} does not interpolate towards the fill value; its {@code wrap} has
 * period n − 1), so Keras's results can differ from Regula's there by that half pixel.
 * torchvision's {@code reflect} padding is the other mirror, {@code dcb|abcd|cba} (edge not
 * repeated; scipy {@code mirror}); Regula does not offer it.
 */
public enum FillMode {
    /** A constant fill value outside the image (Keras {@code 'constant'} with {@code cval}). */
    CONSTANT,
    /** The nearest edge pixel (Keras's default, {@code 'nearest'}). */
    NEAREST,
    /** Mirror image about the edge, edge pixel repeated (Keras {@code 'reflect'}). */
    REFLECT,
    /** The image repeated periodically (Keras {@code 'wrap'}). */
    WRAP;

    /**
     * The mode named {@code name}, case-insensitive: {@code constant}, {@code nearest},
     * {@code reflect} or {@code wrap}.
     *
     * @param name the text
     * @return the mode
     * @throws IllegalArgumentException naming the value received and the four accepted
     */
    public static FillMode parse(String name) {
        if (name != null) {
            for (FillMode mode : values()) {
                if (mode.name().equalsIgnoreCase(name.trim())) {
                    return mode;
                }
            }
        }
        throw new IllegalArgumentException("Invalid value for fillMode: expected one of constant, nearest,"
                + " reflect, wrap, received: " + name);
    }

    /** @return the lower-case name, as Keras spells it */
    public String keyword() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * The source index in {@code [0, n)} for the virtual pixel {@code i} of a row or column of
     * length n, or -1 when the pixel takes the constant fill value.
     */
    int index(long i, int n) {
        if (i >= 0 && i < n) {
            return (int) i;
        }
        switch (this) {
            case NEAREST:
                return i < 0 ? 0 : n - 1;
            case REFLECT: {
                long j = Math.floorMod(i, 2L * n); // period 2n: abcd dcba
                return (int) (j < n ? j : 2L * n - 1 - j);
            }
            case WRAP:
                return (int) Math.floorMod(i, (long) n);
            default:
                return -1;
        }
    }
}
