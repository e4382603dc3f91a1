package dev.regula.cli;

import dev.regula.docs.Explain;
import dev.regula.docs.Overfitting;
import dev.regula.docs.SeedsExercise;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import dev.regula.core.OutputPaths;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code regula explain [TOPIC]}: the numeric walkthroughs of the docs module. Without a topic it
 * lists the topics; {@code regula explain overfitting --out DIR} trains the three two-moons models
 * and writes their decision-boundary pictures. The text is printed in UTF-8 (it is full of ·, ⊙, ᵀ
 * and λ) whatever the platform's default charset.
 */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = {"Step through the math of a technique with numbers the engine computes itself.",
                "Every matrix of a forward and backward pass, checked against the formula, and a gradient check.",
                "Without TOPIC, list the topics."})
final class ExplainCommand implements Callable<Integer> {
    static final String OVERFITTING = "overfitting";
    static final String SEEDS_EXERCISE = "seeds-exercise";

    @Parameters(index = "0", arity = "0..1", paramLabel = "TOPIC",
            description = "A topic from the list that 'regula explain' prints (dense, relu, ..., dropout, ...), or overfitting")
    String topic;

    @Option(names = "--out", paramLabel = "DIR",
            description = "overfitting and seeds-exercise: where to write none.png, l2.png and dropout.png (default: out/explain/TOPIC)")
    Path out;

    @Option(names = "--seed", paramLabel = "S", description = "overfitting only: the seed of the data and the weights (default 5)")
    Long seed;

    @Option(names = "--epochs", paramLabel = "N", description = "overfitting only: full-batch Adam steps (default 3000)")
    Integer epochs;

    @Override
    public Integer call() throws IOException {
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        if (topic == null) {
            checkNoOverfittingOptions("listing the topics");
            stdout.println("Topics (regula explain TOPIC):");
            for (String t : Explain.topics()) {
                stdout.printf(Locale.ROOT, "  %-23s %s%n", t, Explain.summary(t));
            }
            stdout.printf(Locale.ROOT, "  %-23s %s%n", OVERFITTING,
                    "L2 and dropout against overfitting on two noisy moons: pictures and accuracies (--out DIR)");
            stdout.printf(Locale.ROOT, "  %-23s %s%n", SEEDS_EXERCISE,
                    "the deeplearning.ai exercise of seed 002 replayed: none, L2 lambd = 0.7, dropout keep_prob = 0.86 (--out DIR)");
            stdout.flush();
            return 0;
        }
        if (topic.equals(OVERFITTING)) {
            return overfitting(stdout);
        }
        if (topic.equals(SEEDS_EXERCISE)) {
            if (seed != null || epochs != null) {
                throw new IllegalArgumentException("--seed and --epochs are options of 'regula explain overfitting', not of "
                        + SEEDS_EXERCISE + " (its settings are the exercise's)");
            }
            Path dir = out != null ? out : Path.of("out", "explain", SEEDS_EXERCISE);
            OutputPaths.requireWritableDirectory("--out", dir);     // before any training
            Overfitting.Result result = SeedsExercise.run(dir);
            stdout.print(SeedsExercise.summary(result));
            stdout.println();
            for (Overfitting.Run r : result.runs()) {
                stdout.println("Wrote " + dir.resolve(r.file()));
            }
            stdout.flush();
            return 0;
        }
        if (!Explain.topics().contains(topic)) {
            List<String> known = new ArrayList<>(Explain.topics());
            known.add(OVERFITTING);
            known.add(SEEDS_EXERCISE);
            throw new IllegalArgumentException("Unknown topic: expected one of " + String.join(", ", known)
                    + ", received: " + topic);
        }
        checkNoOverfittingOptions("the topic " + topic);
        stdout.print(Explain.explain(topic));
        stdout.flush();
        return 0;
    }

    private int overfitting(PrintStream stdout) throws IOException {
        Overfitting.Settings settings = Overfitting.defaults();
        if (seed != null) {
            settings = settings.withSeed(seed);
        }
        if (epochs != null) {
            if (epochs < 1) {
                throw new IllegalArgumentException("Invalid value for --epochs: expected an integer >= 1, received: " + epochs);
            }
            settings = settings.withEpochs(epochs);
        }
        Path dir = out != null ? out : Path.of("out", "explain", OVERFITTING);
        OutputPaths.requireWritableDirectory("--out", dir);         // before any training
        Overfitting.Result result = Overfitting.run(settings, dir);
        stdout.print(result.summary());
        stdout.println();
        for (Overfitting.Run r : result.runs()) {
            stdout.println("Wrote " + dir.resolve(r.file()));
        }
        stdout.flush();
        return 0;
    }

    private void checkNoOverfittingOptions(String what) {
        if (out != null || seed != null || epochs != null) {
            throw new IllegalArgumentException("--out, --seed and --epochs are options of 'regula explain overfitting',"
                    + " not of " + what);
        }
    }
}
