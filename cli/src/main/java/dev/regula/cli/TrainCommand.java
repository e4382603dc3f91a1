package dev.regula.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.regula.experiments.AugmentSpec;
import dev.regula.experiments.FeaturewiseSpec;
import dev.regula.experiments.Recipe;
import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.gemm.Gemm;
import dev.regula.data.AtomicFiles;
import dev.regula.data.DataSources;
import dev.regula.data.MnistSplits;
import dev.regula.nn.Callback;
import dev.regula.nn.Checkpoint;
import dev.regula.regularization.ModelCheckpoint;
import dev.regula.nn.History;
import dev.regula.nn.ProgressLogger;
import dev.regula.nn.Sequential;
import dev.regula.regularization.EarlyStopping;
import dev.regula.regularization.TerminateOnNaN;
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
 *
 * <p>Order of the data steps: read the splits; fit {@code --featurewise} statistics on the
 * training split only and apply them to the validation and test splits, and to the training split
 * too unless it is augmented, in which case each training batch is augmented on raw pixels first
 * and standardized or whitened after (see {@link FeaturewiseSpec}); then build the model and train.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a preset network on MNIST and write DIR/history.json.")
final class TrainCommand implements Callable<Integer> {
    @Option(names = "--preset", defaultValue = "baseline", paramLabel = "NAME",
            description = "The recipe: baseline, l2, l1, dropout, dropout_aug, early_stop, batchnorm (default: ${DEFAULT-VALUE})")
    String preset;

    @Option(names = "--l2", paramLabel = "λ", description = "Add an L2 penalty λ·Σw² on the hidden kernels (Keras l2(λ))")
    Double l2;

    @Option(names = "--l1", paramLabel = "λ", description = "Add an L1 penalty λ·Σ|w| on the hidden kernels")
    Double l1;

    @Option(names = "--dropout-rate", paramLabel = "R",
            description = "Dropout after each hidden layer; R = 1 - keepProb, as Keras's Dropout(R)")
    Double dropoutRate;

    @Option(names = "--batchnorm", description = "Batch normalization before each hidden ReLU")
    boolean batchnorm;

    @Option(names = "--early-stopping-patience", paramLabel = "P",
            description = "Stop when val_acc has not improved for P epochs; the best weights are restored")
    Integer patience;

    @Option(names = "--weight-decay", paramLabel = "W", description = "Decoupled weight decay: AdamW(lr 1e-3, W) instead of Adam")
    Double weightDecay;

    @Option(names = "--max-norm", paramLabel = "C", description = "Max-norm C on each hidden unit's incoming weights")
    Double maxNorm;

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

    @Option(names = "--data", paramLabel = "PATH",
            description = "Your own data instead of the cached MNIST: a directory of the four MNIST IDX files,"
                    + " a Kaggle-style CSV (label,pixel0..), or a directory with train.csv (filename,label) and PNG images")
    Path data;

    @Option(names = "--cache-dir", paramLabel = "DIR",
            description = "The MNIST cache (default: $REGULA_CACHE_DIR, else the user cache directory)")
    Path cacheDir;

    @Option(names = "--rotation", paramLabel = "DEG", description = "Augment: rotate by up to ±DEG degrees")
    Double rotation;

    @Option(names = "--shift", paramLabel = "FRAC", description = "Augment: shift by up to ±FRAC of the width and height")
    Double shift;

    @Option(names = "--zoom", paramLabel = "LO,HI", split = ",", description = "Augment: zoom by a factor in [LO, HI] (>1 magnifies)")
    double[] zoom;

    @Option(names = "--shear", paramLabel = "DEG", description = "Augment: shear by up to ±DEG degrees")
    Double shear;

    @Option(names = "--hflip", paramLabel = "P", description = "Augment: flip horizontally with probability P")
    Double hflip;

    @Option(names = "--vflip", paramLabel = "P", description = "Augment: flip vertically with probability P")
    Double vflip;

    @Option(names = "--crop", paramLabel = "PAD", description = "Augment: random crop after padding by PAD pixels")
    Integer crop;

    @Option(names = "--elastic", paramLabel = "ALPHA,SIGMA", split = ",",
            description = "Augment: elastic distortion (Simard et al. 2003), e.g. 34,4")
    double[] elastic;

