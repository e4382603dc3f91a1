// Regula exercise: adam. Write one Adam step (Kingma and Ba, 2015), in Keras's form.
//
//   at step t (t = 1 at the first step), for each element, with the gradient g:
//      m ← β₁·m + (1 − β₁)·g                          first moment
//      v ← β₂·v + (1 − β₂)·g²                         second moment
//      αₜ = lr·sqrt(1 − β₂ᵗ) / (1 − β₁ᵗ)              the bias corrections, folded into the step size
//      w ← w − αₜ·m / (sqrt(v) + ε)
//   update w, m and v in place. (PyTorch writes lr·m̂/(sqrt(v̂) + ε): the same step but for where ε sits.)
//
// Check it:   regula exercise adam --check adam.jsh

//#helpers

/** One Adam step: updates w, m and v in place. */
void step(double[][] w, double[][] g, double[][] m, double[][] v, int t, double lr, double beta1, double beta2, double eps) {
    // TODO: the moments first, then the step size αₜ, then w
    //>>> solution
    double alpha = lr * Math.sqrt(1 - Math.pow(beta2, t)) / (1 - Math.pow(beta1, t));
    for (int i = 0; i < w.length; i++)
        for (int j = 0; j < w[0].length; j++) {
            m[i][j] = beta1 * m[i][j] + (1 - beta1) * g[i][j];
            v[i][j] = beta2 * v[i][j] + (1 - beta2) * g[i][j] * g[i][j];
            w[i][j] -= alpha * m[i][j] / (Math.sqrt(v[i][j]) + eps);
        }
    //<<< solution
}
