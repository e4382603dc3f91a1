package dev.regula.experiments.casestudy;

import dev.regula.experiments.RunSpec;
import dev.regula.core.DType;
import dev.regula.core.OutputPaths;
import dev.regula.data.AtomicFiles;
import dev.regula.data.DataSources;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.nn.History;
import dev.regula.nn.ProgressLogger;
import dev.regula.nn.Sequential;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code regula tune}: the grid search the seeds recommend for λ and the dropout rate. The base
 * spec is the {@code baseline} preset; each value of the parameter is trained with every seed and scored by
 * its final validation accuracy. Writes DIR/tune-PARAM.json, DIR/tune-PARAM.md and
 * DIR/tune-PARAM.png (validation accuracy against the value, mean ± std).
 */
public final class Tune {
    public static final List<String> PARAMS = List.of("l2", "l1", "dropout-rate");

    public record Settings(String param, double[] values, int seeds, int epochs, boolean quick, Path out, DType dtype,
                           Path data, Path cacheDir) {}

    private Tune() {}

    /** Parses "v1,v2,..." into numbers, or says in one line what is wrong. */
    public static double[] parseValues(String csv) {
        if (csv == null || csv.isBlank()) {
            throw new IllegalArgumentException("Invalid value for --values: expected numbers separated by commas, received an empty list");
        }
        String[] parts = csv.split(",", -1);
        double[] v = new double[parts.length];
        for (int i = 0; i < parts.length; i++) {
            try {
                v[i] = Double.parseDouble(parts[i].trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("Invalid value for --values: '" + parts[i].trim()
                        + "' is not a number (expected numbers separated by commas, received: " + csv + ")");
            }
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("Invalid value for --values: expected finite numbers, received: " + parts[i].trim());
            }
        }
        return v;
    }

    /** The baseline with {@code param} set to {@code value}; validates both. */
    public static RunSpec recipe(String param, double value) {
        RunSpec base = RunSpec.preset("baseline");
        RunSpec spec = switch (param) {
            case "l2" -> base.with("regularization.l2.lambda", value);
            case "l1" -> base.with("regularization.l1.lambda", value);
            case "dropout-rate" -> {
                if (!(value >= 0 && value < 1)) {
                    throw new IllegalArgumentException("Invalid value for --values: a dropout rate (Keras's, 1 - keepProb)"
                            + " must be in [0, 1), received: " + value);
                }
                yield base.with("model.keep_prob", 1.0 - value);
            }
            default -> throw new IllegalArgumentException("Unknown --param '" + param + "': expected one of " + PARAMS);
        };
        String shortName = param.equals("dropout-rate") ? "dropout" : param;
        return spec.with("name", shortName + "=" + value)
                .with("description", "baseline with " + (param.equals("dropout-rate") ? "dropout" : param.toUpperCase(Locale.ROOT))
                        + " " + value);
    }

    /** 1e-5 as "0.00001", 0.5 as "0.5". */
    static String plain(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    public static void validate(Settings s) {
        recipe(s.param(), 0);
        for (double v : s.values()) {
            recipe(s.param(), v);       // the spec checks the range (λ ≥ 0, rate in [0, 1))
        }
        if (s.seeds() < 1 || s.seeds() > 100) {
            throw new IllegalArgumentException("Invalid value for --seeds: expected an integer in [1, 100], received: " + s.seeds());
        }
        if (s.epochs() < 1) {
            throw new IllegalArgumentException("Invalid value for --epochs: expected a positive integer, received: " + s.epochs());
        }
        OutputPaths.requireWritableDirectory("--out", s.out());
    }

    public static void run(Settings s, PrintStream log) throws IOException {
        validate(s);
        MnistSplits splits = DataSources.loadOrFetch(s.cacheDir(), s.data(), s.dtype(), log);
        Dataset train = splits.train();
        Dataset val = splits.validation();
        if (s.quick()) {
            train = train.slice(0, Math.min(CaseStudy.QUICK_TRAIN, train.size()));
            val = val.slice(0, Math.min(CaseStudy.QUICK_VALIDATION, val.size()));
        }
        int n = s.values().length;
        double[] mean = new double[n];
        double[] std = new double[n];
        List<Map<String, Object>> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            RunSpec r = recipe(s.param(), s.values()[i]);
            double[] acc = new double[s.seeds()];
            for (int k = 0; k < s.seeds(); k++) {
                long seed = CaseStudy.FIRST_SEED + k;
                log.printf(Locale.ROOT, "%n[value %d/%d %s = %s, seed %d/%d] %s%n", i + 1, n, s.param(), s.values()[i], k + 1,
                        s.seeds(), r.summary());
                Sequential model = r.model(train.features(), train.numClasses(), s.dtype(), seed);
                List<dev.regula.nn.Callback> cbs = new ArrayList<>();
                cbs.add(new ProgressLogger(log, false));
                cbs.addAll(r.callbacks());
                History h = model.fit(train.x(), train.oneHot(), val.x(), val.oneHot(), s.epochs(), CaseStudy.BATCH_SIZE, cbs);
                acc[k] = h.last().get("val_acc");
            }
            mean[i] = Stats.mean(acc);
            std[i] = Stats.std(acc);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("value", s.values()[i]);
            row.put("val_acc", acc);
            row.put("val_acc_mean", mean[i]);
            row.put("val_acc_std", std[i]);
            rows.add(row);
        }
        String stem = "tune-" + s.param();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("param", s.param());
        root.put("base", "baseline");
        root.put("seeds", s.seeds());
        root.put("epochs", s.epochs());
        root.put("quick", s.quick());
        root.put("results", rows);
        AtomicFiles.write(s.out().resolve(stem + ".json"), Results.JSON.writeValueAsBytes(root));
        boolean logX = s.param().startsWith("l") && java.util.Arrays.stream(s.values()).allMatch(v -> v > 0);
        Charts.tuneChart(s.param(), s.values(), mean, std, logX, s.out().resolve(stem + ".png"));
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "# Grid search over %s (baseline + %s, %d seed(s), %d epochs%s)%n%n", s.param(),
                s.param(), s.seeds(), s.epochs(), s.quick() ? ", --quick subset" : ""));
        md.append("| ").append(s.param()).append(" | validation acc % (mean ± std) |\n|---:|---:|\n");
        int best = 0;
        for (int i = 0; i < n; i++) {
            md.append(String.format(Locale.ROOT, "| %s | %.2f ± %.2f |%n", plain(s.values()[i]), 100 * mean[i], 100 * std[i]));
            if (mean[i] > mean[best]) {
                best = i;
            }
        }
        md.append(String.format(Locale.ROOT, "%nHighest mean validation accuracy: %s = %s. Choose on validation, report on test."
                + "%n%n![validation accuracy against %s](%s.png)%n", s.param(), plain(s.values()[best]), s.param(), stem));
        AtomicFiles.write(s.out().resolve(stem + ".md"), md.toString().getBytes(StandardCharsets.UTF_8));
        log.print(md);
        log.println("Wrote " + s.out().resolve(stem + ".md") + ", .json and .png");
    }
}