    @Option(names = "--brightness", paramLabel = "B", description = "Augment: multiply pixels by a factor in [1-B, 1+B]")
    Double brightness;

    @Option(names = "--contrast", paramLabel = "C", description = "Augment: scale contrast by a factor in [1-C, 1+C]")
    Double contrast;

    @Option(names = "--pixel-noise", paramLabel = "SD", description = "Augment: add Gaussian pixel noise of standard deviation SD")
    Double pixelNoise;

    @Option(names = "--erasing", paramLabel = "P", description = "Augment: random erasing with probability P")
    Double erasing;

    @Option(names = "--fill-mode", paramLabel = "MODE",
            description = "Pixels from outside the image: constant, nearest (default), reflect or wrap")
    String fillMode;

    @Option(names = "--featurewise", paramLabel = "KIND",
            description = "Fit on the training split only, apply to every split: none (default), center, standardize"
                    + " (Keras's featurewise_std_normalization) or zca (whitening); with augmentation, applied to each"
                    + " training batch after its random transforms")
    String featurewise;

    @Option(names = "--zca-epsilon", paramLabel = "E",
            description = "ε of --featurewise zca, W = U·diag(1/√(λ+ε))·Uᵀ (default: 0.1; Keras's 1e-6 scales"
                    + " directions without training variance, such as MNIST's blank border pixels, by 1000)")
    Double zcaEpsilon;

    @Option(names = "--save", paramLabel = "PATH",
            description = "Save the whole model (weights, architecture, optimizer state) to PATH after every epoch;"
                    + " {epoch} in PATH is replaced by the epoch number. Each file holds the state at the end of its"
                    + " epoch (with early stopping too: the restored best weights are not saved over any of them)")
    Path save;

    @Option(names = "--resume", paramLabel = "PATH",
            description = "Continue training from a checkpoint written by --save, up to --epochs;"
                    + " the preset, seed, dtype and batch size come from the checkpoint")
    Path resume;

    private static final ObjectMapper JSON = new ObjectMapper();
    private int initialEpoch;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Ctrl-C and SIGTERM: halt at once until training starts, then stop after the current batch.
        TerminateOnNaN nan = new TerminateOnNaN();
        StopGuard guard = new StopGuard(nan).install();
        // Every argument is checked before any data is read, the output paths included.
        Recipe recipe = recipe();
        Checks.positive("--epochs", epochs);
        Checks.positive("--batch-size", batchSize);
        DType type = DType.parse(dtype);
        if (out != null) {
            OutputPaths.requireWritableDirectory("--out", out);
        }
        if (save != null) {
            OutputPaths.requireWritableFile("--save", save);
        }
        Checkpoint.Loaded resumed = null;
        if (resume != null) {
            refuseFlagsFixedByTheCheckpoint();
            resumed = Checkpoint.load(resume);
            Map<String, String> meta = resumed.metadata();
            if (!meta.containsKey("cli.recipe")) {
                throw new IllegalArgumentException(resume + ": not written by regula train --save (no cli.recipe metadata)");
            }
            long givenSeed = seed;
            int givenBatchSize = batchSize;
            try {
                recipe = JSON.readValue(meta.get("cli.recipe"), Recipe.class);
                seed = Long.parseLong(meta.get("cli.seed"));
                batchSize = Checks.positive("batch size", Integer.parseInt(meta.get("cli.batch_size")));
            } catch (java.io.IOException | RuntimeException e) {
                throw new IllegalArgumentException(resume + ": expected the metadata cli.recipe, cli.seed and"
                        + " cli.batch_size that regula train --save writes, found values it cannot use (was the file"
                        + " edited?): " + ExitCodes.message(e));
            }
            type = resumed.model().dtype();
            requireTheCheckpointsValue("--seed", givenSeed, seed);
            requireTheCheckpointsValue("--batch-size", givenBatchSize, batchSize);
            requireTheCheckpointsValue("--dtype", DType.parse(dtype), type);
            if (resumed.epoch() >= epochs) {
                throw new IllegalArgumentException("Invalid value for --epochs: the checkpoint " + resume + " already has "
                        + resumed.epoch() + " epochs; expected more than that, received: " + epochs);
            }
        }
        Path outDir = out != null ? out : Path.of("out", "train", recipe.key());
        OutputPaths.requireWritableDirectory("--out", outDir);

