package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The edges a user of the library meets first: construction, targets, printing, checks, files. */
class LibraryApiTest {
    @TempDir
    Path dir;

    private static Matrix gaussian(DType dtype, int rows, int cols, long seed) {
        Rng rng = new Rng(seed);
        Matrix m = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < m.size(); i++) {
            m.set(i, rng.nextGaussian());
        }
        return m;
    }

    private static int[] labels(int rows, int classes, long seed) {
        Rng rng = new Rng(seed);
        int[] labels = new int[rows];
        for (int i = 0; i < rows; i++) {
            labels[i] = rng.nextInt(classes);
        }
        return labels;
    }

    private static Matrix column(DType dtype, int[] labels) {
        Matrix m = Matrix.zeros(dtype, labels.length, 1);
        for (int i = 0; i < labels.length; i++) {
            m.set(i, labels[i]);
        }
        return m;
    }

    // ---------------------------------------------------------------- a layer belongs to one model

    @Test
    void aLayerInASecondModelIsAnErrorNamingIt() {
        Dense shared = new Dense(4, 3);
        new Sequential(DType.F64, 1, shared, new ReLU());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(DType.F32, 2, shared, new ReLU()));
        assertTrue(e.getMessage().contains("Dense(4→3)") && e.getMessage().contains("dense_0")
                && e.getMessage().contains("another Sequential"), e.getMessage());
    }

    @Test
    void theSameLayerTwiceInOneModelIsAnError() {
        ReLU relu = new ReLU();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(DType.F64, 1, new Dense(4, 3), relu, new Dense(3, 3), relu));
        assertTrue(e.getMessage().contains("layer 1") && e.getMessage().contains("layer 3"), e.getMessage());
        // A refused model claims nothing: the layers can still go into a correct one.
        new Sequential(DType.F64, 1, new Dense(4, 3), relu);
    }

    // ---------------------------------------------------------------- named construction and fit

    @Test
    void theBuilderAndFitOptionsAreTheConstructorAndFitByName() {
        Matrix x = gaussian(DType.F32, 40, 4, 3);
        Matrix y = Sequential.oneHot(DType.F32, labels(40, 3, 4), 3);
        Sequential a = new Sequential(DType.F32, 128, new Dense(4, 5), new ReLU(), new Dense(5, 3));
        Sequential b = Sequential.builder().seed(128).add(new Dense(4, 5), new ReLU()).add(new Dense(5, 3)).build();
        a.compile(new SoftmaxCrossEntropy(), new Adam());
        b.compile(new SoftmaxCrossEntropy(), new Adam());
        History ha = a.fit(x, y, x, y, 3, 16, List.of());
        History hb = b.fit(x, y, FitOptions.builder().epochs(3).batchSize(16).validation(x, y).build());
        assertArrayEquals(ha.get("loss"), hb.get("loss"));
        assertArrayEquals(ha.get("val_acc"), hb.get("val_acc"));
        assertEquals(DType.F32, b.dtype());

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FitOptions.builder().epochs(0).build());
        assertTrue(e.getMessage().contains("epochs"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FitOptions.builder().validation(x, null).build());
        assertTrue(e.getMessage().contains("xVal and yVal"), e.getMessage());
        FitOptions defaults = FitOptions.builder().build();
        assertEquals(1, defaults.epochs());
        assertEquals(32, defaults.batchSize());
    }

    // ---------------------------------------------------------------- integer labels

    @Test
    void integerLabelsTrainAsTheirOneHotRows() {
        Matrix x = gaussian(DType.F64, 30, 4, 5);
        int[] labels = labels(30, 3, 6);
        Sequential a = new Sequential(DType.F64, 7, new Dense(4, 3));
        Sequential b = new Sequential(DType.F64, 7, new Dense(4, 3));
        a.compile(new SoftmaxCrossEntropy(), new Sgd(0.1));
        b.compile(new SoftmaxCrossEntropy(), new Sgd(0.1));
        History oneHot = a.fit(x, Sequential.oneHot(DType.F64, labels, 3), null, null, 2, 8, List.of());
        History indices = b.fit(x, column(DType.F64, labels), null, null, 2, 8, List.of());
        assertArrayEquals(oneHot.get("loss"), indices.get("loss"));
        assertEquals(a.evaluate(x, Sequential.oneHot(DType.F64, labels, 3), 8),
                b.evaluate(x, column(DType.F64, labels), 8));

        Matrix bad = column(DType.F64, labels);
        bad.set(4, 3);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> b.evaluate(x, bad, 8));
        assertTrue(e.getMessage().contains("row 4") && e.getMessage().contains("[0, 3)"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Sequential.oneHot(DType.F32, new int[] {0, -1}, 2));
        assertTrue(e.getMessage().contains("row 1"), e.getMessage());
    }

    // ---------------------------------------------------------------- printing

    @Test
    void layersPrintAsTheyAreWrittenAndTheSummaryCountsTheWeights() {
        assertEquals("Dense(784→500)", new Dense(784, 500).toString());
        assertEquals("ReLU", new ReLU().toString());
        Sequential model = new Sequential(DType.F32, 1, new Dense(784, 500), new ReLU(), new Dense(500, 10));
        String summary = model.summary();
        assertTrue(summary.contains("dense_0 (Dense(784→500))"), summary);
        assertTrue(summary.contains("(m, 500)") && summary.contains("(m, 10)"), summary);
        assertTrue(summary.contains("392,500") && summary.contains("5,010"), summary);
        assertTrue(summary.contains("Total params: 397,510") && summary.contains("Non-trainable params: 0"), summary);
        assertEquals("Sequential(F32, 784 inputs → 10 outputs, 3 layers)", model.toString());
    }

    // ---------------------------------------------------------------- gradient check in one call

    @Test
    void aWholeModelIsGradientCheckedInOneCall() {
        Sequential model = new Sequential(DType.F64, 11, new Dense(4, 5), new Tanh(), new Dense(5, 3));
        model.compile(new SoftmaxCrossEntropy(), new Sgd(0.1));
        Matrix x = gaussian(DType.F64, 6, 4, 12);
        Matrix y = column(DType.F64, labels(6, 3, 13));
        List<Matrix> before = model.snapshotWeights();
        GradientCheck.Report report = model.gradientCheck(x, y);
        assertTrue(report.passed(), report.format());
        assertEquals(GradientCheck.DEFAULT_TOLERANCE, report.tolerance());
        assertEquals(4 * 5 + 5 + 5 * 3 + 3, report.entries().size());
        List<Matrix> after = model.snapshotWeights();
        for (int i = 0; i < before.size(); i++) {
            assertArrayEquals(before.get(i).doubles(), after.get(i).doubles(), "weights are left as they were");
        }
        Sequential f32 = new Sequential(DType.F32, 11, new Dense(4, 3));
        f32.compile(new SoftmaxCrossEntropy(), new Sgd(0.1));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> f32.gradientCheck(gaussian(DType.F32, 2, 4, 1), gaussian(DType.F32, 2, 3, 2)));
        assertTrue(e.getMessage().contains("F64"), e.getMessage());
    }

    // ---------------------------------------------------------------- save and load

    @Test
    void saveAndLoadInOneCallEach() throws Exception {
        Sequential model = new Sequential(DType.F32, 3, new Dense(4, 3), new ReLU(), new Dense(3, 2));
        model.compile(new SoftmaxCrossEntropy(), new Adam());
        Path file = dir.resolve("sub/model.safetensors");
        model.save(file);
        Sequential loaded = Sequential.load(file);
        Matrix x = gaussian(DType.F32, 5, 4, 9);
        assertArrayEquals(model.predict(x).floats(), loaded.predict(x).floats());

        Checkpoint.save(model, dir.resolve("null-extra.safetensors"), 2, null);
        Checkpoint.Loaded c = Checkpoint.load(dir.resolve("null-extra.safetensors"));
        assertEquals(2, c.epoch());
        assertEquals(Map.of(), c.metadata());

        NoSuchFileException e = assertThrows(NoSuchFileException.class, () -> Sequential.load(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
        assertThrows(java.io.IOException.class, () -> Checkpoint.load(dir));
    }

    /** Stands in for regula-regularization's Dropout, which is not on nn's test class path. */
    private static final class FakeDropout implements Layer {
        private String name = "FakeDropout";

        @Override
        public void build(String name, DType dtype, Rng rng) {
            this.name = name;
        }

        @Override
        public String name() {
            return name;
        }

        @Override
        public int outputSize(int inputSize) {
            return inputSize;
        }

        @Override
        public Matrix forward(Matrix x, Mode mode) {
            return x;
        }

        @Override
        public Matrix backward(Matrix dOut) {
            return dOut;
        }

        @Override
        public Map<String, Object> config() {
            return Config.of("Dropout", "keepProb", 0.5);
        }
    }

    @Test
    void loadingARegularizationLayerWithoutItsModuleNamesTheModule() throws Exception {
        Sequential model = new Sequential(DType.F32, 3, new Dense(4, 3), new FakeDropout());
        Path file = dir.resolve("dropout.safetensors");
        model.save(file);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Sequential.load(file));
        assertTrue(e.getMessage().contains("regula-regularization") && e.getMessage().contains("Dropout")
                && e.getMessage().contains("ServicesResourceTransformer"), e.getMessage());
    }
}
