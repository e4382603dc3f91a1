package dev.regula.regularization;

import dev.regula.core.Checks;
import dev.regula.nn.Callback;
import dev.regula.nn.Sequential;

/**
 * Sets the optimizer's learning rate at the beginning of every epoch from a fixed schedule, as
 * Keras's {@code LearningRateScheduler} with one of two textbook schedules. {@code lr₀} is the
 * optimizer's learning rate when training begins; epochs e = 1..E are those of {@code fit}.
 * <pre>
 * cosine (Loshchilov &amp; Hutter 2017, one cycle, no restart):
 *     lr(e) = lrMin + (lr₀ − lrMin) · (1 + cos(π · (e − 1) / E)) / 2      lr(1) = lr₀
 * step decay:
 *     lr(e) = lr₀ · factor^⌊(e − 1) / every⌋
 * </pre>
 * The cosine rate falls slowly at first, fastest in the middle and flattens out near lrMin in
 * the last epochs, which is where the weights settle. When {@code fit} resumes at a later epoch,
 * E is the total epoch count of the run ({@code TrainInfo.epochs}), so the curve is the same.
 */
public final class LearningRateSchedule implements Callback {
    private enum Kind { COSINE, STEP }

    private final Kind kind;
    private final double minLr;
    private final double factor;
    private final int every;

    private Sequential model;
    private double initialLr;
    private int totalEpochs;

    private LearningRateSchedule(Kind kind, double minLr, double factor, int every) {
        this.kind = kind;
        this.minLr = minLr;
        this.factor = factor;
        this.every = every;
    }

    /**
     * Cosine annealing from the optimizer's rate lr₀ down to {@code minLr} over the run's E epochs:
     * {@code lr(e) = minLr + (lr₀ − minLr)·(1 + cos(π·(e − 1)/E))/2}.
     *
     * @param minLr the rate approached at the end, finite and ≥ 0
     * @return the schedule, a callback to pass to fit
     */
    public static LearningRateSchedule cosine(double minLr) {
        return new LearningRateSchedule(Kind.COSINE, Checks.nonNegative("minLr", minLr), 1, 1);
    }

    /**
     * Multiplies the rate by {@code factor} every {@code every} epochs:
     * {@code lr(e) = lr₀·factor^⌊(e − 1)/every⌋}.
     *
     * @param factor the multiplier, in (0, 1]
     * @param every the number of epochs between two decays, &gt; 0
     * @return the schedule, a callback to pass to fit
     */
    public static LearningRateSchedule stepDecay(double factor, int every) {
        if (!(factor > 0 && factor <= 1)) {
            throw new IllegalArgumentException("Invalid value for factor: expected a number in (0, 1], received: " + factor);
        }
        return new LearningRateSchedule(Kind.STEP, 0, factor, Checks.positive("every", every));
    }

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        this.model = model;
        this.initialLr = model.optimizer().learningRate();
        this.totalEpochs = info.epochs();
    }

    @Override
    public void onEpochBegin(int epoch) {
        model.optimizer().setLearningRate(rate(epoch));
    }

    /**
     * The learning rate of an epoch, from the rate the optimizer had when training began.
     *
     * @param epoch the epoch, from 1
     * @return the rate set at the beginning of that epoch
     */
    public double rate(int epoch) {
        if (kind == Kind.COSINE) {
            double t = totalEpochs <= 1 ? 0 : (double) (epoch - 1) / totalEpochs;
            return minLr + (initialLr - minLr) * (1 + Math.cos(Math.PI * t)) / 2;
        }
        return initialLr * Math.pow(factor, (epoch - 1) / every);
    }

    @Override
    public String toString() {
        return kind == Kind.COSINE ? "cosine learning rate to " + minLr : "learning rate ×" + factor + " every " + every + " epochs";
    }
}
