// Regula exercise: l1. Write the gradient of the L1 penalty (Keras's l1(λ), Regula's L1).
//
//   penalty:   P = λ·Σ |w|                over every element of W, (nIn, nOut)
//   gradient:  return dW = ∂P/∂W, (nIn, nOut)
// |w| has no derivative at w = 0: Regula, Keras and PyTorch use the subgradient 0 there.
//
// Check it:   regula exercise l1 --check l1.jsh

//#helpers

/** P = λ·Σ |w|. Given. */
double penalty(double[][] W, double lambda) {
    double sum = 0;
    for (double[] row : W)
        for (double w : row)
            sum += Math.abs(w);
    return lambda * sum;
}

/** dW = ∂P/∂W, (nIn, nOut). */
double[][] dW(double[][] W, double lambda) {
    // TODO: the slope of |w| is +1 for w > 0, −1 for w < 0, and 0 at w = 0 (the fixed case has zeros)
    //>>> solution
    double[][] dW = zeros(W.length, W[0].length);
    for (int i = 0; i < W.length; i++)
        for (int j = 0; j < W[0].length; j++)
            dW[i][j] = lambda * Math.signum(W[i][j]);  // dW = λ·sign(W), sign(0) = 0
    return dW;
    //<<< solution
}
