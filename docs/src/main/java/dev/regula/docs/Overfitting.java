package dev.regula.docs;

import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.nn.Adam;
import dev.regula.nn.Dense;
import dev.regula.nn.Initializer;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.L2;
import dev.regula.regularization.Penalties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The classic overfitting pictures, made by the engine: a network far too big for its data
 * (2-100-100-2, ReLU, he-uniform hidden kernels) trained long on a few noisy "two moons" points, once without
 * regularization, once with an L2 penalty and once with dropout; then the decision boundary of each
 * over a grid, drawn with the training points ({@link DecisionBoundaryPlot}), and the train and test
 * accuracies.
 *
 * <p>How smooth a boundary is, measured on the same grid the pictures show
 * ({@value #GRID_X} × {@value #GRID_Y} points over [{@value #X_MIN}, {@value #X_MAX}] ×
 * [{@value #Y_MIN}, {@value #Y_MAX}]):
 * <ul>
 *   <li><b>class changes per grid line</b>: along every horizontal and vertical line of the grid,
 *   count how often the predicted class changes from one point to the next, and average over the
 *   lines. One clean curve between the moons crosses a line about once or twice; a boundary that
 *   bends around single noisy points crosses more often.</li>
 *   <li><b>total variation of P(class 1) per grid line</b>: the same, summing
 *   {@code |P(next) − P(this)|}: it also counts confident swings that do not cross 0.5.</li>
 * </ul>
 * Everything is seeded: the same settings give the same accuracies and pictures.
 */
public final class Overfitting {
    static final int GRID_X = 180;
    static final int GRID_Y = 120;
    static final double X_MIN = -1.75;
    static final double X_MAX = 2.75;
    static final double Y_MIN = -1.25;
    static final double Y_MAX = 1.75;

    private Overfitting() {}

    /**
     * What to train.
     *
     * @param seed         the seed of the data (training points from seed, test points from seed + 1) and of the weights
     * @param trainPoints  training points, ≥ 2
     * @param testPoints   test points, ≥ 2
     * @param noise        the standard deviation of the moons' noise, ≥ 0
     * @param hidden       units in each of the two hidden layers, ≥ 1
     * @param epochs       full-batch Adam steps, ≥ 1
     * @param learningRate Adam's learning rate, > 0
     * @param lambda       the L2 factor of the L2 model (λ·Σw² on every kernel), > 0
     * @param keepProb     the dropout model's keepProb after each hidden layer, in (0, 1)
     */
    public record Settings(long seed, int trainPoints, int testPoints, double noise, int hidden, int epochs,
                           double learningRate, double lambda, double keepProb) {
        /** Validates every field, naming it and the value received. */
        public Settings {
            if (trainPoints < 2) {
                throw new IllegalArgumentException("Invalid value for trainPoints: expected an integer >= 2, received: " + trainPoints);
            }
            if (testPoints < 2) {
                throw new IllegalArgumentException("Invalid value for testPoints: expected an integer >= 2, received: " + testPoints);
            }
            Checks.nonNegative("noise", noise);
            Checks.positive("hidden", hidden);
            Checks.positive("epochs", epochs);
            Checks.positive("learningRate", learningRate);
            Checks.positive("lambda", lambda);
            if (!(keepProb > 0 && keepProb < 1)) {
                throw new IllegalArgumentException("Invalid value for keepProb: expected a number in (0, 1), received: " + keepProb);
            }
        }

        /** The same settings with another seed. */
        public Settings withSeed(long newSeed) {
            return new Settings(newSeed, trainPoints, testPoints, noise, hidden, epochs, learningRate, lambda, keepProb);
        }

        /** The same settings with another number of epochs. */
        public Settings withEpochs(int newEpochs) {
            return new Settings(seed, trainPoints, testPoints, noise, hidden, newEpochs, learningRate, lambda, keepProb);
        }
    }

    /** The settings of {@code regula explain overfitting} and of the chapter's pictures. */
    public static Settings defaults() {
        return new Settings(5, 80, 1000, 0.4, 100, 3000, 0.01, 0.005, 0.3);
    }

    /**
     * One trained model.
     *
     * @param file            the picture's file name ({@code none.png}, {@code l2.png}, {@code dropout.png})
     * @param label           what was trained, e.g. "L2 λ=0.003 on every kernel"
     * @param trainAccuracy   accuracy on the training points, in [0, 1]
     * @param testAccuracy    accuracy on the test points, in [0, 1]
     * @param classChanges    class changes per grid line (see the class javadoc)
     * @param totalVariation  total variation of P(class 1) per grid line
     * @param predictedClass  the predicted class at each grid point, [row (y)][column (x)]
     */
    public record Run(String file, String label, double trainAccuracy, double testAccuracy, double classChanges,
                      double totalVariation, int[][] predictedClass) {}

    /** The three runs, in the order none, L2, dropout. */
    public record Result(Settings settings, Moons train, Moons test, List<Run> runs) {
        /** The run without regularization. */
        public Run none() {
            return runs.get(0);
        }

        public Run l2() {
            return runs.get(1);
        }

        public Run dropout() {
            return runs.get(2);
        }

        /** The table that {@code regula explain overfitting} prints (no timings, fixed formats). */
        public String summary() {
            Settings s = settings;
            StringBuilder sb = new StringBuilder();
            sb.append(String.format(Locale.ROOT, "overfitting: two moons, %d training points and %d test points (noise %.2f),%n",
                    s.trainPoints(), s.testPoints(), s.noise()));
            sb.append(String.format(Locale.ROOT,
                    "a 2-%d-%d-2 ReLU network, full-batch Adam (lr %s) for %d epochs, F64, seed %d%n",
                    s.hidden(), s.hidden(), s.learningRate(), s.epochs(), s.seed()));
            sb.append(String.format(Locale.ROOT, "%n%-38s %9s %9s %15s %15s%n", "model", "train acc", "test acc",
                    "class changes", "TV of P(1)"));
            sb.append(String.format(Locale.ROOT, "%-38s %9s %9s %15s %15s%n", "", "", "", "per grid line", "per grid line"));
            for (Run r : runs) {
                sb.append(String.format(Locale.ROOT, "%-38s %8.1f%% %8.1f%% %15.3f %15.3f%n", r.label(),
                        100 * r.trainAccuracy(), 100 * r.testAccuracy(), r.classChanges(), r.totalVariation()));
            }
            return sb.toString();
        }
    }

    /**
     * Trains the three models and, when {@code outDir} is not null, writes {@code none.png},
     * {@code l2.png} and {@code dropout.png} there (creating the directory).
     *
     * @throws IOException when a picture cannot be written
     */
    public static Result run(Settings s, Path outDir) throws IOException {
        Moons train = Moons.make(s.trainPoints(), s.noise(), s.seed());
        Moons test = Moons.make(s.testPoints(), s.noise(), s.seed() + 1);
        Matrix grid = grid();
        List<Run> runs = new ArrayList<>();
        runs.add(train(s, train, test, grid, "none.png", "no regularization", false, false));
        runs.add(train(s, train, test, grid, "l2.png",
                String.format(Locale.ROOT, "L2 λ=%s on every kernel", s.lambda()), true, false));
        runs.add(train(s, train, test, grid, "dropout.png",
                String.format(Locale.ROOT, "dropout keepProb=%s after each ReLU", s.keepProb()), false, true));
        Result result = new Result(s, train, test, List.copyOf(runs));
        if (outDir != null) {
            Files.createDirectories(outDir);
            for (Run r : runs) {
                DecisionBoundaryPlot.write(result, r, outDir.resolve(r.file()));
            }
        }
        return result;
    }

    private static Run train(Settings s, Moons train, Moons test, Matrix grid, String file, String label,
                             boolean l2, boolean dropout) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(2, s.hidden(), Initializer.HE_UNIFORM));
        layers.add(new ReLU());
        if (dropout) {
            layers.add(new Dropout(s.keepProb()));
        }
        layers.add(new Dense(s.hidden(), s.hidden(), Initializer.HE_UNIFORM));
        layers.add(new ReLU());
        if (dropout) {
            layers.add(new Dropout(s.keepProb()));
        }
        layers.add(new Dense(s.hidden(), 2));
        Sequential model = new Sequential(DType.F64, s.seed(), layers.toArray(new Layer[0]));
        if (l2) {
            Penalties.onKernels(model, L2.of(s.lambda()), true);
        }
        model.compile(new SoftmaxCrossEntropy(), new Adam(s.learningRate()));
        Matrix y = train.oneHot();
        model.fit(train.x(), y, null, null, s.epochs(), train.size(), List.of());
        return evaluate(model, train, test, grid, file, label);
    }

    /** The accuracies of a trained model and its predictions over the picture's grid, with their smoothness. */
    static Run evaluate(Sequential model, Moons train, Moons test, Matrix grid, String file, String label) {
        Matrix y = train.oneHot();
        double trainAcc = model.evaluate(train.x(), y, 1024).accuracy();
        double testAcc = model.evaluate(test.x(), test.oneHot(), 1024).accuracy();

        Matrix logits = model.predict(grid);
        Matrix probs = Matrix.zeros(DType.F64, logits.rows(), logits.cols());
        Ops.softmaxRows(logits, probs);
        int[][] cls = new int[GRID_Y][GRID_X];
        double[][] p1 = new double[GRID_Y][GRID_X];
        for (int r = 0; r < GRID_Y; r++) {
            for (int c = 0; c < GRID_X; c++) {
                int i = r * GRID_X + c;
                p1[r][c] = probs.get(i, 1);
                cls[r][c] = logits.get(i, 1) > logits.get(i, 0) ? 1 : 0;
            }
        }
        double changes = 0;
        double tv = 0;
        for (int r = 0; r < GRID_Y; r++) {
            for (int c = 0; c < GRID_X; c++) {
                if (c + 1 < GRID_X) {
                    changes += cls[r][c] != cls[r][c + 1] ? 1 : 0;
                    tv += Math.abs(p1[r][c + 1] - p1[r][c]);
                }
                if (r + 1 < GRID_Y) {
                    changes += cls[r][c] != cls[r + 1][c] ? 1 : 0;
                    tv += Math.abs(p1[r + 1][c] - p1[r][c]);
                }
            }
        }
        int lines = GRID_X + GRID_Y;
        return new Run(file, label, trainAcc, testAcc, changes / lines, tv / lines, cls);
    }

    /** The grid points, row by row from the bottom (y = Y_MIN) up, x from left to right: (GRID_Y·GRID_X × 2). */
    static Matrix grid() {
        Matrix g = Matrix.zeros(DType.F64, GRID_X * GRID_Y, 2);
        for (int r = 0; r < GRID_Y; r++) {
            for (int c = 0; c < GRID_X; c++) {
                g.set(r * GRID_X + c, 0, gridX(c));
                g.set(r * GRID_X + c, 1, gridY(r));
            }
        }
        return g;
    }

    /** The x of grid column c: the centre of the c-th of GRID_X equal cells. */
    static double gridX(int c) {
        return X_MIN + (c + 0.5) * (X_MAX - X_MIN) / GRID_X;
    }

    /** The y of grid row r. */
    static double gridY(int r) {
        return Y_MIN + (r + 0.5) * (Y_MAX - Y_MIN) / GRID_Y;
    }
}
