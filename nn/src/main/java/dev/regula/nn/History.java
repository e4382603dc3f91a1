package dev.regula.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link Sequential#fit} returns: one record of metrics per epoch run, in order. */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /**
     * Appends the metrics of the next epoch.
     *
     * @param logs the epoch's metrics by name. Not modified (copied).
     */
    public void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /** @return the per-epoch records, read-only; entry i is epoch i + 1 */
    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** @return the number of epochs run */
    public int size() {
        return epochs.size();
    }

    /**
     * The values of one metric across epochs.
     *
     * @param metric a metric's name, e.g. "val_loss"
     * @return a new array, one value per epoch (NaN where an epoch lacks it)
     */
    public double[] get(String metric) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).getOrDefault(metric, Double.NaN);
        }
        return out;
    }

    /**
     * @return the record of the last epoch
     * @throws IllegalStateException when no epoch has finished
     */
    public Map<String, Double> last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("The history is empty: no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }
}