        MnistSplits raw = DataSources.loadOrFetch(cacheDir, data, type, System.out);
        if (!raw.hasSeparateTest()) {
            System.out.println("Note: the data has no labelled test set; the test figures below are on the validation split");
        }
        // Featurewise statistics: fitted on the training split only (a resumed run fits the same
        // numbers again), before any model is built, so that ZCA's size guard stops a run early.
        FeaturewiseSpec.Prepared prepared = recipe.featurewise().prepare(raw, !recipe.augment().isNone());
        MnistSplits splits = prepared.splits();
        if (prepared.statistics() != null) {
            System.out.printf(Locale.ROOT, "Featurewise: %s fitted on the %d training images in %.2f s; %s in %.2f s%n",
                    recipe.featurewise().describe(), raw.train().size(), prepared.fitSeconds(),
                    recipe.augment().isNone() ? "applied to every split"
                            : "applied to the validation and test splits (the training batches: after augmenting)",
                    prepared.applySeconds());
        }
        raw = null;
        Sequential model = resumed != null ? resumed.model()
                : recipe.model(splits.train().features(), splits.train().numClasses(), type, seed, prepared.statistics());
        initialEpoch = resumed != null ? resumed.epoch() : 0;
        if (resumed != null) {
            System.out.printf(Locale.ROOT, "Resuming from %s after epoch %d%n", resume, initialEpoch);
            model.setAugmentation(recipe.augmentation(prepared.statistics()));
        }
        System.out.printf(Locale.ROOT, "Preset %s (%s): %d train, %d validation, %d test, %s, seed %d, GEMM %s%n",
                recipe.key(), recipe.summary(), splits.train().size(), splits.validation().size(),
                splits.test().size(), type, seed, Gemm.auto().name());

        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new ProgressLogger(System.out, System.console() != null));
        callbacks.addAll(recipe.callbacks());
        Map<String, String> cliMetadata = Map.of("cli.recipe", JSON.writeValueAsString(recipe),
                "cli.seed", Long.toString(seed), "cli.batch_size", Integer.toString(batchSize));
        if (save != null) {
            callbacks.add(new ModelCheckpoint(save, "val_acc", false, cliMetadata));
        }
        callbacks.add(nan);     // before the guard, which stops on what it detects
        callbacks.add(guard);   // last: an epoch's checkpoint is written before a signal stops the run
        History history;
        try {
            history = model.fit(splits.train().x(), splits.train().oneHot(),
                    splits.validation().x(), splits.validation().oneHot(), initialEpoch, epochs, batchSize, callbacks);
        } catch (StopGuard.Stopped stop) {
            return stopped(stop, guard, recipe, type, outDir, callbacks);
        }
        Sequential.Evaluation test = model.evaluate(splits.test().x(), splits.test().oneHot(), batchSize);
        double meanSeconds = java.util.Arrays.stream(history.get("seconds")).average().orElse(0);
        EarlyStopping stopper = earlyStopping(callbacks);
        if (stopper != null) {
            System.out.printf(Locale.ROOT, "Early stopping: best epoch %d (val_acc %.4f), %s; the best weights were restored%n",
                    stopper.bestEpoch(), stopper.best(),
                    stopper.stoppedEpoch() > 0 ? "stopped after epoch " + stopper.stoppedEpoch() : "ran to the epoch limit");
        }
        System.out.printf(Locale.ROOT, "Test: loss %.4f - acc %.4f (mean %.2f s per epoch)%n",
                test.loss(), test.accuracy(), meanSeconds);
        if (save != null) {
            // Every checkpoint is the state at the end of its epoch, written by ModelCheckpoint; the
            // best weights early stopping restored are not written over any of them.
            int last = initialEpoch + history.size();
            System.out.println("Saved the model after every epoch to " + save + " (the last: epoch " + last + ")"
                    + (stopper == null || stopper.bestEpoch() == 0 || stopper.bestEpoch() == last ? ""
                    : save.toString().contains("{epoch}") ? "; the best epoch's is "
                            + save.toString().replace("{epoch}", Integer.toString(stopper.bestEpoch()))
                    : "; put {epoch} in --save to keep the best epoch's (" + stopper.bestEpoch() + ") too"));
        }

        Path file = outDir.resolve("history.json");
        AtomicFiles.write(file, json(recipe, type, history, test, stopper, null));
        System.out.println("Wrote " + file);
        return 0;
    }

    /**
     * Ends a run that {@link StopGuard} stopped: writes the history of the completed epochs, then
     * exits 130 (a signal) or fails with exit code 1 (a non-finite loss). Checkpoints already
     * written are the completed epochs' and are kept; none is written for the epoch in progress.
     */
    private int stopped(StopGuard.Stopped stop, StopGuard guard, Recipe recipe, DType type, Path outDir,
                        List<Callback> callbacks) throws Exception {
        History history = guard.history();
        Path file = outDir.resolve("history.json");
        AtomicFiles.write(file, json(recipe, type, history, null, earlyStopping(callbacks),
                stop.interrupted ? "interrupted" : "non-finite loss"));
        int completed = initialEpoch + history.size();
        String kept = save == null ? "" : completed == initialEpoch ? "; no checkpoint was written"
                : "; the last checkpoint is " + save.toString().replace("{epoch}", Integer.toString(completed))
                        + " (epoch " + completed + ")";
        if (stop.interrupted) {
            System.out.println("Interrupted by " + guard.signal() + (stop.batch < 0 ? " after epoch " + stop.epoch
                    : " in epoch " + stop.epoch + " after batch " + stop.batch) + "; wrote " + file + kept);
            return ExitCodes.INTERRUPTED;
        }
        throw new ExitCodes.RunFailure("the training loss became NaN or infinite in epoch " + stop.epoch + " (batch "
                + stop.batch + "); training stopped, " + file + " has the " + history.size() + " completed epoch(s)" + kept
                + "; lower the learning rate or the penalties");
    }

    /** With --resume, the flags that would change the run are refused: the checkpoint fixes them. */
    private void refuseFlagsFixedByTheCheckpoint() {
        java.util.Set<String> allowed = new java.util.HashSet<>(List.of("--resume", "--epochs", "--out", "--save",
                "--data", "--cache-dir"));
        allowed.addAll(FIXED);
        List<String> ignored = new ArrayList<>();
        for (picocli.CommandLine.Model.OptionSpec o : spec.commandLine().getParseResult().matchedOptions()) {
            if (!allowed.contains(o.longestName())) {
                ignored.add(o.longestName());
            }
        }
        if (!ignored.isEmpty()) {
            throw new IllegalArgumentException("Invalid use of " + String.join(", ", ignored) + " with --resume: the"
                    + " checkpoint fixes the recipe, seed, dtype and batch size; expected only " + allowed.stream()
                    .filter(f -> !f.equals("--resume") && !FIXED.contains(f)).sorted().collect(java.util.stream.Collectors.joining(", "))
                    + " (and --seed, --batch-size, --dtype only with the checkpoint's values)");
        }
    }

    /** Flags that --resume accepts only with the checkpoint's values. */
    private static final List<String> FIXED = List.of("--seed", "--batch-size", "--dtype");

    /** --seed, --batch-size and --dtype with --resume must repeat the checkpoint's values. */
    private void requireTheCheckpointsValue(String flag, Object given, Object saved) {
        if (spec.commandLine().getParseResult().hasMatchedOption(flag) && !given.equals(saved)) {
            throw new IllegalArgumentException("Invalid value for " + flag + " with --resume: expected the checkpoint's "
                    + saved + " (or no " + flag + "), received: " + given);
        }
    }

    /** The preset, with the regularization flags applied on top. */
    Recipe recipe() {
        Recipe r = Recipe.preset(preset);
        if (l2 != null) r = r.withL2(l2);
        if (l1 != null) r = r.withL1(l1);
        if (dropoutRate != null) r = r.withDropoutRate(dropoutRate);
        if (batchnorm) r = r.withBatchnorm(true);
        if (patience != null) {
            Checks.nonNegative("--early-stopping-patience", patience);
            r = r.withEarlyStoppingPatience(patience);
        }
        if (weightDecay != null) r = r.withWeightDecay(weightDecay);
        if (maxNorm != null) r = r.withMaxNorm(maxNorm);
        if (featurewise != null || zcaEpsilon != null) {
            String kind = featurewise != null ? featurewise : r.featurewise().kind();
            FeaturewiseSpec f = new FeaturewiseSpec(kind, zcaEpsilon != null ? zcaEpsilon : r.featurewise().zcaEpsilon());
            if (zcaEpsilon != null && !kind.equals("zca")) {
                throw new IllegalArgumentException("Invalid use of --zca-epsilon: expected it with --featurewise zca only,"
                        + " received: --zca-epsilon " + zcaEpsilon + " with --featurewise " + kind);
            }
            r = r.withFeaturewise(f);
        }
        AugmentSpec a = r.augment();
        if (rotation != null || shift != null || zoom != null || shear != null || hflip != null || vflip != null
                || crop != null || elastic != null || brightness != null || contrast != null || pixelNoise != null
                || erasing != null || fillMode != null) {
            if (zoom != null && zoom.length != 2) {
                throw new IllegalArgumentException("Invalid value for --zoom: expected LO,HI, received " + zoom.length + " numbers");
            }
            if (elastic != null && elastic.length != 2) {
                throw new IllegalArgumentException("Invalid value for --elastic: expected ALPHA,SIGMA, received "
                        + elastic.length + " numbers");
            }
            a = new AugmentSpec(or(rotation, a.rotation()), or(shift, a.shift()),
                    zoom != null ? zoom[0] : a.zoomLo(), zoom != null ? zoom[1] : a.zoomHi(), or(shear, a.shear()),
                    or(hflip, a.hflip()), or(vflip, a.vflip()), crop != null ? crop : a.crop(),
                    elastic != null ? elastic[0] : a.elasticAlpha(), elastic != null ? elastic[1] : a.elasticSigma(),
                    or(brightness, a.brightness()), or(contrast, a.contrast()), or(pixelNoise, a.noise()),
                    or(erasing, a.erasing()), fillMode != null ? fillMode : a.fillMode());
            r = r.withAugment(a);
        }
        return r;
    }

    private static double or(Double flag, double preset) {
        return flag != null ? flag : preset;
    }

    private static EarlyStopping earlyStopping(List<Callback> callbacks) {
        for (Callback c : callbacks) {
            if (c instanceof EarlyStopping) {
                return (EarlyStopping) c;
            }
        }
        return null;
    }

    /** The history file; {@code test} is null and {@code stoppedBy} says why when the run stopped early. */
    private byte[] json(Recipe recipe, DType type, History history, Sequential.Evaluation test, EarlyStopping stopper,
                        String stoppedBy) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("preset", recipe.key());
        root.put("regularization", recipe.summary());
        root.put("featurewise", recipe.featurewise().kind());
        if (recipe.featurewise().kind().equals("zca")) {
            root.put("zca_epsilon", recipe.featurewise().zcaEpsilon());
        }
        root.put("seed", seed);
        root.put("dtype", type.name().toLowerCase(Locale.ROOT));
        root.put("batch_size", batchSize);
        List<Map<String, Object>> rows = new ArrayList<>();
        root.put("initial_epoch", initialEpoch);
        for (int i = 0; i < history.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", initialEpoch + i + 1);
            row.putAll(history.epochs().get(i));
            rows.add(row);
        }
        root.put("epochs", rows);
        root.put("best_epoch", stopper != null ? stopper.bestEpoch()
                : history.size() == 0 ? 0 : initialEpoch + bestEpoch(history));
        root.put("stopped_epoch", stopper != null ? stopper.stoppedEpoch() : 0);
        if (stoppedBy != null) {
            root.put("stopped_by", stoppedBy);
        }
        if (test != null) {
            root.put("test_loss", test.loss());
            root.put("test_acc", test.accuracy());
        }
        return new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValueAsBytes(root);
    }

    /** The epoch (from 1) with the highest val_acc, the first on ties. */
    private static int bestEpoch(History history) {
        double[] acc = history.get("val_acc");
        int best = 0;
        for (int i = 1; i < acc.length; i++) {
            if (acc[i] > acc[best]) {
                best = i;
            }
        }
        return best + 1;
    }
}
