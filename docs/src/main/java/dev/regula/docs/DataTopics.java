package dev.regula.docs;

import static dev.regula.docs.Walkthrough.fixed;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.data.augment.Affine;
import dev.regula.data.augment.Augmentation;
import dev.regula.data.augment.Featurewise;
import dev.regula.data.augment.FillMode;
import dev.regula.data.augment.GeometricTransform;
import dev.regula.data.augment.Shift;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.DecompositionFactory_DDRM;
import org.ejml.interfaces.decomposition.EigenDecomposition_F64;

/** The walkthroughs of the data transforms: augmentation and ZCA whitening (the data module's classes). */
final class DataTopics {
    private DataTopics() {}

    static final int SIDE = 7;

    /** A 7×7 "7", values in [0, 1], one row of the image per row of the matrix. */
    static Matrix seven() {
        return Matrix.fromRows(DType.F64, new double[][] {
                {0, 0, 0, 0, 0, 0, 0},
                {0, 1, 1, 1, 1, 1, 0},
                {0, 0, 0, 0, 1, 0, 0},
                {0, 0, 0, 1, 0, 0, 0},
                {0, 0, 0, 1, 0, 0, 0},
                {0, 0, 1, 0, 0, 0, 0},
                {0, 0, 0, 0, 0, 0, 0}});
    }

    private static Matrix image(double[] pixels) {
        return Matrix.of(DType.F64, SIDE, SIDE, pixels);
    }

    // ------------------------------------------------------------------ augmentation

