package dev.regula.docs;

import static dev.regula.docs.Walkthrough.GRAD_DIGITS;
import static dev.regula.docs.Walkthrough.fixed;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.regularization.L1;
import dev.regula.regularization.L2;

/**
 * The seed articles' conventions translated into Regula's: seed 002 writes examples as columns
 * ({@code Z1 = np.dot(W1, X) + b1}), Regula as rows ({@code Z1 = X·W1 + b1}); and the seeds'
 * mistakes, each shown with numbers.
 */
final class SeedsTopic {
    private SeedsTopic() {}

    static String walkthrough() {
        Walkthrough w = new Walkthrough().title("seeds: the seed articles' conventions in Regula's form, and their mistakes");
        w.line("Seed 002 (after Andrew Ng's deeplearning.ai exercise) stores one example per column:",
                "X_seed is (n_x × m), W1_seed is (n_h × n_x), b1_seed is (n_h × 1) and Z1_seed = np.dot(W1, X) + b1.",
                "Regula, Keras and PyTorch store one example per row: X is (m × n_x), W1 is (n_x × n_h), b1 is (1 × n_h).",
                "The two are transposes of each other: X = X_seedᵀ, W1 = W1_seedᵀ, b1 = b1_seedᵀ, Z1 = Z1_seedᵀ.");
        TinyNet net = new TinyNet();
        net.gradients();
        Matrix xSeed = Hand.transpose(net.x);
        Matrix wSeed = Hand.transpose(net.w1().value());
        Matrix bSeed = Hand.transpose(net.b1().value());

        w.section("The same forward step, columns (seed 002) and rows (Regula)");
        w.matrix("X_seed = Xᵀ      (n_x × m: example i is column i)", xSeed);
        w.matrix("W1_seed = W1ᵀ      (n_h × n_x: row j holds the weights into unit j)", wSeed);
        w.matrix("b1_seed = b1ᵀ      (n_h × 1, broadcast across the columns)", bSeed);
        Matrix zSeed = Matrix.zeros(DType.F64, 3, 4);
        Matrix product = Hand.mult(wSeed, xSeed);
        for (int j = 0; j < 3; j++) {
            for (int i = 0; i < 4; i++) {
                zSeed.set(j, i, product.get(j, i) + bSeed.get(j, 0));
            }
        }
        w.matrix("Z1_seed = np.dot(W1_seed, X_seed) + b1_seed      (n_h × m)", zSeed);
        w.matrix("Z1 = X·W1 + b1      (Regula, Dense.forward: m × n_h)", net.z1);
        w.agree("Z1 = Z1_seedᵀ, because (W1_seed·X_seed)ᵀ = X_seedᵀ·W1_seedᵀ = X·W1", Hand.transpose(zSeed), net.z1);

        w.section("The same backward step");
        w.line("Ng's code computes dZ without the 1/m and puts it in dW = (1/m)·np.dot(dZ, A_prev.T) and",
                "db = (1/m)·np.sum(dZ, axis=1, keepdims=True). Regula's loss already divides by m, so its dZ has the 1/m",
                "and Dense.backward computes dW = Xᵀ·dZ and db = Σ_rows dZ. The results are transposes of each other:");
        Matrix dZSeed = Hand.scale(4, Hand.transpose(net.dZ1));
        w.matrix("dZ1_seed      (n_h × m, without the 1/m)", dZSeed, GRAD_DIGITS);
        Matrix dWSeed = Hand.scale(0.25, Hand.mult(dZSeed, net.x));
        w.matrix("dW1_seed = (1/m)·np.dot(dZ1_seed, X_seed.T)      (n_h × n_x)", dWSeed, GRAD_DIGITS);
        w.agree("dW1 (Regula, n_x × n_h) = dW1_seedᵀ", Hand.transpose(dWSeed), net.w1().grad());
        Matrix dbSeed = Matrix.zeros(DType.F64, 3, 1);
        for (int j = 0; j < 3; j++) {
            dbSeed.set(j, 0, 0.25 * Hand.sum(rowOf(dZSeed, j)));
        }
        w.matrix("db1_seed = (1/m)·np.sum(dZ1_seed, axis=1, keepdims=True)      (n_h × 1)", dbSeed, GRAD_DIGITS);
        w.agree("db1 (Regula, 1 × n_h) = db1_seedᵀ", Hand.transpose(dbSeed), net.b1().grad());
        w.line("Translating a seed formula: transpose every matrix and reverse every product, (A·B)ᵀ = Bᵀ·Aᵀ;",
                "np.sum(axis=1) over examples becomes a sum over rows, Σ_rows.");

        w.section("Mistake 1, seed 002: the dropout mask is used without \"< keep_prob\"");
        double keepProb = 0.75;
        Rng rng = new Rng(TinyNet.MASK_SEED);
        Matrix u = Matrix.zeros(DType.F64, 4, 3);
        Matrix d = Matrix.zeros(DType.F64, 4, 3);
        for (int i = 0; i < u.size(); i++) {
            u.set(i, rng.nextDouble());
            d.set(i, u.get(i) < keepProb ? 1 : 0);
        }
        w.matrix("U = np.random.rand(...)      (the draws; seed 002 multiplies A1 by U itself)", u);
        w.matrix("A1 * U / keep_prob      (seed 002: every unit scaled by a random factor, none dropped)",
                Hand.scale(1 / keepProb, Hand.hadamard(net.a1, u)));
        w.matrix("A1 * (U < keep_prob) / keep_prob      (inverted dropout: units kept or dropped, as Regula's Dropout)",
                Hand.scale(1 / keepProb, Hand.hadamard(net.a1, d)));
        w.linef("E[U] = 0.5, so seed 002's version scales A1 by 0.5/keep_prob = %s on average instead of 1,",
                fixed(0.5 / keepProb, 4));
        w.line("and never drops a unit: it is multiplicative noise, not dropout. The mask must be np.random.rand(...) < keep_prob.");

        w.section("Mistake 2, seed 002: its \"L1_regularization_cost\" squares the activations");
        double lambda = 0.08;
        double seedL1 = 0.25 * (lambda / 2) * Hand.sumSquares(net.a1);
        w.value("002's term (1/m)·(λ/2)·Σ A1²      (λ = 0.08, m = 4)", seedL1);
        w.value("an L1 penalty on the weights, L1(λ/(2m)) = (λ/2m)·Σ|W1|", new L1(net.w1(), lambda / 8).value());
        w.line("002's term is an L2 penalty on the activations (Regula's ActivityRegularization(0, λ/2)), with gradient",
                "(λ/m)·A1; an L1 penalty is λ·Σ|w| with gradient λ·sign(w). See the l1 chapter. (Neither function of",
                "seed 002 runs as printed: compute_cost_with_regularization receives A3 and parameters but reads A1 and A2,",
                "and both its cost lines lack a closing parenthesis; the dropout forward reads parameters, which it does",
                "not receive, and calls srelu, which is defined nowhere.)");

        w.section("Mistake 3, seed 000 (and 001, the same article): the L1 penalty written (λ/2m)·Σ‖w‖");
        w.linef("The ½ comes from the L2 formula, where it cancels the 2 of the derivative; |w| has no 2 to cancel.");
        w.linef("It is still an L1 penalty, with λ rescaled: L1(λ_seed/(2m)). With λ_seed = %s and m = 4:", fixed(lambda, 2));
        w.value("(λ_seed/2m)·Σ|W1|", lambda / 8 * Hand.sumAbs(net.w1().value()));
        w.agree("L1(λ_seed/(2m)).value on W1", lambda / 8 * Hand.sumAbs(net.w1().value()),
                new L1(net.w1(), lambda / 8).value());
        w.line("The Keras code of the same seeds uses regularizers.l1(0.0001), i.e. λ·Σ|w| without the ½ or the m.");

        w.section("Not a mistake, a convention: the seeds' L2 (λ/2m)·Σ‖W‖² is Keras's l2 with another λ");
        w.linef("λ_keras = λ_seed/(2m): with λ_seed = %s and m = 4, L2(%s) (L2.fromSeedForm).", fixed(lambda, 2),
                fixed(L2.fromSeedForm(lambda, 4), 4));
        w.agree("(λ_seed/2m)·Σ W1² = L2(λ_seed/(2m)).value", lambda / 8 * Hand.sumSquares(net.w1().value()),
                new L2(net.w1(), L2.fromSeedForm(lambda, 4)).value());
        w.line("Beware: the seeds' m is the whole training set, Keras's penalty is added to every mini-batch's mean loss;",
                "the conversion uses the m of the formula you copy.");
        return w.text();
    }

    private static Matrix rowOf(Matrix m, int r) {
        Matrix row = Matrix.zeros(DType.F64, 1, m.cols());
        for (int c = 0; c < m.cols(); c++) {
            row.set(0, c, m.get(r, c));
        }
        return row;
    }
}
