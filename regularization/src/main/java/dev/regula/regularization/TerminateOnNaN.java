package dev.regula.regularization;

import dev.regula.core.Matrix;
import dev.regula.nn.Callback;
import dev.regula.nn.Sequential;
import java.util.List;
import java.util.Map;

/**
 * Stops training as soon as the training loss becomes NaN or infinite, and rolls the weights back
 * to the last good ones: those at the end of the last epoch whose loss was finite (or the initial
 * weights if the first epoch fails). Keras's {@code TerminateOnNaN} stops but keeps the broken
 * weights.
 */
public final class TerminateOnNaN implements Callback {
    private Sequential model;
    private List<Matrix> lastGood;
    private int terminatedEpoch;
    private int epoch;

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        this.model = model;
        this.lastGood = model.snapshotWeights();
        this.terminatedEpoch = 0;
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int batch, int seen, Map<String, Double> logs) {
        if (terminatedEpoch == 0 && !Double.isFinite(logs.getOrDefault("loss", 0.0))) {
            terminatedEpoch = epoch;
            model.restoreWeights(lastGood);
            model.stopTraining();
        }
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (terminatedEpoch == 0) {
            lastGood = model.snapshotWeights();
        }
    }

    /** @return the epoch in which the loss became non-finite, or 0 */
    public int terminatedEpoch() {
        return terminatedEpoch;
    }
}