    static String augmentation() {
        Walkthrough w = new Walkthrough().title("augmentation: random flips, rotations and shifts of training images");
        w.line("Augmentation shows the network a new variant of each training image in every epoch, so that it",
                "learns what does not change under small moves. A batch is (m × h·w), one image per row, pixels in [0, 1].",
                "Here one 7×7 image (a \"7\"); x is the column and y the row (pointing down), pixel (r, c) sits at (x, y) = (c, r),",
                "and the centre of the image is ((w − 1)/2, (h − 1)/2) = (3, 3).");
        Matrix seven = seven();
        double[] src = seven.toDoubleArray();
        w.matrix("the image", seven, 2);

        w.section("A horizontal flip (probability 1): x' = (w − 1) − x");
        Augmentation flip = Augmentation.builder().imageSize(SIDE, SIDE).horizontalFlip(1.0).threads(1).build();
        double[] flipped = src.clone();
        flip.applyToImage(flipped, SIDE, SIDE, 1);
        Matrix hand = Matrix.zeros(DType.F64, SIDE, SIDE);
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                hand.set(r, c, seven.get(r, SIDE - 1 - c));
            }
        }
        w.matrix("flipped (Augmentation.applyToImage)", image(flipped), 2);
        w.agree("out[r, c] = in[r, w − 1 − c]", hand, image(flipped));
        w.line("A flipped digit is often another symbol (a mirrored 7 is no 7): the case study does not flip MNIST.");

        w.section("A random rotation (±20°) and shift (±1 pixel), fill CONSTANT 0, for the image whose seed is 5");
        Augmentation aug = Augmentation.builder().imageSize(SIDE, SIDE).rotation(20).shift(Shift.pixels(1, 1))
                .fill(FillMode.CONSTANT, 0).threads(1).build();
        w.line("Augmentation: " + aug.describe());
        long seed = 5;
        Affine map = new Affine();
        Rng draws = new Rng(seed);
        for (GeometricTransform t : aug.geometric()) {
            t.compose(map, SIDE, SIDE, draws);
        }
        double[] f = map.coefficients();
        double theta = Math.toDegrees(Math.atan2(f[1], f[0]));
        double c = (SIDE - 1) / 2.0;
        double tx = f[4] - (c - f[0] * c - f[1] * c);
        double ty = f[5] - (c - f[2] * c - f[3] * c);
        w.linef("The draws from new Rng(5), in the fixed order rotation then shift: θ = %.4f°, tx = %.4f, ty = %.4f",
                theta, tx, ty);
        w.line("(θ > 0 turns the image counter-clockwise on screen, tx > 0 moves it right, ty > 0 down).");
        w.line("They compose into one affine map F (input point → output point), rotate about the centre then move:");
        w.line("  F:   x' = " + affine(f[0], "x", f[1], "y", f[4]));
        w.line("       y' = " + affine(f[2], "x", f[3], "y", f[5]));
        Affine inverse = map.invert(new Affine());
        double[] g = inverse.coefficients();
        w.line("Resampling asks the opposite question, \"which input point does output pixel p show?\": F⁻¹.");
        w.line("  F⁻¹: x  = " + affine(g[0], "x'", g[1], "y'", g[4]));
        w.line("       y  = " + affine(g[2], "x'", g[3], "y'", g[5]));
        double[] out = src.clone();
        aug.applyToImage(out, SIDE, SIDE, seed);
        w.matrix("the augmented image (Augmentation.applyToImage, seed 5)", image(out), 2);
        // The pixel to work by hand: one whose four source neighbours differ most (so both fx and fy matter).
        int best = -1;
        double bestScore = -1;
        for (int i = 0; i < out.length; i++) {
            double qx = inverse.mapX(i % SIDE, i / SIDE);
            double qy = inverse.mapY(i % SIDE, i / SIDE);
            if (!(qx >= 0 && qy >= 0 && qx < SIDE - 1 && qy < SIDE - 1)) {
                continue;
            }
            int cx = (int) qx;
            int cy = (int) qy;
            double score = Math.abs(seven.get(cy, cx + 1) - seven.get(cy, cx))
                    + Math.abs(seven.get(cy + 1, cx + 1) - seven.get(cy + 1, cx))
                    + Math.abs(seven.get(cy + 1, cx) - seven.get(cy, cx));
            if (score > bestScore) {
                bestScore = score;
                best = i;
            }
        }
        int pr = best / SIDE;
        int pc = best % SIDE;
        double xs = inverse.mapX(pc, pr);
        double ys = inverse.mapY(pc, pr);
        int x0 = (int) Math.floor(xs);
        int y0 = (int) Math.floor(ys);
        double fx = xs - x0;
        double fy = ys - y0;
        double v00 = seven.get(y0, x0);
        double v01 = seven.get(y0, x0 + 1);
        double v10 = seven.get(y0 + 1, x0);
        double v11 = seven.get(y0 + 1, x0 + 1);
        double top = v00 + fx * (v01 - v00);
        double bottom = v10 + fx * (v11 - v10);
        double value = top + fy * (bottom - top);
        w.linef("Output pixel (r, c) = (%d, %d), i.e. p = (x', y') = (%d, %d), shows the input point F⁻¹(p) = (%.4f, %.4f),",
                pr, pc, pc, pr, xs, ys);
        w.linef("between the pixel centres x0 = %d, y0 = %d (fx = %.4f, fy = %.4f). Bilinear interpolation:", x0, y0, fx, fy);
        w.linef("  top    = v(x0, y0)   + fx·(v(x0+1, y0)   − v(x0, y0))   = %.2f + %.4f·(%.2f − %.2f) = %.4f",
                v00, fx, v01, v00, top);
        w.linef("  bottom = v(x0, y0+1) + fx·(v(x0+1, y0+1) − v(x0, y0+1)) = %.2f + %.4f·(%.2f − %.2f) = %.4f",
                v10, fx, v11, v10, bottom);
        w.linef("  out    = top + fy·(bottom − top) = %.4f + %.4f·(%.4f − %.4f) = %.4f", top, fy, bottom, top, value);
        w.agree("out at (" + pr + ", " + pc + ")", value, out[best]);
        w.line("Interpolation blurs a little; F is composed first so that the image is resampled once, not once per transform.");

        w.section("In a batch: one seed per row, drawn from the model's augmentation stream");
        Matrix batch = Matrix.zeros(DType.F64, 2, SIDE * SIDE);
        for (int r = 0; r < 2; r++) {
            for (int i = 0; i < src.length; i++) {
                batch.set(r, i, src[i]);
            }
        }
        Rng replay = new Rng(7);
        long[] seeds = {replay.nextLong(), replay.nextLong()};   // what apply draws: one seed per row, in order
        aug.apply(batch, new Rng(7));
        for (int r = 0; r < 2; r++) {
            double[] row = new double[SIDE * SIDE];
            for (int i = 0; i < row.length; i++) {
                row[i] = batch.get(r, i);
            }
            w.matrix("row " + r + " of the batch after Augmentation.apply", image(row), 2);
            double[] single = src.clone();
            aug.applyToImage(single, SIDE, SIDE, seeds[r]);
            w.agree("row " + r + " = applyToImage(the image, the stream's seed number " + r + ")", image(single), image(row));
        }
        w.line("The same image gets a different variant in each row and each epoch. Sequential.setAugmentation(aug)",
                "applies it to training batches only: validation, evaluation and prediction see the images unchanged.",
                "Augmentation has no parameters and no backward pass: it changes the data, not the network, so there",
                "is no gradient to check.");
        return w.text();
    }

    /** {@code "a·u + b·v + e"} with 4 decimals and the signs written as operators. */
    private static String affine(double a, String u, double b, String v, double e) {
        return String.format(Locale.ROOT, "%.4f·%s %s %.4f·%s %s %.4f", a, u, b < 0 ? "−" : "+", Math.abs(b), v,
                e < 0 ? "−" : "+", Math.abs(e));
    }

    // ------------------------------------------------------------------ zca

    static String zca() {
        Walkthrough w = new Walkthrough().title("zca: ZCA whitening, W = U·diag(1/sqrt(λ + ε))·Uᵀ");
        w.line("Whitening decorrelates the features and gives each unit variance; ZCA does it with the rotation that",
                "stays closest to the original data (for images: still images, with edges enhanced). Fitted on the",
                "training split only, then applied to every split. 8 examples of 3 correlated features, ε = 0.001",
                "(Keras's zca_epsilon is 1e-6):");
        Matrix x = zcaData();
        double eps = 1e-3;
        int n = x.rows();
        w.matrix("X", x);
        Featurewise zca = Featurewise.fitZca(x, eps);

        w.section("Mean and covariance");
        Matrix mu = Hand.columnMeans(x);
        w.matrix("μ = (1/n)·Σ_i X[i, :]", mu);
        w.agree("μ (Featurewise.mean())", mu, Matrix.of(DType.F64, 1, 3, zca.mean()));
        Matrix sigma = Hand.covariance(x);
        w.matrix("Σ = (1/n)·(X − μ)ᵀ·(X − μ)      (biased, as Keras; off-diagonal = correlated features)", sigma);

        w.section("Eigendecomposition Σ = U·diag(λ)·Uᵀ (EJML, symmetric; sorted by λ, each column's largest entry positive)");
        EigenDecomposition_F64<DMatrixRMaj> eig = DecompositionFactory_DDRM.eig(3, true, true);
        eig.decompose(sigma.f64().copy());
        Integer[] order = {0, 1, 2};
        Arrays.sort(order, Comparator.comparingDouble((Integer k) -> -eig.getEigenvalue(k).real));
        Matrix u = Matrix.zeros(DType.F64, 3, 3);
        Matrix lambda = Matrix.zeros(DType.F64, 1, 3);
        for (int k = 0; k < 3; k++) {
            DMatrixRMaj vec = eig.getEigenVector(order[k]);
            int big = 0;
            for (int j = 1; j < 3; j++) {
                if (Math.abs(vec.get(j)) > Math.abs(vec.get(big))) {
                    big = j;
                }
            }
            double sign = vec.get(big) < 0 ? -1 : 1;
            for (int j = 0; j < 3; j++) {
                u.set(j, k, sign * vec.get(j));
            }
            lambda.set(k, eig.getEigenvalue(order[k]).real);
        }
        w.matrix("λ      (the variance along each principal direction)", lambda);
        w.matrix("U      (the directions, one per column, orthonormal)", u);
        Matrix diagL = Matrix.zeros(DType.F64, 3, 3);
        Matrix diagS = Matrix.zeros(DType.F64, 3, 3);
        Matrix diagR = Matrix.zeros(DType.F64, 3, 3);
        for (int k = 0; k < 3; k++) {
            diagL.set(k, k, lambda.get(k));
            diagS.set(k, k, 1 / Math.sqrt(lambda.get(k) + eps));
            diagR.set(k, k, lambda.get(k) / (lambda.get(k) + eps));
        }
        w.agree("U·diag(λ)·Uᵀ = Σ", Hand.mult(Hand.mult(u, diagL), Hand.transpose(u)), sigma);

        w.section("The whitening matrix and the whitened data");
        w.matrix("1/sqrt(λ + ε)", Matrix.of(DType.F64, 1, 3, diagS.get(0, 0), diagS.get(1, 1), diagS.get(2, 2)));
        Matrix wHand = Hand.mult(Hand.mult(u, diagS), Hand.transpose(u));
        w.matrix("W = U·diag(1/sqrt(λ + ε))·Uᵀ      (symmetric)", wHand);
        w.agree("W (Featurewise.fitZca(X, 0.001).whitening())", wHand, zca.whitening());
        Matrix centred = Hand.addRow(x, Hand.scale(-1, mu));
        Matrix white = zca.transform(x);
        w.matrix("X' = (X − μ)·W", white);
        w.agree("X' (Featurewise.transform)", Hand.mult(centred, wHand), white);
        Matrix covWhite = Hand.covariance(white);
        w.matrix("cov(X') = W·Σ·W = U·diag(λ/(λ + ε))·Uᵀ      (≈ I: uncorrelated, unit variance)", covWhite);
        w.agree("U·diag(λ/(λ + ε))·Uᵀ", Hand.mult(Hand.mult(u, diagR), Hand.transpose(u)), covWhite);
        w.linef("λ/(λ + ε) = %s, %s, %s: ε keeps the smallest direction (pixel noise, in images) from being blown up.",
                fixed(diagR.get(0, 0), 4), fixed(diagR.get(1, 1), 4), fixed(diagR.get(2, 2), 4));

        w.section("ZCA against PCA whitening");
        Matrix pca = Hand.mult(Hand.mult(centred, u), diagS);
        w.matrix("PCA whitening (X − μ)·U·diag(1/sqrt(λ + ε))      (as white, but rotated onto the principal axes)", pca);
        double dZca = Hand.sumSquares(Hand.linear(1, white, -1, centred)) / n;
        double dPca = Hand.sumSquares(Hand.linear(1, pca, -1, centred)) / n;
        w.linef("mean squared distance to X − μ: ZCA %.4f, PCA %.4f. Any rotation of white data is white;", dZca, dPca);
        w.line("ZCA is the one closest to the data, which is why whitened images still look like the images.");
        w.claim(dZca < dPca, "ZCA stays closer to the data than PCA whitening");
        w.line(String.format(Locale.ROOT, "No gradient is involved: ZCA is fitted once on the training split (n = %d here) and then", n),
                "applied to every split; statistics that saw the test images would leak them into training.");
        return w.text();
    }

    /** 8 examples of 3 correlated features: x1 = z1, x2 = 0.8·z1 + 0.6·z2, x3 = 0.5·z1 − 0.3·z2 + 0.2·z3, z ~ N(0, I). */
    static Matrix zcaData() {
        Rng rng = new Rng(3);
        Matrix x = Matrix.zeros(DType.F64, 8, 3);
        for (int i = 0; i < 8; i++) {
            double z1 = rng.nextGaussian();
            double z2 = rng.nextGaussian();
            double z3 = rng.nextGaussian();
            x.set(i, 0, Math.round(100 * (z1 + 1)) / 100.0);
            x.set(i, 1, Math.round(100 * (0.8 * z1 + 0.6 * z2)) / 100.0);
            x.set(i, 2, Math.round(100 * (0.5 * z1 - 0.3 * z2 + 0.2 * z3 + 2)) / 100.0);
        }
        return x;
    }
}
