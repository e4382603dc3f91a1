package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
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
 * per-column scratch is allocated once, at build, so a training step allocates nothing. In F32
 * the passes run a vector of columns at a time through the Vector API when it is present
 * ({@link BatchNormVectorF32}), with the same bits as the scalar loops written here.
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
    private boolean cached;
    /**
     * Whether the F32 training passes run through {@link BatchNormVectorF32} (same bits as the
     * scalar loops below, which stay as its oracle; a test switches this off to compare).
     */
    boolean vectorPaths = Ops.hasVectorPaths();

    /** Keras's defaults: momentum 0.99, ε 1e-3. */
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
     * @param momentum   with KERAS the weight of the old running value, with PYTORCH the weight of
     *                   the new batch statistic; in [0, 1) either way
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

    @Override
    public String name() {
        return name;
    }

    public int features() {
        return features;
    }

    public double momentum() {
        return momentum;
    }

    public double epsilon() {
        return epsilon;
    }

    @Override
    public int outputSize(int inputSize) {
        checkColumns(inputSize);
        return features;
    }

    /** γ, (1 × n). */
    public Parameter gamma() {
        requireBuilt();
        return gamma;
    }

    /** β, (1 × n). */
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
     */
    public Matrix runningMean() {
        requireBuilt();
        return runningMean;
    }

    /** The running variance, (1 × n): the live state, as {@link #runningMean()}. */
    public Matrix runningVariance() {
        requireBuilt();
        return runningVariance;
    }

    /**
     * Switch 1: whether optimizers update γ and β (sets both parameters' trainable flag; before
     * {@link #build} the choice is kept and applied when the parameters are made).
     */
    public void setTrainable(boolean trainable) {
        this.gammaBetaTrainable = trainable;
        if (gamma != null) {
            gamma.setTrainable(trainable);
            beta.setTrainable(trainable);
        }
    }

    /** True when γ and β are trainable. */
    public boolean trainable() {
        return gamma == null ? gammaBetaTrainable : gamma.trainable() && beta.trainable();
    }

    /**
     * Switch 2: whether a training forward updates the running statistics (default true). When
     * false they are frozen, while training forwards still normalize with the batch statistics.
     */
    public void setUpdateRunningStatistics(boolean update) {
        this.updateRunningStatistics = update;
    }

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
        java.util.Arrays.fill(mean, 0.0);
        java.util.Arrays.fill(variance, 0.0);
        if (dtype == DType.F32 && vectorPaths) {                   // the loops below, a vector of columns at a time
            float[] xs = x.floats();
            BatchNormVectorF32.addColumnSums(xs, m, n, mean);
            for (int j = 0; j < n; j++) {
                mean[j] /= m;
            }
            BatchNormVectorF32.addColumnSquaredDeviations(xs, m, n, mean, variance);
            for (int j = 0; j < n; j++) {
                variance[j] /= m;
                invStd[j] = 1.0 / Math.sqrt(variance[j] + epsilon);
            }
            BatchNormVectorF32.normalize(xs, m, n, mean, invStd, gamma.value().floats(), beta.value().floats(),
                    xHat.floats(), y.floats());
        } else if (dtype == DType.F32) {
            float[] xs = x.floats(), xh = xHat.floats(), ys = y.floats();
            float[] g = gamma.value().floats(), b = beta.value().floats();
            for (int i = 0; i < m; i++) {                          // μ = (1/m) Σ_i X
                for (int j = 0; j < n; j++) {
                    mean[j] += xs[i * n + j];
                }
            }
            for (int j = 0; j < n; j++) {
                mean[j] /= m;
            }
            for (int i = 0; i < m; i++) {                          // σ² = (1/m) Σ_i (X − μ)²
                for (int j = 0; j < n; j++) {
                    double d = xs[i * n + j] - mean[j];
                    variance[j] += d * d;
                }
            }
            for (int j = 0; j < n; j++) {
                variance[j] /= m;
                invStd[j] = 1.0 / Math.sqrt(variance[j] + epsilon);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    xh[k] = (float) ((xs[k] - mean[j]) * invStd[j]);   // x̂ = (X − μ)·invStd
                    ys[k] = g[j] * xh[k] + b[j];                       // Y = γ·x̂ + β
                }
            }
        } else {
            double[] xs = x.doubles(), xh = xHat.doubles(), ys = y.doubles();
            double[] g = gamma.value().doubles(), b = beta.value().doubles();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    mean[j] += xs[i * n + j];
                }
            }
            for (int j = 0; j < n; j++) {
                mean[j] /= m;
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    double d = xs[i * n + j] - mean[j];
                    variance[j] += d * d;
                }
            }
            for (int j = 0; j < n; j++) {
                variance[j] /= m;
                invStd[j] = 1.0 / Math.sqrt(variance[j] + epsilon);
            }
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    xh[k] = (xs[k] - mean[j]) * invStd[j];
                    ys[k] = g[j] * xh[k] + b[j];
                }
            }
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

    private void inferenceForward(Matrix x) {
        int m = x.rows(), n = features;
        // Per column: Y = (X − runningMean)·scale + β with scale = γ / sqrt(runningVariance + ε).
        // Each row depends only on itself and on these constants, never on the rest of the batch.
        for (int j = 0; j < n; j++) {
            scale[j] = gamma.value().get(j) / Math.sqrt(runningVariance.get(j) + epsilon);
        }
        if (dtype == DType.F32) {
            float[] xs = x.floats(), ys = y.floats(), mu = runningMean.floats(), b = beta.value().floats();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    ys[k] = (float) ((xs[k] - mu[j]) * scale[j] + b[j]);
                }
            }
        } else {
            double[] xs = x.doubles(), ys = y.doubles(), mu = runningMean.doubles(), b = beta.value().doubles();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    ys[k] = (xs[k] - mu[j]) * scale[j] + b[j];
                }
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
        java.util.Arrays.fill(sumDy, 0.0);
        java.util.Arrays.fill(sumDyXHat, 0.0);
        if (dtype == DType.F32 && vectorPaths) {
            BatchNormVectorF32.addGradientSums(dY.floats(), xHat.floats(), m, n, sumDy, sumDyXHat);
        } else if (dtype == DType.F32) {
            float[] g = dY.floats(), xh = xHat.floats();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    sumDy[j] += g[k];                              // Σ_i dY
                    sumDyXHat[j] += (double) g[k] * xh[k];         // Σ_i dY ⊙ x̂
                }
            }
        } else {
            double[] g = dY.doubles(), xh = xHat.doubles();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    sumDy[j] += g[k];
                    sumDyXHat[j] += g[k] * xh[k];
                }
            }
        }
        for (int j = 0; j < n; j++) {
            beta.grad().set(j, beta.grad().get(j) + sumDy[j]);          // dβ += Σ dY
            gamma.grad().set(j, gamma.grad().get(j) + sumDyXHat[j]);    // dγ += Σ dY ⊙ x̂
        }
        if (!inputGradientNeeded) {
            return null;
        }
        dX.reshape(m, n);
        if (dtype == DType.F32 && vectorPaths) {
            float[] gam = gamma.value().floats();
            for (int j = 0; j < n; j++) {
                coef[j] = gam[j] * invStd[j] / m;                  // γ·invStd/m, as in the loop below
            }
            BatchNormVectorF32.inputGradient(dY.floats(), xHat.floats(), m, n, sumDy, sumDyXHat, coef, dX.floats());
        } else if (dtype == DType.F32) {
            float[] g = dY.floats(), xh = xHat.floats(), dx = dX.floats(), gam = gamma.value().floats();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    double dval = m * (double) g[k];               // term 1: m·dY
                    dval -= sumDy[j];                              // term 2: − Σ dY        (through μ)
                    dval -= xh[k] * sumDyXHat[j];                  // term 3: − x̂·Σ dY⊙x̂    (through σ²)
                    dx[k] = (float) (gam[j] * invStd[j] / m * dval);
                }
            }
        } else {
            double[] g = dY.doubles(), xh = xHat.doubles(), dx = dX.doubles(), gam = gamma.value().doubles();
            for (int i = 0; i < m; i++) {
                for (int j = 0; j < n; j++) {
                    int k = i * n + j;
                    double dval = m * g[k];                        // term 1
                    dval -= sumDy[j];                              // term 2
                    dval -= xh[k] * sumDyXHat[j];                  // term 3
                    dx[k] = gam[j] * invStd[j] / m * dval;         // dX = (γ·invStd/m)·(...)
                }
            }
        }
        return dX;
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
}
