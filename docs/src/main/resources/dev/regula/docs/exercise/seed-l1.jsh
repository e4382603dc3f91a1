// Regula exercise: seed-l1. Seed 002's "L1" regularization term, translated to rows-as-examples.
// Something is wrong: run the checker, read what it says, and fix the three methods.
//
// The seed (numpy), next to its L2 term on the weights W1, W2, W3:
//     L1_regularization_cost = (1/m) * (lambd/2) * (np.sum(np.square(A1)) + np.sum(np.square(A2)) + ...)
// Here, for one layer: A = A1, its activations (m, n), W = W1, its kernel (nIn, n), m the number of examples.
// What it should be: an L1 penalty on the weights with the seed's scaling, (λ/2m)·Σ|W| — Regula's
// L1 with λ_regula = λ/(2m) — and its gradients with respect to A and to W.
//
// Check it:   regula exercise seed-l1 --check seed-l1.jsh

//#helpers

/** The seed's "L1_regularization_cost". */
double penalty(double[][] A, double[][] W, double lambda, int m) {
    double sum = 0;
    //>>> solution
    for (double[] row : W)
        for (double w : row)
            sum += Math.abs(w);                         // Σ|W|
    //<<< solution
    //>>> starter
    for (double[] row : A)
        for (double a : row)
            sum += a * a;                               // np.sum(np.square(A1))
    //<<< starter
    return (1.0 / m) * (lambda / 2) * sum;
}

/** ∂penalty/∂A, (m, n). */
double[][] dA(double[][] A, double[][] W, double lambda, int m) {
    double[][] dA = zeros(A.length, A[0].length);
    //>>> solution
    // the penalty does not depend on the activations: dA = 0
    //<<< solution
    //>>> starter
    for (int i = 0; i < A.length; i++)
        for (int j = 0; j < A[0].length; j++)
            dA[i][j] = lambda / m * A[i][j];            // the derivative of (λ/2m)·a²
    //<<< starter
    return dA;
}

/** ∂penalty/∂W, (nIn, n). */
double[][] dW(double[][] A, double[][] W, double lambda, int m) {
    double[][] dW = zeros(W.length, W[0].length);
    //>>> solution
    for (int i = 0; i < W.length; i++)
        for (int j = 0; j < W[0].length; j++)
            dW[i][j] = lambda / (2.0 * m) * Math.signum(W[i][j]);   // (λ/2m)·sign(W), sign(0) = 0
    //<<< solution
    //>>> starter
    // the seed's term does not touch W
    //<<< starter
    return dW;
}
