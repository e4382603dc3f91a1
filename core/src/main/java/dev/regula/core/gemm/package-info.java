/**
 * GEMM kernels: one general matrix multiply {@code C = op(A)·op(B)} (or {@code C += ...}) on
 * row-major arrays, behind the {@link dev.regula.core.gemm.GemmKernel} interface.
 *
 * <p>Shapes: {@code a} is m×k (k×m when transposed), {@code b} k×n (n×k when transposed), {@code c}
 * m×n, all row-major with the leading dimension implied by the shape. In the engine, A·B is a
 * layer's forward pass {@code X·W} (m×nIn · nIn×nOut), Aᵀ·B its weight gradient {@code Xᵀ·dZ}, and
 * A·Bᵀ its input gradient {@code dZ·Wᵀ}.
 *
 * <p>The kernels: {@link dev.regula.core.gemm.NaiveGemm}, the triple loop kept as the test oracle
 * and the benchmarks' baseline; {@link dev.regula.core.gemm.EjmlGemm}, EJML's multiply, the
 * fallback; and {@link dev.regula.core.gemm.VectorGemm}, the engine's own register-blocked Vector
 * API kernel, the default when the {@code jdk.incubator.vector} module is present.
 * {@link dev.regula.core.gemm.Gemm} chooses among them; the system property {@code regula.gemm}
 * ({@code naive}, {@code ejml} or {@code vector}) forces one, and {@code regula.gemm=vector} makes
 * a missing module an error instead of a warning.
 */
package dev.regula.core.gemm;
