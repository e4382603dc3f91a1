// Regula exercise: relu. Write the backward pass of the rectified linear unit.
//
//   forward:   A = max(Z, 0)             element by element; Z, A: (m, n)
//   backward:  given dA = ∂J/∂A, (m, n), return dZ = ∂J/∂Z, (m, n)
// At Z = 0 max(z, 0) has no derivative; Regula, Keras and PyTorch use the subgradient 0 there.
//
// Check it:   regula exercise relu --check relu.jsh
// Play:       jshell relu.jsh   then   forward(new double[][] {{-1, 0, 2}})

//#helpers

/** A = max(Z, 0). Given. */
double[][] forward(double[][] Z) {
    double[][] A = zeros(Z.length, Z[0].length);
    for (int i = 0; i < Z.length; i++)
        for (int j = 0; j < Z[0].length; j++)
            A[i][j] = Math.max(Z[i][j], 0.0);
    return A;
}

/** dZ = ∂J/∂Z, (m, n). */
double[][] dZ(double[][] Z, double[][] dA) {
    // TODO: the slope of max(z, 0) is 1 where z > 0 and 0 elsewhere (0 at z = 0 too)
    //>>> solution
    double[][] dZ = zeros(Z.length, Z[0].length);
    for (int i = 0; i < Z.length; i++)
        for (int j = 0; j < Z[0].length; j++)
            dZ[i][j] = Z[i][j] > 0 ? dA[i][j] : 0.0;   // dZ = dA ⊙ [Z > 0]
    return dZ;
    //<<< solution
}
