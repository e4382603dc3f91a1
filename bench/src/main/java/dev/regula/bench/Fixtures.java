package dev.regula.bench;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;

/** Seeded inputs shared by the benchmarks: the JMH suite and {@link QuickBench} time the same data. */
final class Fixtures {
    private Fixtures() {}

    /** A rows × cols matrix, uniform in [−1, 1). */
    static Matrix uniform(DType dtype, int rows, int cols, Rng rng) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.uniform(-1, 1));
        }
        return x;
    }

    /** A rows × cols matrix, uniform in [0, 1): pixel-like inputs. */
    static Matrix pixels(DType dtype, int rows, int cols, Rng rng) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextDouble());
        }
        return x;
    }

    /** rows one-hot targets of {@code classes} classes, each drawn uniformly. */
    static Matrix oneHot(DType dtype, int rows, int classes, Rng rng) {
        Matrix y = Matrix.zeros(dtype, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.set(i, rng.nextInt(classes), 1.0);
        }
        return y;
    }
}
