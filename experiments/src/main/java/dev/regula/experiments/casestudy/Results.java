package dev.regula.experiments.casestudy;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
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
 * and sample standard deviations over the seeds, the machine and the command. It is rewritten
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

    static Results read(Path file) throws IOException {
        return JSON.readValue(Files.readAllBytes(file), Results.class);
    }

    void write(Path file) throws IOException {
        configs.forEach(c -> {
            if (!c.runs.isEmpty()) {
                c.summarize();
            }
        });
        AtomicFiles.write(file, JSON.writeValueAsBytes(this));
    }
}
