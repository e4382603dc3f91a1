package dev.regula.core.gemm;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The engine's own GEMM, {@code C = op(A)·op(B)} or {@code C += op(A)·op(B)}, written with the
 * {@code jdk.incubator.vector} API: a register-blocked micro-kernel fed by packed panels, in the
 * GotoBLAS/BLIS scheme, run on the calling thread and one spinning helper thread.
 *
 * <h2>Blocking</h2>
 * With W = {@value #NV} vectors (48 floats or 24 doubles on AVX-512), C is computed as
 * <pre>
 * for jc over the columns of C, step NC          // B block: KC × NC
 *   for pc over 0..k-1, step ≈ KC                // the k blocks, of equal size ≤ KC
 *     pack op(B)[pc:pc+kc, jc:jc+nc] into panels of W columns (each panel kc × W, row after row)
 *     for ic over the rows of C, step MC         // A block: MC × KC
 *       pack op(A)[ic:ic+mc, pc:pc+kc] into slivers of MR = 4 rows (each sliver kc × 4, the
 *                                                 4 values of one p side by side)
 *       for each panel, for each sliver:
 *         micro-kernel on the 4 × W tile of C
 * </pre>
 * The micro-kernel keeps the 4 × 3 = 12 accumulator vectors of its tile in registers. For each
 * p it loads 3 vectors of the B panel, broadcasts the 4 values of the A sliver and issues 12
 * fused multiply-adds, so it reads 7 values per 12 FMAs from two unit-stride streams. One B panel
 * (kc × W, up to 48 KB for floats, the size of L1 here) is reused by every sliver of the A block;
 * the A block (MC × kc) stays in L2.
 *
 * <p>Packing is where the transposes go: {@code transA} only changes how the slivers are read
 * out of {@code a}, {@code transB} only how the panels are read out of {@code b}. The micro-kernel
 * is the same for A·B, Aᵀ·B, A·Bᵀ and Aᵀ·Bᵀ. Edges are padded, not special-cased: the last sliver
 * is filled up with zero rows and the last panel with zero columns; the micro-kernel computes the
 * full tile and stores only the rows and columns that exist. A panel narrower than W is computed
 * one vector at a time by a 4 × 1 kernel, whose last, partial vector is stored through a small
 * buffer element by element (in JDK 17 a masked vector load or store allocates and is slow: about
 * 80 bytes and 9 ns each, measured here).
 *
 * <h2>Numbers</h2>
 * Within a k block, each element's sum starts from zero in a register and takes the terms
 * a_ip·b_pj as fused multiply-adds in the order of p; at the end of the block it is added to C
 * (or stored, for the first block when not accumulating). The k blocks depend on k only, so the
 * order of every operation depends on the shape only, never on how the work was split or timed:
 * one thread and two threads give bit-identical results, and so do two calls on the same inputs.
 * The result differs from {@link NaiveGemm}'s (which rounds each product and sums in one run) by
 * the usual rounding error of a dot product.
 *
 * <h2>Threads</h2>
 * The default instance uses {@code min(2, availableProcessors())} threads; the system property
 * {@code regula.gemm.threads} (1 or 2) overrides that, and {@link #withThreads(int)} gives an
 * instance with a fixed count, for benchmarks. With two threads, a problem of at least
 * {@value #SPLIT_FLOPS} flops (2·m·n·k) is cut in two parts that depend on the shape only: the
 * columns of C are cut at a vector boundary near n/2, or, when C is too narrow for that, its rows
 * at a multiple of 4 near m/2. The calling thread computes the first part while a single
 * persistent daemon helper computes the second; each packs its own panels and slivers into its
 * own buffers, so they share nothing but the read-only inputs, and write disjoint parts of C.
 *
 * <p>Why the helper spins: these GEMMs take well under a millisecond (the MLP's 128×784·784×500
 * is 0.1 GFLOP), and waking a parked thread costs tens of microseconds, which measured 20-40 %
 * of the time on this scale. So after a job the helper waits for the next one by spinning
 * ({@link Thread#onSpinWait()}) for {@code regula.gemm.spinMicros} microseconds (default
 * {@value #DEFAULT_SPIN_MICROS}), and only then naps on a timer, in naps of growing length. In a
 * training loop the GEMMs follow each other more closely than that, so there the helper seldom
 * naps; while it spins it occupies a core that would otherwise idle.
 *
 * <p>The caller never waits for a helper that has not started: whoever takes the posted part
 * first computes it, and a caller done with its own part takes the helper's if it is still there
 * (the helper is napping, descheduled, or shares the caller's core). On this 2-core VM the
 * scheduler sometimes does put the helper on the caller's core; then the two-thread kernel runs
 * at about the one-thread rate instead of stalling, and the helper naps to be placed again (see
 * {@code Helper}).
 *
 * <p>Thread safety: the helper serves one call at a time, taken with {@link ReentrantLock#tryLock()}.
 * A call that finds the helper busy (another thread is in a two-thread GEMM) runs on its own
 * thread instead of waiting, with the same result. The packing buffers belong to their thread
 * (a {@link ThreadLocal} for callers, a field for the helper) and grow to the largest shape seen,
 * so the steady state allocates nothing.
 */
public final class VectorGemm implements GemmKernel {

    private static final VectorSpecies<Float> FS = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Double> DS = DoubleVector.SPECIES_PREFERRED;

    /** Rows of C in one micro-tile. */
    static final int MR = 4;
    /** Vectors of C in one row of a micro-tile. */
    static final int NV = 3;
    /** Largest k block: a B panel of KC × 48 floats is 48 KB. */
    static final int KC = 256;
    /** Rows of C in one packed A block (a multiple of MR). */
    static final int MC = 128;
    /** Columns of C in one packed B block (a multiple of the panel width for 4-, 8- or 16-lane vectors). */
    static final int NC = 3072;
    /** Below this many flops (2·m·n·k) one thread does the whole product. */
    static final double SPLIT_FLOPS = 1e6;
    static final long DEFAULT_SPIN_MICROS = 200;

    /** The kernel with the default number of threads. */
    public static final VectorGemm INSTANCE = new VectorGemm(defaultThreads());
    private static final VectorGemm ONE_THREAD = new VectorGemm(1);
    private static final VectorGemm TWO_THREADS = new VectorGemm(2);

    private static final ThreadLocal<Buffers> CALLER_BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private final int threads;

    private VectorGemm(int threads) {
        this.threads = threads;
    }

    /**
     * The kernel with a fixed number of threads: 1 (the calling thread only) or 2 (the calling
     * thread and the helper).
     *
     * @throws IllegalArgumentException for any other count
     */
    public static VectorGemm withThreads(int threads) {
        if (threads == 1) return ONE_THREAD;
        if (threads == 2) return TWO_THREADS;
        throw new IllegalArgumentException(
                "Invalid value for threads: expected 1 or 2, received: " + threads);
    }

    private static int defaultThreads() {
        String forced = System.getProperty("regula.gemm.threads");
        if (forced == null) {
            return Math.min(2, Runtime.getRuntime().availableProcessors());
        }
        switch (forced.trim()) {
            case "1": return 1;
            case "2": return 2;
            default:
                throw new IllegalArgumentException(
                        "Invalid value for regula.gemm.threads: expected 1 or 2, received: " + forced);
        }
    }

    @Override
    public String name() {
        return "vector";
    }

    /** The number of threads this instance computes with: 1 or 2. */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "VectorGemm(threads=" + threads + ", " + FS.length() + " floats per vector)";
    }

    // ------------------------------------------------------------------------------------------
    // Entry points: check, handle empty shapes, cut the work, run it.

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     float[] a, float[] b, float[] c, boolean accumulate) {
        checkArguments(transA, transB, m, n, k, a.length, b.length, c.length, c == a || c == b);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) { // an empty sum: C = 0, or C unchanged when accumulating
            if (!accumulate) {
                Arrays.fill(c, 0, m * n, 0f);
            }
            return;
        }
        int colCut = columnCut(m, n, k, FS.length());
        int rowCut = colCut == 0 ? rowCut(m, n, k) : 0;
        Helper helper = (colCut | rowCut) == 0 ? null : Helper.get();
        if (helper == null || !helper.lock.tryLock()) {
            F32.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, n, CALLER_BUFFERS.get());
            return;
        }
        Buffers mine = CALLER_BUFFERS.get();
        try {
            try {
                if (colCut != 0) { // caller: columns [0, colCut), helper: [colCut, n)
                    helper.postF32(transA, transB, m, n, k, a, b, c, accumulate, 0, m, colCut, n);
                    F32.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, colCut, mine);
                } else { // caller: rows [0, rowCut), helper: [rowCut, m)
                    helper.postF32(transA, transB, m, n, k, a, b, c, accumulate, rowCut, m, 0, n);
                    F32.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, rowCut, 0, n, mine);
                }
            } finally {
                helper.finishJob(mine);
            }
        } finally {
            helper.lock.unlock();
        }
    }

    @Override
    public void gemm(boolean transA, boolean transB, int m, int n, int k,
                     double[] a, double[] b, double[] c, boolean accumulate) {
        checkArguments(transA, transB, m, n, k, a.length, b.length, c.length, c == a || c == b);
        if (m == 0 || n == 0) {
            return;
        }
        if (k == 0) {
            if (!accumulate) {
                Arrays.fill(c, 0, m * n, 0.0);
            }
            return;
        }
        int colCut = columnCut(m, n, k, DS.length());
        int rowCut = colCut == 0 ? rowCut(m, n, k) : 0;
        Helper helper = (colCut | rowCut) == 0 ? null : Helper.get();
        if (helper == null || !helper.lock.tryLock()) {
            F64.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, n, CALLER_BUFFERS.get());
            return;
        }
        Buffers mine = CALLER_BUFFERS.get();
        try {
            try {
                if (colCut != 0) { // caller: columns [0, colCut), helper: [colCut, n)
                    helper.postF64(transA, transB, m, n, k, a, b, c, accumulate, 0, m, colCut, n);
                    F64.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, colCut, mine);
                } else { // caller: rows [0, rowCut), helper: [rowCut, m)
                    helper.postF64(transA, transB, m, n, k, a, b, c, accumulate, rowCut, m, 0, n);
                    F64.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, rowCut, 0, n, mine);
                }
            } finally {
                helper.finishJob(mine);
            }
        } finally {
            helper.lock.unlock();
        }
    }

    private static void checkArguments(boolean transA, boolean transB, int m, int n, int k,
                                       int aLength, int bLength, int cLength, boolean aliased) {
        if (m < 0 || n < 0 || k < 0) {
            throw new IllegalArgumentException("Invalid GEMM shape: expected m, n, k >= 0, received: m="
                    + m + ", n=" + n + ", k=" + k);
        }
        checkLength("a", transA ? k : m, transA ? m : k, aLength);
        checkLength("b", transB ? n : k, transB ? k : n, bLength);
        checkLength("c", m, n, cLength);
        if (aliased) {
            throw new IllegalArgumentException("Invalid GEMM arguments: c must not be the same array as a or b");
        }
    }

    private static void checkLength(String name, int rows, int cols, int length) {
        if ((long) rows * cols > length) {
            throw new IllegalArgumentException("Invalid GEMM argument " + name + ": a " + rows + "×" + cols
                    + " matrix needs " + ((long) rows * cols) + " elements, received an array of " + length);
        }
    }

    /**
     * Where the caller's columns end and the helper's begin, or 0 for no column cut. The cut is
     * the vector boundary at or just after n/2, and is made only when each side gets at least one
     * full panel of {@value #NV} vectors.
     */
    private int columnCut(int m, int n, int k, int lanes) {
        if (threads < 2 || 2.0 * m * n * k < SPLIT_FLOPS) {
            return 0;
        }
        int vectors = (n + lanes - 1) / lanes;
        if (vectors < 2 * NV) {
            return 0;
        }
        return (vectors + 1) / 2 * lanes;
    }

    /** Where the caller's rows end and the helper's begin (a multiple of MR), or 0 for no row cut. */
    private int rowCut(int m, int n, int k) {
        if (threads < 2 || 2.0 * m * n * k < SPLIT_FLOPS || m < 2 * MR) {
            return 0;
        }
        int slivers = (m + MR - 1) / MR;
        return (slivers + 1) / 2 * MR;
    }

    // ------------------------------------------------------------------------------------------
    // F32: packing, macro-kernel, micro-kernels. F64 below is the same code on doubles.

    private static final class F32 {
        private static final int L = FS.length();
        private static final int W = NV * L;

        /** C[i0:i1, j0:j1] (+)= op(A)[i0:i1, :]·op(B)[:, j0:j1]; all other elements of C untouched. */
        static void compute(boolean transA, boolean transB, int m, int n, int k,
                            float[] a, float[] b, float[] c, boolean accumulate,
                            int i0, int i1, int j0, int j1, Buffers buffers) {
            int kBlocks = (k + KC - 1) / KC;
            int kcMax = (k + kBlocks - 1) / kBlocks; // equal k blocks: 784 = 4 × 196, not 3 × 256 + 16
            int mcMax = Math.min(MC, roundUp(i1 - i0, MR));
            int ncMax = Math.min(NC, roundUp(j1 - j0, W));
            float[] pa = buffers.floats(0, mcMax * kcMax);
            float[] pb = buffers.floats(1, ncMax * kcMax);
            float[] tile = buffers.floats(2, MR * L);
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    boolean load = accumulate || pc > 0;
                    packB(transB, n, k, b, pc, kc, jc, nc, pb);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        packA(transA, m, k, a, ic, mc, pc, kc, pa);
                        macroKernel(mc, nc, kc, pa, pb, c, n, ic, jc, load, tile);
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
         * Packs op(A)[ic:ic+mc, pc:pc+kc] into slivers of MR rows: element (i, p) of sliver s at
         * {@code pa[s·kc·MR + p·MR + i]}, zero beyond row mc.
         */
        static void packA(boolean transA, int m, int k, float[] a, int ic, int mc, int pc, int kc, float[] pa) {
            for (int s = 0, i = ic; i < ic + mc; s++, i += MR) {
                int rows = Math.min(MR, ic + mc - i);
                int base = s * kc * MR;
                if (!transA) { // a is m×k: a sliver column is a piece of a row of a
                    for (int r = 0; r < rows; r++) {
                        int src = (i + r) * k + pc;
                        for (int p = 0; p < kc; p++) {
                            pa[base + p * MR + r] = a[src + p];
                        }
                    }
                } else { // a is k×m: the MR values of one p are adjacent in a
                    for (int p = 0; p < kc; p++) {
                        int src = (pc + p) * m + i;
                        for (int r = 0; r < rows; r++) {
                            pa[base + p * MR + r] = a[src + r];
                        }
                    }
                }
                if (rows < MR) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(pa, base + p * MR + rows, base + p * MR + MR, 0f);
                    }
                }
            }
        }

        /** All micro-tiles of C[ic:ic+mc, jc:jc+nc] for one k block. */
        static void macroKernel(int mc, int nc, int kc, float[] pa, float[] pb, float[] c, int ldc,
                                int ic, int jc, boolean load, float[] tile) {
            for (int q = 0, j = jc; j < jc + nc; q++, j += W) {
                int cols = Math.min(W, jc + nc - j);
                int panel = q * kc * W;
                for (int s = 0, i = ic; i < ic + mc; s++, i += MR) {
                    int rows = Math.min(MR, ic + mc - i);
                    int sliver = s * kc * MR;
                    if (cols == W) {
                        kernel4x3(kc, pa, sliver, pb, panel, c, i * ldc + j, ldc, rows, load);
                    } else {
                        for (int v = 0; v * L < cols; v++) {
                            kernel4x1(kc, pa, sliver, pb, panel + v * L, c, i * ldc + j + v * L, ldc,
                                    rows, Math.min(L, cols - v * L), load, tile);
                        }
                    }
                }
            }
        }

        /**
         * The micro-kernel: the 4 × 3-vector tile of C at {@code ci} (+)= sliver · panel over one
         * k block, for the {@code rows} ≤ 4 rows that exist. The sum starts from zero in registers
         * and is added to C at the end when {@code load} (accumulating, or a later k block).
         */
        static void kernel4x3(int kc, float[] pa, int ai, float[] pb, int bi,
                              float[] c, int ci, int ldc, int rows, boolean load) {
            FloatVector c00 = FloatVector.zero(FS), c01 = c00, c02 = c00;
            FloatVector c10 = c00, c11 = c00, c12 = c00;
            FloatVector c20 = c00, c21 = c00, c22 = c00;
            FloatVector c30 = c00, c31 = c00, c32 = c00;
            for (int p = 0; p < kc; p++, ai += MR, bi += W) {
                FloatVector b0 = FloatVector.fromArray(FS, pb, bi);
                FloatVector b1 = FloatVector.fromArray(FS, pb, bi + L);
                FloatVector b2 = FloatVector.fromArray(FS, pb, bi + 2 * L);
                FloatVector a0 = FloatVector.broadcast(FS, pa[ai]);
                c00 = a0.fma(b0, c00);
                c01 = a0.fma(b1, c01);
                c02 = a0.fma(b2, c02);
                FloatVector a1 = FloatVector.broadcast(FS, pa[ai + 1]);
                c10 = a1.fma(b0, c10);
                c11 = a1.fma(b1, c11);
                c12 = a1.fma(b2, c12);
                FloatVector a2 = FloatVector.broadcast(FS, pa[ai + 2]);
                c20 = a2.fma(b0, c20);
                c21 = a2.fma(b1, c21);
                c22 = a2.fma(b2, c22);
                FloatVector a3 = FloatVector.broadcast(FS, pa[ai + 3]);
                c30 = a3.fma(b0, c30);
                c31 = a3.fma(b1, c31);
                c32 = a3.fma(b2, c32);
            }
            store3(c00, c01, c02, c, ci, load);
            if (rows > 1) store3(c10, c11, c12, c, ci + ldc, load);
            if (rows > 2) store3(c20, c21, c22, c, ci + 2 * ldc, load);
            if (rows > 3) store3(c30, c31, c32, c, ci + 3 * ldc, load);
        }

        /** Stores (load: adds) three full vectors into C at {@code ci}. */
        private static void store3(FloatVector v0, FloatVector v1, FloatVector v2, float[] c, int ci, boolean load) {
            if (load) {
                v0 = v0.add(FloatVector.fromArray(FS, c, ci));
                v1 = v1.add(FloatVector.fromArray(FS, c, ci + L));
                v2 = v2.add(FloatVector.fromArray(FS, c, ci + 2 * L));
            }
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + L);
            v2.intoArray(c, ci + 2 * L);
        }

        /**
         * The edge kernel: a 4 × 1-vector tile of C at {@code ci}, for a panel narrower than W,
         * of which {@code cols} ≤ L columns exist; a partial vector goes through {@code tile}.
         */
        static void kernel4x1(int kc, float[] pa, int ai, float[] pb, int bi,
                              float[] c, int ci, int ldc, int rows, int cols, boolean load, float[] tile) {
            FloatVector c0 = FloatVector.zero(FS), c1 = c0, c2 = c0, c3 = c0;
            for (int p = 0; p < kc; p++, ai += MR, bi += W) {
                FloatVector b0 = FloatVector.fromArray(FS, pb, bi);
                c0 = FloatVector.broadcast(FS, pa[ai]).fma(b0, c0);
                c1 = FloatVector.broadcast(FS, pa[ai + 1]).fma(b0, c1);
                c2 = FloatVector.broadcast(FS, pa[ai + 2]).fma(b0, c2);
                c3 = FloatVector.broadcast(FS, pa[ai + 3]).fma(b0, c3);
            }
            if (cols == L) {
                store1(c0, c, ci, load);
                if (rows > 1) store1(c1, c, ci + ldc, load);
                if (rows > 2) store1(c2, c, ci + 2 * ldc, load);
                if (rows > 3) store1(c3, c, ci + 3 * ldc, load);
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

        private static void store1(FloatVector v, float[] c, int ci, boolean load) {
            if (load) {
                v = v.add(FloatVector.fromArray(FS, c, ci));
            }
            v.intoArray(c, ci);
        }
    }

    private static final class F64 {
        private static final int L = DS.length();
        private static final int W = NV * L;

        static void compute(boolean transA, boolean transB, int m, int n, int k,
                            double[] a, double[] b, double[] c, boolean accumulate,
                            int i0, int i1, int j0, int j1, Buffers buffers) {
            int kBlocks = (k + KC - 1) / KC;
            int kcMax = (k + kBlocks - 1) / kBlocks;
            int mcMax = Math.min(MC, roundUp(i1 - i0, MR));
            int ncMax = Math.min(NC, roundUp(j1 - j0, W));
            double[] pa = buffers.doubles(0, mcMax * kcMax);
            double[] pb = buffers.doubles(1, ncMax * kcMax);
            double[] tile = buffers.doubles(2, MR * L);
            for (int jc = j0; jc < j1; jc += NC) {
                int nc = Math.min(NC, j1 - jc);
                for (int pc = 0; pc < k; pc += kcMax) {
                    int kc = Math.min(kcMax, k - pc);
                    boolean load = accumulate || pc > 0;
                    packB(transB, n, k, b, pc, kc, jc, nc, pb);
                    for (int ic = i0; ic < i1; ic += MC) {
                        int mc = Math.min(MC, i1 - ic);
                        packA(transA, m, k, a, ic, mc, pc, kc, pa);
                        macroKernel(mc, nc, kc, pa, pb, c, n, ic, jc, load, tile);
                    }
                }
            }
        }

        static void packB(boolean transB, int n, int k, double[] b, int pc, int kc, int jc, int nc, double[] pb) {
            for (int q = 0, j = jc; j < jc + nc; q++, j += W) {
                int cols = Math.min(W, jc + nc - j);
                int base = q * kc * W;
                if (!transB) {
                    for (int p = 0; p < kc; p++) {
                        int dst = base + p * W;
                        System.arraycopy(b, (pc + p) * n + j, pb, dst, cols);
                        if (cols < W) {
                            Arrays.fill(pb, dst + cols, dst + W, 0.0);
                        }
                    }
                } else {
                    for (int jj = 0; jj < cols; jj++) {
                        int src = (j + jj) * k + pc;
                        for (int p = 0; p < kc; p++) {
                            pb[base + p * W + jj] = b[src + p];
                        }
                    }
                    if (cols < W) {
                        for (int p = 0; p < kc; p++) {
                            Arrays.fill(pb, base + p * W + cols, base + p * W + W, 0.0);
                        }
                    }
                }
            }
        }

        static void packA(boolean transA, int m, int k, double[] a, int ic, int mc, int pc, int kc, double[] pa) {
            for (int s = 0, i = ic; i < ic + mc; s++, i += MR) {
                int rows = Math.min(MR, ic + mc - i);
                int base = s * kc * MR;
                if (!transA) {
                    for (int r = 0; r < rows; r++) {
                        int src = (i + r) * k + pc;
                        for (int p = 0; p < kc; p++) {
                            pa[base + p * MR + r] = a[src + p];
                        }
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int src = (pc + p) * m + i;
                        for (int r = 0; r < rows; r++) {
                            pa[base + p * MR + r] = a[src + r];
                        }
                    }
                }
                if (rows < MR) {
                    for (int p = 0; p < kc; p++) {
                        Arrays.fill(pa, base + p * MR + rows, base + p * MR + MR, 0.0);
                    }
                }
            }
        }

        static void macroKernel(int mc, int nc, int kc, double[] pa, double[] pb, double[] c, int ldc,
                                int ic, int jc, boolean load, double[] tile) {
            for (int q = 0, j = jc; j < jc + nc; q++, j += W) {
                int cols = Math.min(W, jc + nc - j);
                int panel = q * kc * W;
                for (int s = 0, i = ic; i < ic + mc; s++, i += MR) {
                    int rows = Math.min(MR, ic + mc - i);
                    int sliver = s * kc * MR;
                    if (cols == W) {
                        kernel4x3(kc, pa, sliver, pb, panel, c, i * ldc + j, ldc, rows, load);
                    } else {
                        for (int v = 0; v * L < cols; v++) {
                            kernel4x1(kc, pa, sliver, pb, panel + v * L, c, i * ldc + j + v * L, ldc,
                                    rows, Math.min(L, cols - v * L), load, tile);
                        }
                    }
                }
            }
        }

        static void kernel4x3(int kc, double[] pa, int ai, double[] pb, int bi,
                              double[] c, int ci, int ldc, int rows, boolean load) {
            DoubleVector c00 = DoubleVector.zero(DS), c01 = c00, c02 = c00;
            DoubleVector c10 = c00, c11 = c00, c12 = c00;
            DoubleVector c20 = c00, c21 = c00, c22 = c00;
            DoubleVector c30 = c00, c31 = c00, c32 = c00;
            for (int p = 0; p < kc; p++, ai += MR, bi += W) {
                DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
                DoubleVector b1 = DoubleVector.fromArray(DS, pb, bi + L);
                DoubleVector b2 = DoubleVector.fromArray(DS, pb, bi + 2 * L);
                DoubleVector a0 = DoubleVector.broadcast(DS, pa[ai]);
                c00 = a0.fma(b0, c00);
                c01 = a0.fma(b1, c01);
                c02 = a0.fma(b2, c02);
                DoubleVector a1 = DoubleVector.broadcast(DS, pa[ai + 1]);
                c10 = a1.fma(b0, c10);
                c11 = a1.fma(b1, c11);
                c12 = a1.fma(b2, c12);
                DoubleVector a2 = DoubleVector.broadcast(DS, pa[ai + 2]);
                c20 = a2.fma(b0, c20);
                c21 = a2.fma(b1, c21);
                c22 = a2.fma(b2, c22);
                DoubleVector a3 = DoubleVector.broadcast(DS, pa[ai + 3]);
                c30 = a3.fma(b0, c30);
                c31 = a3.fma(b1, c31);
                c32 = a3.fma(b2, c32);
            }
            store3(c00, c01, c02, c, ci, load);
            if (rows > 1) store3(c10, c11, c12, c, ci + ldc, load);
            if (rows > 2) store3(c20, c21, c22, c, ci + 2 * ldc, load);
            if (rows > 3) store3(c30, c31, c32, c, ci + 3 * ldc, load);
        }

        /** Stores (load: adds) three full vectors into C at {@code ci}. */
        private static void store3(DoubleVector v0, DoubleVector v1, DoubleVector v2, double[] c, int ci, boolean load) {
            if (load) {
                v0 = v0.add(DoubleVector.fromArray(DS, c, ci));
                v1 = v1.add(DoubleVector.fromArray(DS, c, ci + L));
                v2 = v2.add(DoubleVector.fromArray(DS, c, ci + 2 * L));
            }
            v0.intoArray(c, ci);
            v1.intoArray(c, ci + L);
            v2.intoArray(c, ci + 2 * L);
        }

        /**
         * The edge kernel: a 4 × 1-vector tile of C at {@code ci}, for a panel narrower than W,
         * of which {@code cols} ≤ L columns exist; a partial vector goes through {@code tile}.
         */
        static void kernel4x1(int kc, double[] pa, int ai, double[] pb, int bi,
                              double[] c, int ci, int ldc, int rows, int cols, boolean load, double[] tile) {
            DoubleVector c0 = DoubleVector.zero(DS), c1 = c0, c2 = c0, c3 = c0;
            for (int p = 0; p < kc; p++, ai += MR, bi += W) {
                DoubleVector b0 = DoubleVector.fromArray(DS, pb, bi);
                c0 = DoubleVector.broadcast(DS, pa[ai]).fma(b0, c0);
                c1 = DoubleVector.broadcast(DS, pa[ai + 1]).fma(b0, c1);
                c2 = DoubleVector.broadcast(DS, pa[ai + 2]).fma(b0, c2);
                c3 = DoubleVector.broadcast(DS, pa[ai + 3]).fma(b0, c3);
            }
            if (cols == L) {
                store1(c0, c, ci, load);
                if (rows > 1) store1(c1, c, ci + ldc, load);
                if (rows > 2) store1(c2, c, ci + 2 * ldc, load);
                if (rows > 3) store1(c3, c, ci + 3 * ldc, load);
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

        private static void store1(DoubleVector v, double[] c, int ci, boolean load) {
            if (load) {
                v = v.add(DoubleVector.fromArray(DS, c, ci));
            }
            v.intoArray(c, ci);
        }
    }

    private static int roundUp(int x, int multiple) {
        return (x + multiple - 1) / multiple * multiple;
    }

    // ------------------------------------------------------------------------------------------
    // Per-thread packing buffers and the helper thread.

    /** The packed A block (slot 0), B block (slot 1) and edge tile (slot 2) of one thread, grown on demand. */
    private static final class Buffers {
        private final float[][] floats = {new float[0], new float[0], new float[0]};
        private final double[][] doubles = {new double[0], new double[0], new double[0]};

        float[] floats(int slot, int size) {
            if (floats[slot].length < size) {
                floats[slot] = new float[size];
            }
            return floats[slot];
        }

        double[] doubles(int slot, int size) {
            if (doubles[slot].length < size) {
                doubles[slot] = new double[size];
            }
            return doubles[slot];
        }
    }

    /**
     * The one helper thread, and the protocol between it and a caller. A job is the fields below,
     * written by the caller and published by the volatile write of {@code posted}; whoever takes
     * job j first (the helper when it sees it, or the caller when done with its own part) moves
     * {@code claimed} from j-1 to j and computes it. When the helper took it, the caller waits for
     * {@code finished} = j. So the caller never waits for a helper that has not started. Only the
     * holder of {@code lock} posts.
     *
     * <p>The helper is never woken by the caller: it spins, then naps on a timer. On this 2-core
     * VM a thread woken by {@code unpark} from a busy thread was at times placed on the waker's
     * core (100 times out of 100 in one measurement, 0 in another an hour later), where it can
     * only slow the caller down; a thread woken by its own timer landed on the idle core in both.
     */
    private static final class Helper implements Runnable {
        private static final long FIRST_NAP_NANOS = 50_000;
        private static final long LONGEST_NAP_NANOS = 10_000_000;
        /** A spinning helper on a core of its own sees a job within a microsecond or so. */
        private static final long LATE_NANOS = 50_000;
        private static volatile Helper instance;

        final ReentrantLock lock = new ReentrantLock();
        private final long spinNanos;
        private final Buffers buffers = new Buffers();
        private final Thread thread;

        private volatile long posted;   // the number of the latest job
        private final AtomicLong claimed = new AtomicLong(); // the latest job taken, by helper or caller
        private volatile long finished; // the latest job the helper completed

        private boolean f32;
        private boolean transA, transB, accumulate;
        private int m, n, k, i0, i1, j0, j1;
        private float[] af, bf, cf;
        private double[] ad, bd, cd;
        private Throwable failure;
        private long postedAt;           // when the caller posted the job (System.nanoTime)
        private boolean sawWhileSpinning; // the helper's own: found the latest job by spinning, not napping
        private long spinStart;           // the helper's own: when it started spinning for it

        private Helper(long spinNanos) {
            this.spinNanos = spinNanos;
            thread = new Thread(this, "regula-gemm-helper");
            thread.setDaemon(true);
        }

        static Helper get() {
            Helper h = instance;
            if (h == null) {
                synchronized (Helper.class) {
                    h = instance;
                    if (h == null) {
                        long micros = Long.getLong("regula.gemm.spinMicros", DEFAULT_SPIN_MICROS);
                        if (micros < 0) {
                            throw new IllegalArgumentException(
                                    "Invalid value for regula.gemm.spinMicros: expected >= 0, received: " + micros);
                        }
                        h = new Helper(micros * 1000);
                        h.thread.start();
                        instance = h;
                    }
                }
            }
            return h;
        }

        void postF32(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                     boolean accumulate, int i0, int i1, int j0, int j1) {
            this.f32 = true;
            this.af = a;
            this.bf = b;
            this.cf = c;
            setShape(transA, transB, m, n, k, accumulate, i0, i1, j0, j1);
            postedAt = System.nanoTime();
            posted = posted + 1;
        }

        void postF64(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c,
                     boolean accumulate, int i0, int i1, int j0, int j1) {
            this.f32 = false;
            this.ad = a;
            this.bd = b;
            this.cd = c;
            setShape(transA, transB, m, n, k, accumulate, i0, i1, j0, j1);
            postedAt = System.nanoTime();
            posted = posted + 1;
        }

        private void setShape(boolean transA, boolean transB, int m, int n, int k, boolean accumulate,
                              int i0, int i1, int j0, int j1) {
            this.transA = transA;
            this.transB = transB;
            this.m = m;
            this.n = n;
            this.k = k;
            this.accumulate = accumulate;
            this.i0 = i0;
            this.i1 = i1;
            this.j0 = j0;
            this.j1 = j1;
            this.failure = null;
        }

        /**
         * Completes the posted job: if the helper has not claimed it yet (it is napping, or
         * descheduled, or shares the caller's core), the caller computes the helper's part itself
         * with its own buffers instead of waiting; otherwise it waits for the helper to finish.
         * Either way the result is the same, bit for bit.
         */
        void finishJob(Buffers callerBuffers) {
            long job = posted;
            try {
                if (claimed.compareAndSet(job - 1, job)) {
                    runJob(callerBuffers);
                    return;
                }
                for (int spins = 1; finished != job; spins++) {
                    pause(spins);
                }
                Throwable t = failure;
                if (t != null) {
                    failure = null;
                    if (t instanceof RuntimeException) throw (RuntimeException) t;
                    if (t instanceof Error) throw (Error) t;
                    throw new IllegalStateException("The GEMM helper thread failed", t);
                }
            } finally {
                af = bf = cf = null; // let the caller's arrays go
                ad = bd = cd = null;
            }
        }

        private void runJob(Buffers buffers) {
            if (f32) {
                F32.compute(transA, transB, m, n, k, af, bf, cf, accumulate, i0, i1, j0, j1, buffers);
            } else {
                F64.compute(transA, transB, m, n, k, ad, bd, cd, accumulate, i0, i1, j0, j1, buffers);
            }
        }

        @Override
        public void run() {
            long done = 0;
            boolean late = false;
            while (true) {
                long job = waitForJob(done, late);
                boolean mine = claimed.compareAndSet(job - 1, job); // else the caller took it
                // Late: the caller took the job, or a spinning helper saw it long after it was
                // posted, which means it was not running: most likely it shares the caller's core.
                late = !mine || (sawWhileSpinning
                        && System.nanoTime() - Math.max(postedAt, spinStart) > LATE_NANOS);
                if (mine) {
                    try {
                        runJob(buffers);
                    } catch (Throwable t) {
                        failure = t;
                    }
                    finished = job;
                }
                done = job;
            }
        }

        /**
         * Waits for a job after {@code done}: spins for up to spinNanos, then naps on a timer,
         * each nap twice as long as the one before, from 50 µs up to 10 ms. After coming too late
         * for a job (see {@link #run()}) it naps first: the usual cause is sharing the caller's
         * core, and a timer wake-up gets it placed again, on the idle core.
         */
        private long waitForJob(long done, boolean late) {
            long nap = FIRST_NAP_NANOS;
            if (late) {
                LockSupport.parkNanos(this, nap);
            }
            long start = System.nanoTime();
            spinStart = start;
            long job;
            boolean spinning = true;
            for (int spins = 1; (job = posted) == done; spins++) {
                if (spinning && System.nanoTime() - start < spinNanos) {
                    pause(spins);
                } else {
                    spinning = false;
                    LockSupport.parkNanos(this, nap);
                    nap = Math.min(2 * nap, LONGEST_NAP_NANOS);
                }
            }
            sawWhileSpinning = spinning;
            return job;
        }

        /**
         * One step of a spin: a CPU pause, and every 64th step a {@link Thread#yield()}, so that a
         * spinner that shares its core with the thread it waits for lets that thread run.
         */
        private static void pause(int spins) {
            if ((spins & 63) == 0) {
                Thread.yield();
            } else {
                Thread.onSpinWait();
            }
        }
    }
}
