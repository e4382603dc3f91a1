// Regula exercise: dense. Write the backward pass of a fully connected layer.
//
//   forward:   Z = X·W + b          X: (m, nIn)   W: (nIn, nOut)   b: (nOut)   Z: (m, nOut)
//   backward:  given dZ = ∂J/∂Z, (m, nOut), return the three gradients
//              dX = ∂J/∂X   (m, nIn)      what flows on to the layer before
//              dW = ∂J/∂W   (nIn, nOut)   a gradient has the shape of what it is the gradient of
//              db = ∂J/∂b   (nOut)
// Rows are examples: row i of X is example i. dZ already holds the loss's 1/m.
//
// Check it:   regula exercise dense --check dense.jsh
// Play:       jshell dense.jsh   then   forward(new double[][] {{1, 2}}, new double[][] {{1}, {1}}, new double[] {0})

//#helpers

/** Z = X·W + b, b added to every row. Given. */
double[][] forward(double[][] X, double[][] W, double[] b) {
    double[][] Z = matmul(X, W);                 // (m, nOut)
    for (int i = 0; i < Z.length; i++)
        for (int j = 0; j < Z[0].length; j++)
            Z[i][j] += b[j];
    return Z;
}

/** dX = ∂J/∂X, (m, nIn). */
double[][] dX(double[][] X, double[][] W, double[] b, double[][] dZ) {
    // TODO: Z[i][j] = Σ_k X[i][k]·W[k][j] + b[j]; which Z[i][j] does X[i][k] touch, and through which weight?
    //>>> solution
    return matmul(dZ, transpose(W));             // dX = dZ·Wᵀ   (m, nOut)·(nOut, nIn)
    //<<< solution
}

/** dW = ∂J/∂W, (nIn, nOut). */
double[][] dW(double[][] X, double[][] W, double[] b, double[][] dZ) {
    // TODO: W[k][j] touches Z[i][j] of every example i, through X[i][k]
    //>>> solution
    return matmul(transpose(X), dZ);             // dW = Xᵀ·dZ   (nIn, m)·(m, nOut)
    //<<< solution
}

/** db = ∂J/∂b, (nOut). */
double[] db(double[][] X, double[][] W, double[] b, double[][] dZ) {
    // TODO: b[j] is added to Z[i][j] of every example i
    //>>> solution
    double[] db = new double[dZ[0].length];
    for (double[] row : dZ)                      // db = Σ_rows dZ
        for (int j = 0; j < row.length; j++)
            db[j] += row[j];
    return db;
    //<<< solution
}
