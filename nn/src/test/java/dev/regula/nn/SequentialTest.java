package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** {@link Sequential}: training, determinism, inference mode, history, callbacks and errors. */
class SequentialTest {

    /**
     * zeroGrad zeroes every element of every gradient, including one large enough to be zeroed in
     * two halves on two threads ({@link Sequential#ZERO_TWO_THREADS_MIN}), and nothing else.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void zeroGradZeroesEveryElementOfLargeAndSmallGradients(DType dtype) {
        Sequential m = new Sequential(dtype, 5, new Dense(300, 301), new ReLU(), new Dense(301, 3));
        m.compile(new SoftmaxCrossEntropy(), new Adam());
        assertTrue(m.parameters().get(0).grad().size() >= Sequential.ZERO_TWO_THREADS_MIN, "a large gradient");
        for (int round = 0; round < 20; round++) {
            List<double[]> values = new ArrayList<>();
            for (Parameter p : m.parameters()) {
                for (int i = 0; i < p.grad().size(); i++) {
                    p.grad().set(i, i + 1.5 + round);
                }
                values.add(p.value().toDoubleArray());
            }
            m.zeroGrad();
            for (int k = 0; k < m.parameters().size(); k++) {
                Parameter p = m.parameters().get(k);
                for (int i = 0; i < p.grad().size(); i++) {
                    assertEquals(0.0, p.grad().get(i), p.name() + " element " + i + ", round " + round);
                }
                assertArrayEquals(values.get(k), p.value().toDoubleArray(), "the values are left alone");
            }
        }
    }

    /**
     * In a Sequential, a {@link ReLU#inPlace()} after a Dense layer writes over that layer's
     * output (and over the next Dense layer's input gradient), and training gives the same bits as
     * with plain ReLUs on buffers of their own: losses, weights and gradients over 5 steps, both
     * dtypes, with a layer large enough for the two-thread paths. One that comes first does not
     * write over the caller's data.
     */
    @ParameterizedTest
    @EnumSource(DType.class)
    void reluWritesOverDenseOutputsWithTheSameBits(DType dtype) {
        Rng rng = new Rng(71);
        int m = 32;
        Matrix x = Matrix.zeros(dtype, m, 300);
        Matrix y = Matrix.zeros(dtype, m, 3);
        for (int i = 0; i < m; i++) {
            for (int j = 0; j < 300; j++) {
                x.set(i, j, rng.nextGaussian());
            }
            y.set(i, i % 3, 1);
        }
        Sequential inPlace = new Sequential(dtype, 9, 300, ReLU.inPlace(), new Dense(300, 301), ReLU.inPlace(),
                new Dense(301, 40), ReLU.inPlace(), new Dense(40, 3));
        Sequential own = new Sequential(dtype, 9, 300, new ReLU(), new Dense(300, 301), new ReLU(), new Dense(301, 40),
                new ReLU(), new Dense(40, 3));
        inPlace.compile(new SoftmaxCrossEntropy(), new Adam());
        own.compile(new SoftmaxCrossEntropy(), new Adam());
        double[] data = x.toDoubleArray();
        for (int step = 0; step < 5; step++) {
            assertEquals(own.trainStep(x, y), inPlace.trainStep(x, y), "loss, step " + step);
            for (int k = 0; k < own.parameters().size(); k++) {
                Parameter a = own.parameters().get(k), b = inPlace.parameters().get(k);
                assertArrayEquals(a.value().toDoubleArray(), b.value().toDoubleArray(), a.name() + ", step " + step);
                assertArrayEquals(a.grad().toDoubleArray(), b.grad().toDoubleArray(), a.name() + " gradient, step " + step);
            }
            assertArrayEquals(data, x.toDoubleArray(), "the first ReLU leaves the data alone");
        }
        Matrix z = inPlace.layers().get(1).forward(x, Mode.TRAIN);
        assertSame(z, inPlace.layers().get(2).forward(z, Mode.TRAIN), "the second ReLU wrote over the Dense output");
        Matrix z2 = own.layers().get(1).forward(x, Mode.TRAIN);
        assertNotSame(z2, own.layers().get(2).forward(z2, Mode.TRAIN), "a plain ReLU writes into its own buffer");
    }

