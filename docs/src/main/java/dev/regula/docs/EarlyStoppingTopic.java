package dev.regula.docs;

import dev.regula.core.DType;
import dev.regula.nn.Adam;
import dev.regula.nn.Callback;
import dev.regula.nn.Dense;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import dev.regula.regularization.EarlyStopping;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The early-stopping walkthrough: a real training run, the wait counter epoch by epoch, the restored weights. */
final class EarlyStoppingTopic {
    private EarlyStoppingTopic() {}

    static final int PATIENCE = 5;
    static final int MAX_EPOCHS = 200;

    static String walkthrough() {
        Walkthrough w = new Walkthrough().title("early-stopping: stop when the validation loss stops improving");
        Moons train = Moons.make(30, 0.35, 21);
        Moons val = Moons.make(300, 0.35, 22);
        w.line("A network too big for its data overfits: 2-32-32-2 (ReLU) on 30 noisy two-moons points, Adam(lr = 0.01),",
                "mini-batches of 10, up to " + MAX_EPOCHS + " epochs, 300 validation points. F64, seed 6.",
                "EarlyStopping(monitor = \"val_loss\", patience = " + PATIENCE + ", restoreBestWeights = true), as Keras's.",
                "The rule, at the end of each epoch e: wait ← wait + 1; if val_loss < best − minDelta (minDelta = 0):",
                "best ← val_loss, bestEpoch ← e, copy the weights, wait ← 0. If wait ≥ patience: stop after epoch e.");
        Sequential model = new Sequential(DType.F64, TinyNet.SEED, new Dense(2, 32), new ReLU(), new Dense(32, 32),
                new ReLU(), new Dense(32, 2));
        model.compile(new SoftmaxCrossEntropy(), new Adam(0.01));
        EarlyStopping stopping = new EarlyStopping("val_loss", PATIENCE, true);
        List<double[]> epochs = new ArrayList<>();
        Callback recorder = new Callback() {
            @Override
            public void onEpochEnd(int epoch, Map<String, Double> logs) {
                epochs.add(new double[] {epoch, logs.get("loss"), logs.get("acc"), logs.get("val_loss"), logs.get("val_acc")});
            }
        };
        model.fit(train.x(), train.oneHot(), val.x(), val.oneHot(), MAX_EPOCHS, 10, List.of(recorder, stopping));

        w.section("Epoch by epoch (the wait counter recomputed here from the logs, by the rule above)");
        w.linef("%5s %10s %8s %10s %8s %10s %5s  %s", "epoch", "loss", "acc", "val_loss", "val_acc", "best", "wait", "");
        double best = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int wait = 0;
        int stoppedAt = 0;
        for (double[] e : epochs) {
            int epoch = (int) e[0];
            double valLoss = e[3];
            wait++;
            String note = "";
            if (valLoss < best) {
                best = valLoss;
                bestEpoch = epoch;
                wait = 0;
                note = "improved: best weights copied";
            }
            if (wait >= PATIENCE && stoppedAt == 0) {
                stoppedAt = epoch;
                note = "patience used up: stop";
            }
            w.linef("%5d %10.4f %8.3f %10.4f %8.3f %10.4f %5d  %s", epoch, e[1], e[2], valLoss, e[4], best, wait, note);
        }
        w.blank();
        w.linef("Engine: EarlyStopping.stoppedEpoch() = %d, bestEpoch() = %d, best() = %.10f", stopping.stoppedEpoch(),
                stopping.bestEpoch(), stopping.best());
        w.claim(stopping.stoppedEpoch() == stoppedAt && stopping.bestEpoch() == bestEpoch,
                "the rule by hand stops at epoch " + stoppedAt + " with the best epoch " + bestEpoch + ", as the engine");
        double restored = model.evaluate(val.x(), val.oneHot(), 300).loss();
        w.agree("val_loss of the restored weights = best val_loss (epoch " + bestEpoch + ")", best, restored);
        double lastVal = epochs.get(epochs.size() - 1)[3];
        w.linef("Training went on for %d epochs after the best one; the last weights had val_loss %.4f, the restored %.4f.",
                epochs.size() - bestEpoch, lastVal, restored);
        w.line("Regula restores the best weights at every end of training, also when the epoch limit comes first, as",
                "Keras 3 does (Keras 2 restored them only on an early stop). No gradient is involved: early stopping only watches.");
        return w.text();
    }
}
