package dev.regula.nn;

import java.util.Map;

/**
 * Hooks into {@link Sequential#fit}, called in this order:
 * <pre>
 * onTrainBegin
 *   per epoch: onEpochBegin, onBatchEnd (per batch), onEpochEnd
 * onTrainEnd            (always, however training ends)
 * </pre>
 * Epochs are numbered from 1. {@code logs} hold the epoch's metrics by Keras's names:
 * {@code loss}, {@code acc}, {@code val_loss}, {@code val_acc}, {@code seconds}, and any more a
 * model reports. A callback stops training with {@link Sequential#stopTraining()} (Keras's
 * {@code model.stop_training = True}); the current epoch finishes first.
 */
public interface Callback {

    /**
     * What {@code fit} is about to do: the epoch range, the number of training samples and
     * batches, and the names of the metrics each epoch's logs will hold.
     */
    record TrainInfo(int initialEpoch, int epochs, int samples, int batchesPerEpoch, java.util.List<String> metrics) {}

    default void onTrainBegin(Sequential model, TrainInfo info) {}

    default void onEpochBegin(int epoch) {}

    /**
     * After each training batch.
     *
     * @param seen the number of samples seen so far in this epoch
     * @param logs running means over the epoch so far ({@code loss}, {@code acc})
     */
    default void onBatchEnd(int batch, int seen, Map<String, Double> logs) {}

    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    default void onTrainEnd(History history) {}
}