    /**
     * An XOR of four Gaussian blobs in the plane: centres (±1.5, ±1.5), standard deviation 0.4,
     * class 0 where both coordinates have the same sign. Not linearly separable, so the hidden
     * layer has to work; the blobs are ≥ 3.7 standard deviations from the axes, so a good model
     * is right on nearly every point.
     */
    private record Data(Matrix x, Matrix y) {}

    private static Data xorBlobs(int n, long seed, DType dtype) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(DType.F64, n, 2);
        Matrix y = Matrix.zeros(DType.F64, n, 2);
        for (int i = 0; i < n; i++) {
            int q = rng.nextInt(4);
            double cx = (q & 1) == 0 ? -1.5 : 1.5;
            double cy = (q & 2) == 0 ? -1.5 : 1.5;
            x.set(i, 0, cx + 0.4 * rng.nextGaussian());
            x.set(i, 1, cy + 0.4 * rng.nextGaussian());
            y.set(i, cx * cy > 0 ? 0 : 1, 1);
        }
        return new Data(x.to(dtype), y.to(dtype));
    }

    private static Sequential model(DType dtype, long seed, Layer... extra) {
        List<Layer> layers = new ArrayList<>();
        layers.add(new Dense(2, 16));
        layers.addAll(List.of(extra));
        layers.add(new Tanh());
        layers.add(new Dense(16, 2));
        Sequential m = new Sequential(dtype, seed, layers.toArray(new Layer[0]));
        m.compile(new SoftmaxCrossEntropy(), new Adam(0.01));
        return m;
    }

    /** A pass-through layer that records the mode of every forward pass. */
    private static final class ModeSpy implements Layer {
        final List<Mode> modes = new ArrayList<>();

        @Override public void build(String name, DType dtype, Rng rng) {}
        @Override public String name() { return "spy"; }
        @Override public int outputSize(int inputSize) { return inputSize; }
        @Override public Matrix forward(Matrix x, Mode mode) {
            modes.add(mode);
            return x;
        }
        @Override public Matrix backward(Matrix dOut) { return dOut; }
    }

    @Test
    void learnsXorBlobsWithAdam() {
        Data train = xorBlobs(400, 1, DType.F32);
        Sequential model = model(DType.F32, 2);
        History h = model.fit(train.x(), train.y(), null, null, 15, 32, List.of());
        assertEquals(15, h.size());
        double[] loss = h.get("loss");
        double[] acc = h.get("acc");
        assertTrue(acc[acc.length - 1] >= 0.95, "training accuracy after 15 epochs: " + acc[acc.length - 1]);
        assertTrue(loss[loss.length - 1] < 0.5 * loss[0], "loss should fall: " + java.util.Arrays.toString(loss));
        // The recorded accuracy is that of the training batches as the model changed; evaluating
        // the final model on the same data must give a similar figure.
        Sequential.Evaluation eval = model.evaluate(train.x(), train.y(), 128);
        assertTrue(eval.accuracy() >= 0.95, "evaluated accuracy " + eval.accuracy());
        Data test = xorBlobs(400, 99, DType.F32);
        assertTrue(model.evaluate(test.x(), test.y(), 128).accuracy() >= 0.95, "it generalizes to fresh blobs");
    }

    private static void assertSameRun(Sequential a, History ha, Sequential b, History hb, String what) {
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        for (int i = 0; i < pa.size(); i++) {
            assertTrue(pa.get(i).value().contentEquals(pb.get(i).value()), what + ": " + pa.get(i).name() + " differs");
        }
        assertEquals(ha.size(), hb.size());
        for (int e = 0; e < ha.size(); e++) {
            Map<String, Double> ra = new HashMap<>(ha.epochs().get(e));
            Map<String, Double> rb = new HashMap<>(hb.epochs().get(e));
            ra.remove("seconds");
            rb.remove("seconds");
            // Map.equals compares Doubles with equals(), i.e. bit for bit.
            assertEquals(ra, rb, what + ": epoch " + (e + 1));
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void sameSeedGivesBitIdenticalTraining(DType dtype) {
        Data train = xorBlobs(300, 3, dtype);
        Data val = xorBlobs(100, 4, dtype);
        Sequential a = model(dtype, 5);
        Sequential b = model(dtype, 5);
        History ha = a.fit(train.x(), train.y(), val.x(), val.y(), 3, 32, List.of());
        History hb = b.fit(train.x(), train.y(), val.x(), val.y(), 3, 32, List.of());
        assertSameRun(a, ha, b, hb, dtype + " seed 5");

        Sequential c = model(dtype, 6);
        History hc = c.fit(train.x(), train.y(), val.x(), val.y(), 3, 32, List.of());
        assertFalse(a.parameters().get(0).value().contentEquals(c.parameters().get(0).value()),
                "another seed gives other weights");
        assertFalse(ha.get("loss")[0] == hc.get("loss")[0], "another seed gives another loss");
    }

    @Test
    void evaluateAndPredictRunInInferenceMode() {
        ModeSpy spy = new ModeSpy();
        Sequential model = model(DType.F64, 7, spy);
        Data train = xorBlobs(200, 8, DType.F64);
        Data val = xorBlobs(64, 9, DType.F64);
        model.fit(train.x(), train.y(), val.x(), val.y(), 2, 50, List.of());
        // 200 rows in batches of 50: 4 training forwards per epoch, then the 64 validation rows
        // in 2 inference forwards (50 + 14).
        List<Mode> epoch = List.of(Mode.TRAIN, Mode.TRAIN, Mode.TRAIN, Mode.TRAIN, Mode.INFERENCE, Mode.INFERENCE);
        List<Mode> expected = new ArrayList<>(epoch);
        expected.addAll(epoch);
        assertEquals(expected, spy.modes);
        spy.modes.clear();
        model.evaluate(val.x(), val.y(), 32);
        model.predict(val.x());
        assertFalse(spy.modes.isEmpty());
        assertTrue(spy.modes.stream().allMatch(m -> m == Mode.INFERENCE), "evaluate/predict modes: " + spy.modes);
    }

    @Test
    void predictIsRepeatableAndAgreesWithEvaluate() {
        Sequential model = model(DType.F64, 10);
        Data train = xorBlobs(200, 11, DType.F64);
        model.fit(train.x(), train.y(), null, null, 2, 32, List.of());
        Data test = xorBlobs(150, 12, DType.F64);
        Matrix p1 = model.predict(test.x());
        Matrix p2 = model.predict(test.x());
        assertTrue(p1.contentEquals(p2), "predict twice gives the same output");
        assertEquals("150×2", p1.shape());

        // Accuracy and mean cross-entropy from the predicted logits, computed here.
        int hits = 0;
        double lossSum = 0;
        for (int r = 0; r < 150; r++) {
            double z0 = p1.get(r, 0), z1 = p1.get(r, 1);
            int predicted = z1 > z0 ? 1 : 0;
            int truth = test.y().get(r, 1) > test.y().get(r, 0) ? 1 : 0;
            if (predicted == truth) {
                hits++;
            }
            double zTrue = truth == 0 ? z0 : z1;
            lossSum += Math.log(Math.exp(z0) + Math.exp(z1)) - zTrue;
        }
        Sequential.Evaluation eval = model.evaluate(test.x(), test.y(), 64);
        assertEquals(hits / 150.0, eval.accuracy(), 0.0);
        assertEquals(lossSum / 150, eval.loss(), 1e-12);
    }

    @Test
    void predictCoversEveryRowOfALargeInput() {
        // More rows than predict's internal batch of 1024.
        Sequential model = model(DType.F64, 13);
        Data data = xorBlobs(2500, 14, DType.F64);
        Matrix predicted = model.predict(data.x());
        Matrix direct = model.forward(data.x(), Mode.INFERENCE);
        assertEquals(direct.shape(), predicted.shape());
        for (int i = 0; i < direct.size(); i++) {
            assertEquals(direct.get(i), predicted.get(i), 1e-12, "element " + i);
        }
    }

    @Test
    void historyRecordsKerasKeys() {
        Sequential model = model(DType.F32, 15);
        Data train = xorBlobs(100, 16, DType.F32);
        Data val = xorBlobs(40, 17, DType.F32);
        History h = model.fit(train.x(), train.y(), val.x(), val.y(), 3, 25, List.of());
        assertEquals(3, h.size());
        for (Map<String, Double> epoch : h.epochs()) {
            assertEquals(List.of("loss", "acc", "val_loss", "val_acc", "seconds"), new ArrayList<>(epoch.keySet()));
            assertTrue(epoch.get("acc") >= 0 && epoch.get("acc") <= 1);
            assertTrue(epoch.get("seconds") >= 0);
        }
        // val_loss and val_acc are evaluate() on the validation data after the epoch.
        Sequential.Evaluation last = model.evaluate(val.x(), val.y(), 25);
        assertEquals(last.loss(), h.last().get("val_loss"), 1e-6);
        assertEquals(last.accuracy(), h.last().get("val_acc"), 0.0);

        History noVal = model.fit(train.x(), train.y(), null, null, 1, 25, List.of());
        assertEquals(List.of("loss", "acc", "seconds"), new ArrayList<>(noVal.last().keySet()));
        assertTrue(Double.isNaN(noVal.get("val_loss")[0]));
    }

    @Test
    void callbackCanStopTrainingAndOnTrainEndIsCalled() {
        List<String> calls = new ArrayList<>();
        History[] ended = new History[1];
        Callback.TrainInfo[] info = new Callback.TrainInfo[1];
        int[] lastSeen = new int[1];
        Callback stopAtTwo = new Callback() {
            Sequential model;

            @Override public void onTrainBegin(Sequential m, TrainInfo i) {
                model = m;
                info[0] = i;
                calls.add("trainBegin");
            }
            @Override public void onEpochBegin(int epoch) {
                calls.add("epochBegin " + epoch);
            }
            @Override public void onBatchEnd(int batch, int seen, Map<String, Double> logs) {
                lastSeen[0] = seen;
                assertNotNull(logs.get("loss"));
            }
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                calls.add("epochEnd " + epoch);
                if (epoch == 2) {
                    model.stopTraining();
                }
            }
            @Override public void onTrainEnd(History history) {
                calls.add("trainEnd");
                ended[0] = history;
            }
        };
        Sequential model = model(DType.F64, 18);
        Data train = xorBlobs(90, 19, DType.F64);
        History h = model.fit(train.x(), train.y(), null, null, 10, 20, List.of(stopAtTwo));
        assertEquals(2, h.size(), "stopped after epoch 2 of 10");
        assertEquals(List.of("trainBegin", "epochBegin 1", "epochEnd 1", "epochBegin 2", "epochEnd 2", "trainEnd"), calls);
        assertSame(h, ended[0], "onTrainEnd receives the history fit returns");
        assertEquals(new Callback.TrainInfo(0, 10, 90, 5, List.of("loss", "acc")), info[0], "90 rows in batches of 20: 5 batches");
        assertEquals(90, lastSeen[0], "the last batch of an epoch has seen every sample");

        // A new fit starts again after a stop.
        History again = model.fit(train.x(), train.y(), null, null, 3, 20, List.of());
        assertEquals(3, again.size());
    }

    @Test
    void onTrainEndIsCalledWhenTrainingFails() {
        boolean[] ended = new boolean[1];
        Callback failing = new Callback() {
            @Override public void onEpochEnd(int epoch, Map<String, Double> logs) {
                throw new IllegalStateException("boom");
            }
            @Override public void onTrainEnd(History history) {
                ended[0] = true;
            }
        };
        Sequential model = model(DType.F64, 20);
        Data train = xorBlobs(40, 21, DType.F64);
        assertThrows(IllegalStateException.class,
                () -> model.fit(train.x(), train.y(), null, null, 3, 20, List.of(failing)));
        assertTrue(ended[0], "onTrainEnd runs however training ends");
    }

    @Test
    void accuracyOfASingleSigmoidOutputIsBinaryAccuracy() {
        // Eight identical inputs, four labelled 1 and four 0: whatever the weights, the model gives
        // every row the same probability, so it is right on exactly half of them. Keras reports
        // binary accuracy (threshold 0.5) for a one-column sigmoid output trained with binary
        // cross-entropy; an argmax over a single column is always 0 and "matches" every row.
        Sequential model = new Sequential(DType.F64, 27, new Dense(2, 1), new Sigmoid());
        model.compile(new BinaryCrossEntropy(), new Sgd(0.1));
        Matrix x = Matrix.zeros(DType.F64, 8, 2).fill(0.5);
        Matrix y = Matrix.of(DType.F64, 8, 1, 1, 0, 1, 0, 1, 0, 1, 0);
        History h = model.fit(x, y, null, null, 1, 8, List.of());
        double evaluated = model.evaluate(x, y, 8).accuracy();
        assertEquals(0.5, evaluated, 0.0, "BUG in Sequential.evaluate (Ops.countArgmaxMatches on one column):"
                + " the accuracy of a constant prediction on balanced 0/1 labels must be 0.5, not " + evaluated);
        assertEquals(0.5, h.last().get("acc"), 0.0, "BUG in Sequential.fit: 'acc' of a one-column sigmoid"
                + " output is argmax-based and always 1.0; got " + h.last().get("acc"));
    }

    @Test
    void trainStepLowersTheLossOnItsBatch() {
        Sequential model = model(DType.F64, 22);
        Data batch = xorBlobs(64, 23, DType.F64);
        double first = model.trainStep(batch.x(), batch.y());
        double j = first;
        for (int i = 0; i < 20; i++) {
            j = model.trainStep(batch.x(), batch.y());
        }
        assertTrue(j < first, "21 steps on one batch: " + first + " → " + j);
        assertEquals(21, model.optimizer().iterations());
        assertEquals("64×2", model.lastOutput().shape());
    }

    @Test
    void fitRejectsBadArguments() {
        Sequential model = model(DType.F64, 24);
        Data d = xorBlobs(10, 25, DType.F64);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(d.x(), d.y(), null, null, 0, 4, List.of()));
        assertTrue(e.getMessage().contains("epochs") && e.getMessage().contains("0"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(d.x(), d.y(), null, null, 1, 0, List.of()));
        assertTrue(e.getMessage().contains("batchSize"), e.getMessage());

        Matrix threeColumns = Matrix.zeros(DType.F64, 10, 3);
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(threeColumns, d.y(), null, null, 1, 4, List.of()));
        assertTrue(e.getMessage().contains("10×3") && e.getMessage().contains("2"), e.getMessage());
        Matrix wrongY = Matrix.zeros(DType.F64, 10, 5);
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(d.x(), wrongY, null, null, 1, 4, List.of()));
        assertTrue(e.getMessage().contains("10×5"), e.getMessage());
        Matrix fewerRows = Matrix.zeros(DType.F64, 9, 2);
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(d.x(), fewerRows, null, null, 1, 4, List.of()));
        assertTrue(e.getMessage().contains("10×2") && e.getMessage().contains("9×2"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(d.x().to(DType.F32), d.y().to(DType.F32), null, null, 1, 4, List.of()));
        assertTrue(e.getMessage().contains("F64") && e.getMessage().contains("F32"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.fit(d.x(), d.y(), d.x(), null, 1, 4, List.of()));
        assertTrue(e.getMessage().contains("yVal"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(d.x(), d.y(), threeColumns, d.y(), 1, 4, List.of()));
        assertTrue(e.getMessage().contains("validation") && e.getMessage().contains("10×3"), e.getMessage());

        e = assertThrows(IllegalArgumentException.class, () -> model.predict(threeColumns));
        assertTrue(e.getMessage().contains("3"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> model.forward(d.x().to(DType.F32), Mode.INFERENCE));
        assertTrue(e.getMessage().contains("F64") && e.getMessage().contains("F32"), e.getMessage());
    }

    @Test
    void constructionAndCompileErrors() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(DType.F64, 1, new ReLU(), new Dense(2, 2)));
        assertTrue(e.getMessage().contains("Dense"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sequential(DType.F64, 1));
        assertTrue(e.getMessage().contains("layer"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(DType.F64, 1, new Dense(2, 3), new Dense(4, 2)));
        assertTrue(e.getMessage().contains("expects 4 columns, got 3"), e.getMessage());

        Sequential uncompiled = new Sequential(DType.F64, 1, new Dense(2, 2));
        Data d = xorBlobs(10, 1, DType.F64);
        IllegalStateException s = assertThrows(IllegalStateException.class,
                () -> uncompiled.fit(d.x(), d.y(), null, null, 1, 4, List.of()));
        assertTrue(s.getMessage().contains("compile"), s.getMessage());
        assertThrows(IllegalArgumentException.class, () -> uncompiled.compile(null, new Sgd(0.1)));
    }

    /** λ·Σw² on one kernel, with gradient 2λ·w: a penalty written here, to drive the hook. */
    private static final class SquaredPenalty implements Penalty {
        final Parameter kernel;
        final double lambda;

        SquaredPenalty(Parameter kernel, double lambda) {
            this.kernel = kernel;
            this.lambda = lambda;
        }

        @Override public double value() {
            double s = 0;
            for (int i = 0; i < kernel.value().size(); i++) {
                s += kernel.value().get(i) * kernel.value().get(i);
            }
            return lambda * s;
        }

        @Override public void addGradient() {
            for (int i = 0; i < kernel.value().size(); i++) {
                kernel.grad().set(i, kernel.grad().get(i) + 2 * lambda * kernel.value().get(i));
            }
        }
    }

    @Test
    void penaltiesAddTheirValueToTheLossAndTheirGradientBeforeTheStep() {
        double lr = 0.1, lambda = 0.01;
        Data batch = xorBlobs(16, 28, DType.F64);
        // Twin models from one seed: the plain one gives the data gradient, computed here.
        Sequential plain = new Sequential(DType.F64, 29, new Dense(2, 4), new Tanh(), new Dense(4, 2));
        Sequential penalized = new Sequential(DType.F64, 29, new Dense(2, 4), new Tanh(), new Dense(4, 2));
        SoftmaxCrossEntropy plainLoss = new SoftmaxCrossEntropy();
        Parameter kernel = penalized.parameters().get(0);
        SquaredPenalty penalty = new SquaredPenalty(kernel, lambda);
        penalized.addPenalty(penalty).compile(new SoftmaxCrossEntropy(), new Sgd(lr));

        plain.zeroGrad();
        double dataLoss = plainLoss.forward(plain.forward(batch.x(), Mode.TRAIN), batch.y());
        plain.backward(plainLoss.backward());
        double expectedPenalty = penalty.value();
        Matrix w0 = kernel.value().copy();
        Matrix g = plain.parameters().get(0).grad();

        double j = penalized.trainStep(batch.x(), batch.y());
        assertEquals(dataLoss, penalized.lastDataLoss(), 1e-15);
        assertEquals(expectedPenalty, penalized.lastPenalty(), 1e-15);
        assertEquals(dataLoss + expectedPenalty, j, 1e-15, "J = data loss + penalty");
        for (int i = 0; i < w0.size(); i++) {
            // w ← w − lr·(∂data/∂w + 2λ·w), with the penalty gradient taken at the old w.
            double expected = w0.get(i) - lr * (g.get(i) + 2 * lambda * w0.get(i));
            assertEquals(expected, kernel.value().get(i), 1e-15, "kernel element " + i);
        }
        assertEquals(List.of(penalty), penalized.penalties());
        assertEquals(penalty.value(), penalized.penaltyValue(), 0.0);
    }

    @Test
    void historyReportsDataLossAndPenaltyBesideTheLoss() {
        Sequential model = model(DType.F64, 30);
        model.addPenalty(new SquaredPenalty(model.parameters().get(0), 0.001));
        Data train = xorBlobs(60, 31, DType.F64);
        Callback.TrainInfo[] info = new Callback.TrainInfo[1];
        History h = model.fit(train.x(), train.y(), null, null, 2, 20, List.of(new Callback() {
            @Override public void onTrainBegin(Sequential m, TrainInfo i) {
                info[0] = i;
            }
        }));
        assertEquals(List.of("loss", "acc", "data_loss", "penalty"), info[0].metrics());
        for (Map<String, Double> epoch : h.epochs()) {
            assertEquals(List.of("loss", "acc", "data_loss", "penalty", "seconds"), new ArrayList<>(epoch.keySet()));
            assertTrue(epoch.get("penalty") > 0, "penalty " + epoch.get("penalty"));
            assertEquals(epoch.get("loss"), epoch.get("data_loss") + epoch.get("penalty"), 1e-12);
        }
    }

    @Test
    void constraintsRunAfterEveryOptimizerStep() {
        Sequential model = model(DType.F64, 32);
        Parameter kernel = model.parameters().get(0);
        int[] calls = new int[1];
        model.addConstraint(() -> {
            calls[0]++;
            for (int i = 0; i < kernel.value().size(); i++) {
                kernel.value().set(i, Math.max(-0.05, Math.min(0.05, kernel.value().get(i))));
            }
        });
        Data batch = xorBlobs(16, 33, DType.F64);
        for (int step = 0; step < 3; step++) {
            model.trainStep(batch.x(), batch.y());
        }
        assertEquals(3, calls[0], "one projection per step");
        for (int i = 0; i < kernel.value().size(); i++) {
            assertTrue(Math.abs(kernel.value().get(i)) <= 0.05, "the step's result is projected: " + kernel.value().get(i));
        }
        assertEquals(1, model.constraints().size());
    }

    @Test
    void initialEpochResumesTheNumbering() {
        Sequential model = model(DType.F64, 34);
        Data train = xorBlobs(40, 35, DType.F64);
        List<Integer> epochs = new ArrayList<>();
        Callback.TrainInfo[] info = new Callback.TrainInfo[1];
        History h = model.fit(train.x(), train.y(), null, null, 3, 5, 20, List.of(new Callback() {
            @Override public void onTrainBegin(Sequential m, TrainInfo i) {
                info[0] = i;
            }
            @Override public void onEpochBegin(int epoch) {
                epochs.add(epoch);
            }
        }));
        assertEquals(List.of(4, 5), epochs, "epochs initialEpoch + 1 .. epochs");
        assertEquals(2, h.size());
        assertEquals(3, info[0].initialEpoch());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.fit(train.x(), train.y(), null, null, 5, 5, 20, List.of()));
        assertTrue(e.getMessage().contains("initialEpoch") && e.getMessage().contains("5"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> model.fit(train.x(), train.y(), null, null, -1, 5, 20, List.of()));
    }

    @Test
    void snapshotAndRestoreWeights() {
        Sequential model = model(DType.F32, 36);
        List<Matrix> before = model.snapshotWeights();
        assertEquals(4, before.size());
        Data train = xorBlobs(40, 37, DType.F32);
        model.fit(train.x(), train.y(), null, null, 2, 20, List.of());
        assertFalse(before.get(0).contentEquals(model.parameters().get(0).value()), "training changed the kernel");
        assertFalse(before.get(0) == model.parameters().get(0).value(), "a snapshot is a copy");
        model.restoreWeights(before);
        for (int i = 0; i < before.size(); i++) {
            assertTrue(before.get(i).contentEquals(model.weights().get(i)), "weight " + i + " restored");
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> model.restoreWeights(before.subList(0, 3)));
        assertTrue(e.getMessage().contains("4") && e.getMessage().contains("3"), e.getMessage());
    }

    @Test
    void explicitInputSizeAllowsAParameterFreeFirstLayer() {
        Dense dense = new Dense(3, 2);
        Sequential model = new Sequential(DType.F64, 38, 3, new Tanh(), dense);
        assertEquals(3, model.inputSize());
        assertEquals(2, model.outputSize());
        // Nothing before the Dense has parameters, so its input gradient is not computed.
        model.forward(Matrix.of(DType.F64, 1, 3, 0.1, 0.2, 0.3), Mode.TRAIN);
        assertNull(dense.backward(Matrix.of(DType.F64, 1, 2, 1, 1)));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new Sequential(DType.F64, 38, 0, new Tanh(), new Dense(3, 2)));
        assertTrue(e.getMessage().contains("inputSize"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new Sequential(DType.F64, 38, 4, new Tanh(), new Dense(3, 2)));
        assertTrue(e.getMessage().contains("expects 3 columns, got 4"), e.getMessage());
    }

    /**
     * The seeding rule of the class javadoc: the i-th Dense layer draws from
     * {@code Rng.stream(seed, "dense", i)} and the shuffling from ("shuffle", 0), whatever other
     * layers the model holds, so models that differ by activations (or dropout, batch norm) start
     * from the same weights and visit the batches in the same order.
     */
    @Test
    void denseWeightsAndShufflingAreNamedStreamsOfTheSeed() {
        Sequential plain = model(DType.F32, 42);
        Sequential more = model(DType.F32, 42, new ReLU(), new Sigmoid());
        Dense[] a = {(Dense) plain.layers().get(0), (Dense) plain.layers().get(2)};
        Dense[] b = {(Dense) more.layers().get(0), (Dense) more.layers().get(4)};
        for (int i = 0; i < 2; i++) {
            Matrix expected = Matrix.zeros(DType.F32, a[i].inputSize(), a[i].kernel().value().cols());
            Initializer.GLOROT_UNIFORM.fill(expected, expected.rows(), expected.cols(), Rng.stream(42, "dense", i));
            assertArrayEquals(expected.toDoubleArray(), a[i].kernel().value().toDoubleArray(), "dense " + i);
            assertArrayEquals(expected.toDoubleArray(), b[i].kernel().value().toDoubleArray(), "dense " + i + " with more layers");
        }
        assertArrayEquals(Rng.stream(42, "shuffle", 0).state(), plain.shuffleRng().state());
        assertArrayEquals(Rng.stream(42, "shuffle", 0).state(), more.shuffleRng().state());
        assertArrayEquals(Rng.stream(42, "augmentation", 0).state(), more.augmentationRng().state());
        // Another seed, other weights.
        assertFalse(java.util.Arrays.equals(a[0].kernel().value().toDoubleArray(),
                ((Dense) model(DType.F32, 43).layers().get(0)).kernel().value().toDoubleArray()));
    }

    @Test
    void layersAreNamedAndParametersListedInOrder() {
        Sequential model = model(DType.F32, 26);
        assertEquals(2, model.inputSize());
        assertEquals(2, model.outputSize());
        List<String> names = new ArrayList<>();
        for (Parameter p : model.parameters()) {
            names.add(p.name());
        }
        assertEquals(List.of("dense_0/kernel", "dense_0/bias", "dense_2/kernel", "dense_2/bias"), names);
        assertArrayEquals(new double[16], model.parameters().get(1).value().toDoubleArray(), "zero bias");
    }
}
