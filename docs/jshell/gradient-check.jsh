// gradient-check.jsh: the worked example of docs/gradient-check.md (regula explain gradient-check), one step at a time.
// Run it with `./regula shell gradient-check`, change a variable, re-evaluate: e.g. eps = 1e-3; check(0, 0)
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

double lambda = 0.01;                // L2(λ) on both kernels
L2 p1 = new L2(dense1.kernel(), lambda), p2 = new L2(dense2.kernel(), lambda);
double J() { return forward() + (p1.value() + p2.value()); }   // J₀ + (P1 + P2), in the engine's order
void gradients() { forward(); backward(); p1.addGradient(); p2.addGradient(); }
gradients();
double eps = 1e-5;

/** Central difference for W1[r, c] against backprop's dW1[r, c], with the current eps. */
double check(int r, int c) {
    gradients();
    double analytic = dense1.kernel().grad().get(r, c);
    double saved = W1.get(r, c);
    W1.set(r, c, saved + eps);
    double plus = J();
    W1.set(r, c, saved - eps);
    double minus = J();
    W1.set(r, c, saved);
    double numeric = (plus - minus) / (2 * eps);
    show("θ", saved);
    show("J(θ + ε)", plus);
    show("J(θ − ε)", minus);
    show("numeric  = (J(θ + ε) − J(θ − ε)) / 2ε", numeric);
    show("analytic = dW1[r, c] from backward", analytic);
    double rel = Math.abs(analytic - numeric) / Math.max(Math.max(Math.abs(analytic), Math.abs(numeric)), 1e-4);
    System.out.printf(java.util.Locale.ROOT, "relError = |analytic − numeric| / max(|analytic|, |numeric|, 1e-4) = %.2e%n", rel);
    return rel;
}
check(0, 0);
// Every element of every parameter, as the engine's checker does it (ε = 1e-5, tolerance 1e-7, floor 1e-4):
GradientCheck checker = new GradientCheck(1e-5, 1e-7, 1e-4, 200);
show(checker.check(model.parameters(), () -> J(), () -> gradients()));
