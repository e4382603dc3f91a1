// Regula exercise: sigmoid. Write the backward pass of a sigmoid output with binary cross-entropy.
//
//   forward:   A = σ(Z) = 1 / (1 + e^(−Z))                       Z, A, Y: (m, 1), Y is 0 or 1
//   loss:      J = −(1/m) Σ_i [Y·log A + (1 − Y)·log(1 − A)]      the mean over the examples
//   backward:  return dZ = ∂J/∂Z, (m, 1): through the loss and through the sigmoid, in one step
// (Regula's BinaryCrossEntropy averages over all m·n entries, Keras's convention; here n = 1.)
//
// Check it:   regula exercise sigmoid --check sigmoid.jsh
// Play:       jshell sigmoid.jsh   then   loss(forward(new double[][] {{0.5}, {-1}}), new double[][] {{1}, {0}})

//#helpers

/** A = σ(Z). Given. */
double[][] forward(double[][] Z) {
    double[][] A = zeros(Z.length, Z[0].length);
    for (int i = 0; i < Z.length; i++)
        for (int j = 0; j < Z[0].length; j++)
            A[i][j] = 1 / (1 + Math.exp(-Z[i][j]));
    return A;
}

/** J = −mean(Y·log A + (1 − Y)·log(1 − A)). Given. */
double loss(double[][] A, double[][] Y) {
    double sum = 0;
    int count = A.length * A[0].length;
    for (int i = 0; i < A.length; i++)
        for (int j = 0; j < A[0].length; j++)
            sum -= Y[i][j] * Math.log(A[i][j]) + (1 - Y[i][j]) * Math.log(1 - A[i][j]);
    return sum / count;
}

/** dZ = ∂J/∂Z, (m, 1). */
double[][] dZ(double[][] Z, double[][] Y) {
    // TODO: dJ/dA first, then σ'(z) = σ(z)·(1 − σ(z)); most of it cancels
    //>>> solution
    double[][] A = forward(Z);
    int count = A.length * A[0].length;          // m (times n = 1)
    double[][] dZ = zeros(A.length, A[0].length);
    for (int i = 0; i < A.length; i++)
        for (int j = 0; j < A[0].length; j++)
            dZ[i][j] = (A[i][j] - Y[i][j]) / count;   // dZ = (A − Y)/m
    return dZ;
    //<<< solution
}
