package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.nn.Callback;
import dev.regula.nn.Sequential;
import java.util.Map;

/**
 * Multiplies the learning rate by {@code factor} when the monitored metric has not improved for
 * {@code patience} epochs, as Keras's {@code ReduceLROnPlateau(monitor, factor, patience, mode,
 * min_delta, cooldown, min_lr)}:
 * <pre>
 * after each epoch: if improved(current, best): best = current, wait = 0
 *                   else if not cooling down: wait += 1
 *                   if wait ≥ patience: lr = max(lr·factor, minLr), cooldown starts, wait = 0
 * </pre>
 * Keras's defaults: factor 0.1, patience 10, min_delta 1e-4, cooldown 0, min_lr 0.
 */
public final class ReduceLROnPlateau implements Callback {
    private final Monitor monitor;
    private final double factor;
    private final int patience;
    private final int cooldown;
    private final double minLr;

    private Sequential model;
    private double best;
    private int wait;
    private int cooldownCounter;

    /**
     * Keras's defaults with the given monitor, factor and patience: mode auto, minDelta 1e-4,
     * cooldown 0, minLr 0.
     *
     * @param monitor the metric, e.g. {@code val_loss}
     * @param factor the multiplier of the learning rate, in (0, 1)
     * @param patience epochs without improvement before reducing, ≥ 0
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience) {
        this(monitor, factor, patience, Monitor.Mode.AUTO, 1e-4, 0, 0.0);
    }

    /**
     * @param monitor the metric, e.g. {@code val_loss}
     * @param factor the multiplier of the learning rate, in (0, 1)
     * @param patience epochs without improvement before reducing, ≥ 0
     * @param mode min, max or auto
     * @param minDelta the smallest change that counts as an improvement (its absolute value is used)
     * @param cooldown epochs after a reduction during which no wait is counted, ≥ 0
     * @param minLr the learning rate is never reduced below this, ≥ 0
     * @throws IllegalArgumentException naming the argument and the value received
     */
    public ReduceLROnPlateau(String monitor, double factor, int patience, Monitor.Mode mode, double minDelta,
                             int cooldown, double minLr) {
        this.monitor = new Monitor(monitor, mode, minDelta);
        if (!(factor > 0 && factor < 1)) {
            throw new IllegalArgumentException("Invalid value for factor: expected a number in (0, 1), received: " + factor);
        }
        this.factor = factor;
        this.patience = Checks.nonNegative("patience", patience);
        this.cooldown = Checks.nonNegative("cooldown", cooldown);
        this.minLr = Checks.nonNegative("minLr", minLr);
    }

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        monitor.requireIn("ReduceLROnPlateau", info.metrics());
        this.model = model;
        this.best = monitor.worst();
        this.wait = 0;
        this.cooldownCounter = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double current = monitor.read(logs);
        if (cooldownCounter > 0) {
            cooldownCounter--;
            wait = 0;
        }
        if (monitor.improved(current, best)) {
            best = current;
            wait = 0;
        } else if (cooldownCounter == 0) {
            wait++;
            if (wait >= patience) {
                double lr = model.optimizer().learningRate();
                if (lr > minLr) {
                    model.optimizer().setLearningRate(Math.max(lr * factor, minLr));
                    cooldownCounter = cooldown;
                    wait = 0;
                }
            }
        }
    }
}
