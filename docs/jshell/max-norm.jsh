// max-norm.jsh: the worked example of docs/max-norm.md (regula explain max-norm), one step at a time.
// Run it with `./regula shell max-norm`, change a variable, re-evaluate: e.g. c = 0.8; project()
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

double c = 1.2;              // the bound on each hidden unit's incoming weights ‖w_j‖ (a column of W1)
double lr = 0.5;
forward();
backward();
Matrix W1before = W1.copy();
show("W1", W1before);
show("dW1", dense1.kernel().grad(), GRAD_DIGITS);
new Sgd(lr).step(model.parameters());
Matrix stepped = show("W1 ← W1 − lr·dW1", W1.copy());

Matrix norms(Matrix w) {
    Matrix n = Matrix.zeros(DType.F64, 1, w.cols());
    for (int j = 0; j < w.cols(); j++) {
        double s = 0;
        for (int i = 0; i < w.rows(); i++) s += w.get(i, j) * w.get(i, j);
        n.set(j, Math.sqrt(s));
    }
    return n;
}
show("‖w_j‖ = sqrt(Σ_i W1[i, j]²)      (one norm per column, per hidden unit)", norms(stepped));

/** Projects a copy of the stepped W1 with MaxNorm(c) and prints it and its column norms. */
Matrix project() {
    Parameter p = new Parameter("W1", stepped.copy());
    new MaxNorm(p, c).apply();
    show("W1 after MaxNorm.apply()", p.value());
    show("‖w_j‖ after", norms(p.value()));
    return p.value();
}
project();
