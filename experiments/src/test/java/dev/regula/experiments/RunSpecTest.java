package dev.regula.experiments;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.data.Dataset;
import dev.regula.data.MnistSplits;
import dev.regula.data.augment.AugmentConfig;
import dev.regula.nn.Adam;
import dev.regula.nn.Callback;
import dev.regula.nn.Dense;
import dev.regula.nn.Layer;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.regularization.BatchNormalization;
import dev.regula.regularization.Dropout;
import dev.regula.regularization.EarlyStopping;
import dev.regula.regularization.L2;
import dev.regula.regularization.LearningRateSchedule;
import dev.regula.regularization.Penalties;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Run specs: the presets' files and values, the defaults, round trips through YAML and JSON,
 * key-path errors, and models that are exactly the ones the presets built by hand before.
 */
class RunSpecTest {
    @TempDir
    Path dir;

    private static final Path RESOURCES = Path.of("src", "main", "resources");

    @Test
    void thePresetsFolderHoldsTheEightConfigsAndNothingElse() throws IOException {
        List<String> files;
        try (Stream<Path> s = Files.list(RESOURCES.resolve("presets"))) {
            files = s.map(p -> p.getFileName().toString()).sorted().toList();
        }
        assertEquals(RunSpec.PRESETS.stream().map(n -> n + ".yaml").sorted().toList(), files);
        for (String name : RunSpec.PRESETS) {
            assertEquals(name, RunSpec.preset(name).name(), "the file's name: key");
        }
    }

    /**
     * A spec's ReLUs work in place ({@code ReLU.inPlace()}): the ReLU after a Dense layer returns
     * that layer's output matrix, written over. The bits are those of plain ReLUs ({@code
     * SequentialTest}); this holds the presets to the faster form.
     */
    @Test
    void aSpecsReluLayersWriteOverTheDenseOutputs() {
        Sequential model = RunSpec.preset("baseline").model(784, 10, DType.F32, 1);
        Matrix x = Matrix.zeros(DType.F32, 4, 784);
        Matrix z = model.layers().get(0).forward(x, dev.regula.nn.Mode.TRAIN);
        assertInstanceOf(ReLU.class, model.layers().get(1));
        assertSame(z, model.layers().get(1).forward(z, dev.regula.nn.Mode.TRAIN));
    }

    @Test
    void thePresetsKeepTheCaseStudyValues() {
        assertEquals(1e-4, RunSpec.preset("l2").regularization().l2().lambda());
        assertEquals(RunSpec.LayerSelection.HIDDEN, RunSpec.preset("l2").regularization().l2().layers());
        assertEquals(1e-4, RunSpec.preset("l1").regularization().l1().lambda());
        assertEquals(0.75, RunSpec.preset("dropout").model().keepProb());
        assertEquals(0.75, RunSpec.preset("dropout_aug").model().keepProb());
        assertTrue(RunSpec.preset("dropout_aug").augment().hasTransforms());
        assertEquals("constant", RunSpec.preset("dropout_aug").augment().fillMode());
        RunSpec.EarlyStoppingSpec es = RunSpec.preset("early_stop").regularization().earlyStopping();
        assertTrue(es.enabled() && es.patience() == 2 && es.monitor().equals("val_acc") && es.restoreBestWeights());
        assertInstanceOf(EarlyStopping.class, RunSpec.preset("early_stop").callbacks().get(0));
        assertTrue(RunSpec.preset("batchnorm").model().batchnorm());
        for (String name : RunSpec.PRESETS) {
            if (name.equals("record")) {
                continue;       // its own network and length, checked in recordIsItsOwnNetwork
            }
            RunSpec s = RunSpec.preset(name);
            assertEquals(name.equals("best") ? 30 : 10, s.training().epochs(), name);
            assertEquals(128, s.training().batchSize(), name);
            assertEquals(RunSpec.SEEDS_HIDDEN, s.model().hidden().stream().map(RunSpec.HiddenLayer::units).toList(), name);
        }
        RunSpec best = RunSpec.preset("best");
        // Dropout.ofRate(0.1), the former recipe's layer, is new Dropout(1.0 - 0.1): the same double.
        assertEquals(1.0 - 0.1, best.model().keepProb());
        assertTrue(best.model().batchnorm());
        assertEquals("cosine", best.schedule().name());
        assertTrue(best.callbacks().stream().anyMatch(c -> c instanceof LearningRateSchedule));
        assertEquals("dropout rate 0.1, batch norm, augmentation (zoom 0.9-1.1, rotation ±10°, shift ±10%, fill constant 0),"
                + " cosine learning rate 1e-3 → 1e-5", best.summary());
        assertEquals("no regularization", RunSpec.preset("baseline").summary());
        assertEquals("L2 1e-4", RunSpec.preset("l2").summary());
        assertEquals("dropout rate 0.25", RunSpec.preset("dropout").summary());
    }

