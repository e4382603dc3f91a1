package dev.regula.data.augment;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.data.Dataset;
import java.util.Locale;
import java.util.Objects;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/**
 * Featurewise statistics, fitted on the training split only and then applied to every split:
 * centering, standardization, or ZCA whitening. X is (n × d), one flattened image per row;
 * μ and s are (d) vectors of per-feature (per-pixel) statistics.
 *
 * <pre>
 * CENTER       x' = x − μ                         μ = (1/n)·Σ_i x_i
 * STANDARDIZE  x' = (x − μ) / (s + ε)              s = √((1/n)·Σ_i (x_i − μ)²), ε = 1e-6;
 *              x' = x − μ where s = 0              (a feature constant in the training split)
 * ZCA          x' = (x − μ)·W                      W = U·diag(1/√(λ + ε))·Uᵀ,
 *                                                  Σ = (1/n)·(X − μ)ᵀ(X − μ) = U·diag(λ)·Uᵀ
 * </pre>
 * These are Keras {@code ImageDataGenerator}'s {@code featurewise_center},
 * {@code featurewise_std_normalization} (population s, {@code x /= (std + 1e-6)}; for a feature
 * that is constant in the training split Regula divides by 1 instead, as scikit-learn's
 * {@code StandardScaler} does: MNIST has 71 pixels that are 0 in all 42,000 training images, and
 * Keras's 1/(0 + 1e-6) turns a stroke that reaches one of them in a test image into a value near
 * 10⁶) and
 * {@code zca_whitening} with {@code zca_epsilon} (default 1e-6). Keras computes its ZCA matrix the
 * same way, {@code u, s, _ = svd(σ); W = (u · 1/√(s + ε))·uᵀ} on the flattened, centered training
 * data (it turns centering on whenever ZCA is on), and whitens a flattened image as
 * {@code flat_x @ W}. For the symmetric positive semi-definite Σ the SVD's U and s are the
 * eigenvectors and eigenvalues, so Regula uses EJML's symmetric eigendecomposition
 * ({@link DecompositionFactory_DDRM#eig}); eigenvalues that rounding makes slightly negative are
 * taken as 0. W is symmetric, so {@code x·W = (W·xᵀ)ᵀ}.
 *
 * <p>Why whiten: the covariance of whitened training data is {@code W·Σ·W = U·diag(λ/(λ+ε))·Uᵀ},
 * the identity for the directions with λ ≫ ε; ZCA (unlike PCA whitening) is the whitening closest
 * to the original pixels, so images stay images (edges stand out, as seed 000's picture shows).
 * ε sets how far the small-variance directions (pixel noise) are amplified: on [0, 1] pixels,
 * Keras's 1e-6 amplifies them up to 1000 times; 1e-2 to 1e-1 gives smoother images.
 *
 * <p>Fitted on the training split only: statistics that see the validation or test images leak
 * them into training. Seed 000 fits {@code datagen.fit(X_train)} on all images before splitting,
 * then trains on the raw, unwhitened arrays (the fitted generator is never used), so its
 * "augmentation" result owes nothing to ZCA. Here the order is: fit on {@code splits.train()},
 * then {@link #transform(Dataset)} each split, or, when random augmentation is also used, keep
 * the training images raw and let the {@link Augmentation} apply this after its random transforms
 * ({@link Augmentation.Builder#featurewise}), as Keras standardizes after transforming. This class
 * is deliberately not a {@link dev.regula.core.BatchTransform}: a deterministic preprocessing
 * hooked onto training batches only would leave validation and test data unprocessed.
 *
 * <p>Memory: ZCA holds d × d matrices ({@link #zcaBytes}): 784 pixels need about 30 MB, but a
 * 224 × 224 × 3 image's 150,528 features would need about 1 TB; {@link #fitZca} refuses a
 * dimension whose matrices do not fit in the JVM's maximum heap, before allocating anything.
 */
public final class Featurewise {
    /** Keras's {@code featurewise_std_normalization} epsilon: {@code x /= (std + 1e-6)}. */
    public static final double STD_EPSILON = 1e-6;
    /** Keras's default {@code zca_epsilon}. */
    public static final double KERAS_ZCA_EPSILON = 1e-6;
    /** d × d double matrices alive at the peak of {@link #fitZca}; see {@link #zcaBytes}. */
    static final int ZCA_MATRICES = 6;
    private static final int CHUNK_ROWS = 256;

