package dev.regula.experiments.casestudy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.regula.core.InputFiles;
import dev.regula.data.AtomicFiles;
import dev.regula.experiments.RunSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The content of {@code results.json}: every finished run of every config, the per-config means
 * and sample standard deviations over the seeds, each config's paired comparison with the
 * baseline ({@link PairedSummary}), the machine and the command. It is rewritten
 * (temp file + rename) after every run, so an interrupted case study keeps what it finished.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class Results {
    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    /** One training run: a config with one seed. {@code history} rows are history.json's. */
    public record Run(long seed,
                      @JsonProperty("epochs_run") int epochsRun,
                      @JsonProperty("best_epoch") int bestEpoch,
                      @JsonProperty("val_acc") double valAcc,
                      @JsonProperty("test_acc") double testAcc,
                      @JsonProperty("test_loss") double testLoss,
                      @JsonProperty("seconds_per_epoch") double secondsPerEpoch,
                      List<Map<String, Object>> history) {}

    /** One config: its runs and their summary (recomputed by {@link #summarize()}). */
    public static final class Config {
        public String name;
        public String description;
        public String regularization;
        /** The config's run spec, every key (the seed and epochs of each run are the run's own). */
        public com.fasterxml.jackson.databind.JsonNode spec;
        public List<Run> runs = new ArrayList<>();
        @JsonProperty("test_acc_mean") public double testAccMean;
        @JsonProperty("test_acc_std") public double testAccStd;
        @JsonProperty("val_acc_mean") public double valAccMean;
        @JsonProperty("val_acc_std") public double valAccStd;
        @JsonProperty("seconds_per_epoch_mean") public double secondsPerEpochMean;
        @JsonProperty("epochs_run_mean") public double epochsRunMean;
        /** The mean over the seeds of a run's training time, seconds per epoch × epochs run. */
        @JsonProperty("train_seconds_mean") public double trainSecondsMean;
        /** The paired comparison of test accuracy with the baseline's, on the seeds both ran (null for the baseline). */
        @JsonProperty("paired_vs_baseline") @JsonInclude(JsonInclude.Include.NON_NULL)
        public PairedSummary pairedVsBaseline;

        public Config() {}

        Config(String name, String description, String regularization) {
            this.name = name;
            this.description = description;
            this.regularization = regularization;
        }

        double[] testAccs() {
            return runs.stream().mapToDouble(Run::testAcc).toArray();
        }

        double[] valAccs() {
            return runs.stream().mapToDouble(Run::valAcc).toArray();
        }

        /**
         * The test accuracies of this config and of {@code other} on the seeds both ran, in seed
         * order: {@code [0]} this config's, {@code [1]} other's, {@code [2]} the seeds.
         */
        double[][] sharedSeedTestAccs(Config other) {
            List<double[]> pairs = new ArrayList<>();
            for (Run r : runs) {
                for (Run o : other.runs) {
                    if (o.seed() == r.seed()) {
                        pairs.add(new double[] {r.testAcc(), o.testAcc(), r.seed()});
                    }
                }
            }
            pairs.sort((x, y) -> Double.compare(x[2], y[2]));
            double[][] out = new double[3][pairs.size()];
            for (int i = 0; i < pairs.size(); i++) {
                for (int k = 0; k < 3; k++) {
                    out[k][i] = pairs.get(i)[k];
                }
            }
            return out;
        }

        /** {@link Stats#paired} of this config's test accuracy against {@code base}'s, or null (fewer than 2 shared seeds). */
        Stats.Paired pairedTestAcc(Config base) {
            double[][] shared = sharedSeedTestAccs(base);
            return Stats.paired(shared[0], shared[1]);
        }

        boolean hasSeed(long seed) {
            return runs.stream().anyMatch(r -> r.seed() == seed);
        }

        void summarize() {
            testAccMean = Stats.mean(testAccs());
            testAccStd = Stats.std(testAccs());
            valAccMean = Stats.mean(valAccs());
            valAccStd = Stats.std(valAccs());
            secondsPerEpochMean = Stats.mean(runs.stream().mapToDouble(Run::secondsPerEpoch).toArray());
            epochsRunMean = Stats.mean(runs.stream().mapToDouble(Run::epochsRun).toArray());
            trainSecondsMean = Stats.mean(runs.stream().mapToDouble(r -> r.secondsPerEpoch() * r.epochsRun()).toArray());
        }
    }

    /**
     * results.json's copy of a {@link Stats.Paired} of test accuracy (config − baseline, as
     * fractions): the shared seeds, the mean difference and its SD, the paired t-test, the 95 %
     * intervals by t and by the bootstrap, and the smallest effect detectable with 80 % power at
     * α = 0.05. t and p are absent when every difference is the same.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record PairedSummary(List<Long> seeds,
                                @JsonProperty("mean_diff") double meanDiff,
                                @JsonProperty("sd_diff") double sdDiff,
                                Double t, double df, Double p,
                                @JsonProperty("ci95_t") double[] ci95T,
                                @JsonProperty("ci95_bootstrap") double[] ci95Bootstrap,
                                @JsonProperty("bootstrap_resamples") int bootstrapResamples,
                                @JsonProperty("detectable_effect_80") double detectableEffect80) {
        static PairedSummary of(double[] seeds, Stats.Paired p) {
            List<Long> s = new ArrayList<>();
            for (double seed : seeds) {
                s.add((long) seed);
            }
            return new PairedSummary(s, p.meanDiff(), p.sdDiff(), Double.isNaN(p.t()) ? null : p.t(), p.df(),
                    Double.isNaN(p.p()) ? null : p.p(), new double[] {p.tLow(), p.tHigh()},
                    new double[] {p.bootLow(), p.bootHigh()}, Stats.BOOTSTRAP_RESAMPLES, p.detectable());
        }
    }

    public List<Config> configs = new ArrayList<>();
    /** What makes runs comparable (epochs, training-set size, dtype, quick): --resume checks it. */
    public Map<String, Object> settings = new LinkedHashMap<>();
    public Map<String, Object> machine = new LinkedHashMap<>();
    public String command;
    /** The commands that continued this case study with --resume, in order. */
    @JsonProperty("resumed_with") public List<String> resumedWith = new ArrayList<>();
    @JsonProperty("wall_seconds") public double wallSeconds;

    /** The config called {@code name}, added (in call order) when missing. */
    Config config(RunSpec spec) {
        for (Config c : configs) {
            if (c.name.equals(spec.name())) {
                c.description = spec.description();
                c.regularization = spec.summary();
                c.spec = spec.toJson();
                return c;
            }
        }
        Config c = new Config(spec.name(), spec.description(), spec.summary());
        c.spec = spec.toJson();
        configs.add(c);
        return c;
    }

    Config find(String name) {
        return configs.stream().filter(c -> c.name.equals(name)).findFirst().orElse(null);
    }

    /** The largest results.json {@link #read} accepts; a full case study writes about 100 KB. */
    static final long MAX_BYTES = 16_000_000;

    /**
     * Reads a results.json written by {@link #write}, for {@code --resume}.
     *
     * @param file the file
     * @return its contents
     * @throws IllegalArgumentException in one line naming the file, what was expected and what was
     *         found: not a regular file, larger than {@link #MAX_BYTES}, not JSON, or JSON of
     *         another shape
     * @throws IOException when it cannot be read
     */
    static Results read(Path file) throws IOException {
        String what = "the results.json that regula casestudy writes";
        String notRegular = InputFiles.notRegular(file, what);
        if (notRegular != null) {
            throw new IllegalArgumentException(notRegular);
        }
        long size = Files.size(file);
        if (size > MAX_BYTES) {       // checked before the file is read whole
            throw new IllegalArgumentException(file + ": expected " + what + ", at most " + InputFiles.human(MAX_BYTES)
                    + ", found a file of " + InputFiles.human(size));
        }
        Results r;
        try {
            r = JSON.readValue(Files.readAllBytes(file), Results.class);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String why = String.valueOf(e.getOriginalMessage()).lines().findFirst().orElse("")
                    .replaceFirst(" \\(start marker at \\[Source: .*$", "").strip();
            // Databind wraps a parse error met inside a list or an object: the cause says which it is.
            boolean syntax = e instanceof StreamReadException || e.getCause() instanceof StreamReadException;
            throw new IllegalArgumentException(file + ": expected " + what + ", found " + (syntax ? "invalid JSON"
                    : "JSON of another shape") + (at == null ? "" : " at line " + at.getLineNr()
                    + ", column " + at.getColumnNr()) + " (" + why + ")");
        }
        if (r == null || r.configs == null || r.settings == null || r.resumedWith == null
                || r.configs.stream().anyMatch(c -> c == null || c.name == null || c.runs == null
                        || c.runs.stream().anyMatch(run -> run == null || run.history() == null))) {
            throw new IllegalArgumentException(file + ": expected " + what + ", found JSON without its configs, their"
                    + " names and runs, or its settings");
        }
        return r;
    }

    void write(Path file) throws IOException {
        Config base = find("baseline");
        configs.forEach(c -> {
            if (!c.runs.isEmpty()) {
                c.summarize();
            }
            c.pairedVsBaseline = null;
            if (base != null && c != base) {
                Stats.Paired p = c.pairedTestAcc(base);
                if (p != null) {
                    c.pairedVsBaseline = PairedSummary.of(c.sharedSeedTestAccs(base)[2], p);
                }
            }
        });
        AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    }
}
