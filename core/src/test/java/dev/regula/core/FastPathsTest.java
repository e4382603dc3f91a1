package dev.regula.core;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The fast paths of {@link Ops} (the Vector API loops of {@code VectorOpsF32} when the module is
 * present, as under surefire) against direct loops written here: the bias broadcast, the column
 * sums and the Adam step must give the same bits as the textbook loops, on widths that exercise
 * the vectorized body and the scalar tail (1, 15, 16, 17, 500, 1001 columns for 16-float vectors).
 */
class FastPathsTest {
    private static final int[] WIDTHS = {1, 15, 16, 17, 500, 1001};

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextGaussian());
        }
        return x;
    }

    private static void assertSameBits(Matrix expected, Matrix actual, String what) {
        assertEquals(expected.shape(), actual.shape(), what + ": shape");
        for (int i = 0; i < expected.size(); i++) {
            assertEquals(Double.doubleToLongBits(expected.get(i)), Double.doubleToLongBits(actual.get(i)),
                    what + ": element " + i + " is " + actual.get(i) + ", expected " + expected.get(i));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void addRowVectorEqualsTheLoopBitForBit(DType dtype) {
        Rng rng = new Rng(11);
        for (int cols : WIDTHS) {
            for (int rows : new int[] {1, 3, 128}) {
                Matrix z = random(dtype, rows, cols, rng);
                Matrix b = random(dtype, 1, cols, rng);
                Matrix expected = z.copy();
                for (int i = 0; i < rows; i++) {
                    for (int j = 0; j < cols; j++) {
                        // Z[i, j] + b[j], rounded to the dtype (F32: the float sum).
                        double sum = dtype == DType.F32 ? (float) z.get(i, j) + (float) b.get(0, j) : z.get(i, j) + b.get(0, j);
                        expected.set(i, j, sum);
                    }
                }
                Ops.addRowVector(z, b);
                assertSameBits(expected, z, dtype + " addRowVector " + rows + "×" + cols);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sumRowsAddEqualsTheLoopBitForBit(DType dtype) {
        Rng rng = new Rng(12);
        for (int cols : WIDTHS) {
            for (int rows : new int[] {1, 3, 128}) {
                Matrix x = random(dtype, rows, cols, rng);
                Matrix out = random(dtype, 1, cols, rng);
                Matrix expected = out.copy();
                for (int j = 0; j < cols; j++) {
                    // out[j] + X[0, j] + X[1, j] + ..., rows in order, each sum rounded to the dtype.
                    if (dtype == DType.F32) {
                        float s = (float) out.get(j);
                        for (int i = 0; i < rows; i++) {
                            s += (float) x.get(i, j);
                        }
                        expected.set(j, s);
                    } else {
                        double s = out.get(j);
                        for (int i = 0; i < rows; i++) {
                            s += x.get(i, j);
                        }
                        expected.set(j, s);
                    }
                }
                Ops.sumRowsAdd(x, out);
                assertSameBits(expected, out, dtype + " sumRowsAdd " + rows + "×" + cols);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamStepEqualsTheTextbookLoopBitForBit(DType dtype) {
        Rng rng = new Rng(13);
        double b1 = 1 - 0.9, b2 = 1 - 0.999, eps = 1e-7;
        for (int cols : WIDTHS) {
            Matrix w = random(dtype, 3, cols, rng);
            Matrix m = Matrix.zeros(dtype, 3, cols);
            Matrix v = Matrix.zeros(dtype, 3, cols);
            Matrix w2 = w.copy(), m2 = m.copy(), v2 = v.copy();
            for (int t = 1; t <= 5; t++) {
                Matrix g = random(dtype, 3, cols, rng);
                if (t == 3) {
                    g.fill(0);   // a zero gradient: m and v decay, w still moves
                }
                double alpha = 1e-3 * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
                Ops.adamStep(w, g, m, v, b1, b2, alpha, eps);
                textbookAdam(w2, g, m2, v2, b1, b2, alpha, eps);
                assertSameBits(m2, m, dtype + " m, width " + cols + ", step " + t);
                assertSameBits(v2, v, dtype + " v, width " + cols + ", step " + t);
                assertSameBits(w2, w, dtype + " w, width " + cols + ", step " + t);
            }
        }
    }

    /** Adam's loop as {@code dev.regula.nn.Adam} writes it, in the dtype's arithmetic. */
    private static void textbookAdam(Matrix w, Matrix g, Matrix m, Matrix v, double b1, double b2, double alpha,
                                     double eps) {
        if (w.dtype() == DType.F32) {
            float[] ws = w.floats(), gs = g.floats(), ms = m.floats(), vs = v.floats();
            float fb1 = (float) b1, fb2 = (float) b2, a = (float) alpha, e = (float) eps;
            for (int i = 0; i < w.size(); i++) {
                ms[i] += fb1 * (gs[i] - ms[i]);
                vs[i] += fb2 * (gs[i] * gs[i] - vs[i]);
                ws[i] -= a * ms[i] / ((float) Math.sqrt(vs[i]) + e);
            }
        } else {
            double[] ws = w.doubles(), gs = g.doubles(), ms = m.doubles(), vs = v.doubles();
            for (int i = 0; i < w.size(); i++) {
                ms[i] += b1 * (gs[i] - ms[i]);
                vs[i] += b2 * (gs[i] * gs[i] - vs[i]);
                ws[i] -= alpha * ms[i] / (Math.sqrt(vs[i]) + eps);
            }
        }
    }
}
