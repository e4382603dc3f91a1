// Regula exercise: max-norm. Write the max-norm projection (Keras's MaxNorm(c, axis=0) on a Dense kernel).
//
//   W: (nIn, nOut); column j holds the incoming weights of unit j.
//   after each optimizer step, each unit's incoming weight vector w_j is projected onto the ball of radius c:
//              w_j ← w_j · c / ‖w_j‖   if ‖w_j‖ > c,   unchanged otherwise;   ‖w_j‖ = sqrt(Σ_i W[i][j]²)
//   return the projected W as a new array (do not change the argument).
// It is a constraint, not a penalty: nothing is added to the gradient, so there is no backward here.
//
// Check it:   regula exercise max-norm --check max-norm.jsh

//#helpers

/** The projected copy of W, (nIn, nOut). */
double[][] project(double[][] W, double c) {
    // TODO: one norm per unit; leave the units inside the ball exactly as they are
    //>>> solution
    double[][] out = zeros(W.length, W[0].length);
    for (int j = 0; j < W[0].length; j++) {
        double sq = 0;
        for (int i = 0; i < W.length; i++) sq += W[i][j] * W[i][j];
        double norm = Math.sqrt(sq);                  // ‖w_j‖, the norm of column j
        for (int i = 0; i < W.length; i++)
            out[i][j] = norm > c ? W[i][j] * (c / norm) : W[i][j];
    }
    return out;
    //<<< solution
}
