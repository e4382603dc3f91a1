package dev.regula.experiments.casestudy;

import dev.regula.data.AtomicFiles;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code DIR/report.md} and its pictures from a {@link Results}: the table with the seed
 * article's Keras numbers beside it, Welch's test of each config against the baseline, and the
 * charts.
 */
public final class Report {
    static final String REPORT = "report.md";
    static final String OVERLAY_PNG = "val-acc-overlay.png";
    static final String WEIGHTS_PNG = "weights-histogram.png";
    static final String AUGMENT_PNG = "augmented-digits.png";
    static final double NEAR_ZERO = 1e-3;
    static final double ALPHA = 0.05;

    /**
     * The seed article's numbers (seed 000, "An Overview of Regularization Techniques in Deep
     * Learning", Analytics Vidhya 2018, Keras): the last epoch's validation accuracy of its one run
     * per config. Its baseline, L2, L1 and dropout runs trained on 34,300 and validated on 14,700
     * images of a 49,000-image Kaggle-style MNIST set; its augmentation and early-stopping runs
     * trained on 60,000 and validated on 10,000.
     */
    static final Map<String, String> KERAS = Map.of(
            "baseline", "96.99", "l2", "97.39", "l1", "96.67", "dropout", "97.29",
            "dropout_aug", "98.35 ¹", "early_stop", "98.08 ²");

    /** PyTorch on this machine, seed 128, one 10-epoch run, test accuracy (DESIGN.md). */
    static final Map<String, String> PYTORCH = Map.of(
            "baseline", "97.4", "l2", "97.3", "l1", "97.6", "dropout", "97.7", "dropout_aug", "97.6", "early_stop", "97.8");

    private Report() {}

    static String learningPng(String config) {
        return "learning-" + config + ".png";
    }

    static String weightsFile(String config) {
        return "weights/" + config + "-dense1-seed" + CaseStudy.FIRST_SEED + ".bin";
    }

    /** Writes the charts and report.md into {@code dir}. */
    public static void write(Results results, Path dir, PrintStream log) throws IOException {
        for (Results.Config c : results.configs) {
            if (!c.runs.isEmpty()) {
                Charts.learningCurves(c, dir.resolve(learningPng(c.name)));
            }
        }
        Charts.validationOverlay(results.configs, dir.resolve(OVERLAY_PNG));
        Map<String, float[]> weights = new LinkedHashMap<>();
        for (String name : CaseStudy.WEIGHT_CONFIGS) {
            Path f = dir.resolve(weightsFile(name));
            if (Files.exists(f)) {
                weights.put(name, readKernel(f));
            }
        }
        if (!weights.isEmpty()) {
            Charts.weightHistograms(weights, NEAR_ZERO, dir.resolve(WEIGHTS_PNG));
        }
        String md = markdown(results, weights, Files.exists(dir.resolve(AUGMENT_PNG)));
        AtomicFiles.write(dir.resolve(REPORT), md.getBytes(StandardCharsets.UTF_8));
        log.println("Wrote " + dir.resolve(REPORT) + " and its pictures");
    }

