// adam.jsh: the worked example of docs/adam.md (regula explain adam), one step at a time.
// Run it with `./regula shell adam`, change a variable, re-evaluate: e.g. lr = 0.1; restart(); step(); step()
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

double lr = 0.01, beta1 = 0.9, beta2 = 0.999, eps = 1e-7;
Adam adam = new Adam(lr, beta1, beta2, eps);
java.util.List<Matrix> start = model.snapshotWeights();
int t = 0;

/** Back to the initial weights, with a new Adam(lr, beta1, beta2, eps) (its m and v at 0). */
void restart() {
    model.restoreWeights(start);
    adam = new Adam(lr, beta1, beta2, eps);
    t = 0;
}

/** One Adam step on all parameters; prints W2's gradient, moments and new value. Returns J before the step. */
double step() {
    t++;
    double j = forward();
    backward();
    show("J (before the step)", j);
    show("g = dW2", dense2.kernel().grad(), GRAD_DIGITS);
    adam.step(model.parameters());
    Matrix[] slots = adam.slots(dense2.kernel());
    show("m ← m + (1 − β₁)·(g − m)      (a running mean of g)", slots[0], GRAD_DIGITS);
    show("v ← v + (1 − β₂)·(g² − v)      (a running mean of g²)", slots[1], 9);
    show("αₜ = lr·sqrt(1 − β₂ᵗ)/(1 − β₁ᵗ)      (the bias corrections, folded into the step size)",
            lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t)));
    show("W2 ← W2 − αₜ·m/(sqrt(v) + ε)", W2);
    return j;
}
step();
step();
step();
