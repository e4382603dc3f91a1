package dev.regula.data.augment;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Rng;

/**
 * Elastic distortion (Simard, Steinkraus and Platt, "Best Practices for Convolutional Neural
 * Networks Applied to Visual Document Analysis", ICDAR 2003): every pixel is moved by its own
 * small displacement, and neighbouring displacements are alike, so strokes bend like a wobbling
 * hand rather than jitter.
 *
 * <pre>
 * Ux, Uy  ~ uniform(−1, 1), independently for every pixel          (h × w each)
 * Δx = α · (G_σ ∗ Ux),   Δy = α · (G_σ ∗ Uy)                          (Gaussian smoothing)
 * out(x, y) = in(x + Δx(x, y), y + Δy(x, y))                          (bilinear)
 * </pre>
 * so Δx(x, y) = 1 means output pixel (x, y) shows the input one pixel to its right. σ sets how
 * smooth the field is (Simard: small σ looks like random noise, large σ like a translation; σ = 4
 * suits 28 × 28 digits) and α its strength. The defaults {@link #simard()} α = 34, σ = 4 are the
 * values usually quoted with the paper for MNIST (and albumentations' defaults); with them the
 * displacements away from the border have a standard deviation of
 * {@code α·sd(U)·√(Σ_{a,b} g[a]²·g[b]²) = α·(1/√3)·Σ_k g[k]² ≈ 34 · 0.577 · 0.070 ≈ 1.4} pixels.
 *
 * <p>Smoothing as scipy's {@code gaussian_filter(u, σ, mode='constant', cval=0)}, the form of the
 * widely copied Python implementation: a normalized (Σg = 1) Gaussian kernel
 * {@code g[k] ∝ exp(−k²/(2σ²))} for {@code |k| ≤ R = ⌊4σ + 0.5⌋} (scipy's {@code truncate=4}),
 * applied separably with zeros outside the field. The kernel is computed once in the constructor;
 * {@link #displacements} computes the smoothing as matrix products, {@link #smooth} is the plain
 * form it is tested against.
 *
 * <p>In an {@link Augmentation} the displacement is applied after the affine map, in the same
 * single resampling (see {@link Resampler}); its fill mode handles points displaced off the image.
 */
public final class ElasticDistortion {
    private final double alpha;
    private final double sigma;
    private final int radius;
    private final double[] kernel;      // g[k + R], Σ = 1

    /**
     * @param alpha the strength α, ≥ 0 (0 is the identity)
     * @param sigma the smoothing σ in pixels, in (0, 1000]
     */
    public ElasticDistortion(double alpha, double sigma) {
        this.alpha = Args.nonNegative("ElasticDistortion.alpha", alpha);
        this.sigma = Args.positive("ElasticDistortion.sigma", sigma);
        Args.closed("ElasticDistortion.sigma", sigma, 0, 1000);
        this.radius = (int) (4 * sigma + 0.5);
        this.kernel = new double[2 * radius + 1];
        double sum = 0;
        for (int k = -radius; k <= radius; k++) {
            kernel[k + radius] = Math.exp(-0.5 * k * k / (sigma * sigma));
            sum += kernel[k + radius];
        }
        for (int i = 0; i < kernel.length; i++) {
            kernel[i] /= sum;
        }
    }

    /** @return Simard's MNIST setting: α = 34, σ = 4 */
    public static ElasticDistortion simard() {
        return new ElasticDistortion(34, 4);
    }

    /** @return the strength α */
    public double alpha() {
        return alpha;
    }

    /** @return the smoothing σ */
    public double sigma() {
        return sigma;
    }

    /** @return the kernel radius R = ⌊4σ + 0.5⌋ */
    public int radius() {
        return radius;
    }

    /** @return a copy of the normalized kernel, g[k + R] for k = −R..R */
    public double[] kernel() {
        return kernel.clone();
    }

    /**
     * The buffers of {@link #displacements} for one image size, allocated once per thread
     * ({@link #scratch}): the noise fields, the half-smoothed fields, the displacements, and the
     * dense kernel matrices of the two smoothing products.
     */
    public static final class Scratch {
        final int h;
        final int w;
        final Matrix ux;  // (h, w) uniform noise
        final Matrix uy;
        final Matrix tx;  // (h, w) smoothed along x
        final Matrix ty;
        final Matrix dx;  // (h, w) displacements, backed by dxValues
        final Matrix dy;
        final Matrix gw;  // (w, w) Gw[j][x] = g[x − j]
        final Matrix gh;  // (h, h) α·Gh[y][j] = α·g[j − y]

