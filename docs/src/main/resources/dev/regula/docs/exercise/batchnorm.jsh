// Regula exercise: batchnorm. Write the backward pass of batch normalization in training mode.
//
//   forward:   μ_j  = (1/m) Σ_i X[i][j]                     the batch mean of each column, (n)
//              σ²_j = (1/m) Σ_i (X[i][j] − μ_j)²            the biased batch variance, (n)
//              x̂    = (X − μ) / sqrt(σ² + ε)                 (m, n)
//              Y    = γ·x̂ + β                                γ, β: (n); X, Y: (m, n)
//   backward:  given dY = ∂J/∂Y, (m, n), return dX (m, n), dGamma (n) and dBeta (n).
// μ and σ² depend on every row of X: X[i][j] reaches Y through x̂ directly, through μ, and through σ².
//
// Check it:   regula exercise batchnorm --check batchnorm.jsh

//#helpers

/** μ, (n). Given. */
double[] mean(double[][] X) {
    double[] mu = new double[X[0].length];
    for (double[] row : X)
        for (int j = 0; j < row.length; j++)
            mu[j] += row[j] / X.length;
    return mu;
}

/** σ² (biased: divided by m), (n). Given. */
double[] variance(double[][] X) {
    double[] mu = mean(X), var = new double[X[0].length];
    for (double[] row : X)
        for (int j = 0; j < row.length; j++)
            var[j] += (row[j] - mu[j]) * (row[j] - mu[j]) / X.length;
    return var;
}

/** x̂ = (X − μ)/sqrt(σ² + ε), (m, n). Given. */
double[][] xHat(double[][] X, double eps) {
    double[] mu = mean(X), var = variance(X);
    double[][] xh = zeros(X.length, X[0].length);
    for (int i = 0; i < X.length; i++)
        for (int j = 0; j < X[0].length; j++)
            xh[i][j] = (X[i][j] - mu[j]) / Math.sqrt(var[j] + eps);
    return xh;
}

/** Y = γ·x̂ + β. Given. */
double[][] forward(double[][] X, double[] gamma, double[] beta, double eps) {
    double[][] xh = xHat(X, eps);
    double[][] Y = zeros(X.length, X[0].length);
    for (int i = 0; i < X.length; i++)
        for (int j = 0; j < X[0].length; j++)
            Y[i][j] = gamma[j] * xh[i][j] + beta[j];
    return Y;
}

/** dGamma = ∂J/∂γ, (n). */
double[] dGamma(double[][] X, double[] gamma, double[] beta, double eps, double[][] dY) {
    // TODO: γ_j multiplies x̂[i][j] in every row i
    //>>> solution
    double[][] xh = xHat(X, eps);
    double[] dGamma = new double[X[0].length];
    for (int i = 0; i < X.length; i++)
        for (int j = 0; j < X[0].length; j++)
            dGamma[j] += dY[i][j] * xh[i][j];         // dγ = Σ_i dY ⊙ x̂
    return dGamma;
    //<<< solution
}

/** dBeta = ∂J/∂β, (n). */
double[] dBeta(double[][] X, double[] gamma, double[] beta, double eps, double[][] dY) {
    // TODO: β_j is added in every row i
    //>>> solution
    double[] dBeta = new double[X[0].length];
    for (double[] row : dY)
        for (int j = 0; j < row.length; j++)
            dBeta[j] += row[j];                       // dβ = Σ_i dY
    return dBeta;
    //<<< solution
}

/** dX = ∂J/∂X, (m, n). */
double[][] dX(double[][] X, double[] gamma, double[] beta, double eps, double[][] dY) {
    // TODO: dx̂ = γ·dY; then the three paths from X[i][j]: through x̂ directly, through μ (dμ), through σ² (dσ²)
    //>>> solution
    int m = X.length, n = X[0].length;
    double[][] xh = xHat(X, eps);
    double[] var = variance(X);
    double[][] dX = zeros(m, n);
    for (int j = 0; j < n; j++) {
        double invStd = 1 / Math.sqrt(var[j] + eps);
        double sumDy = 0, sumDyXh = 0;
        for (int i = 0; i < m; i++) {
            sumDy += dY[i][j];                        // Σ dY        (the dμ term)
            sumDyXh += dY[i][j] * xh[i][j];           // Σ dY ⊙ x̂    (the dσ² term)
        }
        for (int i = 0; i < m; i++)                   // dX = (γ/σ/m)·(m·dY − Σ dY − x̂·Σ dY ⊙ x̂)
            dX[i][j] = gamma[j] * invStd / m * (m * dY[i][j] - sumDy - xh[i][j] * sumDyXh);
    }
    return dX;
    //<<< solution
}
