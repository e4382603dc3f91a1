package dev.regula.cli;

import dev.regula.core.Matrix;
import dev.regula.core.Ops;
import dev.regula.core.OutputPaths;
import dev.regula.data.AtomicFiles;
import dev.regula.data.DataSources;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.nn.Checkpoint;
import dev.regula.nn.Sequential;
import dev.regula.nn.Softmax;
import dev.regula.nn.TorchStateDict;
import java.io.BufferedWriter;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code regula predict}: a saved model's predictions on one split of MNIST (or the user's data),
 * its accuracy, and optionally every image's class probabilities in a CSV.
 *
 * <p>The model is a checkpoint ({@code regula train --save}, {@link Sequential#save}) or a PyTorch
 * MLP's state dict with its layer sizes ({@code --torch-state-dict FILE --architecture
 * 784-500-10}, read by {@link TorchStateDict}). The data are read in the model's dtype, and the
 * model runs in inference mode ({@link Sequential#predict}). The probabilities are the softmax of
 * its outputs (the logits), unless its last layer is a {@link Softmax} already; the predicted
 * class is the argmax of the outputs, the first on ties.
 *
 * <p>The CSV ({@code --out}): a header {@code label,predicted,p0,…,p(C-1)}, then one row per image
 * in the data's order, the probabilities as {@link Double#toString} of the model's F32 or F64
 * values (exact: parsed back as a double, each is the value the model computed). It is written
 * to a temporary name and renamed, so it is never half written.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Predict with a saved model on a split of MNIST (or --data): print the accuracy, write the"
                + " probabilities to a CSV.")
final class PredictCommand implements Callable<Integer> {
    @Option(names = "--model", paramLabel = "PATH",
            description = "A model saved by regula train --save or Sequential.save")
    Path model;

    @Option(names = "--torch-state-dict", paramLabel = "PATH",
            description = "Instead of --model: a PyTorch nn.Sequential(Linear, ReLU, ..., Linear)'s state_dict() saved as"
                    + " safetensors (needs --architecture)")
    Path torchStateDict;

    @Option(names = "--architecture", paramLabel = "SIZES",
            description = "The layer sizes of --torch-state-dict, inputs to outputs, e.g. 784-500-500-500-500-500-10")
    String architecture;

    @Option(names = "--split", paramLabel = "SPLIT",
            description = "test (default: the 10,000 test images), validation (the last 18,000 training images) or"
                    + " train (the first 42,000)")
    String split = "test";

    @Option(names = "--out", paramLabel = "FILE.csv",
            description = "Write label,predicted,p0,p1,... for every image (full precision)")
    Path out;

    @Mixin
    DataOptions dataOptions;

    private static final List<String> SPLITS = List.of("test", "validation", "train");

    @Override
    public Integer call() throws Exception {
        // Every argument is checked before any file is read.
        if ((model == null) == (torchStateDict == null)) {
            throw new IllegalArgumentException("Invalid use of --model and --torch-state-dict: expected one of them, received "
                    + (model == null ? "neither" : "both"));
        }
        if ((architecture != null) != (torchStateDict != null)) {
            throw new IllegalArgumentException("Invalid use of --architecture: expected it with --torch-state-dict, and only"
                    + " then; received " + (architecture != null ? "--architecture without --torch-state-dict"
                    : "--torch-state-dict without --architecture"));
        }
        int[] sizes = architecture != null ? sizes(architecture) : null;
        if (!SPLITS.contains(split)) {
            throw new IllegalArgumentException("Invalid value for --split: expected one of " + SPLITS + ", received: " + split);
        }
        if (out != null) {
            OutputPaths.requireWritableFile("--out", out);
        }

        Sequential net = model != null ? Checkpoint.load(model).model() : TorchStateDict.mlp(torchStateDict, sizes);
        Path source = model != null ? model : torchStateDict;
        MnistSplits splits = DataSources.loadOrFetch(dataOptions.cacheDir, dataOptions.data, net.dtype(), System.out);
        Dataset d = split.equals("test") ? splits.test() : split.equals("validation") ? splits.validation() : splits.train();
        if (split.equals("test") && !splits.hasSeparateTest()) {
            System.out.println("Note: the data has no labelled test set; predicting the validation split");
        }
        if (d.features() != net.inputSize() || d.numClasses() != net.outputSize()) {
            throw new IllegalArgumentException(source + ": the model takes " + net.inputSize() + " inputs and gives "
                    + net.outputSize() + " outputs, but the " + split + " split has " + d.features() + " features and "
                    + d.numClasses() + " classes");
        }

        Matrix outputs = net.predict(d.x());                    // (n, classes), logits unless the model ends in Softmax
        boolean endsWithSoftmax = net.layers().get(net.layers().size() - 1) instanceof Softmax;
        Matrix probs = outputs;
        if (!endsWithSoftmax) {
            probs = Matrix.zeros(net.dtype(), outputs.rows(), outputs.cols());
            Ops.softmaxRows(outputs, probs);                    // (n, classes)
        }
        int[] predicted = Ops.argmaxRows(outputs);
        int hits = 0;
        for (int i = 0; i < predicted.length; i++) {
            hits += predicted[i] == d.label(i) ? 1 : 0;
        }
        System.out.printf(Locale.ROOT, "Predicted the %d images of the %s split with %s (%s)%n",
                d.size(), split, source, net);
        System.out.printf(Locale.ROOT, "Accuracy: %.4f (%d of %d)%n", (double) hits / d.size(), hits, d.size());
        if (out != null) {
            Matrix p = probs;
            AtomicFiles.write(out, stream -> writeCsv(stream, d, predicted, p));
            System.out.println("Wrote " + out + " (label, predicted class, " + p.cols() + " probabilities"
                    + (endsWithSoftmax ? ", the model's own Softmax" : ", the softmax of the logits") + ")");
        }
        return 0;
    }

    /** "784-500-10" as {784, 500, 10}: at least two positive sizes. */
    static int[] sizes(String text) {
        String[] parts = text.split("-", -1);
        int[] sizes = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) {
                sizes[i] = Integer.parseInt(parts[i].strip());
                if (sizes[i] <= 0) {
                    throw new NumberFormatException();
                }
            }
        } catch (NumberFormatException e) {
            sizes = new int[0];
        }
        if (sizes.length < 2) {
            throw new IllegalArgumentException("Invalid value for --architecture: expected at least two positive layer"
                    + " sizes joined by '-', inputs to outputs (784-500-10), received: " + text);
        }
        return sizes;
    }

    private static void writeCsv(java.io.OutputStream stream, Dataset d, int[] predicted, Matrix probs)
            throws java.io.IOException {
        Writer w = new BufferedWriter(new OutputStreamWriter(stream, StandardCharsets.UTF_8));
        StringBuilder line = new StringBuilder("label,predicted");
        for (int j = 0; j < probs.cols(); j++) {
            line.append(",p").append(j);
        }
        w.write(line.append('\n').toString());
        for (int i = 0; i < probs.rows(); i++) {
            line.setLength(0);
            line.append(d.label(i)).append(',').append(predicted[i]);
            for (int j = 0; j < probs.cols(); j++) {
                line.append(',').append(Double.toString(probs.get(i, j)));   // exact: a float widens to a double exactly
            }
            w.write(line.append('\n').toString());
        }
        w.flush();    // not closed: AtomicFiles owns the stream
    }
}
