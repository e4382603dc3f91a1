package dev.regula.cli;

import static dev.regula.cli.CliTests.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.cli.CliTests.Run;
import dev.regula.data.DataSources;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.SafeTensors;
import dev.regula.nn.Sequential;
import dev.regula.nn.Softmax;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code regula predict} on a small synthetic MNIST-format dataset given with --data: the CSV's
 * classes are {@link Sequential#predict}'s, its probabilities the softmax of the outputs, the
 * accuracy line is the CSV's, a torch-style state dict predicts as the model it came from, and
 * bad arguments end with one line.
 */
class PredictCommandTest {
    @TempDir
    Path dir;

    /** 40 training (28 train, 12 validation) and 10 test images of 28×28 whose class is visible in their pixels. */
    private Path dataset() {
        Path data = dir.resolve("data");
        if (!Files.isDirectory(data)) {
            try {
                CliTests.dataset(data, i -> (i * 7) % 10);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return data;
    }




    /** The CSV's rows after the header, as numbers. */
    private static double[][] csv(Path file, int classes) throws Exception {
        List<String> lines = Files.readAllLines(file);
        StringBuilder header = new StringBuilder("label,predicted");
        for (int j = 0; j < classes; j++) {
            header.append(",p").append(j);
        }
        assertEquals(header.toString(), lines.get(0));
        return lines.stream().skip(1).map(l -> java.util.Arrays.stream(l.split(",")).mapToDouble(Double::parseDouble)
                .toArray()).toArray(double[][]::new);
    }

    private static Dataset split(Path data, DType dtype, String split) {
        MnistSplits s = DataSources.load(data, dtype);
        return split.equals("test") ? s.test() : split.equals("validation") ? s.validation() : s.train();
    }

    /** Checks the CSV and the accuracy line against the model's own predictions on that split. */
    private static void assertAgrees(Run r, Path csvFile, Sequential model, Dataset d) throws Exception {
        assertEquals(0, r.exit(), r.out() + r.err());
        Matrix outputs = model.predict(d.x());
        Matrix probs = outputs;
        if (!(model.layers().get(model.layers().size() - 1) instanceof Softmax)) {
            probs = Matrix.zeros(model.dtype(), outputs.rows(), outputs.cols());
            Ops.softmaxRows(outputs, probs);
        }
        double[][] rows = csv(csvFile, 10);
        assertEquals(d.size(), rows.length, "one row per image");
        int hits = 0;
        for (int i = 0; i < rows.length; i++) {
            int best = 0;
            for (int j = 1; j < 10; j++) {
                best = outputs.get(i, j) > outputs.get(i, best) ? j : best;
            }
            assertEquals(d.label(i), (int) rows[i][0], "label of row " + i);
            assertEquals(best, (int) rows[i][1], "predicted class of row " + i);
            double sum = 0;
            for (int j = 0; j < 10; j++) {
                assertEquals(probs.get(i, j), rows[i][2 + j], 0.0, "row " + i + ", p" + j + ": the exact value");
                sum += rows[i][2 + j];
            }
            assertEquals(1, sum, 1e-5);
            hits += best == d.label(i) ? 1 : 0;
        }
        String accuracy = String.format(Locale.ROOT, "Accuracy: %.4f (%d of %d)", (double) hits / d.size(), hits, d.size());
        assertTrue(r.out().contains(accuracy + "\n"), accuracy + " in: " + r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f64"})
    void theCsvHoldsWhatTheTrainedModelPredictsOnEachSplit(String dtype) throws Exception {
        Path ck = dir.resolve("model-" + dtype + ".safetensors");
        Run trained = run("train", "--data", dataset().toString(), "--epochs", "2", "--batch-size", "16", "--dtype", dtype,
                "--out", dir.resolve("train-" + dtype).toString(), "--save", ck.toString());
        assertEquals(0, trained.exit(), trained.out() + trained.err());
        Sequential model = Sequential.load(ck);
        for (String split : new String[] {"test", "validation", "train"}) {
            Path file = dir.resolve(dtype + "-" + split + ".csv");
            Run r = run("predict", "--model", ck.toString(), "--data", dataset().toString(), "--split", split,
                    "--out", file.toString());
            assertAgrees(r, file, model, split(dataset(), DType.parse(dtype), split));
            assertTrue(r.out().contains("Wrote " + file), r.out());
        }
        // Without --split: the test split, as regula train reports it.
        Path file = dir.resolve(dtype + ".csv");
        Run r = run("predict", "--model", ck.toString(), "--data", dataset().toString(), "--out", file.toString());
        assertEquals(Files.readString(dir.resolve(dtype + "-test.csv")), Files.readString(file));
        String testAcc = new com.fasterxml.jackson.databind.ObjectMapper().readTree(dir.resolve("train-" + dtype)
                .resolve("history.json").toFile()).get("test_acc").asText();
        assertTrue(r.out().contains(String.format(Locale.ROOT, "Accuracy: %.4f", Double.parseDouble(testAcc))),
                "the accuracy regula train reported: " + testAcc + " in: " + r.out());
        try (java.util.stream.Stream<Path> files = Files.list(dir)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp"))
                    .collect(java.util.stream.Collectors.toList()), "no temporary file is left");
        }
    }

    @Test
    void aModelEndingInSoftmaxIsNotGivenASecondOne() throws Exception {
        Sequential model = new Sequential(DType.F64, 3, new Dense(784, 16), new ReLU(), new Dense(16, 10), new Softmax());
        Path ck = dir.resolve("softmax.safetensors");
        model.save(ck);
        Path file = dir.resolve("softmax.csv");
        Run r = run("predict", "--model", ck.toString(), "--data", dataset().toString(), "--out", file.toString());
        assertAgrees(r, file, model, split(dataset(), DType.F64, "test"));
        assertTrue(r.out().contains("the model's own Softmax"), r.out());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f32", "f64"})
    void aTorchStateDictPredictsAsTheModelItCameFrom(String dtype) throws Exception {
        DType type = DType.parse(dtype);
        Sequential model = new Sequential(type, 4, new Dense(784, 16), new ReLU(), new Dense(16, 12), new ReLU(),
                new Dense(12, 10));
        // As torch names and shapes it: Linear k at index 2k, weight (nOut, nIn) = kernelᵀ.
        Map<String, Matrix> state = new LinkedHashMap<>();
        int index = 0;
        for (Layer layer : model.layers()) {
            if (layer instanceof Dense) {
                Matrix k = ((Dense) layer).kernel().value();
                Matrix w = Matrix.zeros(type, k.cols(), k.rows());
                for (int i = 0; i < k.rows(); i++) {
                    for (int j = 0; j < k.cols(); j++) {
                        w.set(j, i, k.get(i, j));
                    }
                }
                state.put(index + ".weight", w);
                state.put(index + ".bias", ((Dense) layer).bias().value());
            }
            index++;
        }
        Path sd = Files.write(dir.resolve("sd.safetensors"), SafeTensors.encode(state, Map.of()));
        Path file = dir.resolve("torch.csv");
        Run r = run("predict", "--torch-state-dict", sd.toString(), "--architecture", "784-16-12-10",
                "--data", dataset().toString(), "--out", file.toString());
        assertAgrees(r, file, model, split(dataset(), type, "test"));

        Run wrong = run("predict", "--torch-state-dict", sd.toString(), "--architecture", "784-16-10",
                "--data", dataset().toString());
        assertEquals(2, wrong.exit());
        assertEquals("regula: " + sd + ": expected tensor 2.weight of shape 10×16 for Linear(16, 10), found 12×16\n",
                wrong.err());
    }

    @Test
    void badArgumentsEndWithOneLineAndExitCode2() throws Exception {
        Path model = dir.resolve("m.safetensors");
        new Sequential(DType.F32, 3, new Dense(784, 8), new ReLU(), new Dense(8, 10)).save(model);
        Path small = dir.resolve("small.safetensors");
        new Sequential(DType.F32, 3, new Dense(100, 10)).save(small);
        Path folder = Files.createDirectories(dir.resolve("folder"));
        String data = dataset().toString();
        String[][] cases = {
                {"Invalid use of --model and --torch-state-dict: expected one of them, received neither", "--data", data},
                {"Invalid use of --model and --torch-state-dict: expected one of them, received both",
                        "--model", model.toString(), "--torch-state-dict", model.toString(), "--architecture", "784-10"},
                {"Invalid use of --architecture: expected it with --torch-state-dict, and only then; received --architecture"
                        + " without --torch-state-dict", "--model", model.toString(), "--architecture", "784-10"},
                {"Invalid use of --architecture: expected it with --torch-state-dict, and only then; received"
                        + " --torch-state-dict without --architecture", "--torch-state-dict", model.toString()},
                {"Invalid value for --architecture: expected at least two positive layer sizes joined by '-', inputs to"
                        + " outputs (784-500-10), received: 784-x-10", "--torch-state-dict", model.toString(),
                        "--architecture", "784-x-10"},
                {"Invalid value for --architecture: expected at least two positive layer sizes joined by '-', inputs to"
                        + " outputs (784-500-10), received: 784", "--torch-state-dict", model.toString(), "--architecture", "784"},
                {"Invalid value for --split: expected one of [test, validation, train], received: val",
                        "--model", model.toString(), "--split", "val"},
                {"Invalid value for --out: expected a file name, found a directory: " + folder,
                        "--model", model.toString(), "--out", folder.toString()},
                {dir.resolve("none.safetensors") + ": no such checkpoint file", "--model", dir.resolve("none.safetensors")
                        .toString(), "--data", data},
                {small + ": the model takes 100 inputs and gives 10 outputs, but the test split has 784 features and 10"
                        + " classes", "--model", small.toString(), "--data", data},
                {"Data path not found: " + dir.resolve("nowhere"), "--model", model.toString(), "--data",
                        dir.resolve("nowhere").toString()},
        };
        for (String[] c : cases) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("predict"),
                    java.util.Arrays.stream(c, 1, c.length)).toArray(String[]::new);
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", args) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("regula: " + c[0]), c[0] + " in: " + r.err());
            assertFalse(r.out().contains("Accuracy"), r.out());
        }
    }
}