    /** What is fitted and applied. */
    public enum Kind {
        /** x − μ. */
        CENTER,
        /** (x − μ) / (s + ε). */
        STANDARDIZE,
        /** (x − μ)·W. */
        ZCA
    }

    private final Kind kind;
    private final int features;
    private final double epsilon;
    private final double[] mean;       // (d)
    private final double[] std;        // (d): s for STANDARDIZE, else null
    private final double[] scale;      // (d): 1/(s + ε), or 1 where s = 0, for STANDARDIZE, else null
    private final DMatrixRMaj whitening; // (d, d) for ZCA, else null
    private Matrix whiteningF32;        // W in F32, made on first use
    private Matrix chunk;               // (≤ CHUNK_ROWS, d), reused by apply
    private Matrix chunkOut;

    private Featurewise(Kind kind, int features, double epsilon, double[] mean, double[] std, double[] scale,
                        DMatrixRMaj whitening) {
        this.kind = kind;
        this.features = features;
        this.epsilon = epsilon;
        this.mean = mean;
        this.std = std;
        this.scale = scale;
        this.whitening = whitening;
    }

    /**
     * Fits μ on the training images: {@code x' = x − μ}.
     *
     * @param train (n × d), n ≥ 1. Not modified.
     * @return the fitted centering
     */
    public static Featurewise fitCenter(Matrix train) {
        checkTrain(train, 1);
        return new Featurewise(Kind.CENTER, train.cols(), 0, means(train), null, null, null);
    }

    /**
     * {@link #fitStandardize(Matrix, double)} with Keras's ε = 1e-6.
     *
     * @param train (n × d), n ≥ 1. Not modified.
     * @return the fitted standardization
     */
    public static Featurewise fitStandardize(Matrix train) {
        return fitStandardize(train, STD_EPSILON);
    }

    /**
     * Fits μ and the population standard deviation s: {@code x' = (x − μ) / (s + ε)}. A pixel
     * that is constant in the training split (MNIST's corners: s = 0) is only centered,
     * {@code x' = x − μ}: 0 for every training image, and at most the pixel range for an image of
     * another split (Keras would multiply it by 10⁶).
     *
     * @param train (n × d), n ≥ 1. Not modified.
     * @param epsilon added to s, > 0
     * @return the fitted standardization
     */
    public static Featurewise fitStandardize(Matrix train, double epsilon) {
        checkTrain(train, 1);
        Args.positive("epsilon", epsilon);
        int n = train.rows();
        int d = train.cols();
        double[] mu = means(train);
        double[] var = new double[d];
        for (int i = 0; i < n; i++) {
            int row = i * d;
            for (int j = 0; j < d; j++) {
                double v = train.get(row + j) - mu[j];
                var[j] += v * v;
            }
        }
        double[] std = new double[d];
        double[] scale = new double[d];
        for (int j = 0; j < d; j++) {
            std[j] = Math.sqrt(var[j] / n);
            scale[j] = std[j] == 0 ? 1.0 : 1.0 / (std[j] + epsilon);
        }
        return new Featurewise(Kind.STANDARDIZE, d, epsilon, mu, std, scale, null);
    }

    /**
     * Fits ZCA whitening (see the class javadoc): μ, Σ = (1/n)·(X − μ)ᵀ(X − μ) in double precision,
     * its eigendecomposition, and {@code W = U·diag(1/√(λ + ε))·Uᵀ}.
     *
     * @param train (n × d), n ≥ 2. Not modified.
     * @param epsilon ε > 0 (Keras's default is {@link #KERAS_ZCA_EPSILON})
     * @throws IllegalArgumentException for ε ≤ 0, or a d whose d × d matrices would not fit in
     *     the JVM's maximum heap (the message gives the memory needed)
     * @return the fitted whitening
     */
    public static Featurewise fitZca(Matrix train, double epsilon) {
        Objects.requireNonNull(train, "train");
        if (!(epsilon > 0) || !Double.isFinite(epsilon)) {
            throw new IllegalArgumentException("Invalid value for epsilon (ZCA): expected a finite number > 0"
                    + " (Keras's zca_epsilon default is 1e-6), received: " + epsilon);
        }
        checkZcaFits(train.cols(), Runtime.getRuntime().maxMemory());
        checkTrain(train, 2);
        int n = train.rows();
        int d = train.cols();
        double[] mu = means(train);

        // Σ = (1/n)·Σ_chunks Xcᵀ·Xc, with Xc a chunk of centered rows (in double).
        Matrix cov = Matrix.zeros(DType.F64, d, d);              // (d, d)
        Matrix xc = Matrix.zeros(DType.F64, Math.min(CHUNK_ROWS, n), d);
        for (int from = 0; from < n; from += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, n - from);
            xc.reshape(rows, d);
            double[] c = xc.doubles();
            for (int i = 0; i < rows; i++) {
                int src = (from + i) * d;
                for (int j = 0; j < d; j++) {
                    c[i * d + j] = train.get(src + j) - mu[j];
                }
            }
            Ops.multAddTransA(xc, xc, cov);
        }
        CommonOps_DDRM.scale(1.0 / n, cov.f64());

