// seeds.jsh: the worked example of docs/seeds.md (regula explain seeds), one step at a time.
// Run it with `./regula shell seeds`, change a variable, re-evaluate: e.g. keepProb = 0.5; masks()
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

// Seed 002 (after Ng's exercise) stores one example per COLUMN: X_seed = Xᵀ, W1_seed = W1ᵀ, b1_seed = b1ᵀ.
Matrix T(Matrix a) {
    Matrix t = Matrix.zeros(a.dtype(), a.cols(), a.rows());
    for (int i = 0; i < a.rows(); i++) for (int j = 0; j < a.cols(); j++) t.set(j, i, a.get(i, j));
    return t;
}
forward();
backward();
Matrix Xs = show("X_seed = Xᵀ      (n_x × m: example i is column i)", T(X));
Matrix W1s = show("W1_seed = W1ᵀ      (n_h × n_x: row j holds the weights into unit j)", T(W1));
Matrix b1s = show("b1_seed = b1ᵀ      (n_h × 1, broadcast across the columns)", T(b1));
// Z1_seed = np.dot(W1_seed, X_seed) + b1_seed, written as loops:
Matrix Z1s = Matrix.zeros(DType.F64, 3, 4);
for (int j = 0; j < 3; j++) for (int i = 0; i < 4; i++) {
    double s = 0;
    for (int k = 0; k < 3; k++) s += W1s.get(j, k) * Xs.get(k, i);
    Z1s.set(j, i, s + b1s.get(j, 0));
}
show("Z1_seed = np.dot(W1_seed, X_seed) + b1_seed      (n_h × m)", Z1s);
show("Z1 = X·W1 + b1      (Regula, Dense.forward: m × n_h)", Z1);

// Mistake 1 of seed 002: D1 = np.random.rand(...) used without "< keep_prob".
double keepProb = 0.75;
void masks() {
    Rng rng = new Rng(9);
    Matrix u = Matrix.zeros(DType.F64, 4, 3), noise = Matrix.zeros(DType.F64, 4, 3), dropped = Matrix.zeros(DType.F64, 4, 3);
    for (int i = 0; i < u.size(); i++) {
        u.set(i, rng.nextDouble());
        noise.set(i, A1.get(i) * u.get(i) / keepProb);
        dropped.set(i, u.get(i) < keepProb ? A1.get(i) / keepProb : 0);
    }
    show("U = np.random.rand(...)      (the draws; seed 002 multiplies A1 by U itself)", u);
    show("A1 * U / keep_prob      (seed 002: every unit scaled by a random factor, none dropped)", noise);
    show("A1 * (U < keep_prob) / keep_prob      (inverted dropout: units kept or dropped, as Regula's Dropout)", dropped);
}
masks();
