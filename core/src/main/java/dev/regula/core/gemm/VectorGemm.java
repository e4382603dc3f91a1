package dev.regula.core.gemm;

import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The engine's own GEMM, {@code C = op(A)·op(B)} or {@code C += op(A)·op(B)}, written with the
 * {@code jdk.incubator.vector} API: a register-blocked micro-kernel fed by packed B panels, in the
 * GotoBLAS/BLIS scheme, run on the calling thread and one spinning helper thread.
 *
 * <h2>Blocking</h2>
 * With W = {@value #NV} vectors (48 floats or 24 doubles on AVX-512), C is computed as
 * <pre>
 * for jc over the columns of C, step NC          // B block: KC × NC
 *   for pc over 0..k-1, step ≈ KC                // the k blocks, of equal size ≤ KC
 *     pack op(B)[pc:pc+kc, jc:jc+nc] into panels of W columns (each panel kc × W, row after row)
 *     for ic over the rows of C, step MC         // A block: MC × KC, read in place
 *       for each panel, for each sliver of MR = 4 rows of the A block:
 *         micro-kernel on the 4 × W tile of C
 * </pre>
 * The micro-kernel keeps the 4 × 3 = 12 accumulator vectors of its tile in registers. For each
 * p it loads 3 vectors of the B panel, broadcasts the 4 values of the A sliver and issues 12
 * fused multiply-adds. One B panel (kc × W, up to 48 KB for floats, the size of L1 here) is
 * reused by every sliver of the A block; the A block (MC × kc) stays in L2.
 *
 * <p>A is not packed: the micro-kernel reads op(A)[i, p] where it is, {@code a[i·rs + p·cs]}
 * ({@code rs = k, cs = 1} for A, {@code rs = 1, cs = m} for Aᵀ), four rows at a time. The
 * engine's products have few rows (a batch of 128), and packing A, once per call and thread,
 * cost about half as much time as the multiplications it fed (a JFR profile of the baseline's
 * training step). Reading it in place changes no bit, since every sum takes the same terms in the
 * same order. B is packed, and that is where
 * {@code transB} goes: the micro-kernel is the same for A·B, Aᵀ·B, A·Bᵀ and Aᵀ·Bᵀ. Edges are
 * padded, not special-cased: the last panel is filled up with zero columns, and the last sliver's
 * missing rows read the sliver's last row again; the micro-kernel computes the full tile and
 * stores only the rows and columns that exist. A panel narrower than W is computed
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
 * persistent daemon helper computes the second; each packs its own panels into its
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
 * {@link GemmHelper}).
 *
 * <p>Thread safety: the helper serves one call at a time, taken with {@link ReentrantLock#tryLock()}.
 * A call that finds the helper busy (another thread is in a two-thread GEMM) runs on its own
 * thread instead of waiting, with the same result. The packing buffers belong to their thread
 * (a {@link ThreadLocal} for callers, a field for the helper) and grow to the largest shape seen,
 * so the steady state allocates nothing.
 *
 * <h2>Files</h2>
 * This class holds the entry points, the argument checks and the cut of the work between the
 * threads; {@link VectorGemmF32} and {@link VectorGemmF64} the kernels (packing, macro-kernel,
 * micro-kernels), twins kept the same text up to the dtype by {@code VectorGemmTwinsTest};
 * {@link GemmHelper} the helper thread and its protocol; {@link PackingBuffers} a thread's
 * packing buffers.
 */
public final class VectorGemm implements GemmKernel {

    /** Rows of C in one micro-tile. */
    static final int MR = 4;
    /** Vectors of C in one row of a micro-tile. */
    static final int NV = 3;
    /** Largest k block: a B panel of KC × 48 floats is 48 KB. */
    static final int KC = 256;
    /** Rows of C in one A block, read in place (a multiple of MR). */
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

    private static final ThreadLocal<PackingBuffers> CALLER_BUFFERS = ThreadLocal.withInitial(PackingBuffers::new);

    private final int threads;

    private VectorGemm(int threads) {
        this.threads = threads;
    }

    /**
     * The kernel with a fixed number of threads: 1 (the calling thread only) or 2 (the calling
     * thread and the helper).
     *
     * @param threads 1 or 2
     * @return the shared instance for that count
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

    /** @return the number of threads this instance computes with: 1 or 2 */
    public int threads() {
        return threads;
    }

    @Override
    public String toString() {
        return "VectorGemm(threads=" + threads + ", " + VectorGemmF32.L + " floats per vector)";
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
        int colCut = columnCut(m, n, k, VectorGemmF32.L);
        int rowCut = colCut == 0 ? rowCut(m, n, k) : 0;
        GemmHelper helper = (colCut | rowCut) == 0 ? null : GemmHelper.get();
        if (helper == null || !helper.lock.tryLock()) {
            VectorGemmF32.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, n, CALLER_BUFFERS.get());
            return;
        }
        PackingBuffers mine = CALLER_BUFFERS.get();
        try {
            try {
                if (colCut != 0) { // caller: columns [0, colCut), helper: [colCut, n)
                    helper.postF32(transA, transB, m, n, k, a, b, c, accumulate, 0, m, colCut, n);
                    VectorGemmF32.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, colCut, mine);
                } else { // caller: rows [0, rowCut), helper: [rowCut, m)
                    helper.postF32(transA, transB, m, n, k, a, b, c, accumulate, rowCut, m, 0, n);
                    VectorGemmF32.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, rowCut, 0, n, mine);
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
        int colCut = columnCut(m, n, k, VectorGemmF64.L);
        int rowCut = colCut == 0 ? rowCut(m, n, k) : 0;
        GemmHelper helper = (colCut | rowCut) == 0 ? null : GemmHelper.get();
        if (helper == null || !helper.lock.tryLock()) {
            VectorGemmF64.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, n, CALLER_BUFFERS.get());
            return;
        }
        PackingBuffers mine = CALLER_BUFFERS.get();
        try {
            try {
                if (colCut != 0) { // caller: columns [0, colCut), helper: [colCut, n)
                    helper.postF64(transA, transB, m, n, k, a, b, c, accumulate, 0, m, colCut, n);
                    VectorGemmF64.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, m, 0, colCut, mine);
                } else { // caller: rows [0, rowCut), helper: [rowCut, m)
                    helper.postF64(transA, transB, m, n, k, a, b, c, accumulate, rowCut, m, 0, n);
                    VectorGemmF64.compute(transA, transB, m, n, k, a, b, c, accumulate, 0, rowCut, 0, n, mine);
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
}
