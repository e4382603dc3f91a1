/**
 * Core: the {@link dev.regula.core.Matrix} type and its {@link dev.regula.core.DType} (F32, F64),
 * the operations every layer is written against ({@link dev.regula.core.Ops}), the seeded
 * generator ({@link dev.regula.core.Rng}), argument and shape checks
 * ({@link dev.regula.core.Checks}), mini-batching ({@link dev.regula.core.MiniBatches}) and the
 * gradient checker ({@link dev.regula.core.GradientCheck}).
 *
 * <p>Shapes: rows are examples everywhere. A batch X is (m × features), a kernel W is
 * (nIn × nOut), a bias is a (1 × n) row vector, and {@code Z = X·W + b}. Element (r, c) of a
 * matrix is at index {@code r·cols + c} of its row-major backing array (an EJML
 * {@code FMatrixRMaj} or {@code DMatrixRMaj}).
 *
 * <p>Contract of the operations, as EJML's {@code CommonOps_DDRM}: each javadoc gives the
 * formula; inputs are "Not modified", outputs "Modified"; shapes and dtypes are checked once, with
 * a message naming both shapes; an output may not alias an input unless the method says so.
 *
 * <p>Speed: the F32 element-wise kernels and the GEMM use the {@code jdk.incubator.vector} module
 * when the JVM runs with {@code --add-modules jdk.incubator.vector}; without it the plain loops and
 * EJML's GEMM are used, with a one-line warning on standard error (see
 * {@link dev.regula.core.gemm.Gemm}).
 */
package dev.regula.core;
