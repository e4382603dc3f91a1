package dev.regula.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.regula.experiments.FeaturewiseSpec;
import dev.regula.experiments.RunSpec;
import dev.regula.experiments.SpecException;
import dev.regula.core.Checks;
import dev.regula.core.DType;
import dev.regula.core.OutputPaths;
import dev.regula.core.gemm.Gemm;
import dev.regula.data.AtomicFiles;
import dev.regula.data.DataSources;
import dev.regula.data.Mnist;
import dev.regula.data.MnistSplits;
import dev.regula.nn.Callback;
import dev.regula.nn.Checkpoint;
import dev.regula.regularization.ModelCheckpoint;
import dev.regula.nn.History;
import dev.regula.nn.JitWarmup;
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
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code regula train}: trains one run spec on MNIST (42,000 train / 18,000 validation / 10,000
 * test) or the user's data, printing a Keras-style line per epoch, then the test accuracy, and
 * writes {@code history.json} with the full spec.
 *
 * <p>The spec is a preset ({@code --preset NAME}, default baseline) or a file ({@code --spec
 * FILE}), with every other flag applied on top as an override of one key ({@code --l2 λ} sets
 * {@code regularization.l2.lambda}); {@code --print-spec} prints the effective spec and stops.
 *
 * <p>Order of the data steps: read the splits; fit {@code featurewise} statistics on the
 * training split only and apply them to the validation and test splits, and to the training split
 * too unless it is augmented, in which case each training batch is augmented on raw pixels first
 * and standardized or whitened after (see {@link FeaturewiseSpec}); then build the model and train.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a run spec (a preset, or a YAML file) and write DIR/history.json.")
final class TrainCommand implements Callable<Integer> {
    /** MNIST's 28×28 pixels: the inputs of the network the JIT warm-up trains. */
    private static final int MNIST_FEATURES = 28 * 28;
    /** Mixed into the seed of the warm-up's throwaway network, so that it is not the real one's. */
    private static final long WARMUP_SEED = 0x9E3779B97F4A7C15L;

    @Option(names = "--preset", paramLabel = "NAME",
            description = "A preset: baseline (default), l2, l1, dropout, dropout_aug, early_stop, batchnorm, best, record")
    String preset;

    @Option(names = "--spec", paramLabel = "FILE",
            description = "A run spec file (YAML or JSON) instead of a preset; see experiments/src/main/resources/spec-defaults.yaml")
    Path specFile;

    @Option(names = "--print-spec", description = "Print the effective spec (YAML, every key) and exit without training")
    boolean printSpec;

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

    @Option(names = "--convention", paramLabel = "keras|pytorch",
            description = "Whose formulas Adam, AdamW, RMSprop and batch norm use where they differ (convention; default: keras)")
    String convention;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (training.epochs; default: the spec's, 10 for the seeds' configs)")
    Integer epochs;

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (training.seed; default: 128)")
    Long seed;

    @Option(names = "--batch-size", paramLabel = "B", description = "Mini-batch size (training.batch_size; default: 128)")
    Integer batchSize;

    @Option(names = "--dtype", paramLabel = "f32|f64", description = "Element type (training.dtype; default: f32)")
    String dtype;

    @Option(names = "--fit-on", paramLabel = "train|train+validation",
            description = "Fit on the training split (the default), or on the training and validation splits together"
                    + " once a config is chosen: all 60,000 MNIST images (training.fit_on)")
    String fitOn;

    @Option(names = "--out", paramLabel = "DIR", description = "Output directory (default: out/train/<the spec's name>)")
    Path out;