    @Test
    void theDefaultsAreTheBaselineAndTheirAugmentationIsNone() {
        RunSpec defaults = RunSpec.parse("{}", "empty");
        assertEquals(RunSpec.preset("baseline"), defaults);
        assertEquals(AugmentConfig.NONE, defaults.augment(), "spec-defaults.yaml's augment: and AugmentConfig.NONE agree");
        assertEquals(FeaturewiseSpec.NONE, defaults.featurewise());
        assertEquals("mnist", defaults.data());
    }

    @Test
    void everyPresetReadsBackFromItsYamlAndItsJson() throws Exception {
        for (String name : RunSpec.PRESETS) {
            int output = RunSpec.preset(name).model().hidden().size() + 1;      // the output Dense's number
            RunSpec s = RunSpec.preset(name).with("regularization.l2.layers", List.of(1, output)).with("augment.crop", 2);
            assertEquals(s, RunSpec.parse(s.toYaml(), "yaml of " + name), name);
            String json = Specs.JSON.writeValueAsString(s.toJson());
            assertEquals(s, RunSpec.parse(json, "json of " + name), name);
            assertTrue(s.toYaml().contains("layers:\n    - 1\n    - " + output) || s.toYaml().contains("layers: [1, " + output + "]"),
                    s.toYaml());
        }
    }

    @Test
    void aCopiedPresetFileIsThePreset() throws IOException {
        Path copy = dir.resolve("my-dropout.yaml");
        Files.copy(RESOURCES.resolve("presets/dropout.yaml"), copy);
        assertEquals(RunSpec.preset("dropout"), RunSpec.read(copy));
        Path unnamed = dir.resolve("unnamed.yaml");
        Files.writeString(unnamed, "model: {keep_prob: 0.5}\n");
        assertEquals("unnamed", RunSpec.read(unnamed).name(), "without name:, the file names the run");
    }

    @Test
    void aSmallNetworkWithDropoutAndL2OnTheFirstLayerOnly() {
        RunSpec small = RunSpec.parse("""
                name: small
                model:
                  hidden: [100]
                  keep_prob: 0.5
                regularization:
                  l2: {lambda: 1.0e-3, layers: [1]}
                """, "small.yaml");
        Sequential m = small.model(784, 10);
        List<Layer> layers = m.layers();
        assertEquals(4, layers.size());
        assertEquals(784, ((Dense) layers.get(0)).kernel().value().rows());
        assertEquals(100, ((Dense) layers.get(0)).kernel().value().cols());
        assertInstanceOf(ReLU.class, layers.get(1));
        assertEquals(0.5, ((Dropout) layers.get(2)).keepProb());
        assertEquals(10, ((Dense) layers.get(3)).kernel().value().cols());
        assertEquals(1, m.penalties().size());
        Matrix w = ((Dense) layers.get(0)).kernel().value();
        double sum = 0;
        for (int i = 0; i < w.size(); i++) {
            sum += w.get(i) * w.get(i);
        }
        assertEquals(1e-3 * sum, m.penalties().get(0).value(), 1e-9 * sum, "λ·Σw² of the first kernel only");
        assertEquals("hidden 100 relu, L2 1e-3 on Dense 1, dropout rate 0.5", small.summary());
    }

    @Test
    void perLayerSettingsOverrideTheModels() {
        RunSpec s = RunSpec.parse("model: {hidden: [64, {units: 32, keep_prob: 0.8, batchnorm: true, activation: tanh}]}",
                "per-layer");
        List<String> kinds = s.model(16, 3).layers().stream().map(l -> l.getClass().getSimpleName()).toList();
        assertEquals(List.of("Dense", "ReLU", "Dense", "BatchNormalization", "Tanh", "Dropout", "Dense"), kinds);
        assertEquals("model:\n  inputs: null\n  hidden:\n  - 64\n  - units: 32\n    activation: tanh\n    batchnorm: true\n"
                + "    keep_prob: 0.8\n", s.toYaml().substring(s.toYaml().indexOf("model:"), s.toYaml().indexOf("  activation: relu")));
    }

