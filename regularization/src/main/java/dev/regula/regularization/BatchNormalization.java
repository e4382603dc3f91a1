package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Kernels;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.core.gemm.TwoThreads;
import dev.regula.nn.Convention;
import dev.regula.nn.Layer;
import dev.regula.nn.Mode;
import java.util.List;
import java.util.Locale;

/**
 * Batch normalization over the features (Ioffe and Szegedy, 2015): each column of X is
 * standardized, then scaled by γ and shifted by β.
 *
 * <pre>
 * TRAIN      μ_j   = (1/m) Σ_i X[i, j]                            batch mean, (1, n)
 *            σ²_j  = (1/m) Σ_i (X[i, j] − μ_j)²                   biased batch variance, (1, n)
 *            invStd_j = 1 / sqrt(σ²_j + ε)
 *            x̂     = (X − μ) · invStd                              (m, n), cached
 *            Y     = γ · x̂ + β                                     (m, n)
 *            runningMean     ← momentum·runningMean     + (1 − momentum)·μ     (if updating)
 *            runningVariance ← momentum·runningVariance + (1 − momentum)·σ²    (biased σ², as Keras)
 * backward   dβ += Σ_i dY                                          (1, n)
 *            dγ += Σ_i dY ⊙ x̂                                      (1, n)
 *            dX  = (γ·invStd / m) · (m·dY − Σ_i dY − x̂ · Σ_i (dY ⊙ x̂))    (m, n)
 * INFERENCE  Y     = γ · (X − runningMean) / sqrt(runningVariance + ε) + β
 * </pre>
 * Parameters: γ ({@code name/gamma}, 1 × n, initialized to 1) and β ({@code name/beta}, 1 × n,
 * initialized to 0). State, not trainable: the running mean (initialized to 0) and running
 * variance (initialized to 1).
 *
 * <p>Conventions (they differ between peers):
 * <ul>
 * <li>Momentum is Keras's: the weight of the <em>old</em> running value, default 0.99. PyTorch's
 * {@code momentum=0.1} is the weight of the <em>new</em> batch statistic, i.e. Keras's 0.9.</li>
 * <li>ε = 1e-3 by default (Keras); PyTorch uses 1e-5.</li>
 * <li>The running variance is fed the <em>biased</em> batch variance (divided by m), the same one
 * that normalizes the batch, as Keras does: {@code keras/src/layers/normalization/batch_normalization.py}
 * assigns {@code moving_variance * momentum + variance * (1 − momentum)} with the variance of
 * {@code ops.moments}, which is {@code E[x²] − E[x]²} (biased) in every backend. PyTorch feeds
 * {@code running_var} the unbiased variance (divided by m − 1) instead.</li>
 * <li>{@link Convention#PYTORCH} selects PyTorch's two running-statistics conventions together
 * (give it PyTorch's momentum 0.1 and ε 1e-5 explicitly): momentum is the weight of the
 * <em>new</em> value, and the running variance is fed the unbiased batch variance,
 * <pre>
 *            runningMean     ← (1 − momentum)·runningMean     + momentum·μ
 *            runningVariance ← (1 − momentum)·runningVariance + momentum·σ²·m/(m − 1)
 * </pre>
 * as {@code torch.nn.BatchNorm1d}. Normalization, backward and inference are the same in both.</li>
 * <li>Three independent switches: whether γ and β are trained ({@link #setTrainable}, i.e.
 * {@link Parameter#setTrainable}); whether a training forward updates the running statistics
 * ({@link #setUpdateRunningStatistics}); and the {@link Mode} of each forward (batch statistics in
 * TRAIN, running statistics in INFERENCE). Keras ties the first two together and, for BN only,
 * also switches to inference mode when {@code trainable = False}; Regula does not.</li>
 * </ul>
 *
 * <p>The backward is the llm.c {@code layernorm_backward} form, written term by term: with
 * x̂ and invStd cached, the gradient through μ and σ² collapses into the two column sums
 * {@code Σ dY} and {@code Σ dY⊙x̂}. Statistics and sums are accumulated in double in both dtypes;
 * per-column scratch is allocated once, at build, so a training step allocates nothing.
 *
 * <p>The math is written once per dtype, as the loops of {@link #trainForward(double[], int, int,
 * double[], double[], double, double[], double[], double[], double[], double[])},
 * {@link #gradientSums(double[], double[], int, int, double[], double[])},
 * {@link #inputGradient(double[], double[], int, int, double[], double[], double[], double[],
 * double[], double[])} and {@link #inferenceForward(double[], int, int, double[], double[],
 * double[], double[])} and their float twins (held together by {@code BatchNormalizationTest}),
 * and those loops are what runs, except that with the Vector API {@link BatchNormKernelF32} and
 * {@link BatchNormKernelF64} run them a strip of columns at a time, with the same bits
 * ({@code BatchNormKernelF32Test}, {@code BatchNormKernelF64Test}; {@code -Dregula.kernels=readable}
 * runs the loops instead, see {@link Kernels}). A batch of at least {@value #TWO_THREADS_MIN}
 * elements is cut into two halves of the columns that those kernels compute at once, on the
 * calling thread and the GEMM's helper ({@link TwoThreads}): every column is computed on its
 * own, so the bits are the same.
 *
 * <p>A training batch needs at least 2 rows: with one row, x̂ = 0 and the batch says nothing about
 * the variance.
 */
