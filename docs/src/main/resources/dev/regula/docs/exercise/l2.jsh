// Regula exercise: l2. Write the gradient of the L2 penalty (Keras's l2(λ), Regula's L2).
//
//   penalty:   P = λ·Σ w²                 over every element of W, (nIn, nOut); added to the mini-batch loss
//   gradient:  return dW = ∂P/∂W, (nIn, nOut); training adds it to the data loss's gradient
// (The seeds write (λ/2m)·Σ‖W‖²: the same penalty with λ_keras = λ_seed/(2m).)
//
// Check it:   regula exercise l2 --check l2.jsh

//#helpers

/** P = λ·Σ w². Given. */
double penalty(double[][] W, double lambda) {
    double sum = 0;
    for (double[] row : W)
        for (double w : row)
            sum += w * w;
    return lambda * sum;
}

/** dW = ∂P/∂W, (nIn, nOut). */
double[][] dW(double[][] W, double lambda) {
    // TODO: each w appears in one term, λ·w²
    //>>> solution
    double[][] dW = zeros(W.length, W[0].length);
    for (int i = 0; i < W.length; i++)
        for (int j = 0; j < W[0].length; j++)
            dW[i][j] = 2 * lambda * W[i][j];          // dW = 2λ·W
    return dW;
    //<<< solution
}
