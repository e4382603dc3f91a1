package dev.regula.core.gemm;

import static dev.regula.core.gemm.VectorGemm.KC;
import static dev.regula.core.gemm.VectorGemm.MC;
import static dev.regula.core.gemm.VectorGemm.MR;
import static dev.regula.core.gemm.VectorGemm.NC;
import static dev.regula.core.gemm.VectorGemm.NV;

import java.util.Arrays;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The F32 kernel of {@link VectorGemm}: packing, macro-kernel and micro-kernels on float arrays,
 * with the blocking and the order of operations that {@link VectorGemm}'s javadoc describes.
 *
 * <p>The kernels of the two dtypes are twins, one text: {@code VectorGemmTwinsTest} checks that
 * the double-precision file is the single-precision one with the dtype's words replaced. Edit
 * the single-precision file, then take the other from the text the test writes on a mismatch.
 *
 * <p>Written for C2 in JDK 17: one vector shape (the preferred one, L lanes), and no vector
 * passed to a method (C2 may compile such a method on its own, and box its vectors).
 */
final class VectorGemmF32 {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    /** Lanes of a float vector. */
    static final int L = S.length();
    /** Columns of C in one micro-tile: NV vectors. */
    private static final int W = NV * L;

    private VectorGemmF32() {}

    /** C[i0:i1, j0:j1] (+)= op(A)[i0:i1, :]·op(B)[:, j0:j1]; all other elements of C untouched. */
    static void compute(boolean transA, boolean transB, int m, int n, int k,
                        float[] a, float[] b, float[] c, boolean accumulate,
                        int i0, int i1, int j0, int j1, PackingBuffers buffers) {
        int kBlocks = (k + KC - 1) / KC;
        int kcMax = (k + kBlocks - 1) / kBlocks; // equal k blocks: 784 = 4 × 196, not 3 × 256 + 16
        int ncMax = Math.min(NC, roundUp(j1 - j0, W));
        float[] pb = buffers.floats(0, ncMax * kcMax);
        float[] tile = buffers.floats(1, MR * L);
        // op(A)[i, p] is a[i·rs + p·cs], read in place by the micro-kernels
        int rs = transA ? 1 : k;
        int cs = transA ? m : 1;
        for (int jc = j0; jc < j1; jc += NC) {
            int nc = Math.min(NC, j1 - jc);
            for (int pc = 0; pc < k; pc += kcMax) {
                int kc = Math.min(kcMax, k - pc);
                boolean load = accumulate || pc > 0;
                packB(transB, n, k, b, pc, kc, jc, nc, pb);
                for (int ic = i0; ic < i1; ic += MC) {
                    int mc = Math.min(MC, i1 - ic);
                    macroKernel(mc, nc, kc, a, ic * rs + pc * cs, rs, cs, pb, c, n, ic, jc, load, tile);
                }
            }
        }
    }

