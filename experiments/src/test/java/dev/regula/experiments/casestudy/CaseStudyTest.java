package dev.regula.experiments.casestudy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.core.DType;
import dev.regula.core.Rng;
import dev.regula.data.IdxImages;
import dev.regula.data.IdxWriter;
import dev.regula.data.Mnist;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The case-study runner end to end on a tiny synthetic MNIST-format dataset: results.json's
 * schema, --resume, the report, and the one-line errors before any training.
 */
class CaseStudyTest {
    @TempDir
    Path dir;

    /** 40 training and 10 test images of 28×28 whose class is visible in their pixels. */
    private Path dataset() {
        Path data = dir.resolve("data");
        try {
            Files.createDirectories(data);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        write(data, Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, 40, 1);
        write(data, Mnist.TEST_IMAGES, Mnist.TEST_LABELS, 10, 2);
        return data;
    }

    private static void write(Path dir, String images, String labels, int n, long seed) {
        Rng rng = new Rng(seed);
        byte[] pixels = new byte[n * 784];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = i % 10;
            for (int p = 0; p < 784; p++) {
                int base = p / 78 == y[i] ? 200 : 20;
                pixels[i * 784 + p] = (byte) (base + rng.nextInt(40));
            }
        }
        IdxWriter.writeImages(dir.resolve(images), new IdxImages(n, 28, 28, pixels));
        IdxWriter.writeLabels(dir.resolve(labels), y);
    }

    private CaseStudy.Settings settings(Path data, Path out, List<String> configs, int seeds, boolean resume) {
        return new CaseStudy.Settings(configs, seeds, 2, out, false, DType.F32, resume, data, null, "regula casestudy (test)", null);
    }

    private static String run(CaseStudy.Settings s) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (PrintStream log = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            new CaseStudy(s, log).run();
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void writesResultsAndReportAndResumesWithoutRedoingRuns() throws Exception {
        Path data = dataset();
        Path out = dir.resolve("out");
        List<String> configs = List.of("baseline", "early_stop");
        String log = run(settings(data, out, configs, 1, false));
        assertTrue(log.contains("[config 1/2 baseline, seed 1/1]"), log);
        assertTrue(log.contains("ETA"), log);

        JsonNode root = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals(2, root.get("configs").size());
        JsonNode base = root.get("configs").get(0);
        assertEquals("baseline", base.get("name").asText());
        for (String key : List.of("description", "runs", "test_acc_mean", "test_acc_std", "val_acc_mean", "val_acc_std")) {
            assertTrue(base.has(key), key);
        }
        JsonNode first = base.get("runs").get(0);
        for (String key : List.of("seed", "epochs_run", "best_epoch", "val_acc", "test_acc", "seconds_per_epoch", "history")) {
            assertTrue(first.has(key), key);
        }
        assertEquals(128, first.get("seed").asLong());
        assertEquals(2, first.get("history").size());
        assertTrue(first.get("history").get(0).has("val_acc"));
        assertTrue(root.get("machine").has("cores"));
        assertTrue(root.get("machine").has("gemm_kernel"));
        assertEquals("regula casestudy (test)", root.get("command").asText());

        // --resume with one more seed: only seed 129 of each config runs; seed 128's runs are kept as they were.
        String again = run(settings(data, out, configs, 2, true));
        assertTrue(again.contains("2 run(s) already done, 2 to go"), again);
        assertTrue(!again.contains("seed 1/2]"), again);
        JsonNode resumed = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        JsonNode runs = resumed.get("configs").get(0).get("runs");
        assertEquals(2, runs.size());
        assertEquals(first, runs.get(0));
        assertEquals(129, runs.get(1).get("seed").asLong());

        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("| baseline | 2 |"), report);
        assertTrue(report.contains("| early_stop | 2 |"), report);
        assertTrue(report.contains("Welch"), report);
        // 2 epochs (the test's --epochs) where the presets train 10: the configs' lines say so
        assertTrue(report.contains("- **baseline**: the seeds' MLP without regularization (no regularization); trained here for 2 epochs,"
                + " not the preset's 10\n"), report);
        // The paired comparison with the baseline over the two shared seeds, and each config's cost.
        assertTrue(report.contains("## Paired comparisons with the baseline"), report);
        assertTrue(report.contains("| early_stop | 2 | "), report);
        assertTrue(report.contains("detectable δ₈₀"), report);
        assertTrue(report.contains("10,000 resamples"), report);
        assertTrue(report.contains("**At the 5 % level**"), report);
        assertTrue(report.contains("train time per seed"), report);
        JsonNode early = resumed.get("configs").get(1);
        JsonNode paired = early.get("paired_vs_baseline");
        assertEquals("[128,129]", paired.get("seeds").toString());
        assertEquals(1.0, paired.get("df").asDouble());
        assertEquals(2, paired.get("ci95_t").size());
        assertEquals(10_000, paired.get("bootstrap_resamples").asInt());
        double d0 = early.get("runs").get(0).get("test_acc").asDouble() - runs.get(0).get("test_acc").asDouble();
        double d1 = early.get("runs").get(1).get("test_acc").asDouble() - runs.get(1).get("test_acc").asDouble();
        assertEquals((d0 + d1) / 2, paired.get("mean_diff").asDouble(), 1e-15);
        assertTrue(!resumed.get("configs").get(0).has("paired_vs_baseline"), "the baseline is not compared with itself");
        double perSeed = early.get("runs").get(0).get("seconds_per_epoch").asDouble() * early.get("runs").get(0).get("epochs_run").asInt()
                + early.get("runs").get(1).get("seconds_per_epoch").asDouble() * early.get("runs").get(1).get("epochs_run").asInt();
        assertEquals(perSeed / 2, early.get("train_seconds_mean").asDouble(), 1e-12);
        for (String png : List.of("val-acc-overlay.png", "weights-histogram.png", "augmented-digits.png",
                "learning-baseline.png", "learning-early_stop.png")) {
            assertTrue(report.contains("](" + png + ")"), png);
            assertTrue(Files.size(out.resolve(png)) > 1000, png);
        }
    }

