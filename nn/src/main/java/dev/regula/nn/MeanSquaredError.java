package dev.regula.nn;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;

/**
 * Mean squared error over all m × n elements (Keras's {@code MeanSquaredError}, PyTorch's
 * {@code MSELoss()}):
 * <pre>
 * forward:   J  = (1/(m·n)) Σ (O − Y)²
 * backward:  dO = 2·(O − Y) / (m·n)
 * </pre>
 */
public final class MeanSquaredError implements Loss {
    private Matrix diff;   // O − Y, (m, n)
    private Matrix dO;

    @Override
    public double forward(Matrix output, Matrix target) {
        Checks.sameShape("output", output, "target", target);
        if (diff == null || diff.dtype() != output.dtype()) {
            diff = Matrix.zeros(output.dtype(), output.rows(), output.cols());
            dO = Matrix.zeros(output.dtype(), output.rows(), output.cols());
        }
        Ops.linear(1, output, -1, target, diff);
        return Ops.sumSquares(diff) / output.size();
    }

    @Override
    public Matrix backward() {
        if (diff == null) {
            throw new IllegalStateException("Cannot run backward on mse: call forward first");
        }
        Ops.linear(2.0 / diff.size(), diff, 0, diff, dO);
        return dO;
    }

    @Override
    public String name() {
        return "mse";
    }
}