public final class BatchNormalization implements Layer {
    private final int features;
    private final double momentum;
    private final double epsilon;
    private final Convention convention;
    private String name;
    private DType dtype;
    private Parameter gamma;           // γ, (1, n)
    private Parameter beta;            // β, (1, n)
    private Matrix runningMean;        // (1, n), not trainable
    private Matrix runningVariance;    // (1, n), not trainable
    private boolean updateRunningStatistics = true;
    private boolean gammaBetaTrainable = true;
    private boolean inputGradientNeeded = true;

    private Matrix y;                  // output buffer, (m, n)
    private Matrix dX;                 // input-gradient buffer, (m, n)
    private Matrix xHat;               // x̂ of the last training forward, (m, n)
    private double[] mean;             // μ of the last training forward, (n)
    private double[] variance;         // σ² (biased) of the last training forward, (n)
    private double[] invStd;           // 1/sqrt(σ² + ε) of the last training forward, (n)
    private double[] sumDy;            // Σ_i dY, (n), backward scratch
    private double[] sumDyXHat;        // Σ_i dY ⊙ x̂, (n), backward scratch
    private double[] scale;            // γ / sqrt(runningVariance + ε), (n), inference scratch
    private double[] coef;             // γ·invStd / m, (n), backward scratch
    private final Halves halves = new Halves();
    /** Elements of a batch (m·n) from which the kernels run on two halves of the columns at once. */
    static final int TWO_THREADS_MIN = 1 << 14;
    private boolean cached;

    /**
     * Keras's defaults: momentum 0.99, ε 1e-3.
     *
     * @param features n, the number of columns normalized, &gt; 0
     */
    public BatchNormalization(int features) {
        this(features, 0.99, 1e-3);
    }

    /**
     * @param features n, the number of columns normalized, > 0
     * @param momentum the weight of the old running value, in [0, 1) (Keras's convention)
     * @param epsilon  ε added to the variance, finite and > 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public BatchNormalization(int features, double momentum, double epsilon) {
        this(features, momentum, epsilon, Convention.KERAS);
    }

    /**
     * @param features   n, the number of columns normalized, &gt; 0
     * @param momentum   with KERAS the weight of the old running value, with PYTORCH the weight of
     *                   the new batch statistic; in [0, 1) either way
     * @param epsilon    ε added to the variance, finite and &gt; 0
     * @param convention the running statistics' convention (see the class javadoc)
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public BatchNormalization(int features, double momentum, double epsilon, Convention convention) {
        this.features = Checks.positive("features", features);
        this.momentum = Checks.inRangeHalfOpen("momentum", momentum, 0.0, 1.0);
        this.epsilon = Checks.positive("epsilon", epsilon);
        this.convention = Convention.require(convention);
        this.name = description();
    }

    private String description() {
        return String.format(Locale.ROOT, "BatchNormalization(%d, momentum=%s, epsilon=%s%s)", features, momentum, epsilon,
                convention == Convention.KERAS ? "" : ", convention=" + convention.id());
    }

    /** @return the running statistics' convention (see the class javadoc) */
    public Convention convention() {
        return convention;
    }