    @Test
    void fitOnTrainPlusValidationTrainsOnBothSplitsAndTheRecordDrawsItsMistakes() throws Exception {
        Path data = dataset();      // 40 training images: 28 train, 12 validation
        Path out = dir.resolve("fit");
        CaseStudy.Settings s = new CaseStudy.Settings(List.of("record"), 1, 1, out, false, DType.F32, false, data, null,
                "x", "train+validation");
        String log = run(s);
        assertTrue(log.contains("1 config(s) × 1 seed(s), 40 train, 12 validation, 10 test"), log);
        assertTrue(log.contains("fitted on train+validation"), log);
        JsonNode root = new ObjectMapper().readTree(out.resolve("results.json").toFile());
        assertEquals("train+validation", root.get("settings").get("fit_on").asText());
        String report = Files.readString(out.resolve("report.md"));
        assertTrue(report.contains("**Fitted on train+validation**"), report);
        assertTrue(report.contains("](misclassified-record.png)"), report);
        assertTrue(Files.size(out.resolve("misclassified-record.png")) > 1000);
    }

    @Test
    void resumeRefusesOtherSettings() throws Exception {
        Path data = dataset();
        Path out = dir.resolve("out");
        run(settings(data, out, List.of("baseline"), 1, false));
        CaseStudy.Settings other = new CaseStudy.Settings(List.of("baseline"), 1, 3, out, false, DType.F32, true, data, null, "x", null);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new CaseStudy(other, System.out));
        assertTrue(e.getMessage().startsWith("--resume:"), e.getMessage());
    }

    @Test
    void badInputIsOneLineBeforeTraining() throws Exception {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CaseStudy.parseConfigs("baseline,nope", false));
        assertEquals("Unknown config 'nope' in --configs: expected some of [baseline, l2, l1, dropout, dropout_aug, "
                + "early_stop, batchnorm, best, record]", e.getMessage());
        assertEquals(CaseStudy.STUDY, CaseStudy.parseConfigs(null, false), "without --configs: the study, not record");
        assertFalse(CaseStudy.STUDY.contains("record"));
        assertEquals(CaseStudy.CONFIGS, CaseStudy.parseConfigs(null, true), "--quick covers record too");
        assertEquals(CaseStudy.CONFIGS, CaseStudy.parseConfigs("all", false));
        CaseStudy.Settings fitEarly = new CaseStudy.Settings(List.of("early_stop"), 1, 2, dir.resolve("fit"), false,
                DType.F32, false, null, null, "x", "train+validation");
        e = assertThrows(IllegalArgumentException.class, () -> new CaseStudy(fitEarly, System.out));
        assertTrue(e.getMessage().startsWith("--fit-on train+validation with config early_stop: "), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> CaseStudy.parseConfigs("baseline,,l2", false));
        assertTrue(e.getMessage().contains("--configs"), e.getMessage());

        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        CaseStudy.Settings s = settings(dir.resolve("no-data"), file.resolve("sub"), List.of("baseline"), 1, false);
        e = assertThrows(IllegalArgumentException.class, () -> new CaseStudy(s, System.out));
        assertTrue(e.getMessage().startsWith("Invalid value for --out: cannot create the directory " + file.resolve("sub")),
                e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));

        CaseStudy.Settings seeds = new CaseStudy.Settings(List.of("baseline"), 0, 2, dir, false, DType.F32, false, null, null, "x", null);
        e = assertThrows(IllegalArgumentException.class, () -> new CaseStudy(seeds, System.out));
        assertTrue(e.getMessage().contains("--seeds"), e.getMessage());
    }

    @Test
    void aHostileResultsJsonIsRefusedInOneLineNamingTheFile() throws Exception {
        Path out = Files.createDirectories(dir.resolve("resumed"));
        Path file = out.resolve("results.json");
        String[][] cases = {
                {"{\"configs\": [", "expected the results.json that regula casestudy writes, found invalid JSON at line 1"},
                {"{\"configs\": 5, \"settings\": {}}", "found JSON of another shape at line 1, column"},
                {"null", "found JSON without its configs"},
                {"{\"configs\": [{\"runs\": []}], \"settings\": {}}", "found JSON without its configs, their names"},
                {"{\"configs\": [{\"name\": \"baseline\", \"runs\": [{\"seed\": 1}]}], \"settings\": {}}",
                        "found JSON without its configs, their names and runs"},
        };
        for (String[] c : cases) {
            Files.writeString(file, c[0]);
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Results.read(file), c[0]);
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith(file + ": ") && e.getMessage().contains(c[1]), e.getMessage());
        }
        // Larger than the limit: refused from its size, before it is read (a sparse file of 17 MB).
        try (java.io.RandomAccessFile raf = new java.io.RandomAccessFile(file.toFile(), "rw")) {
            raf.setLength(17_000_000);
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Results.read(file));
        assertEquals(file + ": expected the results.json that regula casestudy writes, at most 16.0 MB, found a file of"
                + " 17.0 MB", e.getMessage());
        Files.delete(file);
        Files.createDirectory(file);
        e = assertThrows(IllegalArgumentException.class, () -> Results.read(file));
        assertTrue(e.getMessage().contains("found a directory"), e.getMessage());

        // Through --resume, the same line.
        Files.delete(file);
        Files.writeString(file, "{\"configs\": [");
        CaseStudy.Settings resume = settings(dir.resolve("no-data"), out, List.of("baseline"), 1, true);
        e = assertThrows(IllegalArgumentException.class, () -> new CaseStudy(resume, System.out));
        assertTrue(e.getMessage().startsWith(file + ": expected the results.json"), e.getMessage());
    }

    @Test
    void tuneRejectsBadParamsAndValues() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Tune.parseValues(""));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tune.parseValues("1e-4,abc"));
        assertTrue(e.getMessage().contains("'abc' is not a number"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Tune.parseValues("1e-4,"));
        assertTrue(e.getMessage().contains("is not a number"), e.getMessage());
        Tune.Settings bad = new Tune.Settings("momentum", new double[] {0.9}, 1, 1, false, dir, DType.F32, null, null);
        e = assertThrows(IllegalArgumentException.class, () -> Tune.run(bad, System.out));
        assertEquals("Unknown --param 'momentum': expected one of [l2, l1, dropout-rate]", e.getMessage());
        Tune.Settings negative = new Tune.Settings("l2", new double[] {-1}, 1, 1, false, dir, DType.F32, null, null);
        assertThrows(IllegalArgumentException.class, () -> Tune.run(negative, System.out));
    }

    @Test
    void tuneWritesTableAndChart() throws Exception {
        Path data = dataset();
        Path out = dir.resolve("tune");
        Tune.run(new Tune.Settings("dropout-rate", new double[] {0, 0.5}, 2, 1, false, out, DType.F32, data, null),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        String md = Files.readString(out.resolve("tune-dropout-rate.md"));
        assertTrue(md.contains("| 0.5 |"), md);
        assertTrue(Files.size(out.resolve("tune-dropout-rate.png")) > 1000);
    }
}
