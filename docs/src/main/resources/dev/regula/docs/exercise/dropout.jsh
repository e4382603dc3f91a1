// Regula exercise: dropout. Write the backward pass of inverted dropout.
//
//   keepProb   the probability of keeping a unit (Keras's Dropout(rate) has rate = 1 − keepProb)
//   mask:      D = (U < keepProb)        U uniform in [0, 1), (m, n); D is 1 (kept) or 0 (dropped)
//   forward:   Y = A ⊙ D / keepProb      in training; kept units are scaled up so that E[Y] = A
//   backward:  given dY = ∂J/∂Y, (m, n), return dA = ∂J/∂A, (m, n), with the same mask D
// The checker draws D with Regula's own Dropout layer and passes it to your methods.
//
// Check it:   regula exercise dropout --check dropout.jsh
// Play:       jshell dropout.jsh   then   forward(new double[][] {{1, 2}}, mask(new double[][] {{0.3, 0.9}}, 0.8), 0.8)

//#helpers

/** D = (U < keepProb): 1 where the unit is kept, 0 where it is dropped. Given. */
double[][] mask(double[][] U, double keepProb) {
    double[][] D = zeros(U.length, U[0].length);
    for (int i = 0; i < U.length; i++)
        for (int j = 0; j < U[0].length; j++)
            D[i][j] = U[i][j] < keepProb ? 1.0 : 0.0;
    return D;
}

/** Y = A ⊙ D / keepProb. Given. */
double[][] forward(double[][] A, double[][] D, double keepProb) {
    double[][] Y = zeros(A.length, A[0].length);
    for (int i = 0; i < A.length; i++)
        for (int j = 0; j < A[0].length; j++)
            Y[i][j] = A[i][j] * D[i][j] / keepProb;
    return Y;
}

/** dA = ∂J/∂A, (m, n). */
double[][] backward(double[][] dY, double[][] D, double keepProb) {
    // TODO: Y[i][j] depends on A[i][j] alone; what is ∂Y[i][j]/∂A[i][j]?
    //>>> solution
    double[][] dA = zeros(dY.length, dY[0].length);
    for (int i = 0; i < dY.length; i++)
        for (int j = 0; j < dY[0].length; j++)
            dA[i][j] = dY[i][j] * D[i][j] / keepProb;   // dA = dY ⊙ D / keepProb
    return dA;
    //<<< solution
}
