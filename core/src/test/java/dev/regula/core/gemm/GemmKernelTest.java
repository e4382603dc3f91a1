package dev.regula.core.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.regula.core.Rng;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.opentest4j.AssertionFailedError;

/**
 * The contract every {@link GemmKernel} runs: it equals the {@link NaiveGemm} oracle, within a
 * rounding bound, on every transpose variant, with and without accumulation, in both dtypes, on
 * shapes from 1×1 through odd sizes and edge tails to the MLP's, and it touches nothing in
 * {@code c} beyond its m·n elements and nothing in {@code a} or {@code b} at all.
 *
 * <p>The bound for element (i, j) is the classical one for a dot product computed in any order:
 * {@code |c - ref| <= tol · (Σ_p |a_ip|·|b_pj| + |c_ij before|) + floor}, with tol = 1e-5 for F32
 * and 1e-12 for F64 (both well above the k·u a worst case needs at these k, far below the error a
 * wrong index makes) and floor the smallest normal number, for the entries that are exactly 0.
 */
class GemmKernelTest {

    private static final String[] VARIANTS = {"NN", "TN", "NT", "TT"};
    private static final int PAD = 3; // extra elements at the end of every array
    private static final float C_SENTINEL_F = 12345.5f;
    private static final double C_SENTINEL_D = -54321.25;

    /** Shapes as {m, k, n}: op(A) m×k times op(B) k×n. */
    private static List<int[]> shapes() {
        List<int[]> shapes = new ArrayList<>(List.of(
                new int[] {1, 1, 1},
                new int[] {7, 13, 5},       // odd everything
                new int[] {1, 7, 1},
                new int[] {3, 1, 17},       // k = 1
                new int[] {17, 3, 1},       // n = 1
                new int[] {4, 300, 48},     // two k blocks, exactly one float panel
                new int[] {5, 513, 49},     // three k blocks, row tail, one column past a panel
                new int[] {130, 40, 70},    // two A blocks (MC = 128)
                new int[] {6, 9, 3100},     // two B blocks (NC = 3072)
                new int[] {128, 500, 10},   // the MLP's output layer (rows are cut, not columns)
                new int[] {128, 784, 500}   // the MLP's first layer
        ));
        Rng rng = new Rng(20240601L);
        for (int i = 0; i < 6; i++) {
            shapes.add(new int[] {1 + rng.nextInt(150), 1 + rng.nextInt(600), 1 + rng.nextInt(150)});
        }
        return shapes;
    }

