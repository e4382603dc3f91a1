package dev.regula.regularization;

import dev.regula.core.Checks;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A metric watched by a callback, and what counts as an improvement of it, as Keras defines it
 * for {@code EarlyStopping} and {@code ReduceLROnPlateau}:
 * <pre>
 * mode min:  improved(current, reference) ⇔ current &lt; reference − minDelta
 * mode max:  improved(current, reference) ⇔ current &gt; reference + minDelta
 * mode auto: max for names containing "acc", min otherwise
 * </pre>
 */
public final class Monitor {
    /** The direction of improvement. */
    public enum Mode {
        /** Smaller values are better (losses). */
        MIN,
        /** Larger values are better (accuracies). */
        MAX,
        /** MAX when the metric's name contains "acc", MIN otherwise. */
        AUTO
    }

    private final String name;
    private final boolean maximize;
    private final double minDelta;

    /**
     * @param name     the metric, e.g. {@code val_loss} or {@code val_acc}
     * @param mode     min, max or auto
     * @param minDelta the smallest change that counts as an improvement; its absolute value is
     *                 used, as Keras does
     */
    public Monitor(String name, Mode mode, double minDelta) {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("Invalid value for monitor: expected a metric name such as val_loss, received: "
                    + name);
        }
        if (mode == null) {
            throw new IllegalArgumentException("Invalid value for mode: expected min, max or auto, received: null");
        }
        this.name = name;
        this.maximize = mode == Mode.MAX || (mode == Mode.AUTO && name.contains("acc"));
        this.minDelta = Checks.nonNegative("minDelta", Math.abs(minDelta));
    }

    /**
     * Parses {@code min}, {@code max} or {@code auto} (any case).
     *
     * @param mode the text
     * @return the mode
     * @throws IllegalArgumentException naming the value received, for any other text
     */
    public static Mode parseMode(String mode) {
        try {
            return Mode.valueOf(mode.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid value for mode: expected min, max or auto, received: " + mode);
        }
    }

    /** @return the metric's name, e.g. {@code val_loss} */
    public String name() {
        return name;
    }

    /** @return true when larger values are better */
    public boolean maximize() {
        return maximize;
    }

    /** @return the worst possible value (−∞ or +∞), the starting point of "best so far" */
    public double worst() {
        return maximize ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }

    /**
     * Whether {@code current} improves on {@code reference} by more than minDelta.
     *
     * @param current the new value
     * @param reference the best value so far (or a baseline)
     * @return true for an improvement
     */
    public boolean improved(double current, double reference) {
        return maximize ? current - minDelta > reference : current + minDelta < reference;
    }

    /**
     * Checks that the logs of each epoch will hold this metric.
     *
     * @param callback the callback's name, for the message
     * @param metrics the metric names the epoch logs will hold
     * @throws IllegalArgumentException naming the callback, the metric and the available ones
     */
    public void requireIn(String callback, List<String> metrics) {
        if (!metrics.contains(name)) {
            throw new IllegalArgumentException("Unknown monitor for " + callback + ": expected one of " + metrics
                    + ", received: " + name);
        }
    }

    /**
     * The metric's value in an epoch's logs.
     *
     * @param logs an epoch's metrics by name
     * @return the value
     * @throws IllegalStateException when the logs do not hold the metric
     */
    public double read(Map<String, Double> logs) {
        Double v = logs.get(name);
        if (v == null) {
            throw new IllegalStateException("The epoch logs have no metric " + name + "; they hold " + logs.keySet());
        }
        return v;
    }
}
