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

    /**
     * Once, before the first epoch. Default: nothing.
     *
     * @param model the model being trained
     * @param info the epoch range, sample and batch counts, and metric names
     */
    default void onTrainBegin(Sequential model, TrainInfo info) {}

    /**
     * Before each epoch's first batch (and before the shuffle). Default: nothing.
     *
     * @param epoch the epoch about to run, from 1
     */
    default void onEpochBegin(int epoch) {}

    /**
     * After each training batch.
     *
     * @param batch the batch's index within the epoch, from 0
     * @param seen the number of samples seen so far in this epoch
     * @param logs running means over the epoch so far ({@code loss}, {@code acc})
     */
    default void onBatchEnd(int batch, int seen, Map<String, Double> logs) {}

    /**
     * After each epoch, once its validation metrics are in the logs. Default: nothing.
     *
     * @param epoch the epoch just finished, from 1
     * @param logs the epoch's metrics by name (also appended to the History)
     */
    default void onEpochEnd(int epoch, Map<String, Double> logs) {}

    /**
     * Once, after the last epoch, also when training ends by an exception. Default: nothing.
     *
     * @param history every finished epoch's logs
     */
    default void onTrainEnd(History history) {}
}
