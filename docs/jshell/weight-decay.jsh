// weight-decay.jsh: the worked example of docs/weight-decay.md (regula explain weight-decay), one step at a time.
// Run it with `./regula shell weight-decay`, change a variable, re-evaluate: e.g. wd = 0.2; compare()
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

double lambda = 0.01;        // the L2 penalty λ·Σw² (gradient 2λ·W)
double wd = 2 * lambda;      // the decoupled decay that matches it under plain SGD
double lr = 0.1, adamLr = 0.01;
forward();
backward();
Matrix g = dense2.kernel().grad().copy();     // the data gradient of W2
show("W2", W2);
show("g = dW2 (data loss only)", g, GRAD_DIGITS);

/** One step of each optimizer from W2 with gradient g; prints the four results. */
void compare() {
    Parameter withL2 = new Parameter("W2 (Sgd + L2)", W2.copy(), g.copy());
    new L2(withL2, lambda).addGradient();
    new Sgd(lr).step(java.util.List.of(withL2));
    Parameter decoupled = new Parameter("W2 (SgdW)", W2.copy(), g.copy());
    new SgdW(lr, wd).step(java.util.List.of(decoupled));
    show("Sgd + L2(λ):   W2 − lr·(g + 2λ·W2)", withL2.value());
    show("SgdW(lr, wd):  W2 − lr·wd·W2 − lr·g", decoupled.value());
    Parameter adamL2 = new Parameter("W2 (Adam + L2)", W2.copy(), g.copy());
    new L2(adamL2, lambda).addGradient();
    new Adam(adamLr).step(java.util.List.of(adamL2));
    Parameter adamW = new Parameter("W2 (AdamW)", W2.copy(), g.copy());
    new AdamW(adamLr, wd).step(java.util.List.of(adamW));
    show("Adam + L2:  W2 − (Adam step on g + 2λ·W2)", adamL2.value());
    show("AdamW:      (1 − lr·wd)·W2, then the Adam step on g alone", adamW.value());
}
compare();
