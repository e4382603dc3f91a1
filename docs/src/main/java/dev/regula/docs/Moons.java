package dev.regula.docs;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;

/**
 * Two interleaving half circles ("two moons") with Gaussian noise: a 2-D classification problem
 * small enough to plot and hard enough to overfit.
 * <pre>
 * class 0: (cos t, sin t)               t ~ U(0, π)
 * class 1: (1 − cos t, 0.5 − sin t)     t ~ U(0, π)
 * each point + noise·N(0, I)
 * </pre>
 * Examples alternate between the classes (row i has class i mod 2), so any prefix is balanced.
 *
 * @param x      the points, (n × 2)
 * @param labels the classes, 0 or 1
 */
record Moons(Matrix x, int[] labels) {

    /** {@code n} points with noise {@code noise}, drawn from {@code new Rng(seed)}. */
    static Moons make(int n, double noise, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(DType.F64, n, 2);
        int[] labels = new int[n];
        for (int i = 0; i < n; i++) {
            int c = i % 2;
            double t = Math.PI * rng.nextDouble();
            double px = c == 0 ? Math.cos(t) : 1 - Math.cos(t);
            double py = c == 0 ? Math.sin(t) : 0.5 - Math.sin(t);
            x.set(i, 0, px + noise * rng.nextGaussian());
            x.set(i, 1, py + noise * rng.nextGaussian());
            labels[i] = c;
        }
        return new Moons(x, labels);
    }

    /** The one-hot targets, (n × 2). */
    Matrix oneHot() {
        Matrix y = Matrix.zeros(DType.F64, labels.length, 2);
        for (int i = 0; i < labels.length; i++) {
            y.set(i, labels[i], 1);
        }
        return y;
    }

    int size() {
        return labels.length;
    }
}
