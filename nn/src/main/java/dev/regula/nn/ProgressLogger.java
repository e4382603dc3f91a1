package dev.regula.nn;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;

/**
 * Prints Keras-style progress:
 * <pre>
 * Epoch 3/10 - 42000/42000 [==============================] - 2.1s - loss: 0.0792 - acc: 0.9765 - val_loss: 0.1114 - val_acc: 0.9671
 * </pre>
 * On a terminal ({@code interactive}) the bar moves during the epoch, redrawn in place at most
 * ten times a second; otherwise only the finished line of each epoch is printed.
 */
public final class ProgressLogger implements Callback {
    private static final int BAR = 30;
    private final PrintStream out;
    private final boolean interactive;
    private int epochs;
    private int samples;
    private int epoch;
    private long epochStart;
    private long lastDraw;
    private boolean drawn;

    /**
     * A logger that prints to {@code out}.
     *
     * @param out where the lines go, e.g. {@code System.out}
     * @param interactive true on a terminal: redraw the bar in place ({@code \r}) during the epoch
     */
    public ProgressLogger(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        this.epochs = info.epochs();
        this.samples = info.samples();
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
        this.epochStart = System.nanoTime();
        this.drawn = false;
    }

    @Override
    public void onBatchEnd(int batch, int seen, Map<String, Double> logs) {
        if (!interactive) {
            return;
        }
        long now = System.nanoTime();
        if (drawn && now - lastDraw < 100_000_000L && seen < samples) {
            return;
        }
        drawn = true;
        lastDraw = now;
        double elapsed = (now - epochStart) / 1e9;
        out.print("\r" + line(seen, elapsed, logs) + "   ");
        out.flush();
    }

    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        double seconds = logs.getOrDefault("seconds", (System.nanoTime() - epochStart) / 1e9);
        out.print((interactive ? "\r" : "") + line(samples, seconds, logs) + System.lineSeparator());
        out.flush();
    }

    /** One progress line for {@code seen} samples of the current epoch. */
    String line(int seen, double seconds, Map<String, Double> logs) {
        StringBuilder sb = new StringBuilder();
        String width = Integer.toString(Integer.toString(samples).length());
        sb.append("Epoch ").append(epoch).append('/').append(epochs).append(" - ")
          .append(String.format(Locale.ROOT, "%" + width + "d", seen)).append('/').append(samples).append(" [");
        int done = samples == 0 ? BAR : (int) ((long) BAR * seen / samples);
        for (int i = 0; i < BAR; i++) {
            sb.append(i < done ? '=' : (i == done ? '>' : '.'));
        }
        sb.append(String.format(Locale.ROOT, "] - %.1fs", seconds));
        for (Map.Entry<String, Double> e : logs.entrySet()) {
            if (!e.getKey().equals("seconds") && !e.getKey().equals("epoch")) {
                sb.append(String.format(Locale.ROOT, " - %s: %.4f", e.getKey(), e.getValue()));
            }
        }
        return sb.toString();
    }
}
