package dev.regula.data.augment;

/**
 * Bilinear resampling of one single-channel image through an inverse map, with a {@link FillMode}
 * for the points that fall outside the image.
 *
 * <p>An image is {@code h·w} values, row by row: pixel (row r, column c) is {@code img[r·w + c]}
 * and has its centre at the point (x, y) = (c, r) (see {@link Affine}). Output pixel (x, y) takes
 * the input's value at the source point {@code (xs, ys) = F⁻¹(x, y)}, interpolated bilinearly
 * between the four pixel centres around it:
 * <pre>
 * x0 = ⌊xs⌋, fx = xs − x0          y0 = ⌊ys⌋, fy = ys − y0
 * top    = v(x0, y0)   + fx·(v(x0+1, y0)   − v(x0, y0))
 * bottom = v(x0, y0+1) + fx·(v(x0+1, y0+1) − v(x0, y0+1))
 * out    = top + fy·(bottom − top)
 * </pre>
 * where v of a pixel outside the image comes from the fill mode (the extended image of
 * {@link FillMode}). At an integer source point fx = fy = 0 and the output is the input pixel
 * itself, bit for bit; halfway between two pixels it is their average. This is scipy's
 * {@code map_coordinates(order=1)} and Keras's interpolation ({@code interpolation_order=1}).
 *
 * <p>With a displacement field (elastic distortion, Simard et al. 2003) the source point is
 * {@code F⁻¹(x + Δx(x, y), y + Δy(x, y))}: the output first shows the affine-transformed image,
 * then that image displaced by Δ, in a single resampling.
 */
public final class Resampler {
    private Resampler() {}

    /**
     * The bilinear value of {@code src} at the point (x, y).
     *
     * @param src h·w values, row by row. Not modified.
     * @param h the image's rows
     * @param w the image's columns
     * @param x the column coordinate (pixel centres at integers)
     * @param y the row coordinate (pixel centres at integers)
     * @param mode where neighbours outside the image come from
     * @param fill the value outside the image when {@code mode} is {@link FillMode#CONSTANT}
     * @return the bilinear interpolation of the four neighbours of (x, y)
     */
    public static double sample(double[] src, int h, int w, double x, double y, FillMode mode, double fill) {
        if (x >= 0 && y >= 0 && x < w - 1 && y < h - 1) { // all four neighbours inside
            int x0 = (int) x;
            int y0 = (int) y;
            double fx = x - x0;
            double fy = y - y0;
            int p = y0 * w + x0;
            double top = src[p] + fx * (src[p + 1] - src[p]);
            double bottom = src[p + w] + fx * (src[p + w + 1] - src[p + w]);
            return top + fy * (bottom - top);
        }
        return sampleOutside(src, h, w, x, y, mode, fill);
    }

    /** The general case: some neighbour lies outside the image and comes from the fill mode. */
    private static double sampleOutside(double[] src, int h, int w, double x, double y, FillMode mode, double fill) {
        double xf = Math.floor(x);
        double yf = Math.floor(y);
        double fx = x - xf;
        double fy = y - yf;
        long x0 = (long) xf;
        long y0 = (long) yf;
        int c0 = mode.index(x0, w);
        int c1 = mode.index(x0 + 1, w);
        int r0 = mode.index(y0, h);
        int r1 = mode.index(y0 + 1, h);
        double v00 = pixel(src, w, r0, c0, fill);
        double v01 = pixel(src, w, r0, c1, fill);
        double v10 = pixel(src, w, r1, c0, fill);
        double v11 = pixel(src, w, r1, c1, fill);
        double top = v00 + fx * (v01 - v00);
        double bottom = v10 + fx * (v11 - v10);
        return top + fy * (bottom - top);
    }

    private static double pixel(double[] src, int w, int r, int c, double fill) {
        return r < 0 || c < 0 ? fill : src[r * w + c];
    }

    /**
     * {@code dst(x, y) = src(inverse(x, y))} for every pixel, bilinear.
     *
     * @param src h·w values. Not modified.
     * @param h the image's rows
     * @param w the image's columns
     * @param inverse the map from output to input coordinates (F⁻¹). Not modified.
     * @param mode where pixels from outside the image come from
     * @param fill the value outside the image when {@code mode} is {@link FillMode#CONSTANT}
     * @param dst h·w values. Modified. Must not be {@code src}.
     */
    public static void resample(double[] src, int h, int w, Affine inverse, FillMode mode, double fill, double[] dst) {
        resample(src, h, w, inverse, null, null, mode, fill, dst);
    }

    /**
     * {@code dst(x, y) = src(inverse(x + dx(x, y), y + dy(x, y)))} for every pixel, bilinear.
     *
     * @param src h·w values. Not modified.
     * @param h the image's rows
     * @param w the image's columns
     * @param inverse the map from output to input coordinates (F⁻¹). Not modified.
     * @param dx horizontal displacements, h·w values, or null for none. Not modified.
     * @param dy vertical displacements, h·w values (null exactly when dx is). Not modified.
     * @param mode where pixels from outside the image come from
     * @param fill the value outside the image when {@code mode} is {@link FillMode#CONSTANT}
     * @param dst h·w values. Modified. Must not be {@code src}.
     */
    public static void resample(double[] src, int h, int w, Affine inverse, double[] dx, double[] dy,
            FillMode mode, double fill, double[] dst) {
        if (src == dst) {
            throw new IllegalArgumentException("src and dst must be different arrays");
        }
        double ia = inverse.a, ib = inverse.b, ic = inverse.c, id = inverse.d, ie = inverse.e, jf = inverse.f;
        for (int y = 0; y < h; y++) {
            int row = y * w;
            for (int x = 0; x < w; x++) {
                double px = x;
                double py = y;
                if (dx != null) {
                    px += dx[row + x];
                    py += dy[row + x];
                }
                double xs = ia * px + ib * py + ie;
                double ys = ic * px + id * py + jf;
                dst[row + x] = sample(src, h, w, xs, ys, mode, fill);
            }
        }
    }
}
