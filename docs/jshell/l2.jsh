// l2.jsh: the worked example of docs/l2.md (regula explain l2), one step at a time.
// Run it with `./regula shell l2`, change a variable, re-evaluate: e.g. lambda = 0.1; cost(); sgdStep()
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

double lambda = 0.01;        // Regula's (and Keras's) L2(λ): λ·Σw², gradient 2λ·W
double lr = 0.5;

/** The cost without and with the penalty λ·(Σ W1² + Σ W2²). */
double cost() {
    forward();
    double penalty = new L2(dense1.kernel(), lambda).value() + new L2(dense2.kernel(), lambda).value();
    show("Σ W1²", Ops.sumSquares(W1));
    show("Σ W2²", Ops.sumSquares(W2));
    show("J₀ = data loss (softmax cross-entropy, mean over the 4 examples)", J0);
    show("P = λ·(Σ W1² + Σ W2²)", penalty);
    return show("J = J₀ + P      (the cost with the penalty)", J0 + penalty);
}

/** Backward, then each kernel's gradient gets + 2λ·W. */
void gradients() {
    forward();
    backward();
    new L2(dense1.kernel(), lambda).addGradient();
    new L2(dense2.kernel(), lambda).addGradient();
    show("dW1 = dW1(data) + 2λ·W1", dense1.kernel().grad(), GRAD_DIGITS);
    show("dW2 = dW2(data) + 2λ·W2", dense2.kernel().grad(), GRAD_DIGITS);
}

/** One SGD step on a copy of W1: every weight first shrinks by (1 − 2·lr·λ), then takes the data step. */
Matrix sgdStep() {
    gradients();
    Parameter step = new Parameter("W1", W1.copy(), dense1.kernel().grad().copy());
    new Sgd(lr).step(java.util.List.of(step));
    return show("W1 after the step (Sgd.step)", step.value());
}

show("W1", W1);
show("W2", W2);
cost();
// The seeds' form (λ_seed/2m)·Σ‖W‖² is L2 with λ = λ_seed/(2m): λ_seed = 0.08, m = 4 gives 0.01.
System.out.println("λ = L2.fromSeedForm(0.08, 4): " + L2.fromSeedForm(0.08, 4));
sgdStep();
