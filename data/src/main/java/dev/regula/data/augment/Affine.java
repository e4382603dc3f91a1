package dev.regula.data.augment;

import java.util.Locale;

/**
 * A 2-D affine map of image coordinates, mutable so that one instance per thread is reused for
 * every image:
 * <pre>
 * x' = a·x + b·y + e
 * y' = c·x + d·y + f
 * </pre>
 *
 * <p><b>Coordinates.</b> x is the column and y the row, growing to the right and
 * <em>downwards</em>; pixel (row r, column c) has its centre at the integer point (x, y) = (c, r),
 * as in scipy.ndimage (which Keras's ImageDataGenerator calls). The image centre, about which
 * rotations, zooms, shears and flips act, is {@code ((w − 1)/2, (h − 1)/2)}: the centre of the
 * middle pixel, or the corner between the four middle pixels for an even size. That is Keras's
 * {@code transform_matrix_offset_center} ({@code x/2 − 0.5}) and the same point torchvision uses
 * (it writes it {@code w/2} in pixel-corner coordinates). With this centre a rotation by a
 * multiple of 90° and a flip map pixel centres onto pixel centres, so they move pixels exactly.
 *
 * <p><b>Direction.</b> Built with the {@code then…} methods, the map sends a point of the input
 * image to where it appears in the output (the forward map F). Each step is applied after the
 * ones before: {@code identity().thenRotate(θ).thenTranslate(3, 0)} rotates, then moves the result
 * 3 pixels to the right. Resampling needs the opposite direction, "which input point does output
 * pixel p show?", which is {@link #invert F⁻¹}: {@code out(p) = in(F⁻¹(p))}.
 */
public final class Affine {
    // Package-private for the resampler's inner loop, which reads them without copying.
    double a = 1, b, c, d = 1, e, f;

    /** The identity map. */
    public Affine() {}

    /** @return a new identity map, for chaining: {@code Affine.identity().thenRotate(...)} */
    public static Affine identity() {
        return new Affine();
    }

    /**
     * Resets this map to the identity.
     *
     * @return this map
     */
    public Affine reset() {
        a = 1; b = 0; c = 0; d = 1; e = 0; f = 0;
        return this;
    }

    /**
     * Copies {@code other} into this map.
     *
     * @param other the map to copy. Not modified (unless it is this).
     * @return this map
     */
    public Affine set(Affine other) {
        a = other.a; b = other.b; c = other.c; d = other.d; e = other.e; f = other.f;
        return this;
    }

    /**
     * Sets the six coefficients of {@code x' = a·x + b·y + e, y' = c·x + d·y + f}.
     *
     * @param a the coefficient of x in x'
     * @param b the coefficient of y in x'
     * @param c the coefficient of x in y'
     * @param d the coefficient of y in y'
     * @param e the constant of x'
     * @param f the constant of y'
     * @return this map
     */
    public Affine set(double a, double b, double c, double d, double e, double f) {
        this.a = a; this.b = b; this.c = c; this.d = d; this.e = e; this.f = f;
        return this;
    }

    /**
     * @param x the point's column coordinate
     * @param y the point's row coordinate
     * @return x' = a·x + b·y + e
     */
    public double mapX(double x, double y) {
        return a * x + b * y + e;
    }

    /**
     * @param x the point's column coordinate
     * @param y the point's row coordinate
     * @return y' = c·x + d·y + f
     */
    public double mapY(double x, double y) {
        return c * x + d * y + f;
    }

    /** @return a new array of the coefficients {a, b, c, d, e, f} */
    public double[] coefficients() {
        return new double[] {a, b, c, d, e, f};
    }

    /** @return true when the map is exactly the identity (then resampling can be skipped) */
    public boolean isIdentity() {
        return a == 1 && b == 0 && c == 0 && d == 1 && e == 0 && f == 0;
    }

    /**
     * Appends {@code p ↦ L·p + t} after this map: this := (L, t) ∘ this, where
     * L = [[l00, l01], [l10, l11]].
     *
     * @param l00 L's row 0, column 0
     * @param l01 L's row 0, column 1
     * @param l10 L's row 1, column 0
     * @param l11 L's row 1, column 1
     * @param tx t's x (column) part
     * @param ty t's y (row) part
     * @return this map
     */
    public Affine then(double l00, double l01, double l10, double l11, double tx, double ty) {
        double na = l00 * a + l01 * c;
        double nb = l00 * b + l01 * d;
        double nc = l10 * a + l11 * c;
        double nd = l10 * b + l11 * d;
        double ne = l00 * e + l01 * f + tx;
        double nf = l10 * e + l11 * f + ty;
        a = na; b = nb; c = nc; d = nd; e = ne; f = nf;
        return this;
    }

    /**
     * Appends the linear map L about the point (cx, cy): {@code p ↦ L·(p − centre) + centre}.
     *
     * @param l00 L's row 0, column 0
     * @param l01 L's row 0, column 1
     * @param l10 L's row 1, column 0
     * @param l11 L's row 1, column 1
     * @param cx the centre's x (column)
     * @param cy the centre's y (row)
     * @return this map
     */
    public Affine thenAbout(double l00, double l01, double l10, double l11, double cx, double cy) {
        return then(l00, l01, l10, l11, cx - (l00 * cx + l01 * cy), cy - (l10 * cx + l11 * cy));
    }

