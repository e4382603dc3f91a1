package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.nn.Constraint;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.Sequential;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The max-norm constraint (Srivastava et al., 2014): after each optimizer step, each unit's
 * incoming weight vector — a <em>column</em> w_j of the kernel W (nIn × nOut) — is projected onto
 * the ball of radius c:
 * <pre>
 * ‖w_j‖ = sqrt(Σ_i W[i, j]²)
 * w_j  ← w_j · c / ‖w_j‖      if ‖w_j‖ > c
 * w_j  unchanged               otherwise
 * </pre>
 * This is Keras's {@code MaxNorm(max_value=c, axis=0)} on a Dense kernel (axis 0 sums over the
 * inputs, giving one norm per unit). Keras computes {@code w · clip(‖w‖, 0, c) / (1e-7 + ‖w‖)},
 * which also shrinks columns inside the ball by a factor {@code ‖w‖/(‖w‖ + 1e-7)}; Regula leaves
 * them untouched, so the projection is exact and idempotent (up to the rounding of a norm that
 * is already c).
 *
 * <p>It is a projection applied after the step, not a term of the loss: it adds nothing to the
 * gradient. {@link Sequential#trainStep} calls {@link #apply()} after {@code optimizer.step}.
 * Norms are accumulated in double in both dtypes.
 */
public final class MaxNorm implements Constraint {
    private final Parameter kernel;
    private final double maxNorm;
    private final double[] norms;   // ‖w_j‖ of each column, (nOut), reused

    /**
     * @param kernel  W, (nIn × nOut); its columns are constrained
     * @param maxNorm c, finite and > 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public MaxNorm(Parameter kernel, double maxNorm) {
        if (kernel == null) {
            throw new IllegalArgumentException("Invalid value for kernel: expected a Parameter, received: null");
        }
        this.kernel = kernel;
        this.maxNorm = Checks.positive("maxNorm", maxNorm);
        this.norms = new double[kernel.value().cols()];
    }

    /**
     * Adds {@code MaxNorm(kernel, c)} to {@code model} for every Dense kernel (the output layer's too when asked).
     *
     * @param model the model. Modified (its constraints).
     * @param maxNorm c, finite and &gt; 0
     * @param includeOutputLayer whether the last Dense layer's kernel is constrained too
     * @return the constraints added, in layer order
     */
    public static List<MaxNorm> onKernels(Sequential model, double maxNorm, boolean includeOutputLayer) {
        if (model == null) {
            throw new IllegalArgumentException("Invalid value for model: expected a Sequential, received: null");
        }
        Checks.positive("maxNorm", maxNorm);
        List<Dense> dense = new ArrayList<>();
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense) {
                dense.add((Dense) layer);
            }
        }
        int count = includeOutputLayer ? dense.size() : dense.size() - 1;
        List<MaxNorm> added = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            MaxNorm c = new MaxNorm(dense.get(i).kernel(), maxNorm);
            model.addConstraint(c);
            added.add(c);
        }
        return List.copyOf(added);
    }

    /** @return W, the constrained kernel */
    public Parameter kernel() {
        return kernel;
    }

    /** @return c, the largest norm a column may have */
    public double maxNorm() {
        return maxNorm;
    }

    /** Projects every column of the kernel with norm > c onto norm c, in place. */
    @Override
    public void apply() {
        Matrix w = kernel.value();
        int rows = w.rows(), cols = w.cols();
        java.util.Arrays.fill(norms, 0, cols, 0.0);
        if (w.dtype() == DType.F32) {
            float[] a = w.floats();
            for (int i = 0; i < rows; i++) {                // Σ_i W[i, j]², row by row
                for (int j = 0; j < cols; j++) {
                    double v = a[i * cols + j];
                    norms[j] += v * v;
                }
            }
            for (int j = 0; j < cols; j++) {
                norms[j] = Math.sqrt(norms[j]);
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (norms[j] > maxNorm) {
                        a[i * cols + j] = (float) (a[i * cols + j] * (maxNorm / norms[j]));
                    }
                }
            }
        } else {
            double[] a = w.doubles();
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    double v = a[i * cols + j];
                    norms[j] += v * v;
                }
            }
            for (int j = 0; j < cols; j++) {
                norms[j] = Math.sqrt(norms[j]);
            }
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < cols; j++) {
                    if (norms[j] > maxNorm) {
                        a[i * cols + j] *= maxNorm / norms[j];   // w_j ← w_j · c/‖w_j‖
                    }
                }
            }
        }
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "MaxNorm(c=%g) on %s", maxNorm, kernel.name());
    }

    @Override
    public java.util.Map<String, Object> config() {
        return dev.regula.nn.Config.of("MaxNorm", "maxNorm", maxNorm, "parameter", kernel.name());
    }
}