    /**
     * Packs op(B)[pc:pc+kc, jc:jc+nc] into panels of W columns: element (p, j) of panel q
     * at {@code pb[q·kc·W + p·W + j]}, zero beyond column nc.
     */
    static void packB(boolean transB, int n, int k, float[] b, int pc, int kc, int jc, int nc, float[] pb) {
        for (int q = 0, j = jc; j < jc + nc; q++, j += W) {
            int cols = Math.min(W, jc + nc - j);
            int base = q * kc * W;
            if (!transB) { // b is k×n: a panel row is a piece of a row of b
                for (int p = 0; p < kc; p++) {
                    int dst = base + p * W;
                    System.arraycopy(b, (pc + p) * n + j, pb, dst, cols);
                    if (cols < W) {
                        Arrays.fill(pb, dst + cols, dst + W, 0f);
                    }
                }
            } else { // b is n×k: column j of op(B) is row j of b
                for (int jj = 0; jj < cols; jj++) {
                    int src = (j + jj) * k + pc;
                    for (int p = 0; p < kc; p++) {
                        pb[base + p * W + jj] = b[src + p];
                    }
                }
                if (cols < W) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(pb, base + p * W + cols, base + p * W + W, 0f);
                    }
                }
            }
        }
    }

    /**
     * All micro-tiles of C[ic:ic+mc, jc:jc+nc] for one k block; op(A)[ic + i, pc + p] is
     * {@code a[ai + i·rs + p·cs]}.
     */
    static void macroKernel(int mc, int nc, int kc, float[] a, int ai, int rs, int cs, float[] pb,
                            float[] c, int ldc, int ic, int jc, boolean load, float[] tile) {
        for (int q = 0, j = jc; j < jc + nc; q++, j += W) {
            int cols = Math.min(W, jc + nc - j);
            int panel = q * kc * W;
            for (int i = ic; i < ic + mc; i += MR) {
                int rows = Math.min(MR, ic + mc - i);
                int sliver = ai + (i - ic) * rs;
                if (cols == W) {
                    kernel4x3(kc, a, sliver, rs, cs, pb, panel, c, i * ldc + j, ldc, rows, load);
                } else {
                    for (int v = 0; v * L < cols; v++) {
                        kernel4x1(kc, a, sliver, rs, cs, pb, panel + v * L, c, i * ldc + j + v * L, ldc,
                                rows, Math.min(L, cols - v * L), load, tile);
                    }
                }
            }
        }
    }

    /**
     * The micro-kernel: the 4 × 3-vector tile of C at {@code ci} (+)= sliver · panel over one
     * k block, for the {@code rows} ≤ 4 rows that exist. Row r of the sliver, term p, is
     * {@code a[ai + r·rs + p·cs]}; a row beyond {@code rows} reads the last row that exists again
     * (its sums are not stored). The sum starts from zero in registers and is added to C at the
     * end when {@code load} (accumulating, or a later k block).
     */
    static void kernel4x3(int kc, float[] a, int ai, int rs, int cs, float[] pb, int bi,
                          float[] c, int ci, int ldc, int rows, boolean load) {
        FloatVector c00 = FloatVector.zero(S), c01 = c00, c02 = c00;
        FloatVector c10 = c00, c11 = c00, c12 = c00;
        FloatVector c20 = c00, c21 = c00, c22 = c00;
        FloatVector c30 = c00, c31 = c00, c32 = c00;
        int r1 = rows > 1 ? rs : 0, r2 = rows > 2 ? 2 * rs : r1, r3 = rows > 3 ? 3 * rs : r2;
        for (int p = 0; p < kc; p++, ai += cs, bi += W) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            FloatVector b1 = FloatVector.fromArray(S, pb, bi + L);
            FloatVector b2 = FloatVector.fromArray(S, pb, bi + 2 * L);
            FloatVector a0 = FloatVector.broadcast(S, a[ai]);
            c00 = a0.fma(b0, c00);
            c01 = a0.fma(b1, c01);
            c02 = a0.fma(b2, c02);
            FloatVector a1 = FloatVector.broadcast(S, a[ai + r1]);
            c10 = a1.fma(b0, c10);
            c11 = a1.fma(b1, c11);
            c12 = a1.fma(b2, c12);
            FloatVector a2 = FloatVector.broadcast(S, a[ai + r2]);
            c20 = a2.fma(b0, c20);
            c21 = a2.fma(b1, c21);
            c22 = a2.fma(b2, c22);
            FloatVector a3 = FloatVector.broadcast(S, a[ai + r3]);
            c30 = a3.fma(b0, c30);
            c31 = a3.fma(b1, c31);
            c32 = a3.fma(b2, c32);
        }
        // C (+)= the tile, the rows that exist. Written out rather than a helper taking vectors: in
        // some JVM runs C2 compiled such a helper on its own, its vectors were boxed, and the
        // training step ran its stores through the Vector API's fallback (8 MB allocated per step).
        if (load) {
            c00 = c00.add(FloatVector.fromArray(S, c, ci));
            c01 = c01.add(FloatVector.fromArray(S, c, ci + L));
            c02 = c02.add(FloatVector.fromArray(S, c, ci + 2 * L));
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + L);
        c02.intoArray(c, ci + 2 * L);
        if (rows > 1) {
            int r = ci + ldc;
            if (load) {
                c10 = c10.add(FloatVector.fromArray(S, c, r));
                c11 = c11.add(FloatVector.fromArray(S, c, r + L));
                c12 = c12.add(FloatVector.fromArray(S, c, r + 2 * L));
            }
            c10.intoArray(c, r);
            c11.intoArray(c, r + L);
            c12.intoArray(c, r + 2 * L);
        }
        if (rows > 2) {
            int r = ci + 2 * ldc;
            if (load) {
                c20 = c20.add(FloatVector.fromArray(S, c, r));
                c21 = c21.add(FloatVector.fromArray(S, c, r + L));
                c22 = c22.add(FloatVector.fromArray(S, c, r + 2 * L));
            }
            c20.intoArray(c, r);
            c21.intoArray(c, r + L);
            c22.intoArray(c, r + 2 * L);
        }
        if (rows > 3) {
            int r = ci + 3 * ldc;
            if (load) {
                c30 = c30.add(FloatVector.fromArray(S, c, r));
                c31 = c31.add(FloatVector.fromArray(S, c, r + L));
                c32 = c32.add(FloatVector.fromArray(S, c, r + 2 * L));
            }
            c30.intoArray(c, r);
            c31.intoArray(c, r + L);
            c32.intoArray(c, r + 2 * L);
        }
    }

    /**
     * The edge kernel: a 4 × 1-vector tile of C at {@code ci}, for a panel narrower than W,
     * of which {@code cols} ≤ L columns exist; a partial vector goes through {@code tile}.
     */
    static void kernel4x1(int kc, float[] a, int ai, int rs, int cs, float[] pb, int bi,
                          float[] c, int ci, int ldc, int rows, int cols, boolean load, float[] tile) {
        FloatVector c0 = FloatVector.zero(S), c1 = c0, c2 = c0, c3 = c0;
        int r1 = rows > 1 ? rs : 0, r2 = rows > 2 ? 2 * rs : r1, r3 = rows > 3 ? 3 * rs : r2;
        for (int p = 0; p < kc; p++, ai += cs, bi += W) {
            FloatVector b0 = FloatVector.fromArray(S, pb, bi);
            c0 = FloatVector.broadcast(S, a[ai]).fma(b0, c0);
            c1 = FloatVector.broadcast(S, a[ai + r1]).fma(b0, c1);
            c2 = FloatVector.broadcast(S, a[ai + r2]).fma(b0, c2);
            c3 = FloatVector.broadcast(S, a[ai + r3]).fma(b0, c3);
        }
        if (cols == L) {                 // written out, as in kernel4x3
            if (load) {
                c0 = c0.add(FloatVector.fromArray(S, c, ci));
                c1 = rows > 1 ? c1.add(FloatVector.fromArray(S, c, ci + ldc)) : c1;
                c2 = rows > 2 ? c2.add(FloatVector.fromArray(S, c, ci + 2 * ldc)) : c2;
                c3 = rows > 3 ? c3.add(FloatVector.fromArray(S, c, ci + 3 * ldc)) : c3;
            }
            c0.intoArray(c, ci);
            if (rows > 1) c1.intoArray(c, ci + ldc);
            if (rows > 2) c2.intoArray(c, ci + 2 * ldc);
            if (rows > 3) c3.intoArray(c, ci + 3 * ldc);
        } else {
            c0.intoArray(tile, 0);
            c1.intoArray(tile, L);
            c2.intoArray(tile, 2 * L);
            c3.intoArray(tile, 3 * L);
            for (int r = 0; r < rows; r++) {
                for (int j = 0; j < cols; j++) {
                    int at = ci + r * ldc + j;
                    c[at] = load ? c[at] + tile[r * L + j] : tile[r * L + j];
                }
            }
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }
}
