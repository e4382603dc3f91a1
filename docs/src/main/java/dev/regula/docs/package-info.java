/**
 * The teaching walkthroughs: {@code regula explain TOPIC} and the worked examples of the chapters
 * in {@code docs/}.
 *
 * <p>Each walkthrough runs the engine's own classes (layers, losses, penalties, optimizers,
 * callbacks, augmentation) on a tiny problem in F64 with fixed seeds, prints every step with its
 * formula and its matrix, recomputes the formula by hand ({@code Hand}, plain loops) to show that
 * the engine agrees, and ends with a {@link dev.regula.core.GradientCheck} where there is a
 * backward pass. {@link dev.regula.docs.Explain} lists and runs them;
 * {@link dev.regula.docs.Chapters} and {@link dev.regula.docs.RegenerateChapters} keep the
 * chapters' copies in step; {@link dev.regula.docs.Overfitting} makes the decision-boundary
 * pictures.
 *
 * <p>Shapes: rows are examples, as everywhere in Regula. X is (m × features), a kernel W is
 * (nIn × nOut), a bias is a (1 × nOut) row: {@code Z = X·W + b}. Where the seed articles write
 * examples as columns ({@code np.dot(W, X)}), the {@code seeds} walkthrough translates.
 */
package dev.regula.docs;
