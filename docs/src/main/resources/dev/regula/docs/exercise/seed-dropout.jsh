// Regula exercise: seed-dropout. Seed 002's dropout, translated to rows-as-examples. Something is wrong:
// run the checker, read what it says, and fix both methods.
//
// The seed (numpy, examples as columns):
//     D1 = np.random.rand(A1.shape[0], A1.shape[1])
//     A1 = A1 * D1
//     A1 = A1 / keep_prob
// Here: U holds the uniform draws np.random.rand(...) in [0, 1), (m, n); A, Y, dY: (m, n).
// What it should be: inverted dropout, as Regula's Dropout (keepProb = the probability of keeping a unit).
//
// Check it:   regula exercise seed-dropout --check seed-dropout.jsh

//#helpers

/** Y = A ⊙ D / keepProb, as the seed writes it. */
double[][] forward(double[][] A, double[][] U, double keepProb) {
    //>>> solution
    double[][] D = zeros(U.length, U[0].length);
    for (int i = 0; i < U.length; i++)
        for (int j = 0; j < U[0].length; j++)
            D[i][j] = U[i][j] < keepProb ? 1.0 : 0.0;   // D1 = np.random.rand(...) < keep_prob
    //<<< solution
    //>>> starter
    double[][] D = U;                                   // D1 = np.random.rand(A1.shape[0], A1.shape[1])
    //<<< starter
    double[][] Y = zeros(A.length, A[0].length);
    for (int i = 0; i < A.length; i++)
        for (int j = 0; j < A[0].length; j++)
            Y[i][j] = A[i][j] * D[i][j] / keepProb;     // A1 = A1 * D1;  A1 = A1 / keep_prob
    return Y;
}

/** dA = ∂J/∂A for the same draws U. */
double[][] backward(double[][] dY, double[][] U, double keepProb) {
    //>>> solution
    double[][] D = zeros(U.length, U[0].length);
    for (int i = 0; i < U.length; i++)
        for (int j = 0; j < U[0].length; j++)
            D[i][j] = U[i][j] < keepProb ? 1.0 : 0.0;
    //<<< solution
    //>>> starter
    double[][] D = U;                                   // the same mask as the forward
    //<<< starter
    double[][] dA = zeros(dY.length, dY[0].length);
    for (int i = 0; i < dY.length; i++)
        for (int j = 0; j < dY[0].length; j++)
            dA[i][j] = dY[i][j] * D[i][j] / keepProb;
    return dA;
}
