// zca.jsh: the worked example of docs/zca.md (regula explain zca), one step at a time.
// Run it with `./regula shell zca`, change a variable, re-evaluate: e.g. eps = 0.1; whiten()
import dev.regula.core.*;
import dev.regula.nn.*;
import dev.regula.regularization.*;
import dev.regula.data.*;
import dev.regula.data.augment.*;
import static dev.regula.docs.shell.Show.*;

// 8 examples of 3 correlated features: x1 = z1 + 1, x2 = 0.8·z1 + 0.6·z2, x3 = 0.5·z1 − 0.3·z2 + 0.2·z3 + 2,
// z ~ N(0, I) from new Rng(3), rounded to 2 decimals.
Rng rng = new Rng(3);
Matrix X = Matrix.zeros(DType.F64, 8, 3);
for (int i = 0; i < 8; i++) {
    double z1 = rng.nextGaussian(), z2 = rng.nextGaussian(), z3 = rng.nextGaussian();
    X.set(i, 0, Math.round(100 * (z1 + 1)) / 100.0);
    X.set(i, 1, Math.round(100 * (0.8 * z1 + 0.6 * z2)) / 100.0);
    X.set(i, 2, Math.round(100 * (0.5 * z1 - 0.3 * z2 + 0.2 * z3 + 2)) / 100.0);
}
show("X", X);
double eps = 1e-3;          // added to every eigenvalue (Keras's zca_epsilon is 1e-6; regula train's default 0.1)
Featurewise zca;
Matrix white;

Matrix covariance(Matrix a) {
    int n = a.rows(), f = a.cols();
    double[] mu = new double[f];
    for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) mu[j] += a.get(i, j) / n;
    Matrix c = Matrix.zeros(DType.F64, f, f);
    for (int i = 0; i < n; i++) for (int j = 0; j < f; j++) for (int k = 0; k < f; k++)
        c.set(j, k, c.get(j, k) + (a.get(i, j) - mu[j]) * (a.get(i, k) - mu[k]) / n);
    return c;
}

/** Fits ZCA on X with the current eps; prints W, X' = (X − μ)·W and cov(X'). */
Matrix whiten() {
    zca = Featurewise.fitZca(X, eps);
    show("W = U·diag(1/sqrt(λ + ε))·Uᵀ      (symmetric)", zca.whitening());
    white = show("X' = (X − μ)·W", zca.transform(X));
    show("cov(X') = W·Σ·W = U·diag(λ/(λ + ε))·Uᵀ      (≈ I: uncorrelated, unit variance)", covariance(white));
    return white;
}
whiten();
