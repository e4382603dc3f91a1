package dev.regula.nn;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What {@link Sequential#fit} returns: one record of metrics per epoch run, in order. */
public final class History {
    private final List<Map<String, Double>> epochs = new ArrayList<>();

    /** Appends the metrics of the next epoch (copied). */
    public void add(Map<String, Double> logs) {
        epochs.add(Collections.unmodifiableMap(new LinkedHashMap<>(logs)));
    }

    /** The per-epoch records; entry i is epoch i + 1. */
    public List<Map<String, Double>> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    /** The number of epochs run. */
    public int size() {
        return epochs.size();
    }

    /** The values of {@code metric} per epoch (NaN where an epoch lacks it). */
    public double[] get(String metric) {
        double[] out = new double[epochs.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = epochs.get(i).getOrDefault(metric, Double.NaN);
        }
        return out;
    }

    /** The record of the last epoch. */
    public Map<String, Double> last() {
        if (epochs.isEmpty()) {
            throw new IllegalStateException("The history is empty: no epoch has finished");
        }
        return epochs.get(epochs.size() - 1);
    }
}
