// relu.jsh: the worked example of docs/relu.md (regula explain relu), one step at a time.
// Run it with `./regula shell relu`, change a variable, re-evaluate: e.g. b1.set(0, 1.0); forward(); backward(); show("dZ1", dZ1, 6)
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import static dev.regula.docs.shell.Show.*;

// The tiny network of the chapters: X (4×3) → Dense(3→3) → ReLU → Dense(3→2) → softmax cross-entropy.
Matrix X = Matrix.fromRows(DType.F64, new double[][] {
        {0.5, -1.2, 0.3}, {1.0, 0.4, -0.7}, {-0.3, 0.8, 1.5}, {0.9, -0.5, -1.1}});
Matrix Y = Matrix.fromRows(DType.F64, new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});   // classes 0, 1, 1, 0
int m = X.rows();
// W1 (dense_0/kernel) and W2 (dense_2/kernel): glorot-uniform, drawn by Sequential(F64, seed 6, ...);
// the biases start at 0 and are set so that "+ b" shows in the numbers.
Dense dense1 = new Dense(3, 3);
ReLU relu = new ReLU();
Dense dense2 = new Dense(3, 2);
Sequential model = new Sequential(DType.F64, 6, dense1, relu, dense2);
dense1.bias().value().set(0, 0.1); dense1.bias().value().set(1, -0.1); dense1.bias().value().set(2, 0.05);
dense2.bias().value().set(0, 0.02); dense2.bias().value().set(1, -0.02);
Matrix W1 = dense1.kernel().value();
Matrix b1 = dense1.bias().value();
Matrix W2 = dense2.kernel().value();
Matrix b2 = dense2.bias().value();
SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
Matrix Z1, A1, Z2, P, dZ2, dA1, dZ1;
double J0;

/** The forward pass (TRAIN mode), keeping every intermediate; returns the data loss J₀. */
double forward() {
    Z1 = dense1.forward(X, Mode.TRAIN).copy();
    A1 = relu.forward(Z1, Mode.TRAIN).copy();
    Z2 = dense2.forward(A1, Mode.TRAIN).copy();
    J0 = loss.forward(Z2, Y);
    P = loss.probabilities().copy();
    return J0;
}

/** The backward pass of the last forward(): gradients zeroed first, then accumulated layer by layer. */
void backward() {
    model.zeroGrad();
    dZ2 = loss.backward().copy();
    dA1 = dense2.backward(dZ2).copy();
    dZ1 = relu.backward(dA1).copy();
    dense1.backward(dZ1);
}

show("X", X);
show("W1", W1);
show("b1", b1);
forward();
show("Z1 = X·W1 + b1", Z1);
show("A1 = relu(Z1) = max(Z1, 0)      (negative pre-activations become 0)", A1);
// [Z1 > 0]: 1 where the unit is on
Matrix on = Z1.copy();
for (int i = 0; i < on.size(); i++) on.set(i, Z1.get(i) > 0 ? 1 : 0);
show("[Z1 > 0]      (1 where the unit is on)", on, 0);
show("J", J0);
backward();
show("dA1 = dZ2·W2ᵀ      (from the layer above)", dA1, GRAD_DIGITS);
show("dZ1 = dA1 ⊙ [Z1 > 0]", dZ1, GRAD_DIGITS);
show("dW1 = Xᵀ·dZ1", dense1.kernel().grad(), GRAD_DIGITS);
show("db1 = Σ_rows dZ1", dense1.bias().grad(), GRAD_DIGITS);
