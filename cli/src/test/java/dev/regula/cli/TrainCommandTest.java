package dev.regula.cli;

import static dev.regula.cli.CliTests.run;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.regula.cli.CliTests.Run;
import dev.regula.data.IdxImages;
import dev.regula.data.IdxWriter;
import dev.regula.data.Mnist;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code regula train} end to end on a small synthetic MNIST-format dataset given with --data:
 * what it writes, that the same seed gives the same history, and that bad arguments end with one
 * line naming the argument.
 */
class TrainCommandTest {
    @TempDir
    Path dir;

    /** 40 training and 10 test images of 28×28 whose class is visible in their pixels. */
    private Path dataset() throws Exception {
        return CliTests.dataset(dir.resolve("data"), i -> i % 10);
    }




    private JsonNode train(String out, String... extra) throws Exception {
        return train(out, 2, extra);
    }

    private JsonNode train(String out, int epochs, String... extra) throws Exception {
        return train(out, epochs, extra, true);
    }

    private JsonNode train(String out, int epochs, String[] extra, boolean toTheEnd) throws Exception {
        String[] base = {"train", "--data", dataset().toString(), "--epochs", Integer.toString(epochs),
                "--batch-size", "16", "--out", dir.resolve(out).toString()};
        String[] args = java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.Arrays.stream(extra))
                .toArray(String[]::new);
        Run r = run(args);
        assertEquals(0, r.exit(), r.out() + r.err());
        assertTrue(!toTheEnd || r.out().contains("Epoch " + epochs + "/" + epochs + " - 28/28 [==============================]"),
                r.out());
        assertTrue(r.out().contains("Test: loss"), r.out());
        return new ObjectMapper().readTree(dir.resolve(out).resolve("history.json").toFile());
    }

    /** The history without its timings. */
    private static JsonNode withoutSeconds(JsonNode h) {
        ObjectNode copy = h.deepCopy();
        for (JsonNode e : copy.get("epochs")) {
            ((ObjectNode) e).remove("seconds");
        }
        return copy;
    }

    @Test
    void theSameSeedWritesTheSameHistoryInF32AndF64() throws Exception {
        for (String dtype : new String[] {"f32", "f64"}) {
            JsonNode a = train("a-" + dtype, "--dtype", dtype, "--seed", "5");
            JsonNode b = train("b-" + dtype, "--dtype", dtype, "--seed", "5");
            assertEquals(withoutSeconds(a), withoutSeconds(b), dtype);
            assertEquals(dtype, a.get("dtype").asText());
            assertEquals(2, a.get("epochs").size());
            for (String key : new String[] {"epoch", "loss", "acc", "val_loss", "val_acc", "seconds"}) {
                assertTrue(a.get("epochs").get(0).has(key), key);
            }
            assertTrue(a.has("test_acc") && a.has("test_loss") && a.has("best_epoch"));
            JsonNode c = train("c-" + dtype, "--dtype", dtype, "--seed", "6");
            assertFalse(withoutSeconds(a).equals(withoutSeconds(c)), "another seed gives another history");
        }
    }

    @Test
    void presetsAndFlagsCompose() throws Exception {
        JsonNode h = train("reg", "--preset", "dropout", "--l2", "1e-4", "--batchnorm", "--early-stopping-patience", "1");
        assertEquals("dropout", h.get("preset").asText());
        String summary = h.get("regularization").asText();
        assertTrue(summary.contains("L2 1e-4") && summary.contains("dropout rate 0.25") && summary.contains("batch norm")
                && summary.contains("early stopping"), summary);
        assertTrue(h.get("epochs").get(0).has("penalty"), "the log shows the penalty beside the loss");

        JsonNode aug = train("aug", "--preset", "dropout_aug", "--elastic", "8,3", "--fill-mode", "constant");
        String augSummary = aug.get("regularization").asText();
        assertTrue(augSummary.contains("rotation") && augSummary.contains("elastic") && augSummary.contains("constant"),
                augSummary);
    }

    @Test
    void badArgumentsEndWithOneLineNamingThem() throws Exception {
        String[][] cases = {
                {"--epochs", "0", "--epochs"},
                {"--batch-size", "-3", "--batch-size"},
                {"--preset", "huge", "huge"},
                {"--dtype", "f16", "f16"},
                {"--dropout-rate", "1.5", "--dropout-rate"},
                {"--rotation", "-5", "Invalid value for --rotation (augment.rotation): expected a finite number in [0, 180]"},
                {"--shear", "95", "Invalid value for --shear (augment.shear):"},
                {"--spec", "nowhere.yaml", "nowhere.yaml: expected a regular YAML or JSON file"},
                {"--fill-mode", "mirror", "mirror"},
        };
        for (String[] c : cases) {
            Run r = run("train", c[0], c[1], "--data", dir.resolve("nowhere").toString());
            assertEquals(2, r.exit(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("regula: ") && r.err().contains(c[2]), r.err());
        }
        Run missing = run("train", "--data", dir.resolve("nowhere").toString(), "--out", dir.resolve("o").toString());
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("nowhere"), missing.err());
        assertFalse(missing.err().contains("\tat "), "no stack trace: " + missing.err());
    }

    @Test
    void outputPathsAreCheckedBeforeAnyDataIsRead() throws Exception {
        Path file = Files.writeString(dir.resolve("a-file"), "x");
        Path folder = Files.createDirectories(dir.resolve("a-folder"));
        String[][] cases = {
                {"--out", file.toString(), "Invalid value for --out: expected a directory, found a file: " + file},
                {"--out", file.resolve("sub").toString(), "Invalid value for --out: cannot create the directory"},
                {"--save", folder.toString(), "Invalid value for --save: expected a file name, found a directory: " + folder},
                {"--save", file.resolve("ck.safetensors").toString(), "Invalid value for --save: expected " + file
                        + " to be a directory, found a file"},
        };
        for (String[] c : cases) {
            Run r = run("train", "--data", dir.resolve("nowhere").toString(), c[0], c[1]);
            assertEquals(2, r.exit(), String.join(" ", c) + ": " + r.err());
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            assertTrue(r.err().startsWith("regula: " + c[2]), r.err());
            assertFalse(r.err().contains("nowhere"), "before reading the data: " + r.err());
        }
    }

    @Test
    void aNonFiniteLossStopsTheRunWithExitCode1AndKeepsTheHistory() throws Exception {
        Path ck = dir.resolve("nan-{epoch}.safetensors");
        Run r = run("train", "--data", dataset().toString(), "--epochs", "3", "--batch-size", "16", "--l2", "1e300",
                "--out", dir.resolve("nan").toString(), "--save", ck.toString());
        assertEquals(1, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("regula: the training loss became NaN or infinite in epoch 1 (batch "), r.err());
        assertFalse(r.out().contains("Test:"), r.out());
        JsonNode h = new ObjectMapper().readTree(dir.resolve("nan").resolve("history.json").toFile());
        assertEquals("non-finite loss", h.get("stopped_by").asText());
        assertEquals(0, h.get("epochs").size(), "no epoch completed, none is reported");
        assertFalse(h.toString().contains("NaN"), h.toString());
        assertFalse(Files.exists(dir.resolve("nan-1.safetensors")), "no checkpoint of a diverged model");
    }

    @Test
    void flagsThatResumingWouldIgnoreAreRefused() throws Exception {
        Path checkpoint = dir.resolve("r.safetensors");
        train("r", 1, "--save", checkpoint.toString());
        Run r = run("train", "--resume", checkpoint.toString(), "--epochs", "2", "--l2", "1e-4", "--preset", "l1",
                "--out", dir.resolve("r2").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("regula: Invalid use of --resume: " + checkpoint + " was trained with name = \"baseline\","
                + " the spec given here has \"l1\" (and "), r.err());
        assertTrue(r.err().contains("regularization.l2.lambda, regularization.l1.lambda"), r.err());
        r = run("train", "--resume", checkpoint.toString(), "--epochs", "2", "--seed", "9", "--out", dir.resolve("r2").toString());
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("regula: Invalid use of --resume: " + checkpoint + " was trained with training.seed = 128,"
                + " the spec given here has 9;"), r.err());
    }

    @Test
    void resumingFromASavedEpochContinuesAsAnUninterruptedRun() throws Exception {
        // dropout_aug: the checkpoint must carry the recipe (augmentation included), the weights,
        // Adam's moments and every generator (shuffling, dropout masks, augmentation).
        String[] common = {"--preset", "dropout_aug", "--seed", "7"};
        JsonNode whole = train("whole", 3, common);
        Path checkpoint = dir.resolve("ckpt.safetensors");
        JsonNode first = train("first", 2, "--preset", "dropout_aug", "--seed", "7", "--save", checkpoint.toString());
        assertTrue(Files.exists(checkpoint));
        assertEquals(withoutSeconds(whole).get("epochs").get(1), withoutSeconds(first).get("epochs").get(1));

        JsonNode rest = train("rest", 3, "--resume", checkpoint.toString());
        assertEquals(2, rest.get("initial_epoch").asInt());
        assertEquals(1, rest.get("epochs").size());
        assertEquals(withoutSeconds(whole).get("epochs").get(2), withoutSeconds(rest).get("epochs").get(0));
        assertEquals(whole.get("test_acc"), rest.get("test_acc"));
        assertEquals(whole.get("test_loss"), rest.get("test_loss"));
        assertEquals(whole.get("regularization"), rest.get("regularization"));
    }

    @Test
    void earlyStoppingWithSaveLeavesEveryEpochsCheckpointTruthful() throws Exception {
        // Issue 16 item 1: the restored best weights used to be written into the best epoch's file,
        // labelled with the last epoch and carrying its optimizer and generator state.
        String[] common = {"--preset", "early_stop", "--early-stopping-patience", "1", "--seed", "3"};
        Path a = dir.resolve("a-{epoch}.safetensors");
        JsonNode stopped = train("es", 8, concat(common, "--save", a.toString()), false);
        int best = stopped.get("best_epoch").asInt();
        int last = stopped.get("epochs").size();
        assertTrue(best >= 1 && best < last, "the test needs a best epoch before the last: " + best + " of " + last);
        for (int e = 1; e <= last; e++) {
            Path file = dir.resolve("a-" + e + ".safetensors");
            assertEquals(e, dev.regula.nn.Checkpoint.load(file).epoch(), file.toString());
        }
        // An uninterrupted run to the best epoch writes the very same bytes.
        Path b = dir.resolve("b.safetensors");
        train("to-best", best, concat(common, "--save", b.toString()), false);
        Path bestFile = dir.resolve("a-" + best + ".safetensors");
        // The same weights, optimizer state and generators; the run spec differs only in the epochs
        // each run was asked for.
        dev.regula.nn.Checkpoint.Loaded fromStopped = dev.regula.nn.Checkpoint.load(bestFile);
        dev.regula.nn.Checkpoint.Loaded fromShort = dev.regula.nn.Checkpoint.load(b);
        assertEquals(fromShort.epoch(), fromStopped.epoch());
        java.util.List<dev.regula.core.Matrix> wa = fromShort.model().weights(), wb = fromStopped.model().weights();
        for (int k = 0; k < wa.size(); k++) {
            org.junit.jupiter.api.Assertions.assertArrayEquals(wa.get(k).floats(), wb.get(k).floats(), "weight " + k);
        }
        java.util.Map<String, String> ma = new java.util.HashMap<>(fromShort.metadata());
        java.util.Map<String, String> mb = new java.util.HashMap<>(fromStopped.metadata());
        ObjectNode sa = (ObjectNode) new ObjectMapper().readTree(ma.remove(TrainCommand.SPEC_METADATA));
        ObjectNode sb = (ObjectNode) new ObjectMapper().readTree(mb.remove(TrainCommand.SPEC_METADATA));
        assertEquals(ma, mb, "the best epoch's checkpoint holds an uninterrupted run's state at that epoch");
        ((ObjectNode) sa.get("training")).remove("epochs");
        ((ObjectNode) sb.get("training")).remove("epochs");
        assertEquals(sa, sb);
        // Resuming from it continues exactly as the early-stopped run did.
        JsonNode resumed = train("from-best", best + 1, new String[] {"--resume", bestFile.toString()}, false);
        assertEquals(withoutSeconds(stopped).get("epochs").get(best), withoutSeconds(resumed).get("epochs").get(0));
    }

    private static String[] concat(String[] a, String... b) {
        return java.util.stream.Stream.concat(java.util.Arrays.stream(a), java.util.Arrays.stream(b)).toArray(String[]::new);
    }

    @Test
    void featurewiseRunsEndToEndIsRecordedAndRepeatsBitForBit() throws Exception {
        JsonNode plain = train("plain", "--seed", "5");
        assertEquals("none", plain.get("featurewise").asText());
        assertFalse(plain.has("zca_epsilon"));

        JsonNode a = train("zca-a", "--seed", "5", "--featurewise", "zca", "--zca-epsilon", "0.05");
        JsonNode b = train("zca-b", "--seed", "5", "--featurewise", "zca", "--zca-epsilon", "0.05");
        assertEquals(withoutSeconds(a), withoutSeconds(b));
        assertEquals("zca", a.get("featurewise").asText());
        assertEquals(0.05, a.get("zca_epsilon").asDouble());
        assertEquals("ZCA whitening ε=0.05 (fitted on the training split)", a.get("regularization").asText());
        assertFalse(withoutSeconds(a).get("epochs").equals(withoutSeconds(plain).get("epochs")),
                "whitened inputs train differently");

        JsonNode d = train("zca-default", "--seed", "5", "--featurewise", "zca");
        assertEquals(dev.regula.experiments.FeaturewiseSpec.DEFAULT_ZCA_EPSILON, d.get("zca_epsilon").asDouble());

        for (String kind : new String[] {"center", "standardize"}) {
            JsonNode h = train(kind, "--seed", "5", "--featurewise", kind);
            assertEquals(kind, h.get("featurewise").asText());
            assertTrue(h.get("regularization").asText().startsWith("featurewise "), h.get("regularization").asText());
            assertEquals(withoutSeconds(h), withoutSeconds(train(kind + "-again", "--seed", "5", "--featurewise", kind)));
        }
    }

    @Test
    void featurewiseWithAugmentationStandardizesTheAugmentedBatches() throws Exception {
        // The augmentation refuses pixels outside [0, 1], so this run only works because the
        // training split stays raw and each batch is standardized after its random transforms.
        String[] args = {"--preset", "dropout_aug", "--featurewise", "standardize", "--seed", "3"};
        JsonNode h = train("aug-std", args);
        String summary = h.get("regularization").asText();
        assertTrue(summary.contains("rotation") && summary.endsWith(
                "featurewise standardization (fitted on the training split, applied after the augmentation)"), summary);
        assertEquals(withoutSeconds(h), withoutSeconds(train("aug-std-again", args)));
    }

    @Test
    void badFeaturewiseValuesEndWithOneLineNamingTheFlagTheExpectationAndTheValue() {
        String[][] cases = {
                {"--featurewise", "pca"},
                {"--featurewise", "zca", "--zca-epsilon", "0"},
                {"--featurewise", "zca", "--zca-epsilon", "-0.5"},
                {"--featurewise", "standardize", "--zca-epsilon", "0.1"},
        };
        String[][] expected = {
                {"--featurewise", "expected one of [none, center, standardize, zca]", "pca"},
                {"--zca-epsilon", "expected a finite number > 0", "received: 0.0"},
                {"--zca-epsilon", "expected a finite number > 0", "received: -0.5"},
                {"--zca-epsilon", "expected it with --featurewise zca only", "standardize"},
        };
        for (int i = 0; i < cases.length; i++) {
            String[] args = java.util.stream.Stream.concat(java.util.stream.Stream.of("train", "--data",
                    dir.resolve("nowhere").toString()), java.util.Arrays.stream(cases[i])).toArray(String[]::new);
            Run r = run(args);
            assertEquals(2, r.exit(), String.join(" ", cases[i]));
            assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
            for (String part : expected[i]) {
                assertTrue(r.err().startsWith("regula: ") && r.err().contains(part), part + " in: " + r.err());
            }
            assertFalse(r.err().contains("nowhere"), "refused before reading the data: " + r.err());
        }
    }

    @Test
    void zcaOfImagesTooLargeForTheHeapStopsBeforeTraining() throws Exception {
        // 200×200 images: 40,000 features, whose 6 d×d double matrices need about 72 GB.
        Path data = dir.resolve("large");
        Files.createDirectories(data);
        for (String[] f : new String[][] {{Mnist.TRAIN_IMAGES, Mnist.TRAIN_LABELS, "20"}, {Mnist.TEST_IMAGES, Mnist.TEST_LABELS, "5"}}) {
            int n = Integer.parseInt(f[2]);
            IdxWriter.writeImages(data.resolve(f[0]), new IdxImages(n, 200, 200, new byte[n * 40_000]));
            IdxWriter.writeLabels(data.resolve(f[1]), new int[n]);
        }
        Run r = run("train", "--data", data.toString(), "--featurewise", "zca", "--out", dir.resolve("o").toString());
        assertEquals(2, r.exit(), r.out() + r.err());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("regula: ZCA whitening of d=40000 features needs 40000×40000")
                && r.err().contains("about 71.5 GB"), r.err());
        assertFalse(r.out().contains("Epoch"), r.out());
    }

    @Test
    void resumingAFeaturewiseRunContinuesAsAnUninterruptedRun() throws Exception {
        // ZCA after the augmentation: the checkpoint's recipe carries --featurewise and ε, and the
        // resumed run fits the same statistics on the training split again.
        String[] common = {"--preset", "dropout_aug", "--featurewise", "zca", "--zca-epsilon", "0.2", "--seed", "7"};
        JsonNode whole = train("fw-whole", 3, common);
        Path checkpoint = dir.resolve("fw.safetensors");
        String[] first = java.util.stream.Stream.concat(java.util.Arrays.stream(common),
                java.util.stream.Stream.of("--save", checkpoint.toString())).toArray(String[]::new);
        train("fw-first", 2, first);

        JsonNode rest = train("fw-rest", 3, "--resume", checkpoint.toString());
        assertEquals("zca", rest.get("featurewise").asText());
        assertEquals(0.2, rest.get("zca_epsilon").asDouble());
        assertEquals(whole.get("regularization"), rest.get("regularization"));
        assertEquals(withoutSeconds(whole).get("epochs").get(2), withoutSeconds(rest).get("epochs").get(0));
        assertEquals(whole.get("test_acc"), rest.get("test_acc"));
        assertEquals(whole.get("test_loss"), rest.get("test_loss"));
    }

    @Test
    void aCopyOfAPresetFileTrainsExactlyAsThePreset() throws Exception {
        Path copy = dir.resolve("my-dropout.yaml");
        try (java.io.InputStream in = dev.regula.experiments.RunSpec.class.getResourceAsStream("/presets/dropout.yaml")) {
            Files.copy(in, copy);
        }
        JsonNode preset = train("by-preset", "--preset", "dropout", "--seed", "9");
        JsonNode spec = train("by-spec", "--spec", copy.toString(), "--seed", "9");
        assertEquals(withoutSeconds(preset).get("epochs"), withoutSeconds(spec).get("epochs"));
        assertEquals(preset.get("test_loss"), spec.get("test_loss"));
        assertEquals(preset.get("spec"), spec.get("spec"), "history.json records the whole spec");
        assertEquals(0.75, spec.get("spec").get("model").get("keep_prob").asDouble());
    }

    @Test
    void aSmallNetworkFromASpecFileTrainsFromTheCommandLine() throws Exception {
        Path file = dir.resolve("small.yaml");
        Files.writeString(file, "name: small\nmodel:\n  hidden: [100]\n  keep_prob: 0.5\n"
                + "regularization:\n  l2: {lambda: 1.0e-4, layers: [1]}\n");
        JsonNode h = train("small", "--spec", file.toString());
        assertEquals("small", h.get("preset").asText());
        assertEquals("hidden 100 relu, L2 1e-4 on Dense 1, dropout rate 0.5", h.get("regularization").asText());
        assertEquals(List.of(100), new ObjectMapper().convertValue(h.get("spec").get("model").get("hidden"), List.class));
        assertTrue(h.get("epochs").get(0).has("penalty"));
    }

    @Test
    void aBadSpecFileEndsWithOneLineNamingTheKey() throws Exception {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "augment:\n  rotaton: 10\n");
        Run r = run("train", "--spec", bad.toString(), "--data", dir.resolve("nowhere").toString());
        assertEquals(2, r.exit());
        assertEquals(1, r.err().strip().lines().count(), "one line: " + r.err());
        assertTrue(r.err().startsWith("regula: " + bad + ": augment.rotaton: unknown key (did you mean rotation?)"), r.err());
        assertFalse(r.err().contains("\tat "), r.err());
        Run both = run("train", "--spec", bad.toString(), "--preset", "l2");
        assertTrue(both.err().contains("expected one of them, received both"), both.err());
    }

    @Test
    void printSpecShowsTheEffectiveSpecWithTheFlagsApplied() throws Exception {
        Run r = run("train", "--preset", "l2", "--rotation", "5", "--epochs", "3", "--print-spec");
        assertEquals(0, r.exit(), r.err());
        dev.regula.experiments.RunSpec printed = dev.regula.experiments.RunSpec.parse(r.out(), "printed");
        assertEquals(dev.regula.experiments.RunSpec.preset("l2").with("augment.rotation", 5).with("training.epochs", 3), printed);
        assertTrue(r.out().contains("  l2:\n    lambda: 1.0E-4\n    layers: hidden\n"), r.out());
    }

    @Test
    void resumingWithSettingsThatDisagreeWithTheCheckpointIsRefusedNamingTheKey() throws Exception {
        Path checkpoint = dir.resolve("l2.safetensors");
        train("l2-first", 1, "--preset", "l2", "--save", checkpoint.toString());
        String[] base = {"train", "--data", dataset().toString(), "--epochs", "2", "--batch-size", "16",
                "--out", dir.resolve("l2-rest").toString(), "--resume", checkpoint.toString()};
        Run flag = run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of("--l2", "2e-4"))
                .toArray(String[]::new));
        assertEquals(2, flag.exit());
        assertTrue(flag.err().contains("was trained with regularization.l2.lambda = 1.0E-4, the spec given here has 2.0E-4"),
                flag.err());
        Run preset = run(java.util.stream.Stream.concat(java.util.Arrays.stream(base), java.util.stream.Stream.of("--preset",
                "dropout")).toArray(String[]::new));
        assertTrue(preset.err().contains("was trained with name = \"l2\""), preset.err());
        assertFalse(Files.exists(dir.resolve("l2-rest").resolve("history.json")));
        JsonNode same = train("l2-same", 2, "--resume", checkpoint.toString(), "--preset", "l2");
        assertEquals(1, same.get("epochs").size(), "the same preset again is accepted");
    }
}
