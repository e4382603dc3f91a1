// Regula exercise: softmax-cross-entropy. Write the backward pass of softmax with cross-entropy.
//
//   forward:   P[i][k] = e^(Z[i][k]) / Σ_c e^(Z[i][c])      row by row; Z, P, Y: (m, classes)
//   loss:      J = −(1/m) Σ_i Σ_k Y[i][k]·log P[i][k]        Y one-hot: one 1 per row
//   backward:  return dZ = ∂J/∂Z, (m, classes), through the loss and the softmax in one step
//
// Check it:   regula exercise softmax-cross-entropy --check softmax-cross-entropy.jsh
// Play:       jshell softmax-cross-entropy.jsh   then   softmax(new double[][] {{1, 2, 3}})

//#helpers

/** P = softmax(Z), row by row (the row's max subtracted first, so e^z never overflows). Given. */
double[][] softmax(double[][] Z) {
    double[][] P = zeros(Z.length, Z[0].length);
    for (int i = 0; i < Z.length; i++) {
        double max = Double.NEGATIVE_INFINITY, sum = 0;
        for (double z : Z[i]) max = Math.max(max, z);
        for (int k = 0; k < Z[i].length; k++) sum += P[i][k] = Math.exp(Z[i][k] - max);
        for (int k = 0; k < Z[i].length; k++) P[i][k] /= sum;
    }
    return P;
}

/** J = −(1/m) Σ Y·log P. Given. */
double loss(double[][] Z, double[][] Y) {
    double[][] P = softmax(Z);
    double sum = 0;
    for (int i = 0; i < Z.length; i++)
        for (int k = 0; k < Z[0].length; k++)
            if (Y[i][k] != 0) sum -= Y[i][k] * Math.log(P[i][k]);
    return sum / Z.length;
}

/** dZ = ∂J/∂Z, (m, classes). */
double[][] dZ(double[][] Z, double[][] Y) {
    // TODO: ∂P[i][k]/∂Z[i][j] = P[i][k]·([k = j] − P[i][j]) — every logit moves every probability of its row
    //>>> solution
    double[][] P = softmax(Z);
    int m = Z.length;
    double[][] dZ = zeros(m, Z[0].length);
    for (int i = 0; i < m; i++)
        for (int k = 0; k < Z[0].length; k++)
            dZ[i][k] = (P[i][k] - Y[i][k]) / m;       // dZ = (P − Y)/m
    return dZ;
    //<<< solution
}
