package dev.regula.experiments.casestudy;

import dev.regula.data.AtomicFiles;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes {@code DIR/report.md} and its pictures from a {@link Results}: the table with each
 * config's cost (epochs, seconds per epoch, training time per seed) and the seed article's Keras
 * numbers beside it, the paired comparison of each config with the baseline over the seeds they
 * share ({@link Stats#paired}: mean difference, 95 % intervals by t and by the bootstrap, paired
 * p, smallest detectable effect; Welch's unpaired p kept beside it for comparison), and the charts.
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

    static String misclassifiedPng(String config) {
        return "misclassified-" + config + ".png";
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
        List<String> misclassified = new ArrayList<>();
        for (Results.Config c : results.configs) {
            if (Files.exists(dir.resolve(misclassifiedPng(c.name)))) {
                misclassified.add(c.name);
            }
        }
        String md = markdown(results, weights, Files.exists(dir.resolve(AUGMENT_PNG)), misclassified);
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
        sb.append("| config | seeds | epochs | s/epoch | train time per seed | validation acc % (mean ± std) "
                + "| test acc % (mean ± std) | Δ test vs baseline, paired [95 % CI] | paired p "
                + "| seed article, Keras (val %) | PyTorch here (test %) |\n");
        sb.append("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        Results.Config base = results.find("baseline");
        for (Results.Config c : results.configs) {
            if (c.runs.isEmpty()) {
                continue;
            }
            String delta = "";
            String p = "";
            if (base != null && !base.runs.isEmpty() && c != base) {
                Stats.Paired paired = c.pairedTestAcc(base);
                if (paired == null) {
                    delta = String.format(Locale.ROOT, "%+.2f (no CI: %d shared seed(s))", 100 * (c.testAccMean - base.testAccMean),
                            c.sharedSeedTestAccs(base)[0].length);
                    p = "n/a";
                } else {
                    delta = String.format(Locale.ROOT, "%+.2f [%+.2f, %+.2f]", 100 * paired.meanDiff(), 100 * paired.tLow(),
                            100 * paired.tHigh());
                    p = pCell(paired.p());
                }
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %s | %.2f | %s | %.2f ± %.2f | %.2f ± %.2f | %s | %s | %s | %s |%n",
                    c.name, c.runs.size(), epochsCell(c), c.secondsPerEpochMean, CaseStudy.duration(c.trainSecondsMean),
                    100 * c.valAccMean, 100 * c.valAccStd, 100 * c.testAccMean, 100 * c.testAccStd, delta, p,
                    KERAS.getOrDefault(c.name, "—"), PYTORCH.getOrDefault(c.name, "—")));
        }
        return sb.toString();
    }

    private static String pCell(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        return p < 0.001 ? "< 0.001" : String.format(Locale.ROOT, "%.3f", p);
    }

    private static String epochsCell(Results.Config c) {
        int min = c.runs.stream().mapToInt(Results.Run::epochsRun).min().orElse(0);
        int max = c.runs.stream().mapToInt(Results.Run::epochsRun).max().orElse(0);
        return min == max ? Integer.toString(min) : min + "–" + max;
    }

    static String markdown(Results results, Map<String, float[]> weights, boolean augmentGrid, List<String> misclassified) {
        StringBuilder sb = new StringBuilder();
        sb.append("# Regula case study: regularization of MLPs on MNIST\n\n");
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
        boolean fitOnValidation = "train+validation".equals(st.get("fit_on"));
        sb.append(String.format(Locale.ROOT, "Settings: epochs %s, batch size %s, %s, data %s%s%s.%n%n",
                "recipe".equals(st.get("epochs")) ? "per preset (10; best and record their own)" : st.get("epochs"),
                st.get("batch_size"), st.get("dtype"), st.get("data"), Boolean.TRUE.equals(st.get("quick")) ? ", --quick" : "",
                fitOnValidation ? ", fitted on train+validation" : ""));
        if (Boolean.TRUE.equals(results.settings.get("quick"))) {
            sb.append("**This is a `--quick` smoke run** (1 seed, 3 epochs, 10,000 training and 5,000 validation images): "
                    + "it checks the pipeline; its numbers are not results.\n\n");
        }
        if (fitOnValidation) {
            sb.append("**Fitted on train+validation** (`--fit-on train+validation`): every config below was trained on "
                    + "all 60,000 MNIST training images (the 42,000 training and 18,000 validation images together), "
                    + "with its settings chosen beforehand on the validation split. Its validation figures are therefore "
                    + "on images the network was trained on and say nothing about generalization; only the test column "
                    + "does.\n\n");
        }
        sb.append("Every config trains the seeds' network (ReLU, glorot-uniform kernels, Adam lr 1e-3, batch 128; record "
                + "its own, listed below) on the first "
                + "42,000 MNIST training images, validates on the other 18,000 and is tested on the official 10,000 test "
                + "images (--quick: the first 10,000 and 5,000 of those); seeds 128, 129, … change the initial weights, "
                + "the dropout masks, the augmentation and the order of the mini-batches. For a given seed every config "
                + "starts from the same initial weights in the Dense layers it shares with the baseline and visits the "
                + "mini-batches in the same order (each generator is a named stream of the seed, see Sequential), so the "
                + "per-seed differences between two configs are paired. The time per seed is the training time, seconds "
                + "per epoch × epochs run (evaluation excluded). The validation accuracy is that of the final weights (for "
                + "early_stop: the restored "
                + "best ones, chosen on this same validation set, so its validation figure is optimistic; compare configs "
                + "on test).\n\n");
        sb.append("## Results\n\n");
        sb.append(table(results)).append('\n');
        sb.append("Configs:\n\n");
        for (Results.Config c : results.configs) {
            sb.append("- **").append(c.name).append("**: ").append(c.description).append(" (").append(c.regularization)
                    .append(")").append(epochsNote(results, c)).append("\n");
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

        sb.append(comparisons(results));

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
        if (!misclassified.isEmpty()) {
            sb.append("### Misclassified test digits\n\nThe test digits the first seed's network gets wrong, in test-set "
                    + "order, each captioned true → predicted label.\n\n");
            for (String c : misclassified) {
                sb.append("#### ").append(c).append("\n\n![misclassified test digits of ").append(c).append("](")
                        .append(misclassifiedPng(c)).append(")\n\n");
            }
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

    /**
     * The section "Paired comparisons with the baseline": the design, the formulas, one row per
     * config ({@link Stats#paired} on the shared seeds, Welch's p beside it), and which configs beat
     * the baseline at the 5 % level.
     */
    static String comparisons(Results results) {
        StringBuilder sb = new StringBuilder();
        sb.append("## Paired comparisons with the baseline\n\n");
        sb.append(String.format(Locale.ROOT, "For each config and each seed it shares with the baseline, d = test accuracy "
                + "of the config − test accuracy of the baseline, in points. With n shared seeds, d̄ = mean(d), s_d = "
                + "sample SD of d, SE = s_d/√n, ν = n − 1:%n%n"
                + "- **95 %% CI, t**: d̄ ± t₀.₉₇₅,ν · SE;%n"
                + "- **95 %% CI, bootstrap**: the 2.5 %% and 97.5 %% percentiles of the means of %,d resamples of the n "
                + "differences drawn with replacement (percentile bootstrap, generator seeded with %d);%n"
                + "- **paired p**: the two-sided paired t-test, t = d̄/SE with ν degrees of freedom;%n"
                + "- **detectable δ₈₀**: (t₀.₉₇₅,ν + t₀.₈₀,ν) · SE, the smallest true difference this design finds "
                + "with about 80 %% power at α = %.2f, given the observed SD of the differences;%n"
                + "- **Welch p**: Welch's unpaired two-sample test on the same accuracies, kept for comparison: it "
                + "ignores the pairing, so it carries the seed-to-seed noise that pairing cancels.%n%n",
                Stats.BOOTSTRAP_RESAMPLES, Stats.BOOTSTRAP_SEED, ALPHA));
        Results.Config base = results.find("baseline");
        if (base == null || base.runs.isEmpty()) {
            sb.append("(No baseline runs: nothing to compare against.)\n\n");
            return sb.toString();
        }
        sb.append("| config | shared seeds | Δ test (points) | SD of Δ | 95 % CI, t | 95 % CI, bootstrap | paired t | paired p "
                + "| detectable δ₈₀ | Welch p | verdict (paired, 5 %) |\n|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|\n");
        java.util.List<String> better = new java.util.ArrayList<>();
        java.util.List<String> worse = new java.util.ArrayList<>();
        int compared = 0;
        int maxShared = 0;
        for (Results.Config c : results.configs) {
            if (c == base || c.runs.isEmpty()) {
                continue;
            }
            Stats.Welch w = Stats.welch(c.testAccs(), base.testAccs());
            String welch = w == null ? "n/a" : pCell(w.p());
            Stats.Paired p = c.pairedTestAcc(base);
            if (p == null) {
                sb.append(String.format(Locale.ROOT, "| %s | %d | %+.2f | | | | | | | %s | no test: needs ≥ 2 shared seeds |%n",
                        c.name, c.sharedSeedTestAccs(base)[0].length, 100 * (c.testAccMean - base.testAccMean), welch));
                continue;
            }
            compared++;
            maxShared = Math.max(maxShared, p.n());
            String verdict;
            if (Double.isNaN(p.p())) {
                verdict = "no test: every seed gives the same difference";
            } else if (p.p() < ALPHA) {
                verdict = p.meanDiff() > 0 ? "**better** than baseline" : "**worse** than baseline";
                (p.meanDiff() > 0 ? better : worse).add(c.name);
            } else {
                verdict = "within the noise";
            }
            sb.append(String.format(Locale.ROOT, "| %s | %d | %+.3f | %.3f | [%+.3f, %+.3f] | [%+.3f, %+.3f] | %s | %s | %.3f | %s | %s |%n",
                    c.name, p.n(), 100 * p.meanDiff(), 100 * p.sdDiff(), 100 * p.tLow(), 100 * p.tHigh(),
                    100 * p.bootLow(), 100 * p.bootHigh(), Double.isNaN(p.t()) ? "n/a" : String.format(Locale.ROOT, "%.2f", p.t()),
                    pCell(p.p()), 100 * p.detectable(), welch, verdict));
        }
        sb.append('\n');
        if (compared == 0) {
            sb.append("No config shares two or more seeds with the baseline, so there is no paired test (run with "
                    + "--seeds 2 or more).\n\n");
            return sb.toString();
        }
        sb.append(String.format(Locale.ROOT, "**At the 5 %% level** (paired t-test, two-sided): better than the baseline: "
                + "%s; worse: %s; every other config is within the seed-to-seed noise of this design.%n%n",
                better.isEmpty() ? "none" : String.join(", ", better), worse.isEmpty() ? "none" : String.join(", ", worse)));
        sb.append(String.format(Locale.ROOT, "How to read it: a config whose difference is smaller than its detectable δ₈₀ "
                + "may still have an effect that %d seeds cannot see; a non-significant difference is not evidence of no "
                + "effect. No correction for multiple comparisons is applied: with %d comparisons at p < %.2f the chance "
                + "that at least one passes by luck alone is about %.0f %%. With few seeds the bootstrap interval is too "
                + "narrow (n seeds give few distinct resamples, 10 for n = 3, and the interval never leaves the range of "
                + "the differences); prefer the t interval there. early_stop trains exactly as baseline until it stops, "
                + "so its difference measures the stopping alone.%n%n", maxShared, compared, ALPHA,
                100 * (1 - Math.pow(1 - ALPHA, compared))));
        return sb.toString();
    }

    /**
     * "; trained here for N epochs, not the preset's M" when the runs' epochs (--epochs, or
     * --quick's) differ from the config's own: its description is free text and may name the
     * preset's count ("150 epochs"), which the runs did not train.
     */
    static String epochsNote(Results results, Results.Config c) {
        Object run = results.settings.get("epochs");
        int own = c.spec == null ? -1 : c.spec.path("training").path("epochs").asInt(-1);
        if (run == null || own < 1 || "recipe".equals(run.toString()) || run.toString().equals(Integer.toString(own))) {
            return "";
        }
        return "; trained here for " + run + " epochs, not the preset's " + own;
    }

}