    @Override
    public void build(String name, DType dtype, Rng rng) {
        if (name == null || dtype == null) {
            throw new IllegalArgumentException("Invalid arguments to build " + description()
                    + ": expected a name and a dtype, received: " + name + ", " + dtype);
        }
        this.name = name;
        this.dtype = dtype;
        gamma = new Parameter(name + "/gamma", Matrix.zeros(dtype, 1, features).fill(1.0));
        beta = new Parameter(name + "/beta", Matrix.zeros(dtype, 1, features));
        gamma.setTrainable(gammaBetaTrainable);
        beta.setTrainable(gammaBetaTrainable);
        runningMean = Matrix.zeros(dtype, 1, features);
        runningVariance = Matrix.zeros(dtype, 1, features).fill(1.0);
        y = Matrix.zeros(dtype, 0, features);
        dX = Matrix.zeros(dtype, 0, features);
        xHat = Matrix.zeros(dtype, 0, features);
        mean = new double[features];
        variance = new double[features];
        invStd = new double[features];
        sumDy = new double[features];
        sumDyXHat = new double[features];
        scale = new double[features];
        coef = new double[features];
        cached = false;
    }

    /** @return 4·features: γ, β, the running mean and the running variance */
    @Override
    public long weightCount() {
        return 4L * features;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return n, the number of columns normalized */
    public int features() {
        return features;
    }

    /** @return the momentum, read as {@link #convention()} says */
    public double momentum() {
        return momentum;
    }

    /** @return ε, added to the variance */
    public double epsilon() {
        return epsilon;
    }

    @Override
    public int outputSize(int inputSize) {
        checkColumns(inputSize);
        return features;
    }

    /**
     * @return γ, (1 × n), with its gradient dγ
     * @throws IllegalStateException before {@link #build}
     */
    public Parameter gamma() {
        requireBuilt();
        return gamma;
    }

    /**
     * @return β, (1 × n), with its gradient dβ
     * @throws IllegalStateException before {@link #build}
     */
    public Parameter beta() {
        requireBuilt();
        return beta;
    }

    /** The running mean and variance: not trained, but part of the model's weights (saved, restored). */
    @Override
    public List<Matrix> state() {
        requireBuilt();
        return List.of(runningMean, runningVariance);
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return List.of(gamma, beta);
    }

    /**
     * The running mean, (1 × n): the live state, not a copy (read it to save the layer; write
     * into it only to load saved state).
     *
     * @return the running mean
     */
    public Matrix runningMean() {
        requireBuilt();
        return runningMean;
    }

    /** @return the running variance, (1 × n): the live state, as {@link #runningMean()} */
    public Matrix runningVariance() {
        requireBuilt();
        return runningVariance;
    }

    /**
     * Switch 1: whether optimizers update γ and β (sets both parameters' trainable flag; before
     * {@link #build} the choice is kept and applied when the parameters are made).
     *
     * @param trainable false freezes γ and β
     */
    public void setTrainable(boolean trainable) {
        this.gammaBetaTrainable = trainable;
        if (gamma != null) {
            gamma.setTrainable(trainable);
            beta.setTrainable(trainable);
        }
    }

    /** @return true when γ and β are both trainable */
    public boolean trainable() {
        return gamma == null ? gammaBetaTrainable : gamma.trainable() && beta.trainable();
    }

    /**
     * Switch 2: whether a training forward updates the running statistics (default true). When
     * false they are frozen, while training forwards still normalize with the batch statistics.
     *
     * @param update false freezes the running mean and variance
     */
    public void setUpdateRunningStatistics(boolean update) {
        this.updateRunningStatistics = update;
    }

    /** @return whether a training forward updates the running statistics */
    public boolean updatesRunningStatistics() {
        return updateRunningStatistics;
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    /** Switch 3 is the mode: batch statistics in {@link Mode#TRAIN}, running ones in {@link Mode#INFERENCE}. */
    @Override
    public Matrix forward(Matrix x, Mode mode) {
        requireBuilt();
        if (mode == null) {
            throw new IllegalArgumentException("Invalid value for mode: expected TRAIN or INFERENCE, received: null");
        }
        if (x.dtype() != dtype) {
            throw new IllegalArgumentException(name + " was built for " + dtype + " but X is " + x.dtype());
        }
        checkColumns(x.cols());
        y.reshape(x.rows(), features);
        if (mode == Mode.TRAIN) {
            if (x.rows() < 2) {
                throw new IllegalArgumentException("Invalid batch for " + name + " in TRAIN mode: expected X with at least 2 rows"
                        + " (batch statistics need 2 examples to estimate a variance), received: " + x.rows()
                        + " row(s), X is " + x.shape());
            }
            trainForward(x);
            cached = true;
        } else {
            inferenceForward(x);
            cached = false;
        }
        return y;
    }

    private void trainForward(Matrix x) {
        int m = x.rows(), n = features;
        xHat.reshape(m, n);
        if (halves.split(m)) {                          // the kernels on two halves of the columns at once
            halves.run(Halves.TRAIN_FORWARD, x);
        } else if (dtype == DType.F32) {
            float[] xs = x.floats(), g = gamma.value().floats(), b = beta.value().floats();
            if (Kernels.fastF32()) {   // the float loops below, a strip of columns at a time: same bits
                BatchNormKernelF32.trainForward(xs, m, n, g, b, epsilon, mean, variance, invStd, xHat.floats(), y.floats());
            } else {
                trainForward(xs, m, n, g, b, epsilon, mean, variance, invStd, xHat.floats(), y.floats());
            }
        } else if (Kernels.fastF64()) {   // the double loops below, a strip of columns at a time: same bits
            BatchNormKernelF64.trainForward(x.doubles(), m, n, gamma.value().doubles(), beta.value().doubles(), epsilon,
                    mean, variance, invStd, xHat.doubles(), y.doubles());
        } else {
            trainForward(x.doubles(), m, n, gamma.value().doubles(), beta.value().doubles(), epsilon,
                    mean, variance, invStd, xHat.doubles(), y.doubles());
        }
        if (updateRunningStatistics && convention == Convention.PYTORCH) {
            for (int j = 0; j < n; j++) {
                // running ← (1 − momentum)·running + momentum·batch statistic (unbiased σ², as PyTorch)
                double unbiased = variance[j] * m / (m - 1);
                runningMean.set(j, momentum * mean[j] + (1 - momentum) * runningMean.get(j));
                runningVariance.set(j, momentum * unbiased + (1 - momentum) * runningVariance.get(j));
            }
        } else if (updateRunningStatistics) {
            for (int j = 0; j < n; j++) {
                // running ← momentum·running + (1 − momentum)·batch statistic (biased σ²)
                runningMean.set(j, momentum * runningMean.get(j) + (1 - momentum) * mean[j]);
                runningVariance.set(j, momentum * runningVariance.get(j) + (1 - momentum) * variance[j]);
            }
        }
    }

    /**
     * The training forward of an (m × n) batch X, in double: the batch statistics μ, σ² (biased)
     * and invStd into {@code mean}, {@code variance} and {@code invStd} (length n, overwritten),
     * then {@code x̂ = (X − μ)·invStd} and {@code Y = γ·x̂ + β} into {@code xHat} and {@code y}.
     */
    static void trainForward(double[] x, int m, int n, double[] gamma, double[] beta, double epsilon,
                             double[] mean, double[] variance, double[] invStd, double[] xHat, double[] y) {
        java.util.Arrays.fill(mean, 0, n, 0.0);
        java.util.Arrays.fill(variance, 0, n, 0.0);
        for (int i = 0; i < m; i++) {                              // μ = (1/m) Σ_i X
            for (int j = 0; j < n; j++) {
                mean[j] += x[i * n + j];
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= m;
        }
        for (int i = 0; i < m; i++) {                              // σ² = (1/m) Σ_i (X − μ)²
            for (int j = 0; j < n; j++) {
                double d = x[i * n + j] - mean[j];
                variance[j] += d * d;
            }
        }
        for (int j = 0; j < n; j++) {
            variance[j] /= m;
            invStd[j] = 1.0 / Math.sqrt(variance[j] + epsilon);    // invStd = 1 / sqrt(σ² + ε)
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                xHat[k] = (x[k] - mean[j]) * invStd[j];             // x̂ = (X − μ)·invStd
                y[k] = gamma[j] * xHat[k] + beta[j];                // Y = γ·x̂ + β
            }
        }
    }

    /**
     * The same training forward for float X, γ, β, x̂ and Y: the statistics in double as above
     * (each float widened exactly), x̂ computed in double and rounded once to float, and
     * {@code Y = γ·x̂ + β} in float arithmetic. {@link BatchNormKernelF32} computes exactly this.
     */
    static void trainForward(float[] x, int m, int n, float[] gamma, float[] beta, double epsilon,
                             double[] mean, double[] variance, double[] invStd, float[] xHat, float[] y) {
        java.util.Arrays.fill(mean, 0, n, 0.0);
        java.util.Arrays.fill(variance, 0, n, 0.0);
        for (int i = 0; i < m; i++) {                              // μ = (1/m) Σ_i X
            for (int j = 0; j < n; j++) {
                mean[j] += x[i * n + j];
            }
        }
        for (int j = 0; j < n; j++) {
            mean[j] /= m;
        }
        for (int i = 0; i < m; i++) {                              // σ² = (1/m) Σ_i (X − μ)²
            for (int j = 0; j < n; j++) {
                double d = x[i * n + j] - mean[j];
                variance[j] += d * d;
            }
        }
        for (int j = 0; j < n; j++) {
            variance[j] /= m;
            invStd[j] = 1.0 / Math.sqrt(variance[j] + epsilon);    // invStd = 1 / sqrt(σ² + ε)
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                xHat[k] = (float) ((x[k] - mean[j]) * invStd[j]);   // x̂ = (X − μ)·invStd
                y[k] = gamma[j] * xHat[k] + beta[j];                // Y = γ·x̂ + β
            }
        }
    }

    private void inferenceForward(Matrix x) {
        int m = x.rows(), n = features;
        // Per column: Y = (X − runningMean)·scale + β with scale = γ / sqrt(runningVariance + ε).
        // Each row depends only on itself and on these constants, never on the rest of the batch.
        for (int j = 0; j < n; j++) {
            scale[j] = gamma.value().get(j) / Math.sqrt(runningVariance.get(j) + epsilon);
        }
        if (halves.split(m)) {
            halves.run(Halves.INFERENCE, x);                 // the kernel on two halves of the columns at once
        } else if (dtype == DType.F32 && Kernels.fastF32()) {   // the float loop below, a strip of columns at a time: same bits
            BatchNormKernelF32.inferenceForward(x.floats(), m, n, runningMean.floats(), scale, beta.value().floats(), y.floats());
        } else if (dtype == DType.F32) {
            inferenceForward(x.floats(), m, n, runningMean.floats(), scale, beta.value().floats(), y.floats());
        } else if (Kernels.fastF64()) {                  // the double loop below, a strip of columns at a time: same bits
            BatchNormKernelF64.inferenceForward(x.doubles(), m, n, runningMean.doubles(), scale, beta.value().doubles(), y.doubles());
        } else {
            inferenceForward(x.doubles(), m, n, runningMean.doubles(), scale, beta.value().doubles(), y.doubles());
        }
    }

    /**
     * The inference forward of an (m × n) batch X, in double: {@code Y = (X − runningMean)·scale + β},
     * with {@code scale = γ / sqrt(runningVariance + ε)} (length n) computed by the caller.
     */
    static void inferenceForward(double[] x, int m, int n, double[] runningMean, double[] scale, double[] beta,
                                 double[] y) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                y[k] = (x[k] - runningMean[j]) * scale[j] + beta[j];
            }
        }
    }

    /** The same for float X, running mean, β and Y: {@code X − runningMean} in float, the rest in double, rounded once. */
    static void inferenceForward(float[] x, int m, int n, float[] runningMean, double[] scale, float[] beta, float[] y) {
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                y[k] = (float) ((x[k] - runningMean[j]) * scale[j] + beta[j]);
            }
        }
    }

    @Override
    public Matrix backward(Matrix dY) {
        if (!cached) {
            throw new IllegalStateException("Cannot run backward on " + name
                    + ": no training forward pass has cached x̂ and invStd (call forward(x, Mode.TRAIN) first)");
        }
        int m = xHat.rows(), n = features;
        if (dY.rows() != m || dY.cols() != n) {            // the message is built only on a mismatch
            Checks.shape(name + " dY", dY, m, n);
        }
        boolean f32 = dtype == DType.F32;
        boolean kernel = Kernels.fast(dtype);   // the loops below, a strip of columns at a time: same bits
        if (inputGradientNeeded) {
            dX.reshape(m, n);
        }
        if (halves.split(m)) {                               // the kernels on two halves of the columns at once
            halves.run(inputGradientNeeded ? Halves.BACKWARD : Halves.GRADIENT_SUMS, dY);
        } else if (kernel && inputGradientNeeded && f32) {   // the sums and dX in one sweep over the strips
            BatchNormKernelF32.backward(dY.floats(), xHat.floats(), m, n, gamma.value().floats(), invStd,
                    sumDy, sumDyXHat, coef, dX.floats());
        } else if (kernel && inputGradientNeeded) {
            BatchNormKernelF64.backward(dY.doubles(), xHat.doubles(), m, n, gamma.value().doubles(), invStd,
                    sumDy, sumDyXHat, coef, dX.doubles());
        } else if (kernel && f32) {
            BatchNormKernelF32.gradientSums(dY.floats(), xHat.floats(), m, n, sumDy, sumDyXHat);
        } else if (kernel) {
            BatchNormKernelF64.gradientSums(dY.doubles(), xHat.doubles(), m, n, sumDy, sumDyXHat);
        } else if (f32) {
            gradientSums(dY.floats(), xHat.floats(), m, n, sumDy, sumDyXHat);
            if (inputGradientNeeded) {
                inputGradient(dY.floats(), xHat.floats(), m, n, gamma.value().floats(), invStd, sumDy, sumDyXHat, coef,
                        dX.floats());
            }
        } else {
            gradientSums(dY.doubles(), xHat.doubles(), m, n, sumDy, sumDyXHat);
            if (inputGradientNeeded) {
                inputGradient(dY.doubles(), xHat.doubles(), m, n, gamma.value().doubles(), invStd, sumDy, sumDyXHat, coef,
                        dX.doubles());
            }
        }
        for (int j = 0; j < n; j++) {
            beta.grad().set(j, beta.grad().get(j) + sumDy[j]);          // dβ += Σ dY
            gamma.grad().set(j, gamma.grad().get(j) + sumDyXHat[j]);    // dγ += Σ dY ⊙ x̂
        }
        return inputGradientNeeded ? dX : null;
    }

    /** {@code sumDy = Σ_i dY} and {@code sumDyXHat = Σ_i dY ⊙ x̂} (length n, overwritten), rows in order. */
    static void gradientSums(double[] dy, double[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        java.util.Arrays.fill(sumDy, 0, n, 0.0);
        java.util.Arrays.fill(sumDyXHat, 0, n, 0.0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                sumDy[j] += dy[k];                                 // Σ_i dY
                sumDyXHat[j] += dy[k] * xHat[k];                   // Σ_i dY ⊙ x̂
            }
        }
    }

    /** The same sums for float dY and x̂, each product taken in double. */
    static void gradientSums(float[] dy, float[] xHat, int m, int n, double[] sumDy, double[] sumDyXHat) {
        java.util.Arrays.fill(sumDy, 0, n, 0.0);
        java.util.Arrays.fill(sumDyXHat, 0, n, 0.0);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                sumDy[j] += dy[k];                                 // Σ_i dY
                sumDyXHat[j] += (double) dy[k] * xHat[k];          // Σ_i dY ⊙ x̂
            }
        }
    }

    /**
     * {@code dX = (γ·invStd/m)·(m·dY − Σ dY − x̂·Σ dY⊙x̂)}, from the sums of {@link #gradientSums};
     * {@code coef} (length n) is scratch for γ·invStd/m.
     */
    static void inputGradient(double[] dy, double[] xHat, int m, int n, double[] gamma, double[] invStd,
                              double[] sumDy, double[] sumDyXHat, double[] coef, double[] dx) {
        for (int j = 0; j < n; j++) {
            coef[j] = gamma[j] * invStd[j] / m;                    // γ·invStd/m
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                double dval = m * dy[k];                           // term 1: m·dY
                dval -= sumDy[j];                                  // term 2: − Σ dY        (through μ)
                dval -= xHat[k] * sumDyXHat[j];                    // term 3: − x̂·Σ dY⊙x̂    (through σ²)
                dx[k] = coef[j] * dval;
            }
        }
    }

    /** The same input gradient for float dY, x̂, γ and dX: computed in double, rounded once to float. */
    static void inputGradient(float[] dy, float[] xHat, int m, int n, float[] gamma, double[] invStd,
                              double[] sumDy, double[] sumDyXHat, double[] coef, float[] dx) {
        for (int j = 0; j < n; j++) {
            coef[j] = gamma[j] * invStd[j] / m;                    // γ·invStd/m
        }
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                int k = i * n + j;
                double dval = m * (double) dy[k];                  // term 1: m·dY
                dval -= sumDy[j];                                  // term 2: − Σ dY        (through μ)
                dval -= xHat[k] * sumDyXHat[j];                    // term 3: − x̂·Σ dY⊙x̂    (through σ²)
                dx[k] = (float) (coef[j] * dval);
            }
        }
    }

    private void checkColumns(int cols) {
        if (cols != features) {
            String shape = "BatchNormalization(" + features + ")";
            String prefix = name.equals(description()) ? "" : name + ": ";
            throw new IllegalArgumentException(prefix + shape + " expects " + features + " columns, got " + cols);
        }
    }

    private void requireBuilt() {
        if (dtype == null) {
            throw new IllegalStateException(name + " is not built: call build(name, dtype, rng) or add it to a Sequential");
        }
    }

    @Override
    public String toString() {
        return description();
    }

    @Override
    public java.util.Map<String, Object> config() {
        java.util.Map<String, Object> c = dev.regula.nn.Config.of("BatchNormalization", "features", features,
                "momentum", momentum, "epsilon", epsilon, "trainable", trainable(),
                "updateRunningStatistics", updateRunningStatistics);
        if (convention != Convention.KERAS) {      // absent for the default, so older files read the same
            c.put("convention", convention.id());
        }
        return c;
    }

    /**
     * The fast path's kernels on two halves of the columns at once ({@link TwoThreads}): columns
     * [0, cut) on the calling thread and [cut, n) on the helper. Each column's statistics, sums
     * and outputs depend on that column only, so the halves give the kernels' bits. The pass and
     * its input are kept in fields (the rest are the layer's), so that a run allocates nothing.
     */
    private final class Halves implements TwoThreads.Parts {
        static final int TRAIN_FORWARD = 0, INFERENCE = 1, BACKWARD = 2, GRADIENT_SUMS = 3;
        private int pass;
        private Matrix in;   // X, or dY for the backward passes

        /** Whether a batch of m rows is cut: the fast path, two threads, enough elements, each half a strip wide. */
        boolean split(int m) {
            if (!Kernels.fast(dtype) || !TwoThreads.available() || (long) m * features < TWO_THREADS_MIN) {
                return false;
            }
            int cut = TwoThreads.cut(features);
            int strip = dtype == DType.F32 ? BatchNormKernelF32.W : BatchNormKernelF64.W;
            return Math.min(cut, features - cut) >= strip;
        }

        void run(int pass, Matrix in) {
            this.pass = pass;
            this.in = in;
            try {
                TwoThreads.run(this);
            } finally {
                this.in = null;
            }
        }

        @Override
        public void part(int which) {
            int n = features, m = in.rows();
            int c0 = TwoThreads.from(which, n), c1 = TwoThreads.to(which, n);
            if (dtype == DType.F32) {
                float[] g = gamma.value().floats();
                switch (pass) {
                    case TRAIN_FORWARD -> BatchNormKernelF32.trainForwardColumns(in.floats(), m, n, g, beta.value().floats(),
                            epsilon, mean, variance, invStd, xHat.floats(), y.floats(), c0, c1);
                    case INFERENCE -> BatchNormKernelF32.inferenceForwardColumns(in.floats(), m, n, runningMean.floats(),
                            scale, beta.value().floats(), y.floats(), c0, c1);
                    case BACKWARD -> BatchNormKernelF32.backwardColumns(in.floats(), xHat.floats(), m, n, g, invStd,
                            sumDy, sumDyXHat, coef, dX.floats(), c0, c1);
                    default -> BatchNormKernelF32.gradientSumsColumns(in.floats(), xHat.floats(), m, n, sumDy, sumDyXHat,
                            c0, c1);
                }
            } else {
                double[] g = gamma.value().doubles();
                switch (pass) {
                    case TRAIN_FORWARD -> BatchNormKernelF64.trainForwardColumns(in.doubles(), m, n, g, beta.value().doubles(),
                            epsilon, mean, variance, invStd, xHat.doubles(), y.doubles(), c0, c1);
                    case INFERENCE -> BatchNormKernelF64.inferenceForwardColumns(in.doubles(), m, n, runningMean.doubles(),
                            scale, beta.value().doubles(), y.doubles(), c0, c1);
                    case BACKWARD -> BatchNormKernelF64.backwardColumns(in.doubles(), xHat.doubles(), m, n, g, invStd,
                            sumDy, sumDyXHat, coef, dX.doubles(), c0, c1);
                    default -> BatchNormKernelF64.gradientSumsColumns(in.doubles(), xHat.doubles(), m, n, sumDy, sumDyXHat,
                            c0, c1);
                }
            }
        }
    }
}
