package dev.regula.cli;

import dev.regula.nn.Callback;
import dev.regula.nn.History;
import dev.regula.nn.Sequential;
import dev.regula.regularization.TerminateOnNaN;
import java.util.Map;

/**
 * Stops {@code regula train} at the end of a batch, for two reasons, by throwing {@link Stopped}
 * out of {@link Sequential#fit}: the epoch in progress is abandoned, so no checkpoint of a half
 * epoch (or of diverged weights) is written, and every checkpoint already written stays truthful.
 * <ul>
 *   <li>a non-finite loss, as {@link TerminateOnNaN} (which must come before this callback, and
 *       rolls the weights back to the last good epoch's) detects it;</li>
 *   <li>SIGINT (Ctrl-C) or SIGTERM: the JVM's default handlers would start shutting down at once;
 *       these ask for a stop after the current batch instead. A second signal, or one that arrives
 *       outside training (reading data, evaluating), halts at once with exit code 130: every file
 *       Regula writes is written to a temporary name and renamed, so halting never leaves a torn one.</li>
 * </ul>
 * It also keeps the {@link History} of the completed epochs, which {@code fit} hands to
 * {@link #onTrainEnd} however training ends.
 *
 * <p>The handlers use {@code sun.misc.Signal} (module {@code jdk.unsupported}, present in every
 * JDK); where it is missing, Ctrl-C falls back to the JVM's default (an immediate exit).
 */
final class StopGuard implements Callback {
    /** Why training stopped early. */
    static final class Stopped extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final boolean interrupted;
        final int epoch;
        final int batch;

        Stopped(boolean interrupted, int epoch, int batch) {
            super(interrupted ? "interrupted" : "non-finite loss", null, false, false);
            this.interrupted = interrupted;
            this.epoch = epoch;
            this.batch = batch;
        }
    }

    private final TerminateOnNaN nan;
    private volatile boolean training;
    private volatile String signal;
    private int epoch;
    private History history = new History();

    StopGuard(TerminateOnNaN nan) {
        this.nan = nan;
    }

    /** Installs the SIGINT and SIGTERM handlers (see the class javadoc). */
    StopGuard install() {
        for (String name : new String[] {"INT", "TERM"}) {
            try {
                sun.misc.Signal.handle(new sun.misc.Signal(name), s -> onSignal("SIG" + s.getName()));
            } catch (IllegalArgumentException | LinkageError unsupported) {
                // The signal is not available here (or the JVM reserves it, as with -Xrs).
            }
        }
        return this;
    }

    private void onSignal(String name) {
        if (!training || signal != null) {
            System.out.flush();
            System.err.println("regula: " + name + ": stopped");
            System.err.flush();
            Runtime.getRuntime().halt(ExitCodes.INTERRUPTED);
        }
        signal = name;
        System.err.println("regula: " + name + ": stopping after this batch (send it again to stop at once)");
    }

    /** The signal that asked for a stop, or null. */
    String signal() {
        return signal;
    }

    @Override
    public void onTrainBegin(Sequential model, TrainInfo info) {
        training = true;
        if (signal != null) {
            throw new Stopped(true, info.initialEpoch() + 1, 0);
        }
    }

    @Override
    public void onEpochBegin(int epoch) {
        this.epoch = epoch;
    }

    @Override
    public void onBatchEnd(int batch, int seen, Map<String, Double> logs) {
        if (nan.terminatedEpoch() > 0) {
            throw new Stopped(false, epoch, batch + 1);
        }
        if (signal != null) {
            throw new Stopped(true, epoch, batch + 1);
        }
    }

    /** A signal during the validation pass stops after the epoch (its checkpoint written before). */
    @Override
    public void onEpochEnd(int epoch, Map<String, Double> logs) {
        if (signal != null) {
            throw new Stopped(true, epoch, -1);
        }
    }

    @Override
    public void onTrainEnd(History history) {
        training = false;
        this.history = history;
    }

    /** The completed epochs. */
    History history() {
        return history;
    }
}
