// softmax-cross-entropy.jsh: the worked example of docs/softmax-cross-entropy.md (regula explain softmax-cross-entropy), one step at a time.
// Run it with `./regula shell softmax-cross-entropy`, change a variable, re-evaluate: e.g. W2.set(0, 0, 3.0); forward(); show("P", P)
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

forward();
backward();
show("Z2 (logits)", Z2);
show("Y (one-hot targets: classes 0, 1, 1, 0)", Y, 0);
// log-sum-exp, one row at a time: subtract the row's max so that e^(·) ≤ 1 never overflows
Matrix logP = Z2.copy();
for (int i = 0; i < m; i++) {
    double max = Math.max(Z2.get(i, 0), Z2.get(i, 1));
    double lse = max + Math.log(Math.exp(Z2.get(i, 0) - max) + Math.exp(Z2.get(i, 1) - max));
    for (int j = 0; j < 2; j++) logP.set(i, j, Z2.get(i, j) - lse);
}
show("log P = Z2 − logsumexp", logP);
show("P = softmax(Z2) = e^(log P)      (each row sums to 1)", P);
show("dZ2 = (P − Y)/m", dZ2, GRAD_DIGITS);
show("dW2 = A1ᵀ·dZ2", dense2.kernel().grad(), GRAD_DIGITS);
show("db2 = Σ_rows dZ2      (its entries sum to 0, as every row of P − Y does)", dense2.bias().grad(), GRAD_DIGITS);
