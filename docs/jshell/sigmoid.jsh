// sigmoid.jsh: the worked example of docs/sigmoid.md (regula explain sigmoid), one step at a time.
// Run it with `./regula shell sigmoid`, change a variable, re-evaluate: e.g. b.set(0, 2.0); forward(); backward()
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import static dev.regula.docs.shell.Show.*;

// A binary classifier: X (4×3) → Dense(3→1) → Sigmoid → binary cross-entropy.
Matrix X = Matrix.fromRows(DType.F64, new double[][] {
        {0.5, -1.2, 0.3}, {1.0, 0.4, -0.7}, {-0.3, 0.8, 1.5}, {0.9, -0.5, -1.1}});
Matrix y = Matrix.of(DType.F64, 4, 1, 0, 1, 1, 0);
Dense dense = new Dense(3, 1);
dense.build("dense", DType.F64, new Rng(6));
Matrix W = dense.kernel().value();
Matrix b = dense.bias().value();
b.set(0, 0.1);
Sigmoid sigmoid = new Sigmoid();
sigmoid.build("sigmoid", DType.F64, null);
BinaryCrossEntropy bce = new BinaryCrossEntropy();
Matrix Z, A, dA, dZ;

double forward() {
    Z = show("Z = X·W + b", dense.forward(X, Mode.TRAIN).copy());
    A = show("A = σ(Z) = 1 / (1 + e^(−Z))      (a probability of class 1)", sigmoid.forward(Z, Mode.TRAIN).copy());
    return show("J = −(1/m)·Σ [y·log a + (1 − y)·log(1 − a)]", bce.forward(A, y));
}

void backward() {
    dense.kernel().zeroGrad();
    dense.bias().zeroGrad();
    dA = show("dA = ∂J/∂A = (A − y) / (A·(1 − A)) / m", bce.backward().copy(), GRAD_DIGITS);
    dZ = show("dZ = dA ⊙ A ⊙ (1 − A)", sigmoid.backward(dA).copy(), GRAD_DIGITS);
    dense.backward(dZ);
    show("dW = Xᵀ·dZ", dense.kernel().grad(), GRAD_DIGITS);
    show("db = Σ_rows dZ", dense.bias().grad(), GRAD_DIGITS);
}

show("W", W);
forward();
backward();
