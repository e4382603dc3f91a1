// l1.jsh: the worked example of docs/l1.md (regula explain l1), one step at a time.
// Run it with `./regula shell l1`, change a variable, re-evaluate: e.g. lambda = 0.1; cost(); gradients()
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

double lambda = 0.01;        // L1(λ): λ·Σ|w|, (sub)gradient λ·sign(W)

double cost() {
    forward();
    double penalty = new L1(dense1.kernel(), lambda).value() + new L1(dense2.kernel(), lambda).value();
    show("Σ |W1|", Ops.sumAbs(W1));
    show("Σ |W2|", Ops.sumAbs(W2));
    show("J₀ = data loss", J0);
    show("P = λ·(Σ|W1| + Σ|W2|)", penalty);
    return show("J = J₀ + P      (the cost with the penalty)", J0 + penalty);
}

void gradients() {
    forward();
    backward();
    new L1(dense1.kernel(), lambda).addGradient();
    new L1(dense2.kernel(), lambda).addGradient();
    Matrix sign = W1.copy();
    for (int i = 0; i < sign.size(); i++) sign.set(i, Math.signum(W1.get(i)));
    show("sign(W1)      (sign(0) = 0: the subgradient Keras's and PyTorch's autodiff return)", sign, 0);
    show("dW1 = dW1(data) + λ·sign(W1)", dense1.kernel().grad(), GRAD_DIGITS);
    show("dW2 = dW2(data) + λ·sign(W2)", dense2.kernel().grad(), GRAD_DIGITS);
}

show("W1", W1);
show("W2", W2);
cost();
gradients();
