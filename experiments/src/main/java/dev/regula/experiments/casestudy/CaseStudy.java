package dev.regula.experiments.casestudy;

import dev.regula.experiments.RunSpec;
import dev.regula.core.DType;
import dev.regula.core.OutputPaths;
import dev.regula.core.gemm.Gemm;
import dev.regula.data.AtomicFiles;
import dev.regula.data.DataSources;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.nn.Callback;
import dev.regula.nn.Dense;
import dev.regula.nn.History;
import dev.regula.nn.ProgressLogger;
import dev.regula.nn.Sequential;
import dev.regula.regularization.EarlyStopping;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The case study (DESIGN.md, issue 5): every config trained with several seeds on the same split,
 * evaluated on validation and test, written to {@code DIR/results.json} after every run and
 * summarized in {@code DIR/report.md} with its charts.
 *
 * <p>Seeds are 128, 129, … (the seeds' 128 first). Epochs: each preset's own count (10 for the
 * seeds' configs, {@code best}'s own for {@code best}) unless {@code epochs} is given, which then
 * applies to every config. {@code quick}: 1 seed, 3 epochs, the first 10,000 training and 5,000
 * validation images (the full test set) — a smoke run of the whole pipeline, not a result.
 */
public final class CaseStudy {
    /** The configs, in the report's order: the study's, then {@code record}. */
    public static final List<String> CONFIGS = RunSpec.PRESETS;
    /**
     * The configs run without {@code --configs}: the seed articles' techniques and their
     * combination {@code best}, about 15 minutes. {@code record} (about 3 × 20 minutes) runs when
     * named, and in {@code --quick}.
     */
    public static final List<String> STUDY = CONFIGS.stream().filter(c -> !c.equals("record")).toList();
    public static final long FIRST_SEED = 128;
    public static final int BATCH_SIZE = 128;
    static final int QUICK_EPOCHS = 3;
    static final int QUICK_TRAIN = 10_000;
    static final int QUICK_VALIDATION = 5_000;
    /** The configs whose first seed's misclassified test digits are drawn. */
    static final List<String> MISCLASSIFIED_CONFIGS = List.of("record", "best");
    static final int MISCLASSIFIED_SHOWN = 100;
    /** The configs whose first hidden kernel is kept for the weight histograms. */
    static final List<String> WEIGHT_CONFIGS = List.of("baseline", "l2", "l1");
    static final String RESULTS = "results.json";

    /**
     * What to run. {@code seeds} and {@code epochs} may be null: 3 seeds (1 with quick), the
     * presets' own epochs (3 with quick). {@code fitOn} may be null (each preset's own,
     * {@code train}) or a value of {@code training.fit_on} for every config.
     */
    public record Settings(List<String> configs, Integer seeds, Integer epochs, Path out, boolean quick, DType dtype,
                           boolean resume, Path data, Path cacheDir, String command, String fitOn) {
        public int seedCount() {
            return seeds != null ? seeds : quick ? 1 : 3;
        }

        public int epochsFor(RunSpec r) {
            return epochs != null ? epochs : quick ? QUICK_EPOCHS : r.training().epochs();
        }

        /** The preset called {@code config}, with {@code fitOn} when given. */
        public RunSpec spec(String config) {
            RunSpec r = RunSpec.preset(config);
            return fitOn != null ? r.with("training.fit_on", fitOn) : r;
        }
    }

    /** One planned run. */
    private record Planned(String config, long seed, int epochs) {}

    private final Settings settings;
    private final PrintStream log;
    private final Map<String, double[]> measured = new HashMap<>();   // config → {seconds, epochs}
    private List<Planned> plan;
    private int current;

    /** Checks every setting (names, counts, the output directory, a resumable results.json). */
    public CaseStudy(Settings settings, PrintStream log) {
        this.settings = settings;
        this.log = log;
        validate(settings);
    }

    /**
     * The config names of a comma-separated list, each checked; "all" means all of {@link #CONFIGS};
     * null means {@link #STUDY}, or all with {@code quick}.
     */
    public static List<String> parseConfigs(String csv, boolean quick) {
        if (csv == null || csv.isBlank()) {
            return quick ? CONFIGS : STUDY;
        }
        if (csv.trim().equals("all")) {
            return CONFIGS;
        }
        List<String> names = new ArrayList<>();
        for (String part : csv.split(",", -1)) {
            String n = part.trim();
            if (n.isEmpty()) {
                throw new IllegalArgumentException("Invalid value for --configs: expected names separated by commas, received: '"
                        + csv + "'");
            }
            if (!CONFIGS.contains(n)) {
                throw new IllegalArgumentException("Unknown config '" + n + "' in --configs: expected some of " + CONFIGS);
            }
            if (!names.contains(n)) {
                names.add(n);
            }
        }
        return names;
    }

    static void validate(Settings s) {
        if (s.configs() == null || s.configs().isEmpty()) {
            throw new IllegalArgumentException("Invalid value for --configs: expected at least one of " + CONFIGS);
        }
        for (String c : s.configs()) {
            parseConfigs(c, false);
            try {
                s.spec(c);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--fit-on " + s.fitOn() + " with config " + c + ": " + e.getMessage());
            }
        }
        if (s.seeds() != null && (s.seeds() < 1 || s.seeds() > 100)) {
            throw new IllegalArgumentException("Invalid value for --seeds: expected an integer in [1, 100], received: " + s.seeds());
        }
        if (s.epochs() != null && (s.epochs() < 1 || s.epochs() > 1000)) {
            throw new IllegalArgumentException("Invalid value for --epochs: expected an integer in [1, 1000], received: " + s.epochs());
        }
        OutputPaths.requireWritableDirectory("--out", s.out());
        Path file = s.out().resolve(RESULTS);
        if (s.resume() && Files.exists(file)) {
            Results old;
            try {
                old = Results.read(file);
            } catch (IOException e) {
                throw new IllegalArgumentException("--resume: cannot read " + file + " ("
                        + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
            }
            Map<String, Object> now = settingsMap(s);
            if (!old.settings.equals(now)) {
                throw new IllegalArgumentException("--resume: " + file + " was written with other settings " + old.settings
                        + ", this run has " + now + "; use another --out or the same options");
            }
        }
    }

    /** What must match for --resume to mix old and new runs. */
    static Map<String, Object> settingsMap(Settings s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("quick", s.quick());
        m.put("epochs", s.epochs() != null ? s.epochs().toString() : s.quick() ? Integer.toString(QUICK_EPOCHS) : "recipe");
        m.put("dtype", s.dtype().name().toLowerCase(Locale.ROOT));
        m.put("batch_size", BATCH_SIZE);
        m.put("data", s.data() != null ? "custom" : "mnist");
        if (s.fitOn() != null) {
            m.put("fit_on", s.fitOn());
        }
        return m;
    }

    /** Runs what is missing, writing results.json after every run and the report after every config. */
    public Results run() throws IOException {
        long start = System.nanoTime();
        Path out = settings.out();
        Path file = out.resolve(RESULTS);
        Results results = settings.resume() && Files.exists(file) ? Results.read(file) : new Results();
        double wallBefore = settings.resume() ? results.wallSeconds : 0;
        results.settings = settingsMap(settings);
        results.machine = machine();
        boolean continuing = results.command != null;
        if (!continuing) {
            results.command = settings.command();
        }

        plan = new ArrayList<>();
        int skipped = 0;
        for (String name : settings.configs()) {
            RunSpec r = settings.spec(name);
            Results.Config c = results.config(r);
            for (int i = 0; i < settings.seedCount(); i++) {
                long seed = FIRST_SEED + i;
                if (c.hasSeed(seed)) {
                    skipped++;
                } else {
                    plan.add(new Planned(name, seed, settings.epochsFor(r)));
                }
            }
        }
        if (continuing && !plan.isEmpty()) {       // --resume: the first command stays, the ones that added runs are listed
            results.resumedWith.add(settings.command());
        }
        if (skipped > 0) {
            log.printf(Locale.ROOT, "Resuming from %s: %d run(s) already done, %d to go%n", file, skipped, plan.size());
        }

        MnistSplits splits = DataSources.loadOrFetch(settings.cacheDir(), settings.data(), settings.dtype(), log);
        Dataset train = splits.train();
        Dataset val = splits.validation();
        if (settings.quick()) {
            train = train.slice(0, Math.min(QUICK_TRAIN, train.size()));
            val = val.slice(0, Math.min(QUICK_VALIDATION, val.size()));
        }
        Dataset test = splits.test();
        if (settings.fitOn() != null) {     // every config has the same fit_on; joined after --quick's slicing
            MnistSplits fit = settings.spec(settings.configs().get(0)).fitSplits(new MnistSplits(train, val, test));
            train = fit.train();
        }
        log.printf(Locale.ROOT, "Case study: %d config(s) × %d seed(s), %d train, %d validation, %d test, %s, GEMM %s%s%n",
                settings.configs().size(), settings.seedCount(), train.size(), val.size(), test.size(), settings.dtype(),
                Gemm.auto().name(), settings.quick() ? " (--quick: a smoke run, not a result)" : "");
        Charts.augmentedDigits(train, out.resolve(Report.AUGMENT_PNG));
        results.write(file);

        for (current = 0; current < plan.size(); current++) {
            Planned p = plan.get(current);
            int configIndex = settings.configs().indexOf(p.config()) + 1;
            RunSpec spec = settings.spec(p.config());
            log.printf(Locale.ROOT, "%n[config %d/%d %s, seed %d/%d] %s; %d epochs (run %d of %d)%n", configIndex,
                    settings.configs().size(), p.config(), p.seed() - FIRST_SEED + 1, settings.seedCount(), spec.summary(),
                    p.epochs(), current + 1, plan.size());
            Results.Run run = train(spec, p, train, val, test);
            Results.Config c = results.config(spec);
            c.runs.add(run);
            c.runs.sort((a, b) -> Long.compare(a.seed(), b.seed()));
            results.wallSeconds = wallBefore + (System.nanoTime() - start) / 1e9;
            results.write(file);
            log.printf(Locale.ROOT, "Result: val_acc %.4f, test_acc %.4f, %d epochs (best %d), %.2f s/epoch; wrote %s%n",
                    run.valAcc(), run.testAcc(), run.epochsRun(), run.bestEpoch(), run.secondsPerEpoch(), file);
            boolean lastOfConfig = current + 1 == plan.size() || !plan.get(current + 1).config().equals(p.config());
            if (lastOfConfig) {
                Report.write(results, out, log);
            }
        }
        results.wallSeconds = wallBefore + (System.nanoTime() - start) / 1e9;
        results.write(file);
        Report.write(results, out, log);
        return results;
    }

    private Results.Run train(RunSpec spec, Planned p, Dataset train, Dataset val, Dataset test) throws IOException {
        Sequential model = spec.model(train.features(), train.numClasses(), settings.dtype(), p.seed());
        List<Callback> callbacks = new ArrayList<>();
        callbacks.add(new ProgressLogger(log, false));
        callbacks.addAll(spec.callbacks());
        callbacks.add(new Eta());
        History h = model.fit(train.x(), train.oneHot(), val.x(), val.oneHot(), p.epochs(), BATCH_SIZE, callbacks);
        Sequential.Evaluation v = model.evaluate(val.x(), val.oneHot(), 500);
        Sequential.Evaluation t = model.evaluate(test.x(), test.oneHot(), 500);
        EarlyStopping stopper = null;
        for (Callback cb : callbacks) {
            if (cb instanceof EarlyStopping e) {
                stopper = e;
            }
        }
        int best = stopper != null && stopper.bestEpoch() > 0 ? stopper.bestEpoch() : argmax(h.get("val_acc")) + 1;
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < h.size(); i++) {
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("epoch", i + 1);
            row.putAll(h.epochs().get(i));
            rows.add(row);
        }
        double secondsPerEpoch = Arrays.stream(h.get("seconds")).average().orElse(0);
        if (WEIGHT_CONFIGS.contains(p.config()) && p.seed() == FIRST_SEED) {
            saveKernel(model, settings.out().resolve(Report.weightsFile(p.config())));
        }
        if (MISCLASSIFIED_CONFIGS.contains(p.config()) && p.seed() == FIRST_SEED) {
            Charts.misclassified(test, model.predict(test.x()), p.config() + ", seed " + p.seed(), MISCLASSIFIED_SHOWN,
                    settings.out().resolve(Report.misclassifiedPng(p.config())));
        }
        return new Results.Run(p.seed(), h.size(), best, v.accuracy(), t.accuracy(), t.loss(), secondsPerEpoch, rows);
    }

    /** The first hidden layer's kernel (nIn × nOut), as big-endian floats after its two dimensions. */
    private static void saveKernel(Sequential model, Path file) throws IOException {
        var kernel = ((Dense) model.layers().get(0)).kernel().value();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream d = new DataOutputStream(bytes)) {
            d.writeInt(kernel.rows());
            d.writeInt(kernel.cols());
            for (double w : kernel.toDoubleArray()) {
                d.writeFloat((float) w);
            }
        }
        Files.createDirectories(file.getParent());
        AtomicFiles.write(file, bytes.toByteArray());
    }

    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) {
            if (v[i] > v[best]) {
                best = i;
            }
        }
        return best;
    }

    static Map<String, Object> machine() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", Runtime.getRuntime().availableProcessors());
        m.put("java", System.getProperty("java.version") + " (" + System.getProperty("java.vm.name") + ")");
        m.put("os", System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"));
        m.put("max_heap_mb", Runtime.getRuntime().maxMemory() >> 20);
        m.put("gemm_kernel", Gemm.auto().name());
        return m;
    }

    /**
     * Prints the time left after every epoch: the planned epochs still to run, each costed at
     * its config's measured seconds per epoch (or the mean over all configs so far, for a config
     * not yet seen). Early stopping can only make it shorter.
     */
    private final class Eta implements Callback {
        private int epochsThisRun;
        private int doneThisRun;

        @Override
        public void onTrainBegin(Sequential model, TrainInfo info) {
            epochsThisRun = info.epochs();
            doneThisRun = 0;
        }

        @Override
        public void onEpochEnd(int epoch, Map<String, Double> logs) {
            doneThisRun = epoch;
            String config = plan.get(current).config();
            double[] m = measured.computeIfAbsent(config, k -> new double[2]);
            m[0] += logs.getOrDefault("seconds", 0.0);
            m[1] += 1;
            double left = (epochsThisRun - doneThisRun) * rate(config);
            int epochsLeft = epochsThisRun - doneThisRun;
            for (int i = current + 1; i < plan.size(); i++) {
                left += plan.get(i).epochs() * rate(plan.get(i).config());
                epochsLeft += plan.get(i).epochs();
            }
            log.printf(Locale.ROOT, "  ETA %s left (%d epoch%s to go)%n", duration(left), epochsLeft, epochsLeft == 1 ? "" : "s");
        }

        private double rate(String config) {
            double[] m = measured.get(config);
            if (m != null && m[1] > 0) {
                return m[0] / m[1];
            }
            double s = 0;
            double n = 0;
            for (double[] v : measured.values()) {
                s += v[0];
                n += v[1];
            }
            return n > 0 ? s / n : 0;
        }
    }

    static String duration(double seconds) {
        long s = Math.round(seconds);
        if (s >= 3600) {
            return String.format(Locale.ROOT, "%dh %02dm", s / 3600, (s % 3600) / 60);
        }
        return s >= 60 ? String.format(Locale.ROOT, "%dm %02ds", s / 60, s % 60) : s + "s";
    }
}
