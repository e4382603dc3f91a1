package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.nn.Callback;
import dev.regula.nn.Dense;
import dev.regula.nn.History;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * EarlyStopping, TerminateOnNaN and ReduceLROnPlateau, driven epoch by epoch with made-up logs so
 * that every expected epoch and learning rate can be worked out by hand.
 */
class CallbacksTest {
    private static final List<String> METRICS = List.of("loss", "acc", "val_loss", "val_acc");

    private static Sequential model() {
        return new Sequential(DType.F64, 1, new Dense(2, 2)).compile(new SoftmaxCrossEntropy(), new Sgd(0.1));
    }

    private static Callback.TrainInfo info(int epochs) {
        return new Callback.TrainInfo(0, epochs, 10, 1, METRICS);
    }

    /** Marks the model's weights with the epoch number, so a restore can be recognized. */
    private static void mark(Sequential model, double value) {
        model.parameters().get(0).value().fill(value);
    }

    private static double mark(Sequential model) {
        return model.parameters().get(0).value().get(0);
    }

    /** Runs the callback over a series of val_acc (or val_loss) values, as fit would. */
    private static int run(Callback cb, Sequential model, String metric, double... values) {
        cb.onTrainBegin(model, info(values.length));
        int epochs = 0;
        for (int e = 1; e <= values.length; e++) {
            cb.onEpochBegin(e);
            mark(model, e);
            cb.onEpochEnd(e, Map.of(metric, values[e - 1], "loss", 1.0));
            epochs = e;
            if (cb instanceof EarlyStopping && ((EarlyStopping) cb).stoppedEpoch() != 0) {
                break;
            }
        }
        cb.onTrainEnd(new History());
        return epochs;
    }

    @Test
    void earlyStoppingStopsAfterPatienceEpochsWithoutImprovementAndRestoresTheBest() {
        Sequential model = model();
        EarlyStopping es = new EarlyStopping("val_acc", 2, true);
        // best at epoch 2 (0.7); epochs 3 and 4 do not improve: wait 1, 2 → stop after epoch 4.
        int ran = run(es, model, "val_acc", 0.5, 0.7, 0.6, 0.65, 0.9);
        assertEquals(4, ran);
        assertEquals(4, es.stoppedEpoch());
        assertEquals(2, es.bestEpoch());
        assertEquals(0.7, es.best());
        assertEquals(2.0, mark(model), "the weights of epoch 2 are back");
    }

    @Test
    void earlyStoppingRestoresTheBestWeightsAlsoAtTheEpochLimit() {
        Sequential model = model();
        EarlyStopping es = new EarlyStopping("val_loss", 5, true);
        int ran = run(es, model, "val_loss", 0.9, 0.4, 0.6);
        assertEquals(3, ran);
        assertEquals(0, es.stoppedEpoch(), "it did not stop early");
        assertEquals(2, es.bestEpoch());
        assertEquals(2.0, mark(model), "the best weights are restored at the epoch limit too");
    }

    @Test
    void withoutRestoreTheLastWeightsStay() {
        Sequential model = model();
        EarlyStopping es = new EarlyStopping("val_loss", 1, false);
        run(es, model, "val_loss", 0.5, 0.6);
        assertEquals(2, es.stoppedEpoch());
        assertEquals(2.0, mark(model));
    }

    @Test
    void minDeltaBaselineAndStartFromEpoch() {
        // minDelta 0.01: 0.505 is not an improvement on 0.5 → stop after epoch 3 with patience 2.
        EarlyStopping delta = new EarlyStopping("val_acc", 0.01, 2, Monitor.Mode.MAX, null, false, 0);
        assertEquals(3, run(delta, model(), "val_acc", 0.5, 0.505, 0.509));
        assertEquals(1, delta.bestEpoch());

        // A baseline of 0.9 that is never reached: improvements do not reset the wait.
        EarlyStopping baseline = new EarlyStopping("val_acc", 0.0, 2, Monitor.Mode.MAX, 0.9, false, 0);
        assertEquals(2, run(baseline, model(), "val_acc", 0.5, 0.6, 0.7));
        assertEquals(2, baseline.bestEpoch());

        // startFromEpoch 2: epochs 1 and 2 are not watched.
        EarlyStopping warm = new EarlyStopping("val_loss", 0.0, 1, Monitor.Mode.AUTO, null, false, 2);
        assertEquals(4, run(warm, model(), "val_loss", 0.1, 0.1, 0.5, 0.6, 0.7));
        assertEquals(3, warm.bestEpoch());
    }