    /**
     * The model a preset builds is the one the former positional recipe built by hand: the same
     * layers, penalties, optimizer, augmentation and callbacks, so the same weights after training,
     * bit for bit.
     */
    @Test
    void presetModelsTrainBitForBitAsTheHandBuiltRecipe() {
        Matrix x = Matrix.zeros(DType.F32, 48, 784);
        Matrix y = Matrix.zeros(DType.F32, 48, 10);
        Rng rng = new Rng(3);
        for (int i = 0; i < 48; i++) {
            for (int j = 0; j < 784; j++) {
                x.set(i, j, rng.nextDouble());
            }
            y.set(i, i % 10, 1);
        }
        for (String name : List.of("best", "l2")) {
            RunSpec spec = RunSpec.preset(name).with("training.epochs", 2);
            Sequential fromSpec = spec.model(784, 10, DType.F32, 11);
            fromSpec.fit(x, y, x, y, 2, 16, new ArrayList<>(spec.callbacks()));

            List<Layer> layers = new ArrayList<>();
            int width = 784;
            for (int h : new int[] {500, 500, 500, 500, 500}) {
                layers.add(new Dense(width, h));
                if (name.equals("best")) {
                    layers.add(new BatchNormalization(h));
                }
                layers.add(new ReLU());
                if (name.equals("best")) {
                    layers.add(Dropout.ofRate(0.1));
                }
                width = h;
            }
            layers.add(new Dense(width, 10));
            Sequential byHand = new Sequential(DType.F32, 11, layers.toArray(new Layer[0]));
            byHand.compile(new SoftmaxCrossEntropy(), new Adam());
            List<Callback> callbacks = new ArrayList<>();
            if (name.equals("l2")) {
                Penalties.onKernels(byHand, L2.of(1e-4), false);
            } else {
                byHand.setAugmentation(AugmentConfig.builder().rotation(10).shift(0.1).zoom(0.9, 1.1).fillMode("constant")
                        .build().build());
                callbacks.add(LearningRateSchedule.cosine(1e-5));
            }
            byHand.fit(x, y, x, y, 2, 16, callbacks);

            List<Matrix> a = fromSpec.weights(), b = byHand.weights();
            assertEquals(b.size(), a.size(), name);
            for (int k = 0; k < a.size(); k++) {
                assertArrayEquals(b.get(k).floats(), a.get(k).floats(), name + ": weight " + k);
            }
        }
    }