    static GemmKernel kernel(String name) {
        switch (name) {
            case "vector1": return VectorGemm.withThreads(1);
            case "vector2": return VectorGemm.withThreads(2);
            default: return Gemm.byName(name);
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"naive", "ejml", "vector", "vector1", "vector2"})
    void equalsNaiveOnEveryShapeVariantAndDtype(String name) {
        GemmKernel kernel = kernel(name);
        long seed = 1;
        for (int[] shape : shapes()) {
            for (String variant : VARIANTS) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    checkF32(name, kernel, shape[0], shape[1], shape[2], variant, accumulate, seed);
                    checkF64(name, kernel, shape[0], shape[1], shape[2], variant, accumulate, seed);
                    seed++;
                }
            }
        }
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"naive", "ejml", "vector", "vector1", "vector2"})
    void emptyDimensions(String name) {
        GemmKernel kernel = kernel(name);
        int[][] empty = {{0, 3, 4}, {3, 0, 4}, {3, 4, 0}, {0, 0, 0}, {0, 0, 5}};
        for (int[] shape : empty) {
            for (String variant : VARIANTS) {
                for (boolean accumulate : new boolean[] {false, true}) {
                    checkF32(name, kernel, shape[0], shape[1], shape[2], variant, accumulate, 7);
                    checkF64(name, kernel, shape[0], shape[1], shape[2], variant, accumulate, 7);
                }
            }
        }
        // k == 0 is an empty sum: C = 0, or C unchanged when accumulating.
        float[] c = {1f, 2f, 3f, 4f, 5f, 6f};
        kernel.gemm(false, false, 2, 3, 0, new float[0], new float[0], c, true);
        assertArrayEquals(new float[] {1f, 2f, 3f, 4f, 5f, 6f}, c, name + ": k = 0 with accumulate");
        kernel.gemm(false, false, 2, 3, 0, new float[0], new float[0], c, false);
        assertArrayEquals(new float[6], c, name + ": k = 0 without accumulate");
    }

    // ---------------------------------------------------------------------------------------
    // Determinism, threads and concurrency of the vector kernel

    @Test
    void vectorKernelIsBitForBitRepeatableAndIndependentOfThreads() {
        for (int[] shape : new int[][] {{128, 784, 500}, {128, 500, 10}, {37, 301, 211}}) {
            for (String variant : new String[] {"NN", "TN", "NT"}) {
                Problem32 p32 = new Problem32(shape[0], shape[1], shape[2], variant, false, 99);
                float[] first = p32.run(VectorGemm.withThreads(2));
                assertArrayEquals(first, p32.run(VectorGemm.withThreads(2)), "second call, 2 threads " + Arrays.toString(shape));
                assertArrayEquals(first, p32.run(VectorGemm.withThreads(1)), "1 thread vs 2 " + Arrays.toString(shape));
                assertArrayEquals(first, p32.run(VectorGemm.INSTANCE), "default instance " + Arrays.toString(shape));
                Problem64 p64 = new Problem64(shape[0], shape[1], shape[2], variant, true, 98);
                double[] first64 = p64.run(VectorGemm.withThreads(2));
                assertArrayEquals(first64, p64.run(VectorGemm.withThreads(2)), "second call F64 " + Arrays.toString(shape));
                assertArrayEquals(first64, p64.run(VectorGemm.withThreads(1)), "1 thread vs 2, F64 " + Arrays.toString(shape));
            }
        }
    }

    @Test
    void concurrentCallersGetTheSameBitsAsOneCaller() throws Exception {
        Problem32 small = new Problem32(128, 500, 500, "NN", false, 5);
        Problem32 other = new Problem32(100, 300, 260, "NT", true, 6);
        float[] expectSmall = small.run(VectorGemm.withThreads(1));
        float[] expectOther = other.run(VectorGemm.withThreads(1));
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<Boolean>> results = new ArrayList<>();
            for (int t = 0; t < 2; t++) {
                Problem32 p = t == 0 ? small.copy() : other.copy();
                float[] expect = t == 0 ? expectSmall : expectOther;
                results.add(pool.submit(() -> {
                    for (int rep = 0; rep < 50; rep++) {
                        if (!Arrays.equals(expect, p.run(VectorGemm.withThreads(2)))) {
                            return false;
                        }
                    }
                    return true;
                }));
            }
            for (Future<Boolean> r : results) {
                assertTrue(r.get(), "a concurrent call gave different bits");
            }
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------
    // Errors

    @Test
    void byNameRejectsAnUnknownKernelAndSaysWhatItReceived() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Gemm.byName("blas"));
        assertTrue(e.getMessage().contains("naive, ejml or vector"), e.getMessage());
        assertTrue(e.getMessage().contains("blas"), e.getMessage());
        assertSame(NaiveGemm.INSTANCE, Gemm.byName("naive"));
        assertSame(EjmlGemm.INSTANCE, Gemm.byName("EJML"));
        assertSame(VectorGemm.INSTANCE, Gemm.byName("vector"));
        assertEquals("vector", Gemm.byName("vector").name());
    }

    @Test
    void vectorKernelRejectsBadArguments() {
        GemmKernel v = VectorGemm.INSTANCE;
        IllegalArgumentException shortA = assertThrows(IllegalArgumentException.class,
                () -> v.gemm(false, false, 2, 3, 4, new float[7], new float[12], new float[6], false));
        assertTrue(shortA.getMessage().contains("a: a 2×4 matrix needs 8 elements, received an array of 7"),
                shortA.getMessage());
        IllegalArgumentException shortB = assertThrows(IllegalArgumentException.class,
                () -> v.gemm(false, true, 2, 3, 4, new double[8], new double[11], new double[6], false));
        assertTrue(shortB.getMessage().contains("b: a 3×4 matrix"), shortB.getMessage());
        IllegalArgumentException negative = assertThrows(IllegalArgumentException.class,
                () -> v.gemm(false, false, -1, 3, 4, new float[8], new float[12], new float[6], false));
        assertTrue(negative.getMessage().contains("m=-1"), negative.getMessage());
        float[] same = new float[16];
        IllegalArgumentException alias = assertThrows(IllegalArgumentException.class,
                () -> v.gemm(false, false, 2, 2, 2, same, new float[4], same, false));
        assertTrue(alias.getMessage().contains("must not be the same array"), alias.getMessage());
        IllegalArgumentException threads = assertThrows(IllegalArgumentException.class,
                () -> VectorGemm.withThreads(3));
        assertTrue(threads.getMessage().contains("expected 1 or 2, received: 3"), threads.getMessage());
    }

    /** The check above must be able to fail: one element off by a little more than the bound. */
    @Test
    void theCheckRejectsAWrongElement() {
        Problem32 p = new Problem32(9, 40, 11, "NN", false, 3);
        float[] good = p.run(NaiveGemm.INSTANCE);
        p.verify("self", good); // passes
        float[] bad = good.clone();
        bad[5 * 11 + 4] += 1e-3f;
        assertThrows(AssertionFailedError.class, () -> p.verify("perturbed", bad));
        float[] wrongIndex = good.clone();
        wrongIndex[0] = good[1];
        assertThrows(AssertionFailedError.class, () -> p.verify("swapped", wrongIndex));
    }

    // ---------------------------------------------------------------------------------------
    // One case: inputs with NaN padding, C with sentinel padding, the oracle and the bound.

    private static void checkF32(String name, GemmKernel kernel, int m, int k, int n, String variant,
                                 boolean accumulate, long seed) {
        Problem32 p = new Problem32(m, k, n, variant, accumulate, seed);
        p.verify(name, p.run(kernel));
    }

    private static void checkF64(String name, GemmKernel kernel, int m, int k, int n, String variant,
                                 boolean accumulate, long seed) {
        Problem64 p = new Problem64(m, k, n, variant, accumulate, seed);
        p.verify(name, p.run(kernel));
    }

    private static final class Problem32 {
        final int m, k, n;
        final boolean transA, transB, accumulate;
        final String label;
        final float[] a, b, c0;

        Problem32(int m, int k, int n, String variant, boolean accumulate, long seed) {
            this.m = m;
            this.k = k;
            this.n = n;
            this.transA = variant.charAt(0) == 'T';
            this.transB = variant.charAt(1) == 'T';
            this.accumulate = accumulate;
            this.label = m + "×" + k + "·" + k + "×" + n + " " + variant + " F32 accumulate=" + accumulate;
            Rng rng = new Rng(seed);
            a = padded(rng, m * k, Float.NaN); // a kernel that reads past m·k makes NaN
            b = padded(rng, k * n, Float.NaN);
            c0 = padded(rng, m * n, C_SENTINEL_F);
        }

        Problem32 copy() {
            Problem32 p = new Problem32(m, k, n, (transA ? "T" : "N") + (transB ? "T" : "N"), accumulate, 0);
            System.arraycopy(a, 0, p.a, 0, a.length);
            System.arraycopy(b, 0, p.b, 0, b.length);
            System.arraycopy(c0, 0, p.c0, 0, c0.length);
            return p;
        }

        private static float[] padded(Rng rng, int size, float pad) {
            float[] x = new float[size + PAD];
            for (int i = 0; i < size; i++) x[i] = (float) rng.uniform(-1, 1);
            Arrays.fill(x, size, size + PAD, pad);
            return x;
        }

        /** Runs the kernel on copies and checks that a and b came back unchanged. */
        float[] run(GemmKernel kernel) {
            float[] aa = a.clone(), bb = b.clone(), c = c0.clone();
            kernel.gemm(transA, transB, m, n, k, aa, bb, c, accumulate);
            assertArrayEquals(a, aa, kernel.name() + " modified a, " + label);
            assertArrayEquals(b, bb, kernel.name() + " modified b, " + label);
            return c;
        }

        void verify(String name, float[] c) {
            float[] ref = run(NaiveGemm.INSTANCE);
            double[] bound = absBound(m, k, n, transA, transB, widen(a), widen(b), widen(c0), accumulate);
            for (int idx = 0; idx < m * n; idx++) {
                double err = Math.abs((double) c[idx] - ref[idx]);
                double allowed = 1e-5 * bound[idx] + Float.MIN_NORMAL;
                if (!(err <= allowed)) {
                    fail(name + " " + label + ": c[" + idx / n + "][" + idx % n + "] = " + c[idx]
                            + ", naive gives " + ref[idx] + ", |difference| " + err + " > bound " + allowed);
                }
            }
            for (int idx = m * n; idx < c.length; idx++) {
                if (Float.floatToRawIntBits(c[idx]) != Float.floatToRawIntBits(C_SENTINEL_F)) {
                    fail(name + " " + label + ": wrote c[" + idx + "] beyond m·n = " + m * n);
                }
            }
        }
    }

    private static final class Problem64 {
        final int m, k, n;
        final boolean transA, transB, accumulate;
        final String label;
        final double[] a, b, c0;

        Problem64(int m, int k, int n, String variant, boolean accumulate, long seed) {
            this.m = m;
            this.k = k;
            this.n = n;
            this.transA = variant.charAt(0) == 'T';
            this.transB = variant.charAt(1) == 'T';
            this.accumulate = accumulate;
            this.label = m + "×" + k + "·" + k + "×" + n + " " + variant + " F64 accumulate=" + accumulate;
            Rng rng = new Rng(seed);
            a = padded(rng, m * k, Double.NaN);
            b = padded(rng, k * n, Double.NaN);
            c0 = padded(rng, m * n, C_SENTINEL_D);
        }

        private static double[] padded(Rng rng, int size, double pad) {
            double[] x = new double[size + PAD];
            for (int i = 0; i < size; i++) x[i] = rng.uniform(-1, 1);
            Arrays.fill(x, size, size + PAD, pad);
            return x;
        }

        double[] run(GemmKernel kernel) {
            double[] aa = a.clone(), bb = b.clone(), c = c0.clone();
            kernel.gemm(transA, transB, m, n, k, aa, bb, c, accumulate);
            assertArrayEquals(a, aa, kernel.name() + " modified a, " + label);
            assertArrayEquals(b, bb, kernel.name() + " modified b, " + label);
            return c;
        }

        void verify(String name, double[] c) {
            double[] ref = run(NaiveGemm.INSTANCE);
            double[] bound = absBound(m, k, n, transA, transB, a, b, c0, accumulate);
            for (int idx = 0; idx < m * n; idx++) {
                double err = Math.abs(c[idx] - ref[idx]);
                double allowed = 1e-12 * bound[idx] + Double.MIN_NORMAL;
                if (!(err <= allowed)) {
                    fail(name + " " + label + ": c[" + idx / n + "][" + idx % n + "] = " + c[idx]
                            + ", naive gives " + ref[idx] + ", |difference| " + err + " > bound " + allowed);
                }
            }
            for (int idx = m * n; idx < c.length; idx++) {
                if (Double.doubleToRawLongBits(c[idx]) != Double.doubleToRawLongBits(C_SENTINEL_D)) {
                    fail(name + " " + label + ": wrote c[" + idx + "] beyond m·n = " + m * n);
                }
            }
        }
    }

    private static double[] widen(float[] x) {
        double[] y = new double[x.length];
        for (int i = 0; i < x.length; i++) y[i] = x[i];
        return y;
    }

    /** Σ_p |op(A)_ip|·|op(B)_pj| (+ |c_ij| when accumulating), in double, for each (i, j). */
    private static double[] absBound(int m, int k, int n, boolean transA, boolean transB,
                                     double[] a, double[] b, double[] c0, boolean accumulate) {
        double[] bound = new double[m * n];
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < n; j++) {
                double sum = accumulate ? Math.abs(c0[i * n + j]) : 0;
                for (int p = 0; p < k; p++) {
                    double aip = transA ? a[p * m + i] : a[i * k + p];
                    double bpj = transB ? b[j * k + p] : b[p * n + j];
                    sum += Math.abs(aip) * Math.abs(bpj);
                }
                bound[i * n + j] = sum;
            }
        }
        return bound;
    }
}
