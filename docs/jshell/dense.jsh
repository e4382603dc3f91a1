// dense.jsh: the worked example of docs/dense.md (regula explain dense), one step at a time.
// Run it with `./regula shell dense`, change a variable, re-evaluate: e.g. b.set(1, 0.5); forward(); backward()
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import static dev.regula.docs.shell.Show.*;

// Rows are examples: X is (m × nIn) = (4 × 3), W is (nIn × nOut) = (3 × 2), b is (1 × nOut).
Matrix X = Matrix.fromRows(DType.F64, new double[][] {
        {0.5, -1.2, 0.3}, {1.0, 0.4, -0.7}, {-0.3, 0.8, 1.5}, {0.9, -0.5, -1.1}});
Matrix T = Matrix.fromRows(DType.F64, new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});   // the target
Dense dense = new Dense(3, 2);
dense.build("dense", DType.F64, new Rng(6));      // W glorot-uniform from seed 6
Matrix W = dense.kernel().value();
Matrix b = dense.bias().value();
b.set(0, 0.1); b.set(1, -0.2);
MeanSquaredError mse = new MeanSquaredError();    // J = (1/(m·n))·Σ (Z − T)²
Matrix Z, dZ, dX;

double forward() {
    Z = show("Z = X·W + b      (b is added to every row: one bias per output unit, shared by the examples)",
            dense.forward(X, Mode.TRAIN).copy());
    return show("J = (1/(m·n))·Σ (Z − T)²", mse.forward(Z, T));
}

void backward() {
    dense.kernel().zeroGrad();
    dense.bias().zeroGrad();
    dZ = show("dZ = ∂J/∂Z = 2·(Z − T)/(m·n)", mse.backward().copy(), GRAD_DIGITS);
    dX = dense.backward(dZ).copy();
    show("dW = Xᵀ·dZ        (nIn × nOut, the shape of W)", dense.kernel().grad(), GRAD_DIGITS);
    show("db = Σ_rows dZ    (b was added to every row, so its gradient sums the rows)", dense.bias().grad(), GRAD_DIGITS);
    show("dX = dZ·Wᵀ        (m × nIn, passed on to the layer below)", dX, GRAD_DIGITS);
}

show("X", X);
show("W = dense/kernel", W);
show("b = dense/bias", b);
forward();
backward();
