package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import java.util.List;

/**
 * A fully connected layer.
 *
 * <pre>
 * forward:   Z = X·W + b            X: (m, nIn)  W: (nIn, nOut)  b: (1, nOut)  Z: (m, nOut)
 * backward:  dW += Xᵀ·dZ            (nIn, nOut)
 *            db += Σ_rows dZ        (1, nOut)
 *            dX  = dZ·Wᵀ            (m, nIn)
 * </pre>
 * Kernels are glorot-uniform and biases zero by default, as in Keras; see {@link Initializer}
 * for the others. The activation is a separate layer ({@link ReLU}, ...).
 */
public final class Dense implements Layer {
    private final int nIn;
    private final int nOut;
    private final Initializer kernelInitializer;
    private String name;
    private Parameter kernel;
    private Parameter bias;
    private boolean inputGradientNeeded = true;

    private Matrix x;      // the input of the last training forward, (m, nIn); not owned
    private Matrix z;      // output buffer, (m, nOut)
    private Matrix dX;     // input-gradient buffer, (m, nIn)

    /**
     * A Dense(nIn→nOut) layer with glorot-uniform kernel and zero bias.
     *
     * @param nIn the number of input columns, &gt; 0
     * @param nOut the number of output columns (units), &gt; 0
     */
    public Dense(int nIn, int nOut) {
        this(nIn, nOut, Initializer.GLOROT_UNIFORM);
    }

    /**
     * A Dense(nIn→nOut) layer with the given kernel initializer and zero bias.
     *
     * @param nIn the number of input columns, &gt; 0
     * @param nOut the number of output columns (units), &gt; 0
     * @param kernelInitializer how W is drawn at {@link #build}, not null
     */
    public Dense(int nIn, int nOut, Initializer kernelInitializer) {
        this.nIn = Checks.positive("nIn", nIn);
        this.nOut = Checks.positive("nOut", nOut);
        if (kernelInitializer == null) {
            throw new IllegalArgumentException("Invalid value for kernelInitializer: expected an Initializer, received: null");
        }
        this.kernelInitializer = kernelInitializer;
        this.name = "Dense(" + nIn + "→" + nOut + ")";
    }

    @Override
    public void build(String name, DType dtype, Rng rng) {
        this.name = name;
        Matrix w = Matrix.zeros(dtype, nIn, nOut);
        kernelInitializer.fill(w, nIn, nOut, rng);
        kernel = new Parameter(name + "/kernel", w);
        bias = new Parameter(name + "/bias", Matrix.zeros(dtype, 1, nOut));
        z = Matrix.zeros(dtype, 0, nOut);
        dX = Matrix.zeros(dtype, 0, nIn);
        x = null;
    }

    @Override
    public String name() {
        return name;
    }

    /** @return nIn·nOut + nOut, the kernel and the bias */
    @Override
    public long weightCount() {
        return (long) nIn * nOut + nOut;
    }

    /** @return nIn, the number of input columns */
    public int inputSize() {
        return nIn;
    }

    /** @return nOut, the number of output columns */
    public int outputSize() {
        return nOut;
    }

    @Override
    public int outputSize(int inputSize) {
        checkInputSize(inputSize);
        return nOut;
    }

    /**
     * @return W, (nIn × nOut), with its gradient dW
     * @throws IllegalStateException before {@link #build}
     */
    public Parameter kernel() {
        requireBuilt();
        return kernel;
    }

    /**
     * @return b, (1 × nOut), with its gradient db
     * @throws IllegalStateException before {@link #build}
     */
    public Parameter bias() {
        requireBuilt();
        return bias;
    }

    @Override
    public List<Parameter> parameters() {
        requireBuilt();
        return List.of(kernel, bias);
    }

    @Override
    public java.util.Map<String, Object> config() {
        return Config.of("Dense", "nIn", nIn, "nOut", nOut, "kernelInitializer", kernelInitializer.name());
    }

    @Override
    public void setInputGradientNeeded(boolean needed) {
        this.inputGradientNeeded = needed;
    }

    @Override
    public Matrix forward(Matrix x, Mode mode) {
        requireBuilt();
        checkInputSize(x.cols());
        Ops.mult(x, kernel.value(), z);           // Z = X·W       (m, nOut)
        Ops.addRowVector(z, bias.value());        // Z += b
        this.x = mode == Mode.TRAIN ? x : null;
        return z;
    }

    @Override
    public Matrix backward(Matrix dZ) {
        if (x == null) {
            throw new IllegalStateException("Cannot run backward on " + name
                    + ": no training forward pass has cached its input");
        }
        if (dZ.rows() != x.rows() || dZ.cols() != nOut) {   // the message is built only on a mismatch
            Checks.shape(name + " dZ", dZ, x.rows(), nOut);
        }
        Ops.multAddTransA(x, dZ, kernel.grad());  // dW += Xᵀ·dZ  (nIn, nOut)
        Ops.sumRowsAdd(dZ, bias.grad());          // db += Σ_rows dZ
        if (!inputGradientNeeded) {
            return null;
        }
        Ops.multTransB(dZ, kernel.value(), dX);   // dX = dZ·Wᵀ   (m, nIn)
        return dX;
    }

    private void checkInputSize(int cols) {
        if (cols != nIn) {
            String shape = "Dense(" + nIn + "→" + nOut + ")";
            String prefix = name.equals(shape) ? "" : name + ": ";
            throw new IllegalArgumentException(prefix + shape + " expects " + nIn + " columns, got " + cols);
        }
    }

    private void requireBuilt() {
        if (kernel == null) {
            throw new IllegalStateException(name + " is not built: call build(name, dtype, rng) or add it to a Sequential");
        }
    }

    /** {@code Dense(nIn→nOut)}, e.g. {@code Dense(784→500)}; the name from {@link #build} is {@link #name()}. */
    @Override
    public String toString() {
        return "Dense(" + nIn + "→" + nOut + ")";
    }
}
