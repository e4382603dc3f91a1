package dev.regula.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.gemm.Gemm;
import dev.regula.data.AtomicFiles;
import dev.regula.data.Mnist;
import dev.regula.data.MnistSplits;
import dev.regula.nn.Callback;
import dev.regula.nn.History;
import dev.regula.nn.ProgressLogger;
import dev.regula.nn.Sequential;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code regula train}: trains a preset on MNIST (42,000 train / 18,000 validation / 10,000 test),
 * printing a Keras-style line per epoch, then the test accuracy, and writes {@code history.json}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a preset network on MNIST and write DIR/history.json.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "baseline", paramLabel = "NAME",
            description = "The recipe: baseline (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--epochs", defaultValue = "10", paramLabel = "N", description = "Epochs (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--seed", defaultValue = "128", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE})")
    long seed;

    @Option(names = "--batch-size", defaultValue = "128", paramLabel = "B",
            description = "Mini-batch size (default: ${DEFAULT-VALUE})")
    int batchSize;

    @Option(names = "--dtype", defaultValue = "f32", paramLabel = "f32|f64",
            description = "Element type (default: ${DEFAULT-VALUE})")
    String dtype;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/train/<preset>)")
    Path out;

    @Option(names = "--data", paramLabel = "DIR",
            description = "Read your own four MNIST-format IDX files from DIR instead of the cached MNIST")
    Path data;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The MNIST cache (default: $REGULA_CACHE_DIR, else the user cache directory)")
    Path cacheDir;

    @Override
    public Integer call() throws Exception {
        // Every argument is checked before any data is read.
        Preset recipe = Preset.parse(preset);
        Checks.positive("--epochs", epochs);
        Checks.positive("--batch-size", batchSize);
        DType type = DType.parse(dtype);
        Path outDir = out != null ? out : Path.of("out", "train", recipe.key());
        Files.createDirectories(outDir);
        if (!Files.isWritable(outDir)) {
            throw new IllegalArgumentException("Cannot write to --out " + outDir);
        }

        MnistSplits splits = Mnist.loadOrFetch(cacheDir, data, type, System.out);
        Sequential model = recipe.model(splits.train().features(), splits.train().numClasses(), type, seed);
        System.out.printf(Locale.ROOT, "Preset %s (%s): %d train, %d validation, %d test, %s, seed %d, GEMM %s%n",
                recipe.key(), recipe.description, splits.train().size(), splits.validation().size(),
                splits.test().size(), type, seed, Gemm.auto().name());

        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new ProgressLogger(System.out, System.console() != null));
        History history = model.fit(splits.train().x(), splits.train().oneHot(),
                splits.validation().x(), splits.validation().oneHot(), epochs, batchSize, callbacks);
        Sequential.Evaluation test = model.evaluate(splits.test().x(), splits.test().oneHot(), batchSize);
        double meanSeconds = java.util.Arrays.stream(history.get("seconds")).average().orElse(0);
        System.out.printf(Locale.ROOT, "Test: loss %.4f - acc %.4f (mean %.2f s per epoch)%n",
                test.loss(), test.accuracy(), meanSeconds);

        Path file = outDir.resolve("history.json");
        AtomicFiles.write(file, json(recipe, type, history, test));
        System.out.println("Wrote " + file);
        return 0;
    }

    private byte[] json(Preset recipe, DType type, History history, Sequential.Evaluation test) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("preset", recipe.key());
        root.put("seed", seed);
        root.put("dtype", type.name().toLowerCase(Locale.ROOT));
        root.put("batch_size", batchSize);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < history.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", i + 1);
            row.putAll(history.epochs().get(i));
            rows.add(row);
        }
        root.put("epochs", rows);
        root.put("test_loss", test.loss());
        root.put("test_acc", test.accuracy());
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }
}
