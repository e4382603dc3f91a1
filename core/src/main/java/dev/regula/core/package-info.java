/**
 * The core: the {@link dev.regula.core.Matrix} type and its two dtypes, {@link dev.regula.core.Ops}
 * (GEMM variants, broadcast, element-wise ops, reductions), the GEMM kernels
 * ({@code dev.regula.core.gemm}), the seeded {@link dev.regula.core.Rng}, argument checks and the
 * gradient checker.
 *
 * <p>Shapes: rows are examples everywhere. A batch X is (m × features), a kernel W is
 * (nIn × nOut), a bias is a (1 × n) row vector; Z = X·W + b. Element (r, c) of a matrix is at
 * index {@code r·cols + c} of its row-major backing array (an EJML {@code FMatrixRMaj} or
 * {@code DMatrixRMaj}).
 *
 * <p>Contract of the operations, as EJML's {@code CommonOps_DDRM}: each javadoc gives the
 * formula; inputs are "Not modified", outputs "Modified"; shapes and dtypes are checked once, with
 * a message naming both shapes; an output may not alias an input unless the method says so.
 *
 * <p>Speed: the F32 element-wise kernels and the GEMM use the {@code jdk.incubator.vector} module
 * when the JVM runs with {@code --add-modules jdk.incubator.vector}; without it the plain loops and
 * EJML's GEMM are used, with a one-line warning on standard error (see
 * {@link dev.regula.core.gemm.Gemm}).
 *
 * <h2>The readable path and the fast path</h2>
 * Every layer, loss, optimizer and op holds its math once, as the plain loop a reader steps
 * into from its chapter ({@code OpsF32.relu}, {@code Adam.update}, {@code BatchNormalization}'s
 * {@code trainForward}), and that loop is what runs. Where a loop is too slow, a fast F32 kernel
 * sits beside it in a class named for it: {@code OpsKernelF32} beside {@code OpsF32},
 * {@code AdamKernelF32} beside {@code Adam}, {@code BatchNormKernelF32} (and its double twin
 * {@code BatchNormKernelF64}) beside {@code BatchNormalization}. A kernel has the loop's signature and is tested against the loop,
 * called directly: bit for bit where it does the same operations in the same order (all the
 * kernels above), within a tolerance stated in the test where it does not (GEMM:
 * {@code VectorGemm} against {@code NaiveGemm}, the usual bound of a dot product). The caller
 * chooses in one line that names the kernel ({@code if (Kernels.fastF32()) …KernelF32.…}); a
 * loop that a kernel replaces says so in its javadoc.
 *
 * <p>There are no switches on layers and no test-only ways into the loops. One system property,
 * {@code -Dregula.kernels=readable} ({@link dev.regula.core.Kernels}), makes every caller run the
 * loops instead of the F32 kernels; as the kernels give the loops' bits, it changes no number,
 * only the speed. GEMM is chosen by {@code regula.gemm} ({@link dev.regula.core.gemm.Gemm}).
 *
 * <p>The F32 and F64 loops are twins, written once per dtype: a test holds each pair together
 * ({@code OpsTest} runs every op in both dtypes against the same values; {@code AdamKernelF32Test}
 * and {@code BatchNormalizationTest} compare the two loops on the same inputs). The GEMM kernels'
 * twins, {@code VectorGemmF32} and {@code VectorGemmF64}, are kept the same text up to the dtype
 * by {@code VectorGemmTwinsTest}.
 *
 * <p>Vector API code is written for C2 in JDK 17, which boxes a vector (a heap allocation per
 * operation) when it crosses a method C2 did not inline or when a call site has seen two vector
 * shapes: no vector is passed to a helper method, and every vector has the preferred shape. A
 * kernel is only loaded when the {@code jdk.incubator.vector} module is present.
 */
package dev.regula.core;