    @Test
    void autoModeMaximizesAccuracyAndMinimizesLoss() {
        assertTrue(new Monitor("val_acc", Monitor.Mode.AUTO, 0).maximize());
        assertTrue(!new Monitor("val_loss", Monitor.Mode.AUTO, 0).maximize());
        assertTrue(new Monitor("val_loss", Monitor.Mode.MAX, 0).maximize());
    }

    @Test
    void earlyStoppingInsideFitStopsTraining() {
        Sequential model = model();
        Matrix x = Matrix.of(DType.F64, 4, 2, 0, 0, 0, 1, 1, 0, 1, 1);
        Matrix y = Matrix.of(DType.F64, 4, 2, 1, 0, 1, 0, 0, 1, 0, 1);
        // minDelta 1e9: only epoch 1 improves (on +∞); with patience 0 the first epoch that does
        // not improve, epoch 2, is the last one.
        EarlyStopping es = new EarlyStopping("val_loss", 1e9, 0, Monitor.Mode.MIN, null, false, 0);
        History h = model.fit(x, y, x, y, 10, 2, List.of(es));
        assertEquals(2, h.size(), "patience 0 stops right after the first epoch that does not improve");
        assertEquals(2, es.stoppedEpoch());
        assertEquals(1, es.bestEpoch());
    }

    @Test
    void argumentsAreChecked() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new EarlyStopping("val_acc", -1, true));
        assertTrue(e.getMessage().contains("patience") && e.getMessage().contains("-1"), e.getMessage());
        EarlyStopping unknown = new EarlyStopping("val_accuracy", 2, true);
        e = assertThrows(IllegalArgumentException.class, () -> unknown.onTrainBegin(model(), info(3)));
        assertTrue(e.getMessage().contains("val_accuracy") && e.getMessage().contains("val_acc"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Monitor.parseMode("up"));
        assertTrue(e.getMessage().contains("min, max or auto") && e.getMessage().contains("up"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau("val_loss", 1.5, 2));
        assertTrue(e.getMessage().contains("factor") && e.getMessage().contains("1.5"), e.getMessage());
    }

    @Test
    void terminateOnNaNRollsBackToTheLastGoodEpoch() {
        Sequential model = model();
        TerminateOnNaN guard = new TerminateOnNaN();
        guard.onTrainBegin(model, info(5));
        guard.onEpochBegin(1);
        mark(model, 1);
        guard.onBatchEnd(0, 5, Map.of("loss", 0.5));
        guard.onEpochEnd(1, Map.of("loss", 0.5));
        guard.onEpochBegin(2);
        mark(model, 2);
        guard.onBatchEnd(0, 5, Map.of("loss", Double.NaN));
        assertEquals(2, guard.terminatedEpoch());
        assertEquals(1.0, mark(model), "the weights at the end of epoch 1 are back");
    }

    @Test
    void reduceLrOnPlateauFollowsKerasCounting() {
        Sequential model = model();
        ReduceLROnPlateau plateau = new ReduceLROnPlateau("val_loss", 0.5, 2, Monitor.Mode.AUTO, 1e-4, 1, 0.01);
        plateau.onTrainBegin(model, info(10));
        double[] losses = {1.0, 0.9, 0.95, 0.95, 0.95, 0.95, 0.95, 0.95};
        // Keras's counting: epochs 1, 2 improve; 3, 4 wait 1, 2 → lr 0.05 and cooldown 1. Epoch 5
        // first counts the cooldown down to 0 (wait reset to 0), and being out of cooldown then
        // counts wait 1; epoch 6 wait 2 → lr 0.025; epochs 7, 8 likewise → 0.0125.
        double[] expected = {0.1, 0.1, 0.1, 0.05, 0.05, 0.025, 0.025, 0.0125};
        for (int e = 1; e <= losses.length; e++) {
            plateau.onEpochEnd(e, Map.of("val_loss", losses[e - 1]));
            assertEquals(expected[e - 1], model.optimizer().learningRate(), 1e-15, "after epoch " + e);
        }
        // minLr bounds the decay.
        for (int e = 9; e < 30; e++) {
            plateau.onEpochEnd(e, Map.of("val_loss", 0.95));
        }
        assertEquals(0.01, model.optimizer().learningRate(), 1e-15);
    }
}
