/**
 * Regularization: every technique of the seed articles, each with its convention pinned down and
 * gradient-checked.
 *
 * <p>Shapes: rows are examples everywhere. A batch X is (m × features), a kernel W is
 * (nIn × nOut), a bias or a batch-norm γ/β is a (1 × n) row vector. A layer's output has the
 * shape of its input; its backward returns dX with that shape too.
 *
 * <table>
 * <caption>What is here, and the convention each one follows</caption>
 * <tr><th>class</th><th>what</th><th>convention</th></tr>
 * <tr><td>{@link dev.regula.regularization.L2}, {@link dev.regula.regularization.L1},
 *   {@link dev.regula.regularization.L1L2}</td>
 *   <td>penalties on a parameter (kernel or bias)</td>
 *   <td>Keras: {@code λ·Σw²} (gradient {@code 2λw}), {@code λ·Σ|w|} (gradient {@code λ·sign(w)});
 *   the seeds' {@code (λ/2m)·Σ‖W‖²} is {@link dev.regula.regularization.L2#seedForm}</td></tr>
 * <tr><td>{@link dev.regula.regularization.ActivityRegularization}</td>
 *   <td>penalty on a layer's output</td>
 *   <td>Keras: {@code (l1·Σ|Y| + l2·ΣY²) / m}, divided by the batch size</td></tr>
 * <tr><td>{@link dev.regula.regularization.SgdW}</td>
 *   <td>decoupled weight decay for SGD (AdamW is {@code dev.regula.nn.AdamW})</td>
 *   <td>Keras: {@code w ← w − lr·wd·w}, outside the gradient</td></tr>
 * <tr><td>{@link dev.regula.regularization.MaxNorm}</td>
 *   <td>projection of each unit's incoming weights (a column of W) to norm ≤ c</td>
 *   <td>Keras {@code MaxNorm(axis=0)}, without Keras's 1e-7 in the denominator</td></tr>
 * <tr><td>{@link dev.regula.regularization.Dropout}</td>
 *   <td>inverted dropout</td>
 *   <td>{@code keepProb}; Keras's {@code Dropout(rate)} is {@code 1 − keepProb}</td></tr>
 * <tr><td>{@link dev.regula.regularization.GaussianNoise},
 *   {@link dev.regula.regularization.GaussianDropout}</td>
 *   <td>additive and multiplicative Gaussian noise</td><td>Keras</td></tr>
 * <tr><td>{@link dev.regula.regularization.BatchNormalization}</td>
 *   <td>batch normalization over the columns</td>
 *   <td>Keras: momentum 0.99, ε 1e-3, biased batch variance in the running variance</td></tr>
 * </table>
 */
package dev.regula.regularization;
