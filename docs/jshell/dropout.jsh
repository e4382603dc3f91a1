// dropout.jsh: the worked example of docs/dropout.md (regula explain dropout), one step at a time.
// Run it with `./regula shell dropout`; then change a variable and re-evaluate, e.g.
//   keepProb = 0.5; forward()        a new mask, a new cost
//   maskSeed = 10; forward(); backward()
//   lambda = 0; forward(); backward()
// Every matrix is printed as in the chapter: put them side by side.
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import static dev.regula.docs.shell.Show.*;

// The knobs. keepProb is the probability of KEEPING a unit (Keras: Dropout(rate = 1 - keepProb)).
double keepProb = 0.75;
long maskSeed = 9;        // the dropout layer's generator is reseeded to this before every forward
double lambda = 0.01;     // L2(λ) on both kernels: λ·Σw², gradient 2λ·W

// The tiny network: X (4×3) → Dense(3→3) → ReLU → Dropout → Dense(3→2) → softmax cross-entropy.
Matrix X = Matrix.fromRows(DType.F64, new double[][] {
        {0.5, -1.2, 0.3}, {1.0, 0.4, -0.7}, {-0.3, 0.8, 1.5}, {0.9, -0.5, -1.1}});
Matrix Y = Matrix.fromRows(DType.F64, new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});   // classes 0, 1, 1, 0
int m = X.rows();

// W1 and W2 are glorot-uniform from Sequential(F64, seed 6, ...) without the dropout layer (as in every chapter);
// the biases start at 0 and are set so that "+ b" shows.
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

// What forward() and backward() leave behind, for you to inspect.
Dropout dropout;
Matrix Z1, A1, D1, A1d, Z2, P, dZ2, dA1d, dA1, dZ1;
double J0, penalty, J;

/** The forward pass in TRAIN mode with the current keepProb, maskSeed and lambda; returns J = J₀ + P_L2. */
double forward() {
    dropout = new Dropout(keepProb);                        // keepProb is fixed per layer: a new one each time
    dropout.build("dropout", DType.F64, new Rng(0));
    dropout.reseed(maskSeed);
    Z1 = show("Z1 = X·W1 + b1", dense1.forward(X, Mode.TRAIN).copy());
    A1 = show("A1 = relu(Z1)", relu.forward(Z1, Mode.TRAIN).copy());
    A1d = dropout.forward(A1, Mode.TRAIN).copy();
    D1 = show("D1 = [U < keepProb] = [u < T]      (the mask: 1 keeps the unit, 0 drops it)", dropout.mask(), 0);
    show("A1 ⊙ D1 / keepProb      (kept units scaled by 1/keepProb)", A1d);
    Z2 = show("Z2 = (A1 ⊙ D1 / keepProb)·W2 + b2", dense2.forward(A1d, Mode.TRAIN).copy());
    J0 = loss.forward(Z2, Y);
    P = show("P = softmax(Z2)", loss.probabilities().copy());
    penalty = lambda * Ops.sumSquares(W1) + lambda * Ops.sumSquares(W2);     // as L2.value(), once per kernel
    show("J₀ = −(1/m)·Σ Y ⊙ log P      (the cost without the penalty)", J0);
    show("P_L2 = λ·(Σ W1² + Σ W2²)", penalty);
    J = show("J = J₀ + P_L2      (the cost with the penalty)", J0 + penalty);
    return J;
}

/** The backward pass of the last forward(): dZ2, then through Dense, Dropout (the same mask), ReLU, Dense. */
void backward() {
    model.zeroGrad();
    dZ2 = show("dZ2 = (P − Y)/m", loss.backward().copy(), GRAD_DIGITS);
    dA1d = show("dA1d = dZ2·W2ᵀ      (the gradient at the dropout layer's output)", dense2.backward(dZ2).copy(), GRAD_DIGITS);
    Ops.addScaled(W2, 2 * lambda, dense2.kernel().grad());            // L2: dW2 += 2λ·W2
    show("dW2 = dW2 (data) + 2λ·W2", dense2.kernel().grad(), GRAD_DIGITS);
    show("db2 = Σ_rows dZ2", dense2.bias().grad(), GRAD_DIGITS);
    dA1 = show("dA1 = dA1d ⊙ D1 / keepProb      (the same mask and scale: a dropped unit gets no gradient)",
            dropout.backward(dA1d).copy(), GRAD_DIGITS);
    dZ1 = show("dZ1 = dA1 ⊙ [Z1 > 0]", relu.backward(dA1).copy(), GRAD_DIGITS);
    dense1.backward(dZ1);
    Ops.addScaled(W1, 2 * lambda, dense1.kernel().grad());            // L2: dW1 += 2λ·W1
    show("dW1 = dW1 (data) + 2λ·W1", dense1.kernel().grad(), GRAD_DIGITS);
    show("db1 = Σ_rows dZ1", dense1.bias().grad(), GRAD_DIGITS);
}

show("X", X);
show("W1", W1);
show("b1", b1);
show("W2", W2);
show("b2", b2);
forward();
backward();
