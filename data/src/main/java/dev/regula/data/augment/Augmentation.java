package dev.regula.data.augment;

import dev.regula.core.BatchTransform;
import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * On-the-fly data augmentation of training batches: a {@link BatchTransform} that transforms each
 * image (row) of a batch with freshly drawn random parameters. Hook it with
 * {@code model.setAugmentation(augmentation)}; the model applies it to training batches only,
 * never to validation or test data.
 *
 * <pre>
 * Augmentation aug = Augmentation.affine(10, 0.1, 0.9, 1.1); // the seeds' case study (dropout_aug)
 * Augmentation aug = Augmentation.builder().rotation(15).elastic(34, 4).noise(0.05).build();
 * </pre>
 *
 * <p><b>Per image</b> (an h × w image, one row of the m × h·w batch, values in [0, 1]):
 * <ol>
 *   <li>the geometric transforms compose into one {@link Affine} map F, in this fixed order:
 *       horizontal flip, vertical flip, zoom, shear, rotation, shift, random crop (all about the
 *       image centre; see each class). Scale, shear, rotate, then translate is torchvision's
 *       {@code RandomAffine} order; Keras's {@code apply_affine_transform} goes the other way
 *       (rotation, shift, shear, zoom), which for augmentation's small ranges differs only
 *       slightly;</li>
 *   <li>the elastic displacement field Δ is drawn ({@link ElasticDistortion}), if any;</li>
 *   <li>the image is resampled once, bilinearly: {@code out(p) = in(F⁻¹(p + Δ(p)))}, with the
 *       {@link FillMode} for points outside (default NEAREST, Keras's default {@code fill_mode});
 *       an identity map without Δ copies the image unchanged;</li>
 *   <li>the pixel transforms run in this order: brightness, contrast, Gaussian noise, random
 *       erasing;</li>
 *   <li>the image is clipped to [0, 1] (interpolation cannot leave the range except by a rounding
 *       ulp; brightness, contrast and noise can, and torchvision clips them too);</li>
 * </ol>
 * and then, on the whole batch, the optional {@link Featurewise} statistics (standardization or
 * ZCA after the random transforms, as Keras's ImageDataGenerator does).
 *
 * <p><b>Randomness.</b> On the calling thread, {@code apply} draws one 64-bit seed per image from
 * the generator it is given, in row order; image i is then transformed with its own
 * {@code new Rng(seed_i)}, from which every transform draws its parameters in the order above
 * (each transform always makes the same number of draws). So the result depends only on the batch
 * and the generator, never on how the rows are split between threads or on timing: the same
 * seed gives bit-identical batches with 1 or 2 threads, and the generator advances by exactly m
 * values per batch.
 *
 * <p><b>Threads.</b> {@link #threads()} threads (the default is the number of processors, at most
 * 2) share the batch: the calling thread and daemon workers (a pool shared by all instances,
 * whose idle threads retire after a minute) take blocks of {@value #BLOCK_ROWS} rows from a shared
 * counter until none is left, each with its own buffers, allocated once per instance. Nothing is allocated per image except each image's small generator.
 *
 * <p><b>Images.</b> The image size is given ({@link Builder#imageSize}) or, by default, inferred
 * as a square from the number of columns (784 → 28 × 28). Pixels must be in [0, 1] (the
 * {@link dev.regula.data.Dataset} convention, value/255); a value outside is refused, naming the
 * row and column, rather than clipped: standardize after augmenting ({@link Builder#featurewise}),
 * not before.
 *
 * <p>Thread safety: {@code apply} is synchronized; one instance serves one training loop at a time.
 */
public final class Augmentation implements BatchTransform {
    /** Below this many rows per thread the batch is not split. */
    static final int MIN_ROWS_PER_THREAD = 4;
    /** Rows a thread takes at a time. */
    static final int BLOCK_ROWS = 8;
    /**
     * The workers, shared by every instance: daemon threads, created when needed and retired
     * after 60 s without work, so an idle or discarded augmentation holds no thread.
     */
    private static final ExecutorService WORKERS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "regula-augment");
        t.setDaemon(true);
        return t;
    });

    private final int height; // 0: infer a square from the columns
    private final int width;
    private final List<GeometricTransform> geometric;
    private final ElasticDistortion elastic;
    private final List<PixelTransform> pixel;
    private final FillMode fillMode;
    private final double fillValue;
    private final Featurewise featurewise;
    private final int threads;

    private long[] seeds = new long[0];
    private Workspace[] workspaces;
    private final AtomicInteger cursor = new AtomicInteger();

    private Augmentation(Builder b) {
        this.height = b.height;
        this.width = b.width;
        List<GeometricTransform> g = new ArrayList<>();
        addIfPresent(g, b.horizontalFlip);
        addIfPresent(g, b.verticalFlip);
        addIfPresent(g, b.zoom);
        addIfPresent(g, b.shear);
        addIfPresent(g, b.rotation);
        addIfPresent(g, b.shift);
        addIfPresent(g, b.crop);
        this.geometric = Collections.unmodifiableList(g);
        this.elastic = b.elastic;
        List<PixelTransform> p = new ArrayList<>();
        addIfPresent(p, b.brightness);
        addIfPresent(p, b.contrast);
        addIfPresent(p, b.noise);
        addIfPresent(p, b.erasing);
        this.pixel = Collections.unmodifiableList(p);
        this.fillMode = b.fillMode;
        this.fillValue = b.fillValue;
        this.featurewise = b.featurewise;
        this.threads = b.threads;
        this.workspaces = new Workspace[threads];
    }

    private static <T> void addIfPresent(List<T> list, T item) {
        if (item != null) {
            list.add(item);
        }
    }

    /** @return a new builder with no transforms, fill NEAREST, square images, default threads */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The affine augmentation of the seeds' case study (the {@code dropout_aug} preset uses
     * {@code affine(10, 0.1, 0.9, 1.1)}): rotation uniform in ±{@code rotationDegrees}, shifts of up
     * to ±{@code shiftFraction} of the width and height, one zoom factor in
     * [{@code zoomLo}, {@code zoomHi}), fill NEAREST; square images inferred from the columns.
     *
     * @param rotationDegrees the largest rotation, in degrees
     * @param shiftFraction the largest shift, as a fraction of the width and of the height
     * @param zoomLo the smallest zoom factor
     * @param zoomHi the largest zoom factor
     * @return the augmentation
     */
    public static Augmentation affine(double rotationDegrees, double shiftFraction, double zoomLo, double zoomHi) {
        return builder().rotation(rotationDegrees).shift(shiftFraction).zoom(zoomLo, zoomHi).build();
    }

    /**
     * The seeds' augmentation as Keras's ImageDataGenerator would do it: {@code affine(10, 0.1,
     * 0.9, 1.1)}, fill nearest. (The {@code dropout_aug} preset fills with 0 instead, as
     * torchvision does; see experiments' {@code presets/dropout_aug.yaml}.)
     *
     * @return the augmentation
     */
    public static Augmentation caseStudy() {
        return affine(10, 0.1, 0.9, 1.1);
    }

    /**
     * Elastic distortion alone (Simard: α = 34, σ = 4 for MNIST), fill CONSTANT 0.
     *
     * @param alpha α, the displacement scale in pixels
     * @param sigma σ, the Gaussian smoothing of the displacement field, in pixels
     * @return the augmentation
     */
    public static Augmentation elastic(double alpha, double sigma) {
        return builder().elastic(alpha, sigma).fill(FillMode.CONSTANT, 0).build();
    }

    /** @return the geometric transforms, in the order they compose (read-only) */
    public List<GeometricTransform> geometric() {
        return geometric;
    }

    /** @return the elastic distortion, or null */
    public ElasticDistortion elasticDistortion() {
        return elastic;
    }

    /** @return the pixel transforms, in the order they run (read-only) */
    public List<PixelTransform> pixel() {
        return pixel;
    }

    /** @return the fill mode of the resampling */
    public FillMode fillMode() {
        return fillMode;
    }

    /** @return the fill value for {@link FillMode#CONSTANT} */
    public double fillValue() {
        return fillValue;
    }

    /** @return the featurewise statistics applied last, or null */
    public Featurewise featurewise() {
        return featurewise;
    }

    /** @return how many threads transform a batch */
    public int threads() {
        return threads;
    }

    /**
     * A copy of this augmentation that uses {@code threads} threads (same results).
     *
     * @param threads the number of threads, in [1, 64]
     * @return a new augmentation
     */
    public Augmentation withThreads(int threads) {
        Builder b = toBuilder();
        b.threads(threads);
        return b.build();
    }

    /** @return a new builder holding this augmentation's settings */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.height = height;
        b.width = width;
        for (GeometricTransform t : geometric) {
            if (t instanceof HorizontalFlip) b.horizontalFlip = (HorizontalFlip) t;
            else if (t instanceof VerticalFlip) b.verticalFlip = (VerticalFlip) t;
            else if (t instanceof Zoom) b.zoom = (Zoom) t;
            else if (t instanceof Shear) b.shear = (Shear) t;
            else if (t instanceof Rotation) b.rotation = (Rotation) t;
            else if (t instanceof Shift) b.shift = (Shift) t;
            else if (t instanceof RandomCrop) b.crop = (RandomCrop) t;
        }
        for (PixelTransform t : pixel) {
            if (t instanceof Brightness) b.brightness = (Brightness) t;
            else if (t instanceof Contrast) b.contrast = (Contrast) t;
            else if (t instanceof GaussianPixelNoise) b.noise = (GaussianPixelNoise) t;
            else if (t instanceof RandomErasing) b.erasing = (RandomErasing) t;
        }
        b.elastic = elastic;
        b.fillMode = fillMode;
        b.fillValue = fillValue;
        b.featurewise = featurewise;
        b.threads = threads;
        return b;
    }

    /**
     * Transforms every row of {@code x} in place (see the class javadoc).
     *
     * @param x (m × h·w), F32 or F64, values in [0, 1]. Modified.
     * @param rng advanced by exactly m values (one seed per row)
     * @throws IllegalArgumentException if the columns do not match the image size (x is then
     *     unchanged), or a pixel is outside [0, 1] (naming the first such row and its column; the
     *     other rows may have been transformed)
     */
    @Override
    public synchronized void apply(Matrix x, Rng rng) {
        Objects.requireNonNull(rng, "rng");
        int[] hw = imageSize(x.cols());
        int m = x.rows();
        if (seeds.length < m) {
            seeds = new long[m];
        }
        for (int i = 0; i < m; i++) {
            seeds[i] = rng.nextLong();
        }
        int parts = Math.max(1, Math.min(threads, m / MIN_ROWS_PER_THREAD));
        if (parts == 1) {
            transformRows(x, hw[0], hw[1], 0, m, workspace(0, hw));
        } else {
            runInParallel(x, hw, m, parts);
        }
        if (featurewise != null) {
            featurewise.apply(x);
        }
    }

    private void runInParallel(Matrix x, int[] hw, int m, int parts) {
        cursor.set(0);
        Future<?>[] futures = new Future<?>[parts];
        Workspace[] used = new Workspace[parts];
        for (int p = 1; p < parts; p++) {
            Workspace ws = workspace(p, hw);
            used[p] = ws;
            futures[p] = WORKERS.submit(() -> transformBlocks(x, hw, m, ws));
        }
        used[0] = workspace(0, hw);
        transformBlocks(x, hw, m, used[0]);
        RuntimeException failure = null;
        for (int p = 1; p < parts; p++) {
            try {
                futures[p].get();
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                failure = cause instanceof RuntimeException ? (RuntimeException) cause
                        : new IllegalStateException("Augmentation worker failed: " + cause, cause);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                failure = new IllegalStateException("Interrupted while augmenting a batch", e);
            }
        }
        if (failure != null) {
            throw failure;
        }
        // A bad pixel: report the first bad row of the batch, whichever thread met it.
        BadPixel first = null;
        for (Workspace ws : used) {
            if (ws.badPixel != null && (first == null || ws.badPixel.row < first.row)) {
                first = ws.badPixel;
            }
            ws.badPixel = null;
        }
        if (first != null) {
            throw first;
        }
    }

    /**
     * Takes blocks of {@value #BLOCK_ROWS} rows from the shared cursor until none is left, so a
     * thread slowed down by other work on its core simply takes fewer blocks. Which thread
     * transforms a row does not change the row's result. A block with a bad pixel stops at it and
     * the thread goes on with the next block, keeping the first bad row it met in its workspace.
     */
    private void transformBlocks(Matrix x, int[] hw, int m, Workspace ws) {
        for (int from = cursor.getAndAdd(BLOCK_ROWS); from < m; from = cursor.getAndAdd(BLOCK_ROWS)) {
            try {
                transformRows(x, hw[0], hw[1], from, Math.min(m, from + BLOCK_ROWS), ws);
            } catch (BadPixel e) {
                if (ws.badPixel == null || e.row < ws.badPixel.row) {
                    ws.badPixel = e;
                }
            }
        }
    }

    /** A pixel outside [0, 1], with its row so the first one of a batch can be reported. */
    private static final class BadPixel extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;
        final int row;

        BadPixel(String message, int row) {
            super(message);
            this.row = row;
        }
    }

    /**
     * Transforms one image in place, as {@code apply} transforms a row whose seed is {@code seed}:
     * for previews and tests. Allocates its own buffers.
     *
     * @param image h·w values in [0, 1], row by row. Modified.
     * @param height h, the image's rows
     * @param width w, the image's columns
     * @param seed the row seed: the same seed gives the same transforms as {@code apply}
     */
    public void applyToImage(double[] image, int height, int width, long seed) {
        Checks.positive("height", height);
        Checks.positive("width", width);
        if (image.length != height * width) {
            throw new IllegalArgumentException("Invalid image: expected " + height + "×" + width + " = "
                    + (height * width) + " values, received " + image.length);
        }
        Workspace ws = new Workspace(height, width);
        System.arraycopy(image, 0, ws.src, 0, image.length);
        checkRange(ws.src, image.length, 0);
        transformImage(ws, height, width, seed);
        System.arraycopy(ws.dst, 0, image, 0, image.length);
    }

    private Workspace workspace(int part, int[] hw) {
        Workspace ws = workspaces[part];
        if (ws == null || ws.h != hw[0] || ws.w != hw[1]) {
            ws = new Workspace(hw[0], hw[1]);
            workspaces[part] = ws;
        }
        return ws;
    }

    /** The image size for a batch of {@code cols} columns: the given one, or a square. */
    int[] imageSize(int cols) {
        if (height > 0) {
            if (cols != height * width) {
                throw new IllegalArgumentException("Augmentation for " + height + "×" + width + " images expects "
                        + (height * width) + " columns, received " + cols);
            }
            return new int[] {height, width};
        }
        int side = (int) Math.round(Math.sqrt(cols));
        if (side * side != cols || cols == 0) {
            throw new IllegalArgumentException("Augmentation cannot infer the image size from " + cols
                    + " columns (not a square number of pixels); give it with Augmentation.builder().imageSize(height, width)");
        }
        return new int[] {side, side};
    }

    /** Rows [from, to) of x, each loaded into the workspace, transformed, clipped and stored. */
    private void transformRows(Matrix x, int h, int w, int from, int to, Workspace ws) {
        int n = h * w;
        boolean f32 = x.dtype() == DType.F32;
        float[] fa = f32 ? x.floats() : null;
        double[] da = f32 ? null : x.doubles();
        for (int i = from; i < to; i++) {
            int offset = i * n;
            double[] src = ws.src;
            if (f32) {
                for (int j = 0; j < n; j++) {
                    src[j] = fa[offset + j];
                }
            } else {
                System.arraycopy(da, offset, src, 0, n);
            }
            checkRange(src, n, i);
            transformImage(ws, h, w, seeds[i]);
            double[] dst = ws.dst;
            if (f32) {
                for (int j = 0; j < n; j++) {
                    fa[offset + j] = (float) dst[j];
                }
            } else {
                System.arraycopy(dst, 0, da, offset, n);
            }
        }
    }

    /** ws.src → ws.dst: the five steps of the class javadoc (without the featurewise step). */
    private void transformImage(Workspace ws, int h, int w, long seed) {
        int n = h * w;
        Rng rng = new Rng(seed);
        Affine map = ws.map.reset();
        for (GeometricTransform t : geometric) {
            t.compose(map, h, w, rng);
        }
        boolean displaced = elastic != null && elastic.alpha() != 0;
        if (displaced) {
            elastic.displacements(rng, ws.scratch);
        }
        if (map.isIdentity() && !displaced) {
            System.arraycopy(ws.src, 0, ws.dst, 0, n);
        } else {
            map.invert(ws.inverse);
            Resampler.resample(ws.src, h, w, ws.inverse, displaced ? ws.scratch.dx() : null,
                    displaced ? ws.scratch.dy() : null, fillMode, fillValue, ws.dst);
        }
        double[] dst = ws.dst;
        for (PixelTransform t : pixel) {
            t.apply(dst, h, w, rng);
        }
        for (int j = 0; j < n; j++) {
            dst[j] = Math.min(1.0, Math.max(0.0, dst[j]));
        }
    }

    private static void checkRange(double[] src, int n, int row) {
        for (int j = 0; j < n; j++) {
            double v = src[j];
            if (!(v >= 0 && v <= 1)) {
                throw new BadPixel("Augmentation expects pixel values in [0, 1] (value/255), received "
                        + v + " at row " + row + ", column " + j
                        + "; apply featurewise standardization or whitening after augmenting (Builder.featurewise), not before",
                        row);
            }
        }
    }

    /** @return a one-line summary, e.g. {@code "rotation ±10°, shift ±10%, zoom 0.9-1.1, fill nearest"} */
    public String describe() {
        List<String> parts = new ArrayList<>();
        for (GeometricTransform t : geometric) {
            parts.add(describe(t));
        }
        if (elastic != null) {
            parts.add("elastic α=" + Args.num(elastic.alpha()) + " σ=" + Args.num(elastic.sigma()));
        }
        for (PixelTransform t : pixel) {
            parts.add(describe(t));
        }
        if (parts.isEmpty()) {
            parts.add("identity");
        }
        if (!geometric.isEmpty() || elastic != null) {
            parts.add("fill " + fillMode.keyword() + (fillMode == FillMode.CONSTANT ? " " + Args.num(fillValue) : ""));
        }
        if (featurewise != null) {
            parts.add("then " + featurewise);
        }
        return String.join(", ", parts);
    }

    private static String describe(Object t) {
        if (t instanceof HorizontalFlip) return "horizontal flip p=" + Args.num(((HorizontalFlip) t).probability());
        if (t instanceof VerticalFlip) return "vertical flip p=" + Args.num(((VerticalFlip) t).probability());
        if (t instanceof Rotation) return "rotation ±" + Args.num(((Rotation) t).maxDegrees()) + "°";
        if (t instanceof Shift) {
            Shift s = (Shift) t;
            return s.unit() == Shift.Unit.FRACTION
                    ? "shift ±" + Args.num(100 * s.maxX()) + "%" + (s.maxX() == s.maxY() ? "" : "/±" + Args.num(100 * s.maxY()) + "%")
                    : "shift ±" + Args.num(s.maxX()) + "/±" + Args.num(s.maxY()) + " px";
        }
        if (t instanceof Zoom) {
            Zoom z = (Zoom) t;
            return "zoom " + Args.num(z.lo()) + "-" + Args.num(z.hi()) + (z.independentAxes() ? " per axis" : "");
        }
        if (t instanceof Shear) return "shear ±" + Args.num(((Shear) t).maxDegrees()) + "°";
        if (t instanceof RandomCrop) return "crop after padding " + ((RandomCrop) t).padding();
        if (t instanceof Brightness) return "brightness " + Args.num(((Brightness) t).lo()) + "-" + Args.num(((Brightness) t).hi());
        if (t instanceof Contrast) return "contrast " + Args.num(((Contrast) t).lo()) + "-" + Args.num(((Contrast) t).hi());
        if (t instanceof GaussianPixelNoise) return "noise σ=" + Args.num(((GaussianPixelNoise) t).stddev());
        if (t instanceof RandomErasing) {
            RandomErasing e = (RandomErasing) t;
            return "erasing p=" + Args.num(e.probability()) + " area " + Args.num(e.areaLo()) + "-" + Args.num(e.areaHi());
        }
        return t.toString();
    }

    @Override
    public String toString() {
        return "Augmentation(" + describe() + ")";
    }

    /** One thread's buffers, each of h·w values, reused for every image. */
    private final class Workspace {
        final int h;
        final int w;
        final double[] src;
        final double[] dst;
        final ElasticDistortion.Scratch scratch; // null without elastic distortion
        BadPixel badPixel;                       // the first bad row this thread met in a batch
        final Affine map = new Affine();
        final Affine inverse = new Affine();

        Workspace(int h, int w) {
            this.h = h;
            this.w = w;
            int n = h * w;
            src = new double[n];
            dst = new double[n];
            scratch = elastic != null ? elastic.scratch(h, w) : null;
        }
    }

    /**
     * Settings of an {@link Augmentation}: one slot per transform (setting one twice keeps the
     * last), composed in the fixed order of the class javadoc whatever the order of the calls.
     */
    public static final class Builder {
        private int height;
        private int width;
        private HorizontalFlip horizontalFlip;
        private VerticalFlip verticalFlip;
        private Zoom zoom;
        private Shear shear;
        private Rotation rotation;
        private Shift shift;
        private RandomCrop crop;
        private ElasticDistortion elastic;
        private Brightness brightness;
        private Contrast contrast;
        private GaussianPixelNoise noise;
        private RandomErasing erasing;
        private FillMode fillMode = FillMode.NEAREST;
        private double fillValue;
        private Featurewise featurewise;
        private int threads = Math.min(2, Runtime.getRuntime().availableProcessors());

        private Builder() {}

        /**
         * Images of {@code height × width} (default: a square inferred from the columns).
         *
         * @param height rows of each image, &gt; 0
         * @param width columns of each image, &gt; 0
         * @return this builder
         */
        public Builder imageSize(int height, int width) {
            this.height = Checks.positive("height", height);
            this.width = Checks.positive("width", width);
            return this;
        }

        /**
         * {@link HorizontalFlip} with the given probability (0.5 as Keras).
         *
         * @param probability the probability of a flip, in [0, 1]
         * @return this builder
         */
        public Builder horizontalFlip(double probability) {
            horizontalFlip = new HorizontalFlip(probability);
            return this;
        }

        /**
         * {@link VerticalFlip} with the given probability (0.5 as Keras).
         *
         * @param probability the probability of a flip, in [0, 1]
         * @return this builder
         */
        public Builder verticalFlip(double probability) {
            verticalFlip = new VerticalFlip(probability);
            return this;
        }

        /**
         * {@link Rotation} by up to ±{@code maxDegrees}.
         *
         * @param maxDegrees the largest rotation, in degrees
         * @return this builder
         */
        public Builder rotation(double maxDegrees) {
            rotation = new Rotation(maxDegrees);
            return this;
        }

        /**
         * {@link Shift} by up to ±{@code fraction} of the width and of the height.
         *
         * @param fraction the largest shift, as a fraction of the size
         * @return this builder
         */
        public Builder shift(double fraction) {
            shift = Shift.fraction(fraction);
            return this;
        }

        /**
         * Any {@link Shift} (fractions or pixels, per axis).
         *
         * @param shift the shift, not null
         * @return this builder
         */
        public Builder shift(Shift shift) {
            this.shift = Objects.requireNonNull(shift, "shift");
            return this;
        }

        /**
         * {@link Zoom} with one factor in [lo, hi) for both axes.
         *
         * @param lo the smallest factor, &gt; 0
         * @param hi the largest factor, ≥ lo
         * @return this builder
         */
        public Builder zoom(double lo, double hi) {
            zoom = new Zoom(lo, hi);
            return this;
        }

        /**
         * Any {@link Zoom} (e.g. independent axes, as Keras).
         *
         * @param zoom the zoom, not null
         * @return this builder
         */
        public Builder zoom(Zoom zoom) {
            this.zoom = Objects.requireNonNull(zoom, "zoom");
            return this;
        }

        /**
         * {@link Shear} by up to ±{@code maxDegrees}.
         *
         * @param maxDegrees the largest shear angle, in degrees
         * @return this builder
         */
        public Builder shear(double maxDegrees) {
            shear = new Shear(maxDegrees);
            return this;
        }

        /**
         * {@link RandomCrop} after padding by {@code padding} pixels.
         *
         * @param padding pixels of padding on each side before the crop
         * @return this builder
         */
        public Builder crop(int padding) {
            crop = new RandomCrop(padding);
            return this;
        }

        /**
         * {@link ElasticDistortion} with strength α and smoothing σ.
         *
         * @param alpha α, the displacement scale in pixels
         * @param sigma σ, the Gaussian smoothing of the displacement field, in pixels
         * @return this builder
         */
        public Builder elastic(double alpha, double sigma) {
            elastic = new ElasticDistortion(alpha, sigma);
            return this;
        }

        /**
         * A given {@link ElasticDistortion}.
         *
         * @param elastic the distortion, not null
         * @return this builder
         */
        public Builder elastic(ElasticDistortion elastic) {
            this.elastic = Objects.requireNonNull(elastic, "elastic");
            return this;
        }

        /**
         * {@link Brightness} factor in [lo, hi).
         *
         * @param lo the smallest factor
         * @param hi the largest factor
         * @return this builder
         */
        public Builder brightness(double lo, double hi) {
            brightness = new Brightness(lo, hi);
            return this;
        }

        /**
         * {@link Contrast} factor in [lo, hi).
         *
         * @param lo the smallest factor
         * @param hi the largest factor
         * @return this builder
         */
        public Builder contrast(double lo, double hi) {
            contrast = new Contrast(lo, hi);
            return this;
        }

        /**
         * {@link GaussianPixelNoise} of standard deviation {@code stddev}.
         *
         * @param stddev the standard deviation, in pixel units ([0, 1] scale)
         * @return this builder
         */
        public Builder noise(double stddev) {
            noise = new GaussianPixelNoise(stddev);
            return this;
        }

        /**
         * A given {@link RandomErasing} ({@link RandomErasing#defaults()} for torchvision's).
         *
         * @param erasing the erasing, not null
         * @return this builder
         */
        public Builder erasing(RandomErasing erasing) {
            this.erasing = Objects.requireNonNull(erasing, "erasing");
            return this;
        }

        /**
         * The fill mode; for CONSTANT the fill value stays as set (default 0).
         *
         * @param mode where pixels from outside the image come from, not null
         * @return this builder
         */
        public Builder fill(FillMode mode) {
            this.fillMode = Objects.requireNonNull(mode, "mode");
            return this;
        }

        /**
         * The fill mode and the CONSTANT fill value, in [0, 1] (Keras {@code cval}).
         *
         * @param mode where pixels from outside the image come from, not null
         * @param value the CONSTANT fill value, in [0, 1]
         * @return this builder
         */
        public Builder fill(FillMode mode, double value) {
            this.fillMode = Objects.requireNonNull(mode, "mode");
            this.fillValue = Args.closed("fillValue", value, 0, 1);
            return this;
        }

        /**
         * Featurewise statistics applied to the batch after the random transforms, or null.
         *
         * @param featurewise the fitted statistics, or null for none
         * @return this builder
         */
        public Builder featurewise(Featurewise featurewise) {
            this.featurewise = featurewise;
            return this;
        }

        /**
         * Threads per batch, in [1, 64] (default: processors, at most 2); results do not depend on it.
         *
         * @param threads the number of threads, in [1, 64]
         * @return this builder
         */
        public Builder threads(int threads) {
            if (threads < 1 || threads > 64) {
                throw new IllegalArgumentException("Invalid value for threads: expected an integer in [1, 64],"
                        + " received: " + threads);
            }
            this.threads = threads;
            return this;
        }

        /**
         * The augmentation.
         *
         * @return the augmentation
         */
        public Augmentation build() {
            return new Augmentation(this);
        }
    }
}
