package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.core.Matrix;
import dev.regula.nn.Callback;
import dev.regula.nn.History;
import dev.regula.nn.Sequential;
import java.util.List;
import java.util.Map;

/**
 * Stops training when the monitored metric has stopped improving, as Keras's
 * {@code EarlyStopping(monitor, min_delta, patience, mode, baseline, restore_best_weights,
 * start_from_epoch)}.
 *
 * <p>At the end of each epoch e ≥ startFromEpoch: if the metric improved on the best so far (by
 * more than minDelta, see {@link Monitor}), it becomes the best, e becomes {@link #bestEpoch()}
 * and, with restoreBestWeights, the weights are copied. The wait counter is reset when the epoch
 * improved on the best and on the baseline (if one is given); otherwise it grows by one, and when
 * it reaches {@code patience} training stops after this epoch ({@link #stoppedEpoch()} = e).
 *
 * <p>One difference from Keras 2: with restoreBestWeights the best weights are restored at
 * <em>every</em> end of training, also when the epoch limit is reached first (Keras 2 restored
 * them only on an early stop, a frequent surprise).
 */
public final class EarlyStopping implements Callback {
    private final Monitor monitor;
    private final int patience;
    private final Double baseline;
    private final boolean restoreBestWeights;
    private final int startFromEpoch;

    private Sequential model;
    private double best;
    private int bestEpoch;
    private int stoppedEpoch;
    private int wait;
    private List<Matrix> bestWeights;

    /**
     * Keras's defaults apart from the monitor and patience: minDelta 0, mode auto, no baseline,
     * no warm-up.
     *
     * @param monitor            the metric, e.g. {@code val_acc}
     * @param patience           epochs without improvement before stopping, ≥ 0
     * @param restoreBestWeights whether to put the best epoch's weights back at the end
     */
    public EarlyStopping(String monitor, int patience, boolean restoreBestWeights) {
        this(monitor, 0.0, patience, Monitor.Mode.AUTO, null, restoreBestWeights, 0);
    }

    /**
     * @param monitor            the metric, e.g. {@code val_acc}
     * @param minDelta           the smallest change that counts as an improvement, ≥ 0
     * @param patience           epochs without improvement before stopping, ≥ 0
     * @param mode               min, max or auto
     * @param baseline           a value the metric must improve on, or null
     * @param restoreBestWeights whether to put the best epoch's weights back at the end
     * @param startFromEpoch     epochs to wait before watching (a warm-up), ≥ 0
     */
    public EarlyStopping(String monitor, double minDelta, int patience, Monitor.Mode mode, Double baseline,
                         boolean restoreBestWeights, int startFromEpoch) {
        this.monitor = new Monitor(monitor, mode, minDelta);
        this.patience = Checks.nonNegative("patience", patience);
        if (baseline != null && !Double.isFinite(baseline)) {
            throw new IllegalArgumentException("Invalid value for baseline: expected a finite number or none, received: "
                    + baseline);
        }
        this.baseline = baseline;
        this.restoreBestWeights = restoreBestWeights;
        this.startFromEpoch = Checks.nonNegative("startFromEpoch", startFromEpoch);
    }

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        monitor.requireIn("EarlyStopping", info.metrics());
        this.model = model;
        this.best = monitor.worst();
        this.bestEpoch = 0;
        this.stoppedEpoch = 0;
        this.wait = 0;
        this.bestWeights = null;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (epoch <= startFromEpoch) {
            return;
        }
        double current = monitor.read(logs);
        wait++;
        if (monitor.improved(current, best)) {
            best = current;
            bestEpoch = epoch;
            if (restoreBestWeights) {
                bestWeights = model.snapshotWeights();
            }
            if (baseline == null || monitor.improved(current, baseline)) {
                wait = 0;
                return;
            }
        }
        if (wait >= patience) {
            stoppedEpoch = epoch;
            model.stopTraining();
        }
    }

    @Override
    public void onTrainEnd(History history) {
        if (restoreBestWeights && bestWeights != null) {
            model.restoreWeights(bestWeights);
        }
    }

    /** @return the epoch (from 1) with the best value of the metric, 0 before any */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** @return the epoch after which training stopped early, or 0 when it ran to the limit */
    public int stoppedEpoch() {
        return stoppedEpoch;
    }

    /** @return the best value of the metric seen during the last fit (±∞, the mode's worst, until one is seen) */
    public double best() {
        return best;
    }

    /** @return the metric watched, with its mode and minDelta */
    public Monitor monitor() {
        return monitor;
    }
}