    @Mixin
    DataOptions dataOptions;

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
                    + " the spec comes from the checkpoint (a --spec, --preset or flag that disagrees with it is an error)")
    Path resume;

    private static final ObjectMapper JSON = new ObjectMapper();
    private int initialEpoch;


    @Override
    public Integer call() throws Exception {
        // Ctrl-C and SIGTERM: halt at once until training starts, then stop after the current batch.
        TerminateOnNaN nan = new TerminateOnNaN();
        StopGuard guard = new StopGuard(nan).install();
        // Every argument is checked before any data is read, the output paths included.
        if (out != null) {
            OutputPaths.requireWritableDirectory("--out", out);
        }
        if (save != null) {
            OutputPaths.requireWritableFile("--save", save);
        }
        Checkpoint.Loaded resumed = resume != null ? Checkpoint.load(resume) : null;
        RunSpec spec = resumed != null ? resumedSpec(resumed.metadata()) : spec();
        if (printSpec) {
            System.out.print(spec.toYaml());
            return 0;
        }
        if (resumed != null) {
            if (resumed.epoch() >= spec.training().epochs()) {
                throw new IllegalArgumentException("Invalid value for --epochs: the checkpoint " + resume + " already has "
                        + resumed.epoch() + " epochs; expected more than that, received: " + spec.training().epochs());
            }
        }
        DType type = resumed != null ? resumed.model().dtype() : spec.training().type();
        long seed = spec.training().seed();
        int batchSize = spec.training().batchSize();
        int epochs = spec.training().epochs();
        Path outDir = out != null ? out : Path.of("out", "train", spec.key());
        OutputPaths.requireWritableDirectory("--out", outDir);

        Path dataPath = spec.data().equals("mnist") ? null : Path.of(spec.data());
        // While MNIST loads, a throwaway copy of the network trains on random data so that the JIT
        // compiles the training step before the first epoch; it changes no number of this run.
        JitWarmup warmup = dataPath == null && resumed == null && spec.featurewise().isNone() && warmupEnabled()
                ? JitWarmup.start(() -> spec.model(MNIST_FEATURES, Mnist.NUM_CLASSES, type, seed ^ WARMUP_SEED), MNIST_FEATURES,
                        Mnist.NUM_CLASSES, batchSize)
                : null;
        MnistSplits raw;
        try {
            raw = spec.fitSplits(DataSources.loadOrFetch(dataOptions.cacheDir, dataPath, type, System.out));
        } finally {
            if (warmup != null) {
                warmup.finish();
            }
        }
        if (!raw.hasSeparateTest()) {
            System.out.println("Note: the data has no labelled test set; the test figures below are on the validation split");
        }
        // Featurewise statistics: fitted on the training split only (a resumed run fits the same
        // numbers again), before any model is built, so that ZCA's size guard stops a run early.
        FeaturewiseSpec.Prepared prepared = spec.featurewise().prepare(raw, spec.augment().hasTransforms());
        MnistSplits splits = prepared.splits();
        if (prepared.statistics() != null) {
            System.out.printf(Locale.ROOT, "Featurewise: %s fitted on the %d training images in %.2f s; %s in %.2f s%n",
                    spec.featurewise().describe(), raw.train().size(), prepared.fitSeconds(),
                    !spec.augment().hasTransforms() ? "applied to every split"
                            : "applied to the validation and test splits (the training batches: after augmenting)",
                    prepared.applySeconds());
        }
        raw = null;
        Sequential model = resumed != null ? resumed.model()
                : spec.model(splits.train().features(), splits.train().numClasses(), type, seed, prepared.statistics());
        initialEpoch = resumed != null ? resumed.epoch() : 0;
        if (resumed != null) {
            System.out.printf(Locale.ROOT, "Resuming from %s after epoch %d%n", resume, initialEpoch);
            model.setAugmentation(spec.augmentation(prepared.statistics()));
        }
        System.out.printf(Locale.ROOT, "Preset %s (%s): %d train, %d validation, %d test, %s, seed %d, GEMM %s%n",
                spec.key(), spec.summary(), splits.train().size(), splits.validation().size(),
                splits.test().size(), type, seed, Gemm.auto().name());

        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new ProgressLogger(System.out, System.console() != null));
        callbacks.addAll(spec.callbacks());
        Map<String, String> cliMetadata = Map.of(SPEC_METADATA, JSON.writeValueAsString(spec.toJson()));
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
            return stopped(stop, guard, spec, type, outDir, callbacks);
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
        AtomicFiles.write(file, json(spec, type, history, test, stopper, null));
        System.out.println("Wrote " + file);
        return 0;
    }

    /** The JIT warm-up runs unless the system property regula.warmup is false (REGULA_JAVA_OPTS=-Dregula.warmup=false). */
    static boolean warmupEnabled() {
        return !"false".equals(System.getProperty("regula.warmup"));
    }

    /**
     * Ends a run that {@link StopGuard} stopped: writes the history of the completed epochs, then
     * exits 130 (a signal) or fails with exit code 1 (a non-finite loss). Checkpoints already
     * written are the completed epochs' and are kept; none is written for the epoch in progress.
     */
    private int stopped(StopGuard.Stopped stop, StopGuard guard, RunSpec spec, DType type, Path outDir,
                        List<Callback> callbacks) throws Exception {
        History history = guard.history();
        Path file = outDir.resolve("history.json");
        AtomicFiles.write(file, json(spec, type, history, null, earlyStopping(callbacks),
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

    /** The checkpoint metadata key holding the run spec, as JSON. */
    static final String SPEC_METADATA = "cli.spec";

    /** The flags that set one key of the spec each, with the key path they set. */
    private Map<String, Object[]> overrides() {
        Map<String, Object[]> o = new LinkedHashMap<>();      // key path → {value, flag}
        put(o, "regularization.l2.lambda", l2, "--l2");
        put(o, "regularization.l1.lambda", l1, "--l1");
        if (dropoutRate != null) {
            if (!(dropoutRate >= 0 && dropoutRate < 1)) {
                throw new IllegalArgumentException("Invalid value for --dropout-rate: expected a rate (1 - keepProb) in [0, 1),"
                        + " received: " + dropoutRate);
            }
            put(o, "model.keep_prob", 1.0 - dropoutRate, "--dropout-rate");
        }
        if (batchnorm) put(o, "model.batchnorm", true, "--batchnorm");
        if (patience != null) {
            put(o, "regularization.early_stopping.enabled", true, "--early-stopping-patience");
            put(o, "regularization.early_stopping.patience", patience, "--early-stopping-patience");
        }
        put(o, "optimizer.weight_decay", weightDecay, "--weight-decay");
        put(o, "regularization.max_norm.c", maxNorm, "--max-norm");
        put(o, "convention", convention, "--convention");
        put(o, "training.epochs", epochs, "--epochs");
        put(o, "training.seed", seed, "--seed");
        put(o, "training.batch_size", batchSize, "--batch-size");
        put(o, "training.dtype", dtype, "--dtype");
        put(o, "training.fit_on", fitOn, "--fit-on");
        put(o, "data", dataOptions.data != null ? dataOptions.data.toString() : null, "--data");
        put(o, "augment.rotation", rotation, "--rotation");
        put(o, "augment.shift", shift, "--shift");
        if (zoom != null) {
            if (zoom.length != 2) {
                throw new IllegalArgumentException("Invalid value for --zoom: expected LO,HI, received " + zoom.length + " numbers");
            }
            put(o, "augment.zoom_lo", zoom[0], "--zoom");
            put(o, "augment.zoom_hi", zoom[1], "--zoom");
        }
        put(o, "augment.shear", shear, "--shear");
        put(o, "augment.horizontal_flip", hflip, "--hflip");
        put(o, "augment.vertical_flip", vflip, "--vflip");
        put(o, "augment.crop", crop, "--crop");
        if (elastic != null) {
            if (elastic.length != 2) {
                throw new IllegalArgumentException("Invalid value for --elastic: expected ALPHA,SIGMA, received "
                        + elastic.length + " numbers");
            }
            put(o, "augment.elastic_alpha", elastic[0], "--elastic");
            put(o, "augment.elastic_sigma", elastic[1], "--elastic");
        }
        put(o, "augment.brightness", brightness, "--brightness");
        put(o, "augment.contrast", contrast, "--contrast");
        put(o, "augment.pixel_noise", pixelNoise, "--pixel-noise");
        put(o, "augment.erasing", erasing, "--erasing");
        put(o, "augment.fill_mode", fillMode, "--fill-mode");
        put(o, "featurewise.kind", featurewise, "--featurewise");
        put(o, "featurewise.zca_epsilon", zcaEpsilon, "--zca-epsilon");
        return o;
    }

    private static void put(Map<String, Object[]> o, String keyPath, Object value, String flag) {
        if (value != null) {
            o.put(keyPath, new Object[] {value, flag});
        }
    }

    /**
     * The spec to train: the preset or file, with the flags on top.
     *
     * @throws IllegalArgumentException one line naming the flag or the file's key path
     */
    RunSpec spec() {
        if (preset != null && specFile != null) {
            throw new IllegalArgumentException("Invalid use of --spec and --preset: expected one of them, received both");
        }
        RunSpec base = specFile != null ? RunSpec.read(specFile) : RunSpec.preset(preset != null ? preset : "baseline");
        return applyFlags(base);
    }

    private RunSpec applyFlags(RunSpec base) {
        Map<String, Object[]> o = overrides();
        if (o.containsKey("featurewise.zca_epsilon")) {
            String kind = featurewise != null ? featurewise : base.featurewise().kind();
            if (!kind.equals("zca")) {
                throw new IllegalArgumentException("Invalid use of --zca-epsilon: expected it with --featurewise zca only,"
                        + " received: --zca-epsilon " + zcaEpsilon + " with --featurewise " + kind);
            }
        }
        if (weightDecay != null && weightDecay > 0) {
            String name = base.optimizer().name();
            String decoupled = name.equals("adam") ? "adamw" : name.equals("sgd") ? "sgdw" : name;
            if (!decoupled.equals("adamw") && !decoupled.equals("sgdw")) {
                throw new IllegalArgumentException("Invalid use of --weight-decay: expected an adam or sgd optimizer to make"
                        + " decoupled, received: optimizer.name " + name);
            }
            o.put("optimizer.name", new Object[] {decoupled, "--weight-decay"});
        }
        Map<String, Object> values = new LinkedHashMap<>();
        o.forEach((key, v) -> values.put(key, v[0]));
        try {
            return base.with(values);
        } catch (SpecException x) {
            for (Map.Entry<String, Object[]> e : o.entrySet()) {        // name the flag that set the key
                if (x.keyPath().startsWith(e.getKey())) {
                    throw new IllegalArgumentException("Invalid value for " + e.getValue()[1] + " (" + x.keyPath() + "): "
                            + x.detail(), x);
                }
            }
            throw new IllegalArgumentException(x.keyPath() + ": " + x.detail(), x);
        }
    }

    /**
     * The spec a checkpoint was trained with. A --spec or --preset given beside --resume, and any
     * flag, must agree with it; only --epochs (the epoch to train to) may differ.
     */
    private RunSpec resumedSpec(Map<String, String> meta) {
        if (!meta.containsKey(SPEC_METADATA)) {
            throw new IllegalArgumentException(resume + ": not written by this version of regula train --save (no "
                    + SPEC_METADATA + " metadata" + (meta.containsKey("cli.recipe") ? "; it was written by an older version"
                    + " and cannot be resumed" : "") + ")");
        }
        RunSpec saved;
        try {
            saved = RunSpec.parse(meta.get(SPEC_METADATA), resume + " (its run spec)");
        } catch (SpecException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        RunSpec given = preset != null || specFile != null ? spec() : applyFlags(saved);
        List<String> differ = new ArrayList<>(given.differences(saved));
        differ.remove("training.epochs");
        if (!differ.isEmpty()) {
            String key = differ.get(0);
            throw new IllegalArgumentException("Invalid use of --resume: " + resume + " was trained with " + key + " = "
                    + value(saved, key) + ", the spec given here has " + value(given, key)
                    + (differ.size() > 1 ? " (and " + (differ.size() - 1) + " more: " + String.join(", ", differ.subList(1,
                    differ.size())) + ")" : "") + "; resume without --spec, --preset and flags, or with the same settings");
        }
        return epochs != null ? saved.with("training.epochs", epochs) : saved;
    }

    private static String value(RunSpec spec, String keyPath) {
        com.fasterxml.jackson.databind.JsonNode n = spec.toJson();
        for (String k : keyPath.split("\\.")) {
            n = n == null ? null : n.get(k);
        }
        return String.valueOf(n);
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
    private byte[] json(RunSpec spec, DType type, History history, Sequential.Evaluation test, EarlyStopping stopper,
                        String stoppedBy) throws Exception {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("preset", spec.key());
        root.put("regularization", spec.summary());
        root.put("featurewise", spec.featurewise().kind());
        if (spec.featurewise().kind().equals("zca")) {
            root.put("zca_epsilon", spec.featurewise().zcaEpsilon());
        }
        root.put("seed", spec.training().seed());
        root.put("dtype", type.name().toLowerCase(Locale.ROOT));
        root.put("batch_size", spec.training().batchSize());
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
        root.put("spec", spec.toJson());
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
