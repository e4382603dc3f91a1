package dev.regula.regularization;

import dev.regula.nn.Callback;
import dev.regula.nn.Checkpoint;
import dev.regula.nn.Sequential;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Saves the whole model ({@link Checkpoint}: weights, architecture, optimizer and generator
 * state) at the end of each epoch, as Keras's {@code ModelCheckpoint(filepath, monitor,
 * save_best_only)}. With {@code saveBestOnly}, only epochs whose monitored metric improves on the
 * best so far are saved. {@code {epoch}} in the path is replaced by the epoch number, so that
 * several checkpoints can be kept; otherwise the file is replaced, atomically, each time.
 */
public final class ModelCheckpoint implements Callback {
    private final String path;
    private final Monitor monitor;
    private final boolean saveBestOnly;
    private final Map<String, String> metadata;
    private Sequential model;
    private double best;
    private int lastSavedEpoch;

    /**
     * Saves every epoch (monitor unused) or only improvements of {@code monitor}.
     *
     * @param path the file; {@code {epoch}} in it is replaced by the epoch number
     * @param monitor the metric whose improvements are saved, e.g. {@code val_loss}
     * @param saveBestOnly save only when the metric improves (mode auto, minDelta 0)
     */
    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly) {
        this(path, monitor, saveBestOnly, Map.of());
    }

    /**
     * @param path the file; {@code {epoch}} in it is replaced by the epoch number
     * @param monitor the metric whose improvements are saved, e.g. {@code val_loss}
     * @param saveBestOnly save only when the metric improves (mode auto, minDelta 0)
     * @param metadata extra metadata stored in every file (e.g. how to rebuild the data pipeline)
     */
    public ModelCheckpoint(Path path, String monitor, boolean saveBestOnly, Map<String, String> metadata) {
        if (path == null) {
            throw new IllegalArgumentException("Invalid value for path: expected a file path, received: null");
        }
        this.path = path.toString();
        this.monitor = new Monitor(monitor, Monitor.Mode.AUTO, 0.0);
        this.saveBestOnly = saveBestOnly;
        this.metadata = Map.copyOf(metadata);
    }

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        if (saveBestOnly) {
            monitor.requireIn("ModelCheckpoint", info.metrics());
        }
        this.model = model;
        this.best = monitor.worst();
        this.lastSavedEpoch = 0;
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (saveBestOnly) {
            double current = monitor.read(logs);
            if (!monitor.improved(current, best)) {
                return;
            }
            best = current;
        }
        try {
            Checkpoint.save(model, pathFor(epoch), epoch, metadata);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write checkpoint " + pathFor(epoch) + ": " + e.getMessage(), e);
        }
        lastSavedEpoch = epoch;
    }

    /**
     * @param epoch an epoch, from 1
     * @return the file written for that epoch
     */
    public Path pathFor(int epoch) {
        return Path.of(path.replace("{epoch}", Integer.toString(epoch)));
    }

    /** @return the last epoch saved, 0 before any */
    public int lastSavedEpoch() {
        return lastSavedEpoch;
    }
}