    /**
     * Appends a translation by (tx, ty) pixels: positive tx moves the content right, ty down.
     *
     * @param tx pixels to the right
     * @param ty pixels down
     * @return this map
     */
    public Affine thenTranslate(double tx, double ty) {
        e += tx;
        f += ty;
        return this;
    }

    /**
     * Appends a rotation by {@code degrees} counter-clockwise as seen on screen (torchvision's
     * {@code rotate(angle)} sense) about (cx, cy). With y pointing down that is
     * {@code x' = cos·dx + sin·dy, y' = −sin·dx + cos·dy} for (dx, dy) = p − centre. Multiples of
     * 90° use exact sines and cosines, so they move pixels exactly.
     *
     * @param degrees the angle, counter-clockwise on screen
     * @param cx the centre's x (column)
     * @param cy the centre's y (row)
     * @return this map
     */
    public Affine thenRotate(double degrees, double cx, double cy) {
        double cos = cosDegrees(degrees);
        double sin = sinDegrees(degrees);
        return thenAbout(cos, sin, -sin, cos, cx, cy);
    }

    /**
     * Appends a scaling by (sx, sy) about (cx, cy): factors above 1 magnify the content (zoom in),
     * as torchvision's {@code RandomAffine(scale=...)}. Keras's {@code zoom_range} factors are the
     * reciprocal (its z > 1 shrinks the content).
     *
     * @param sx the horizontal factor
     * @param sy the vertical factor
     * @param cx the centre's x (column)
     * @param cy the centre's y (row)
     * @return this map
     */
    public Affine thenScale(double sx, double sy, double cx, double cy) {
        return thenAbout(sx, 0, 0, sy, cx, cy);
    }

    /**
     * Appends a horizontal shear by {@code degrees} about (cx, cy):
     * {@code x' = dx + tan(φ)·dy, y' = dy}, so rows below the centre move right for φ > 0 (a pure,
     * area-preserving shear, as torchvision's x-shear). Keras's {@code shear_range} uses
     * {@code [[1, −sin φ], [0, cos φ]]}, which also shrinks the image vertically by cos φ.
     *
     * @param degrees φ
     * @param cx the centre's x (column)
     * @param cy the centre's y (row)
     * @return this map
     */
    public Affine thenShear(double degrees, double cx, double cy) {
        return thenAbout(1, Math.tan(Math.toRadians(degrees)), 0, 1, cx, cy);
    }

    /**
     * Appends a mirror left ↔ right for an image of {@code width} columns: x' = (w − 1) − x.
     *
     * @param width w, the image's number of columns
     * @return this map
     */
    public Affine thenFlipHorizontal(int width) {
        return then(-1, 0, 0, 1, width - 1, 0);
    }

    /**
     * Appends a mirror top ↔ bottom for an image of {@code height} rows: y' = (h − 1) − y.
     *
     * @param height h, the image's number of rows
     * @return this map
     */
    public Affine thenFlipVertical(int height) {
        return then(1, 0, 0, -1, 0, height - 1);
    }

    /**
     * Writes the inverse map into {@code out} (which may be this) and returns it:
     * {@code L⁻¹ = [[d, −b], [−c, a]] / (ad − bc)}, {@code t⁻¹ = −L⁻¹·t}.
     *
     * @param out where the inverse goes. Modified; may be this.
     * @return out
     * @throws IllegalStateException if the map is singular (determinant 0 or not finite)
     */
    public Affine invert(Affine out) {
        double det = a * d - b * c;
        if (det == 0 || !Double.isFinite(det)) {
            throw new IllegalStateException("The affine map " + this + " is not invertible (determinant " + det + ")");
        }
        double ia = d / det;
        double ib = -b / det;
        double ic = -c / det;
        double id = a / det;
        double ie = -(ia * e + ib * f);
        double jf = -(ic * e + id * f);
        return out.set(ia, ib, ic, id, ie, jf);
    }

    /** cos(degrees), exact (0, ±1) at multiples of 90°. */
    static double cosDegrees(double degrees) {
        double r = Math.IEEEremainder(degrees, 360); // in [-180, 180]
        if (r == 0) return 1;
        if (r == 90 || r == -90) return 0;
        if (r == 180 || r == -180) return -1;
        return Math.cos(Math.toRadians(degrees));
    }

    /** sin(degrees), exact (0, ±1) at multiples of 90°. */
    static double sinDegrees(double degrees) {
        double r = Math.IEEEremainder(degrees, 360);
        if (r == 0 || r == 180 || r == -180) return 0;
        if (r == 90) return 1;
        if (r == -90) return -1;
        return Math.sin(Math.toRadians(degrees));
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Affine[x' = %.6g·x + %.6g·y + %.6g, y' = %.6g·x + %.6g·y + %.6g]",
                a, b, e, c, d, f);
    }
}