        // Σ = U·diag(λ)·Uᵀ; V = U·diag(1/√(λ + ε)); W = V·Uᵀ.
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(d, true, true);
        if (!eig.decompose(cov.f64())) {
            throw new IllegalStateException("ZCA: the eigendecomposition of the " + d + "×" + d
                    + " covariance matrix did not converge");
        }
        cov = null; // the decomposition keeps what it needs
        Matrix u = Matrix.zeros(DType.F64, d, d);
        Matrix v = Matrix.zeros(DType.F64, d, d);
        for (int k = 0; k < d; k++) {
            double lambda = Math.max(0.0, eig.getEigenvalue(k).real);
            double s = 1.0 / Math.sqrt(lambda + epsilon);
            DMatrixRMaj vec = eig.getEigenVector(k); // (d, 1)
            for (int j = 0; j < d; j++) {
                u.set(j, k, vec.get(j));
                v.set(j, k, vec.get(j) * s);
            }
        }
        Matrix w = Matrix.zeros(DType.F64, d, d);
        Ops.multTransB(v, u, w);
        return new Featurewise(Kind.ZCA, d, epsilon, mu, null, null, w.f64());
    }

    /**
     * The bytes ZCA needs for d features: {@value #ZCA_MATRICES} d × d double matrices at the peak
     * of the fit (the covariance, the eigendecomposition's work matrix and eigenvectors, U,
     * U·diag(1/√(λ+ε)), and W), i.e. {@code 6 · 8 · d²}.
     *
     * @param d the number of features
     * @return the bytes, {@code 48·d²}
     */
    public static long zcaBytes(int d) {
        return (long) ZCA_MATRICES * Double.BYTES * d * (long) d;
    }

    /**
     * Refuses a ZCA dimension whose matrices would not fit.
     *
     * @param d the number of features
     * @param maxHeapBytes the JVM's maximum heap ({@link Runtime#maxMemory()})
     * @throws IllegalArgumentException naming d, the memory needed and the heap, when
     *     {@link #zcaBytes}(d) exceeds the heap or d × d exceeds a Java array
     */
    public static void checkZcaFits(int d, long maxHeapBytes) {
        if (d <= 0) {
            throw new IllegalArgumentException("Invalid value for features (ZCA): expected a positive integer,"
                    + " received: " + d);
        }
        long needed = zcaBytes(d);
        boolean arrayTooLarge = (long) d * d > Integer.MAX_VALUE - 8;
        if (needed > maxHeapBytes || arrayTooLarge) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "ZCA whitening of d=%d features needs %d×%d covariance and whitening matrices: about %s"
                            + " (%d d×d double matrices at the peak of the fit)%s, but the JVM's maximum heap is %s"
                            + " (-Xmx); use fewer features (smaller images), or featurewise standardization instead",
                    d, d, d, bytes(needed), ZCA_MATRICES,
                    arrayTooLarge ? ", and d×d elements exceed a Java array" : "", bytes(maxHeapBytes)));
        }
    }

    /** @return what this instance applies */
    public Kind kind() {
        return kind;
    }

    /** @return the number of features d it was fitted on */
    public int features() {
        return features;
    }

    /** @return ε (0 for CENTER) */
    public double epsilon() {
        return epsilon;
    }

    /** @return a copy of μ, (d) */
    public double[] mean() {
        return mean.clone();
    }

    /**
     * @return a copy of the per-feature standard deviations s, (d)
     * @throws IllegalStateException unless this is STANDARDIZE
     */
    public double[] std() {
        if (scale == null) {
            throw new IllegalStateException("std() is fitted by fitStandardize; this is " + kind);
        }
        return std.clone();
    }

    /**
     * @return a copy of the whitening matrix W, (d × d) F64
     * @throws IllegalStateException unless this is ZCA
     */
    public Matrix whitening() {
        if (whitening == null) {
            throw new IllegalStateException("whitening() is fitted by fitZca; this is " + kind);
        }
        return Matrix.wrap(whitening.copy());
    }

    /**
     * Applies the fitted statistics to every row of {@code x}, in place: the training split, a
     * validation or test split, or a training batch after augmentation.
     *
     * @param x (m × d), either dtype. Modified.
     * @throws IllegalArgumentException if x does not have d columns
     */
    public synchronized void apply(Matrix x) {
        if (x.cols() != features) {
            throw new IllegalArgumentException("Featurewise " + kind + " was fitted on " + features
                    + " features, received a " + x.shape() + " matrix");
        }
        int m = x.rows();
        int d = features;
        if (kind != Kind.ZCA) {
            if (x.dtype() == DType.F32) {
                float[] a = x.floats();
                for (int i = 0; i < m; i++) {
                    for (int j = 0, row = i * d; j < d; j++) {
                        a[row + j] = (float) transformValue(a[row + j], j);
                    }
                }
            } else {
                double[] a = x.doubles();
                for (int i = 0; i < m; i++) {
                    for (int j = 0, row = i * d; j < d; j++) {
                        a[row + j] = transformValue(a[row + j], j);
                    }
                }
            }
            return;
        }
        // ZCA: chunks of rows, centered into a buffer, then (chunk − μ)·W back into x.
        Matrix w = x.dtype() == DType.F64 ? Matrix.wrap(whitening) : whiteningF32();
        if (chunk == null || chunk.dtype() != x.dtype()) {
            chunk = Matrix.zeros(x.dtype(), CHUNK_ROWS, d);
            chunkOut = Matrix.zeros(x.dtype(), CHUNK_ROWS, d);
        }
        for (int from = 0; from < m; from += CHUNK_ROWS) {
            int rows = Math.min(CHUNK_ROWS, m - from);
            chunk.reshape(rows, d);
            for (int i = 0; i < rows * d; i++) {
                chunk.set(i, x.get(from * d + i) - mean[i % d]);
            }
            Ops.mult(chunk, w, chunkOut);
            if (x.dtype() == DType.F32) {
                System.arraycopy(chunkOut.floats(), 0, x.floats(), from * d, rows * d);
            } else {
                System.arraycopy(chunkOut.doubles(), 0, x.doubles(), from * d, rows * d);
            }
        }
    }

    /**
     * @param x (m × d). Not modified.
     * @return a transformed copy of x
     */
    public Matrix transform(Matrix x) {
        Matrix out = x.copy();
        apply(out);
        return out;
    }

    /**
     * @param data the dataset, d features. Not modified.
     * @return a new dataset with the transformed images and the same labels, named {@code name (kind)}
     */
    public Dataset transform(Dataset data) {
        return new Dataset(data.name() + " (" + kind.name().toLowerCase(Locale.ROOT) + ")",
                transform(data.x()), data.labels(), data.numClasses());
    }

    private double transformValue(double v, int j) {
        double c = v - mean[j];
        return kind == Kind.STANDARDIZE ? c * scale[j] : c;
    }

    private Matrix whiteningF32() {
        if (whiteningF32 == null) {
            whiteningF32 = Matrix.wrap(whitening).to(DType.F32);
        }
        return whiteningF32;
    }

    private static double[] means(Matrix x) {
        int n = x.rows();
        int d = x.cols();
        double[] mu = new double[d];
        for (int i = 0; i < n; i++) {
            for (int j = 0, row = i * d; j < d; j++) {
                mu[j] += x.get(row + j);
            }
        }
        for (int j = 0; j < d; j++) {
            mu[j] /= n;
        }
        return mu;
    }

    private static void checkTrain(Matrix train, int minRows) {
        Objects.requireNonNull(train, "train");
        if (train.rows() < minRows || train.cols() < 1) {
            throw new IllegalArgumentException("Invalid training data for featurewise statistics: expected at least "
                    + minRows + " row(s) and 1 column, received " + train.shape());
        }
    }

    private static String bytes(long b) {
        if (b >= 1L << 30) {
            return String.format(Locale.ROOT, "%.1f GB", b / (double) (1L << 30));
        }
        return String.format(Locale.ROOT, "%.1f MB", b / (double) (1L << 20));
    }

    @Override
    public String toString() {
        return "Featurewise(" + kind + ", d=" + features + (kind == Kind.CENTER ? "" : ", epsilon=" + epsilon) + ")";
    }
}
