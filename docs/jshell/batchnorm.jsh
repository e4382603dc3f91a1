// batchnorm.jsh: the worked example of docs/batchnorm.md (regula explain batchnorm), one step at a time.
// Run it with `./regula shell batchnorm`, change a variable, re-evaluate:
//   gamma.set(0, 2.0); forward(); backward()        another scale for column 0
//   X.set(0, 0, 5.0); forward()                     an outlier moves μ and σ² of its column
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import static dev.regula.docs.shell.Show.*;

// X (4×3) → BatchNormalization(3) → Dense(3→2) → softmax cross-entropy. Keras's momentum 0.99 and ε = 1e-3.
Matrix X = Matrix.fromRows(DType.F64, new double[][] {
        {0.5, -1.2, 0.3}, {1.0, 0.4, -0.7}, {-0.3, 0.8, 1.5}, {0.9, -0.5, -1.1}});
Matrix T = Matrix.fromRows(DType.F64, new double[][] {{1, 0}, {0, 1}, {0, 1}, {1, 0}});   // one-hot targets
BatchNormalization bn = new BatchNormalization(3);
bn.build("batchnorm", DType.F64, null);
Matrix gamma = bn.gamma().value(), beta = bn.beta().value();
gamma.set(0, 1.2); gamma.set(1, 0.8); gamma.set(2, 1.0);
beta.set(0, 0.1); beta.set(1, -0.1); beta.set(2, 0.0);
Dense dense = new Dense(3, 2);
dense.build("dense", DType.F64, new Rng(6));
dense.bias().value().set(0, 0.02); dense.bias().value().set(1, -0.02);
SoftmaxCrossEntropy loss = new SoftmaxCrossEntropy();
Matrix Yout, Z, dZ, dY, dX;

/** TRAIN forward: the batch's own μ and σ²; updates the running statistics. Returns the loss. */
double forward() {
    show("X", X);
    show("γ", gamma);
    show("β", beta);
    Yout = show("Y = γ ⊙ x̂ + β      (γ and β let the layer undo the normalization where that helps)",
            bn.forward(X, Mode.TRAIN).copy());
    show("runningMean = 0.99·0 + 0.01·μ", bn.runningMean(), 6);
    Z = show("Z = Y·W + b", dense.forward(Yout, Mode.TRAIN).copy());
    return show("J = −(1/m)·Σ Y_true ⊙ log softmax(Z)", loss.forward(Z, T));
}

/** Backward of the last forward: dβ, dγ and the three-term dX. */
void backward() {
    bn.gamma().zeroGrad(); bn.beta().zeroGrad(); dense.kernel().zeroGrad(); dense.bias().zeroGrad();
    dZ = show("dZ = (P − Y_true)/m", loss.backward().copy(), GRAD_DIGITS);
    dY = show("dY = dZ·Wᵀ      (the gradient at batch norm's output)", dense.backward(dZ).copy(), GRAD_DIGITS);
    dX = bn.backward(dY).copy();
    show("dβ = Σ_i dY", bn.beta().grad(), GRAD_DIGITS);
    show("dγ = Σ_i dY ⊙ x̂", bn.gamma().grad(), GRAD_DIGITS);
    show("dX = (γ·invStd/m) ⊙ (term 1 + term 2 + term 3)", dX, GRAD_DIGITS);
}

forward();
backward();