    static float[] readKernel(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file); DataInputStream d = new DataInputStream(new java.io.BufferedInputStream(in))) {
            int n = d.readInt() * d.readInt();
            float[] w = new float[n];
            for (int i = 0; i < n; i++) {
                w[i] = d.readFloat();
            }
            return w;
        }
    }

    /** The table alone (Markdown), as pasted into the README. */
    public static String table(Results results) {
        StringBuilder sb = new StringBuilder();
        sb.append("| config | seeds | epochs | s/epoch | validation acc % (mean ± std) | test acc % (mean ± std) "
                + "| Δ test vs baseline | Welch p | seed article, Keras (val %) | PyTorch here (test %) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Results.Config base = results.find("baseline");
        for (Results.Config c : results.configs) {
            if (c.runs.isEmpty()) {
                continue;
            }
            String delta = "";
            String p = "";
            if (base != null && !base.runs.isEmpty() && c != base) {
                delta = String.format(Locale.ROOT, "%+.2f", 100 * (c.testAccMean - base.testAccMean));
                Stats.Welch w = Stats.welch(c.testAccs(), base.testAccs());
                p = w == null ? "n/a" : String.format(Locale.ROOT, "%.3f", w.p());
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %.2f ± %.2f | %.2f ± %.2f | %s | %s | %s | %s |%n",
                    c.name, c.runs.size(), epochsCell(c), c.secondsPerEpochMean, 100 * c.valAccMean, 100 * c.valAccStd,
                    100 * c.testAccMean, 100 * c.testAccStd, delta, p, KERAS.getOrDefault(c.name, "—"),
                    PYTORCH.getOrDefault(c.name, "—")));
        }
        return sb.toString();
    }

    private static String epochsCell(Results.Config c) {
        int min = c.runs.stream().mapToInt(Results.Run::epochsRun).min().orElse(0);
        int max = c.runs.stream().mapToInt(Results.Run::epochsRun).max().orElse(0);
        return min == max ? Integer.toString(min) : min + "–" + max;
    }

    static String markdown(Results results, Map<String, float[]> weights, boolean augmentGrid) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Regula case study: regularization of a 784-500-500-500-500-500-10 MLP on MNIST\n\n");
        sb.append("Command: `").append(results.command).append('`');
        for (String r : results.resumedWith) {
            sb.append(", continued with `").append(r).append('`');
        }
        sb.append("  \n");
        Map<String, Object> m = results.machine;
        sb.append(String.format(Locale.ROOT, "Wall time: %s (training, evaluation and charts; all invocations).  %n",
                CaseStudy.duration(results.wallSeconds)));
        sb.append(String.format(Locale.ROOT, "Machine: %s cores, Java %s, %s, GEMM kernel %s, heap %s MB.  %n",
                m.get("cores"), m.get("java"), m.get("os"), m.get("gemm_kernel"), m.get("max_heap_mb")));
        Map<String, Object> st = results.settings;
        sb.append(String.format(Locale.ROOT, "Settings: epochs %s, batch size %s, %s, data %s%s.%n%n",
                "recipe".equals(st.get("epochs")) ? "per preset (10; best its own)" : st.get("epochs"), st.get("batch_size"),
                st.get("dtype"), st.get("data"), Boolean.TRUE.equals(st.get("quick")) ? ", --quick" : ""));
        if (Boolean.TRUE.equals(results.settings.get("quick"))) {
            sb.append("**This is a `--quick` smoke run** (1 seed, 3 epochs, 10,000 training and 5,000 validation images): "
                    + "it checks the pipeline; its numbers are not results.\n\n");
        }
        sb.append("Every config trains the same network (ReLU, glorot-uniform kernels, Adam lr 1e-3, batch 128) on the first "
                + "42,000 MNIST training images, validates on the other 18,000 and is tested on the official 10,000 test "
                + "images (--quick: the first 10,000 and 5,000 of those); seeds 128, 129, … change the initial weights, the dropout masks, the augmentation and the order "
                + "of the mini-batches. The validation accuracy is that of the final weights (for early_stop: the restored "
                + "best ones, chosen on this same validation set, so its validation figure is optimistic; compare configs "
                + "on test).\n\n");
        sb.append("## Results\n\n");
        sb.append(table(results)).append('\n');
        sb.append("Configs:\n\n");
        for (Results.Config c : results.configs) {
            sb.append("- **").append(c.name).append("**: ").append(c.description).append(" (").append(c.regularization)
                    .append(")\n");
        }
        sb.append("\nReference columns, for orientation only (one run each, other splits, other frameworks):\n\n"
                + "- *seed article, Keras*: the last epoch's `val_acc` of the single run per config in the seed article "
                + "(\"An Overview of Regularization Techniques in Deep Learning\", Analytics Vidhya, 2018; Keras, seed 128, "
                + "34,300 training / 14,700 validation images of a 49,000-image MNIST set, no test set). "
                + "¹ trained on 60,000 and validated on 10,000 images, and the ZCA whitening it fitted was never applied to "
                + "the training data, so the jump it reports is mostly the larger training set. "
                + "² trained on 60,000 / 10,000 and continued from the previously trained model instead of a fresh one "
                + "(its first epoch already shows training acc 0.987); it stopped after epoch 5.\n"
                + "- *PyTorch here*: the same six configs in PyTorch on this machine, seed 128, one 10-epoch run, test "
                + "accuracy (DESIGN.md).\n\n");

        sb.append("## Which differences are larger than the seed-to-seed noise?\n\n");
        sb.append(String.format(Locale.ROOT, "Test: Welch's two-sample t-test (unequal variances), two-sided, on the per-seed "
                + "test accuracies of each config against the baseline's; a difference counts as larger than the noise when "
                + "p < %.2f. ", ALPHA));
        int n = results.configs.stream().mapToInt(c -> c.runs.size()).max().orElse(0);
        sb.append(String.format(Locale.ROOT, "With %d seed(s) per config this is a weak test: the standard deviations are "
                + "estimated from %d value(s) each, so only large, consistent differences reach p < %.2f, a "
                + "non-significant difference is not evidence of no effect, and with %d comparisons at p < %.2f the chance "
                + "that at least one passes by luck alone is about %.0f %% (no correction is applied). Read the p-values "
                + "as a guide, not a verdict.%n%n", n, n, ALPHA, Math.max(0, results.configs.size() - 1), ALPHA,
                100 * (1 - Math.pow(1 - ALPHA, Math.max(0, results.configs.size() - 1)))));
        Results.Config base = results.find("baseline");
        if (base == null || base.runs.isEmpty()) {
            sb.append("(No baseline runs: nothing to compare against.)\n\n");
        } else {
            sb.append("| config | Δ test (points) | t | df | p | verdict |\n|---|---:|---:|---:|---:|---|\n");
            for (Results.Config c : results.configs) {
                if (c == base || c.runs.isEmpty()) {
                    continue;
                }
                Stats.Welch w = Stats.welch(c.testAccs(), base.testAccs());
                double d = 100 * (c.testAccMean - base.testAccMean);
                if (w == null) {
                    sb.append(String.format(Locale.ROOT, "| %s | %+.2f | | | | no test: needs ≥ 2 seeds with some spread |%n",
                            c.name, d));
                } else {
                    String verdict = w.p() < ALPHA ? (d > 0 ? "better than baseline, beyond the noise"
                            : "worse than baseline, beyond the noise") : "within the seed-to-seed noise";
                    sb.append(String.format(Locale.ROOT, "| %s | %+.2f | %.2f | %.1f | %.3f | %s |%n", c.name, d, w.t(),
                            w.df(), w.p(), verdict));
                }
            }
            sb.append('\n');
        }

        sb.append("## Pictures\n\n");
        sb.append("### Validation accuracy of all configs\n\nMean over the seeds, up to the shortest run of each config. "
                + "early_stop trains exactly as baseline (same seeds) until it stops, so its line covers baseline's.\n\n"
                + "![validation accuracy of all configs](").append(OVERLAY_PNG)
                .append(")\n\n");
        if (!weights.isEmpty()) {
            sb.append("### First hidden layer's weights\n\nHistogram of the 784×500 kernel after training (seed ")
                    .append(CaseStudy.FIRST_SEED).append(", log-scaled counts). ");
            for (Map.Entry<String, float[]> e : weights.entrySet()) {
                float[] w = e.getValue();
                long near = 0;
                double sumSq = 0;
                for (float v : w) {
                    if (Math.abs(v) < NEAR_ZERO) {
                        near++;
                    }
                    sumSq += v * v;
                }
                sb.append(String.format(Locale.ROOT, "%s: %.1f %% of the weights have |w| < %s, RMS %.4f. ", e.getKey(),
                        100.0 * near / w.length, NEAR_ZERO, Math.sqrt(sumSq / w.length)));
            }
            sb.append("L1's gradient λ·sign(w) pushes weights to zero (a spike at 0) and thins out the rest; L2's 2λ·w "
                    + "shrinks them in proportion (a narrower bell). The weights from MNIST's always-blank border pixels get "
                    + "no gradient from the data, so there the penalty alone acts — and Adam, which divides every gradient "
                    + "by its own running scale, drives them to zero quickly under L2 as well; without a penalty they keep "
                    + "their initial values.\n\n![weight histograms](").append(WEIGHTS_PNG).append(")\n\n");
        }
        if (augmentGrid) {
            sb.append("### Augmented digits\n\nColumn 1 is the original training image; the others are random "
                    + "augmented versions as the training batches see them.\n\n![augmented digits](").append(AUGMENT_PNG)
                    .append(")\n\n");
        }
        sb.append("### Learning curves\n\nTraining (blue) and validation (orange) loss and accuracy per epoch; the first "
                + "seed solid, the others dashed. For early_stop the grey dotted line marks the best epoch, whose weights "
                + "were restored.\n\n");
        for (Results.Config c : results.configs) {
            if (!c.runs.isEmpty()) {
                sb.append("#### ").append(c.name).append("\n\n![learning curves of ").append(c.name).append("](")
                        .append(learningPng(c.name)).append(")\n\n");
            }
        }
        return sb.toString();
    }
}