        private Scratch(ElasticDistortion e, int h, int w) {
            this.h = h;
            this.w = w;
            ux = Matrix.zeros(DType.F64, h, w);
            uy = Matrix.zeros(DType.F64, h, w);
            tx = Matrix.zeros(DType.F64, h, w);
            ty = Matrix.zeros(DType.F64, h, w);
            dx = Matrix.zeros(DType.F64, h, w);
            dy = Matrix.zeros(DType.F64, h, w);
            gw = e.kernelMatrix(w, 1);
            gh = e.kernelMatrix(h, e.alpha);
        }

        /** @return the horizontal displacements Δx of the last draw, h·w values row by row. Not a copy. */
        public double[] dx() {
            return dx.doubles();
        }

        /** @return the vertical displacements Δy of the last draw, h·w values row by row. Not a copy. */
        public double[] dy() {
            return dy.doubles();
        }
    }

    /**
     * Buffers for {@link #displacements} on h × w images.
     *
     * @param h the images' rows, &gt; 0
     * @param w the images' columns, &gt; 0
     * @return new buffers, for one thread
     */
    public Scratch scratch(int h, int w) {
        Checks.positive("h", h);
        Checks.positive("w", w);
        return new Scratch(this, h, w);
    }

    /** The n × n matrix {@code scale·g[j − i]} for {@code |j − i| ≤ R}, 0 elsewhere (symmetric). */
    private Matrix kernelMatrix(int n, double scale) {
        Matrix g = Matrix.zeros(DType.F64, n, n);
        for (int i = 0; i < n; i++) {
            for (int j = Math.max(0, i - radius); j <= Math.min(n - 1, i + radius); j++) {
                g.set(i, j, scale * kernel[j - i + radius]);
            }
        }
        return g;
    }

    /**
     * Draws a displacement field into {@code scratch.dx()} and {@code scratch.dy()}:
     * {@code Δx = α·(G ∗ Ux)}, {@code Δy = α·(G ∗ Uy)}.
     *
     * <p>The uniform numbers are drawn row by row, all h·w of Ux, then all of Uy. The smoothing is
     * the sums of {@link #smooth}, written as matrix products with the banded kernel matrices
     * {@code Gw[j][x] = g[x − j]} (w × w) and {@code Gh[y][j] = g[j − y]} (h × h):
     * <pre>
     * T = U·Gw        (h × w)   smooth along x: T[y][x] = Σ_j U[y][j]·g[x − j]
     * Δ = α·Gh·T      (h × w)   smooth along y
     * </pre>
     * four small GEMMs through {@link Ops#mult} (the engine's vectorized kernel), which is several
     * times faster than the loops of {@link #smooth} on 28 × 28 images.
     *
     * @param rng the source of Ux and Uy, each uniform in [−1, 1)
     * @param scratch the buffers for the image size. Modified (the new field is in its dx() and dy()).
     */
    public void displacements(Rng rng, Scratch scratch) {
        int n = scratch.h * scratch.w;
        double[] ux = scratch.ux.doubles();
        for (int i = 0; i < n; i++) {
            ux[i] = 2 * rng.nextDouble() - 1;
        }
        double[] uy = scratch.uy.doubles();
        for (int i = 0; i < n; i++) {
            uy[i] = 2 * rng.nextDouble() - 1;
        }
        Ops.mult(scratch.ux, scratch.gw, scratch.tx);
        Ops.mult(scratch.uy, scratch.gw, scratch.ty);
        Ops.mult(scratch.gh, scratch.tx, scratch.dx);
        Ops.mult(scratch.gh, scratch.ty, scratch.dy);
    }

    /**
     * The reference smoothing, as the textbook writes it (the oracle for {@link #displacements}):
     * {@code out[y][x] = Σ_{a,b} g[a]·g[b]·u[y + a][x + b]} over {@code |a|, |b| ≤ R}, terms outside
     * the field being 0 (scipy's {@code mode='constant'}), computed separably (rows, then columns).
     *
     * @param u h·w values. Not modified.
     * @param h the field's rows
     * @param w the field's columns
     * @param out h·w values. Modified.
     */
    public void smooth(double[] u, int h, int w, double[] out) {
        int r = radius;
        double[] rows = new double[h * w];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int b = -r; b <= r; b++) {
                    if (x + b >= 0 && x + b < w) {
                        sum += kernel[b + r] * u[y * w + x + b];
                    }
                }
                rows[y * w + x] = sum;
            }
        }
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                double sum = 0;
                for (int a = -r; a <= r; a++) {
                    if (y + a >= 0 && y + a < h) {
                        sum += kernel[a + r] * rows[(y + a) * w + x];
                    }
                }
                out[y * w + x] = sum;
            }
        }
    }

    @Override
    public String toString() {
        return "ElasticDistortion(alpha=" + alpha + ", sigma=" + sigma + ")";
    }
}