    @Test
    void aMisspelledKeyIsNamedWithItsPathAndTheKnownKeys() {
        SpecException e = assertThrows(SpecException.class,
                () -> RunSpec.parse("augment:\n  rotaton: 10\n", "bad.yaml"));
        assertEquals("augment.rotaton", e.keyPath());
        assertEquals("bad.yaml: augment.rotaton: unknown key (did you mean rotation?); expected one of brightness, contrast,"
                + " crop, elastic_alpha, elastic_sigma, erasing, fill_mode, horizontal_flip, pixel_noise, rotation, shear, shift,"
                + " vertical_flip, zoom_hi, zoom_lo", e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        SpecException top = assertThrows(SpecException.class, () -> RunSpec.parse("modle: {}\n", "bad.yaml"));
        assertEquals("modle", top.keyPath());
        assertTrue(top.getMessage().contains("did you mean model?"), top.getMessage());
    }

    @Test
    void wrongTypesAndImpossibleValuesNameTheKeyTheExpectationAndTheValue() {
        String[][] cases = {
                {"training: {epochs: ten}", "training.epochs", "expected an integer"},
                {"training: {epochs: 2.5}", "training.epochs", "expected an integer"},
                {"training: {epochs: 0}", "training.epochs", "expected a positive integer, received: 0"},
                {"model: {keep_prob: 1.5}", "model.keep_prob", "received: 1.5"},
                {"model: {hidden: [100, {units: 0}]}", "model.hidden[1].units", "expected a positive integer"},
                {"model: {hidden: [{units: 10, dropout: 0.5}]}", "model.hidden[0]", "unknown key 'dropout'"},
                {"model: {activation: softplus}", "model.activation", "expected one of relu, sigmoid, tanh"},
                {"optimizer: {name: lbfgs}", "optimizer.name", "received: lbfgs"},
                {"optimizer: {weight_decay: 0.01}", "optimizer.weight_decay", "needs optimizer.name adamw or sgdw"},
                {"regularization: {l2: {lambda: -1}}", "regularization.l2.lambda", "expected a finite number >= 0"},
                {"regularization: {l1: {lambda: 1.0e-4, layers: [7]}}", "regularization.l1.layers",
                        "Dense layer numbers from 1 to 6"},
                {"augment: {rotation: 500}", "augment.rotation", "expected a finite number in [0, 180], received: 500"},
                {"augment: {fill_mode: mirror}", "augment.fill_mode", "received: mirror"},
                {"featurewise: {kind: pca}", "featurewise.kind", "received: pca"},
                {"data: ''", "data", "expected mnist or a path"},
                {"name: 'a b'", "name", "received: a b"},
        };
        for (String[] c : cases) {
            SpecException e = assertThrows(SpecException.class, () -> RunSpec.parse(c[0], "s.yaml"), c[0]);
            assertEquals(c[1], e.keyPath(), c[0] + " → " + e.getMessage());
            assertTrue(e.getMessage().contains(c[2]), c[0] + " → " + e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void textThatIsNotAMappingOfKeysIsRefusedInOneLine() {
        SpecException syntax = assertThrows(SpecException.class, () -> RunSpec.parse("model: [1, 2\n", "s.yaml"));
        assertTrue(syntax.getMessage().startsWith("s.yaml: not valid YAML at line"), syntax.getMessage());
        assertEquals(1, syntax.getMessage().lines().count());
        SpecException list = assertThrows(SpecException.class, () -> RunSpec.parse("- 1\n- 2\n", "s.yaml"));
        assertTrue(list.getMessage().contains("expected a mapping of keys"), list.getMessage());
    }

    @Test
    void recordIsItsOwnNetwork() {
        RunSpec record = RunSpec.preset("record");
        assertEquals(List.of(1024, 1024), record.model().hidden().stream().map(RunSpec.HiddenLayer::units).toList());
        assertEquals(150, record.training().epochs());
        assertEquals("train", record.training().fitOn(), "fitted on the training split unless --fit-on says otherwise");
        assertEquals(1.0 - 0.1, record.model().keepProb());
        assertEquals(34, record.augment().elasticAlpha());
        assertEquals(4, record.augment().elasticSigma());
        assertEquals(List.of("model.hidden", "augment.elastic_alpha", "augment.elastic_sigma", "training.epochs",
                "name", "description").stream().sorted().toList(),
                record.differences(RunSpec.preset("best")).stream().sorted().toList(), "best, wider, elastic, longer");
        Sequential m = record.model(784, 10, DType.F32, 128);
        assertEquals(List.of("Dense", "BatchNormalization", "ReLU", "Dropout", "Dense", "BatchNormalization", "ReLU",
                "Dropout", "Dense"), m.layers().stream().map(l -> l.getClass().getSimpleName()).toList());
    }

    @Test
    void theRecordSearchSpecsInTheDocsAreSpecsAndTheLastIsTheRecordShortened() throws IOException {
        Path search = Path.of("..", "docs", "record");
        List<String> names;
        try (Stream<Path> files = Files.list(search)) {
            names = files.map(f -> f.getFileName().toString()).sorted().toList();
        }
        assertEquals(List.of("search-a.yaml", "search-b.yaml", "search-c.yaml", "search-d.yaml", "search-e.yaml"), names);
        for (String n : names) {
            RunSpec.read(search.resolve(n));
        }
        // docs/record.md: the record is search e (chosen on validation) with the longer schedule.
        RunSpec e = RunSpec.read(search.resolve("search-e.yaml"));
        assertEquals(List.of("name", "description", "training.epochs"), RunSpec.preset("record").differences(e));
        assertEquals(60, e.training().epochs());
    }

    @Test
    void fitOnTrainPlusValidationJoinsTheTwoSplitsAndKeepsTheTest() {
        Dataset train = new Dataset("train", Matrix.of(DType.F32, 2, 1, 1, 2), new int[] {0, 1}, 2);
        Dataset val = new Dataset("val", Matrix.of(DType.F32, 1, 1, 3), new int[] {1}, 2);
        Dataset test = new Dataset("test", Matrix.of(DType.F32, 1, 1, 4), new int[] {0}, 2);
        MnistSplits splits = new MnistSplits(train, val, test);
        assertSame(splits, RunSpec.preset("baseline").fitSplits(splits), "fit_on train (the default) changes nothing");

        RunSpec all = RunSpec.preset("baseline").with("training.fit_on", "train+validation");
        MnistSplits joined = all.fitSplits(splits);
        assertArrayEquals(new double[] {1, 2, 3}, joined.train().x().toDoubleArray());
        assertArrayEquals(new int[] {0, 1, 1}, joined.train().labels());
        assertSame(val, joined.validation());
        assertSame(test, joined.test());
        assertTrue(all.summary().contains("fitted on train+validation"), all.summary());

        IllegalArgumentException noTest = assertThrows(IllegalArgumentException.class,
                () -> all.fitSplits(new MnistSplits(train, val, val)));
        assertTrue(noTest.getMessage().startsWith("Invalid value for training.fit_on"), noTest.getMessage());
        SpecException early = assertThrows(SpecException.class,
                () -> RunSpec.preset("early_stop").with("training.fit_on", "train+validation"));
        assertTrue(early.getMessage().contains("early stopping on val_acc"), early.getMessage());
        SpecException bad = assertThrows(SpecException.class, () -> RunSpec.preset("baseline").with("training.fit_on", "all"));
        assertTrue(bad.getMessage().contains("train, train+validation"), bad.getMessage());
    }

    @Test
    void withChangesOneKeyAndChecksIt() {
        RunSpec s = RunSpec.preset("baseline").with("model.hidden", List.of(100, 50)).with("augment.rotation", 15);
        assertEquals(List.of(100, 50), s.model().hidden().stream().map(RunSpec.HiddenLayer::units).toList());
        assertEquals(15, s.augment().rotation());
        assertEquals(List.of("model.hidden", "augment.rotation"), s.differences(RunSpec.preset("baseline")));
        SpecException unknown = assertThrows(SpecException.class, () -> s.with("augment.rotaton", 1));
        assertEquals("augment.rotaton", unknown.keyPath());
        SpecException impossible = assertThrows(SpecException.class, () -> s.with("training.batch_size", -1));
        assertEquals("training.batch_size", impossible.keyPath());
        assertFalse(s.differences(s).iterator().hasNext());
    }

    @Test
    void aSpecFileThatIsMissingOrHugeIsRefused() throws IOException {
        SpecException missing = assertThrows(SpecException.class, () -> RunSpec.read(dir.resolve("none.yaml")));
        assertTrue(missing.getMessage().endsWith("expected a regular YAML or JSON file, received: no such file"),
                missing.getMessage());
        assertThrows(SpecException.class, () -> RunSpec.read(dir));
        Path huge = dir.resolve("huge.yaml");
        Files.write(huge, new byte[(1 << 20) + 1]);
        assertTrue(assertThrows(SpecException.class, () -> RunSpec.read(huge)).getMessage().contains("at most 1 MiB"));
    }

    @Test
    void thePyTorchConventionReachesTheOptimizerAndBatchNorm() {
        RunSpec torch = RunSpec.preset("batchnorm").with("convention", "pytorch");
        Sequential m = torch.model(16, 3);
        assertEquals(dev.regula.nn.Convention.PYTORCH, ((Adam) m.optimizer()).convention());
        assertEquals(dev.regula.nn.Convention.PYTORCH, ((BatchNormalization) m.layers().get(1)).convention());
        Sequential k = RunSpec.preset("batchnorm").model(16, 3);
        assertEquals(dev.regula.nn.Convention.KERAS, ((Adam) k.optimizer()).convention());
        assertTrue(torch.summary().contains("PyTorch's conventions"), torch.summary());
        assertEquals("convention", assertThrows(SpecException.class, () -> RunSpec.parse("convention: jax", "s")).keyPath());
    }
}
