package dev.regula.bench;

import dev.regula.core.Rng;
import dev.regula.core.gemm.Gemm;
import dev.regula.core.gemm.GemmKernel;
import dev.regula.core.gemm.VectorGemm;
import java.util.Locale;

/**
 * One GEMM to time: a kernel, a shape, a transpose variant and a dtype, with seeded inputs and a
 * preallocated output, so that {@link #run()} does nothing but the product.
 *
 * <p>A shape {@code "m x k x n"} (written {@code 128x784x500}) is op(A) m×k times op(B) k×n: the
 * MLP's forward pass is {@code 128x784x500}. The variant says how A and B are stored:
 * {@code NN} C = A·B, {@code TN} C = Aᵀ·B (A stored k×m, the weight gradient Xᵀ·dZ),
 * {@code NT} C = A·Bᵀ (B stored n×k, the input gradient dZ·Wᵀ). One call costs 2·m·n·k flops.
 */
final class GemmProblem {
    final GemmKernel kernel;
    final String kernelName;
    final int m, k, n;
    final boolean transA, transB;
    final boolean f32;
    private final float[] af, bf, cf;
    private final double[] ad, bd, cd;

    GemmProblem(String kernelName, String shape, String variant, String dtype, long seed) {
        this.kernelName = kernelName;
        this.kernel = kernel(kernelName);
        int[] mkn = parseShape(shape);
        m = mkn[0];
        k = mkn[1];
        n = mkn[2];
        switch (variant.toUpperCase(Locale.ROOT)) {
            case "NN": transA = false; transB = false; break;
            case "TN": transA = true; transB = false; break;
            case "NT": transA = false; transB = true; break;
            default:
                throw new IllegalArgumentException("Invalid variant: expected NN, TN or NT, received: " + variant);
        }
        switch (dtype.toUpperCase(Locale.ROOT)) {
            case "F32": f32 = true; break;
            case "F64": f32 = false; break;
            default:
                throw new IllegalArgumentException("Invalid dtype: expected F32 or F64, received: " + dtype);
        }
        Rng rng = new Rng(seed);
        if (f32) {
            af = uniformFloats(rng, m * k);
            bf = uniformFloats(rng, k * n);
            cf = new float[m * n];
            ad = bd = cd = null;
        } else {
            ad = uniformDoubles(rng, m * k);
            bd = uniformDoubles(rng, k * n);
            cd = new double[m * n];
            af = bf = cf = null;
        }
    }

    /** The kernel named naive, ejml, vector (default threads), vector1 or vector2 (fixed threads). */
    static GemmKernel kernel(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "vector1": return VectorGemm.withThreads(1);
            case "vector2": return VectorGemm.withThreads(2);
            default: return Gemm.byName(name);
        }
    }

    /** Parses "m x k x n", e.g. "128x784x500". */
    static int[] parseShape(String shape) {
        String[] parts = shape.toLowerCase(Locale.ROOT).split("x");
        if (parts.length != 3) {
            throw new IllegalArgumentException("Invalid shape: expected m x k x n such as 128x784x500, received: " + shape);
        }
        int[] mkn = new int[3];
        for (int i = 0; i < 3; i++) {
            mkn[i] = Integer.parseInt(parts[i].trim());
            if (mkn[i] <= 0) {
                throw new IllegalArgumentException("Invalid shape: expected positive sizes, received: " + shape);
            }
        }
        return mkn;
    }

    /** Flops of one call: 2·m·n·k. */
    long flops() {
        return 2L * m * n * k;
    }

    /** One product, C = op(A)·op(B); returns its flops. */
    long run() {
        if (f32) {
            kernel.gemm(transA, transB, m, n, k, af, bf, cf, false);
        } else {
            kernel.gemm(transA, transB, m, n, k, ad, bd, cd, false);
        }
        return 2L * m * n * k;
    }

    /** A checksum of C, so that a benchmark's result is used. */
    double checksum() {
        double sum = 0;
        if (f32) {
            for (float v : cf) sum += v;
        } else {
            for (double v : cd) sum += v;
        }
        return sum;
    }

    private static float[] uniformFloats(Rng rng, int size) {
        float[] x = new float[size];
        for (int i = 0; i < size; i++) x[i] = (float) rng.uniform(-1, 1);
        return x;
    }

    private static double[] uniformDoubles(Rng rng, int size) {
        double[] x = new double[size];
        for (int i = 0; i < size; i++) x[i] = rng.uniform(-1, 1);
        return x;
    }
}
