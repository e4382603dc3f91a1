package dev.regula.docs;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.nn.Dense;
import dev.regula.nn.Initializer;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
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
 * The deeplearning.ai exercise that seed 002 paraphrases, replayed with Regula: a [2, 20, 3, 1] network
 * (LINEAR → RELU → LINEAR → RELU → LINEAR → SIGMOID; here the last layer has two softmax outputs, the same model
 * for two classes), full-batch gradient descent with learning rate 0.3 for 30,000 iterations, trained three
 * times: without regularization, with L2 λ = 0.7 in the exercise's form (λ/2m)·Σ‖W‖² (that is Regula's
 * {@code L2(0.7/(2m))} on the three kernels, m the number of training examples), and with dropout keep_prob =
 * 0.86 after both hidden layers. The exercise's kernels are {@code randn(...)/sqrt(fanIn)}: Regula's
 * lecun_normal (variance 1/fanIn, truncated at 2σ). The data are two noisy moons ({@link Moons}) instead of the
 * exercise's football-field points: 211 training and 200 test points, as many as the exercise has.
 */
public final class SeedsExercise {
    private SeedsExercise() {}

    static final long SEED = 3;
    static final int TRAIN = 211;
    static final int TEST = 200;
    static final double NOISE = 0.3;
    static final int ITERATIONS = 30_000;
    static final double LEARNING_RATE = 0.3;
    /** The exercise's lambd, in its (λ/2m)·Σ‖W‖² form. */
    static final double LAMBD = 0.7;
    static final double KEEP_PROB = 0.86;

    /** The three runs (none, L2, dropout), their PNGs written to {@code outDir} when it is not null. */
    public static Overfitting.Result run(Path outDir) throws IOException {
        Moons train = Moons.make(TRAIN, NOISE, SEED);
        Moons test = Moons.make(TEST, NOISE, SEED + 1);
        Matrix grid = Overfitting.grid();
        double lambda = L2.fromSeedForm(LAMBD, TRAIN);
        List<Overfitting.Run> runs = new ArrayList<>();
        runs.add(train(train, test, grid, "none.png", "no regularization", 0, 0));
        runs.add(train(train, test, grid, "l2.png",
                String.format(Locale.ROOT, "L2 lambd=0.7 (Regula L2(%.7f))", lambda), lambda, 0));
        runs.add(train(train, test, grid, "dropout.png", "dropout keep_prob=0.86", 0, KEEP_PROB));
        Overfitting.Settings settings = new Overfitting.Settings(SEED, TRAIN, TEST, NOISE, 20, ITERATIONS, LEARNING_RATE,
                lambda, KEEP_PROB);
        Overfitting.Result result = new Overfitting.Result(settings, train, test, List.copyOf(runs));
        if (outDir != null) {
            Files.createDirectories(outDir);
            for (Overfitting.Run r : runs) {
                DecisionBoundaryPlot.write(result, r, outDir.resolve(r.file()));
            }
        }
        return result;
    }

    private static Overfitting.Run train(Moons train, Moons test, Matrix grid, String file, String label, double lambda,
                                         double keepProb) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(2, 20, Initializer.LECUN_NORMAL));
        layers.add(new ReLU());
        if (keepProb > 0) {
            layers.add(new Dropout(keepProb));
        }
        layers.add(new Dense(20, 3, Initializer.LECUN_NORMAL));
        layers.add(new ReLU());
        if (keepProb > 0) {
            layers.add(new Dropout(keepProb));
        }
        layers.add(new Dense(3, 2, Initializer.LECUN_NORMAL));
        Sequential model = new Sequential(DType.F64, SEED, layers.toArray(new Layer[0]));
        if (lambda > 0) {
            Penalties.onKernels(model, L2.of(lambda), true);       // W1, W2 and W3, as compute_cost_with_regularization
        }
        model.compile(new SoftmaxCrossEntropy(), new Sgd(LEARNING_RATE));
        model.fit(train.x(), train.oneHot(), null, null, ITERATIONS, train.size(), List.of());
        return Overfitting.evaluate(model, train, test, grid, file, label);
    }

    /** The table of {@code regula explain seeds-exercise} and of the chapter (fixed formats, no timings). */
    public static String summary(Overfitting.Result result) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "seeds-exercise: two moons, %d training and %d test points (noise %.2f), seed %d%n",
                TRAIN, TEST, NOISE, SEED));
        sb.append(String.format(Locale.ROOT, "2-20-3-2 ReLU network, lecun_normal kernels, full-batch gradient descent "
                + "(lr %.1f) for %,d iterations, F64%n", LEARNING_RATE, ITERATIONS));
        sb.append(String.format(Locale.ROOT, "L2: lambd = %.1f in (lambd/2m)·Σ‖W‖², m = %d, is Regula's L2(λ) with "
                + "λ = lambd/(2m) = %.7f%n", LAMBD, TRAIN, L2.fromSeedForm(LAMBD, TRAIN)));
        sb.append(String.format(Locale.ROOT, "%n%-38s %9s %9s %15s%n", "model", "train acc", "test acc", "class changes"));
        for (Overfitting.Run r : result.runs()) {
            sb.append(String.format(Locale.ROOT, "%-38s %8.1f%% %8.1f%% %15.3f%n", r.label(), 100 * r.trainAccuracy(),
                    100 * r.testAccuracy(), r.classChanges()));
        }
        return sb.toString();
    }
}
