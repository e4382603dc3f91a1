package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * ReLU forward and backward on lengths that exercise the vectorized body and the scalar tail
 * (F32 takes the Vector API path when the module is present), against a direct loop, including
 * exact zeros, negative zeros and NaN.
 */
class ReluPathsTest {
    @Test
    void reluMatchesTheDefinitionOnEveryLength() {
        Rng rng = new Rng(3);
        for (int n : new int[] {1, 15, 16, 17, 64, 1001}) {
            for (DType dtype : DType.values()) {
                Matrix x = Matrix.zeros(dtype, 1, n);
                Matrix dy = Matrix.zeros(dtype, 1, n);
                for (int i = 0; i < n; i++) {
                    double v = rng.nextGaussian();
                    x.set(i, i % 7 == 0 ? 0.0 : i % 11 == 0 ? -0.0 : i % 13 == 0 ? Double.NaN : v);
                    dy.set(i, rng.nextGaussian());
                }
                Matrix y = Matrix.zeros(dtype, 1, n);
                Matrix dx = Matrix.zeros(dtype, 1, n);
                Ops.relu(x, y);
                Ops.reluBackward(x, dy, dx);
                for (int i = 0; i < n; i++) {
                    double xi = x.get(i);
                    double expectY = Double.isNaN(xi) ? Double.NaN : (xi > 0 ? xi : 0.0);
                    assertEquals(expectY, y.get(i), 0.0, dtype + " n=" + n + " relu at " + i);
                    assertEquals(xi > 0 ? dy.get(i) : 0.0, dx.get(i), 0.0, dtype + " n=" + n + " relu' at " + i);
                }
            }
        }
    }
}
