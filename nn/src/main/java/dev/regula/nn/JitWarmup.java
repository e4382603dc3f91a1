package dev.regula.nn;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Trains a throwaway network on random data in a background thread while the real data loads, so
 * that the JIT compiles the training step's code before the first epoch instead of during it.
 *
 * <p>Why: a JVM runs new code in its interpreter, then compiles it (C1, then C2 for the hot loops),
 * and the Vector API's kernels are hundreds of times slower until C2 has compiled them. Without a
 * warm-up, that compilation happens in the first epoch, on the cores the epoch is using, and makes it
 * take 1.5 to 2 times as long as the next ones. Reading and checking MNIST takes a second or two on
 * one core, with the other idle: enough for the compilers to get through most of the step.
 *
 * <pre>
 * JitWarmup warmup = JitWarmup.start(() -&gt; spec.model(784, 10, type, seed), 784, 10, 128);
 * MnistSplits data = load(...);        // meanwhile, the throwaway network trains on random data
 * warmup.finish();                     // stops it after its current batch and waits for it
 * Sequential model = spec.model(...);  // the real network, as if no warm-up had run
 * </pre>
 *
 * <p>The throwaway network has its own layers, parameters and generators, and the random data its
 * own generator, so the warm-up changes no number of the real run: the same seed gives the same
 * bits with or without it ({@code JitWarmupTest}). Only the code the JIT has compiled is shared.
 * Call {@link #finish} before the real run uses the GEMM's threads (the GEMM is safe to call from two
 * threads, but the two would share its helper). A failure in the warm-up (say, a model the data will
 * later turn out not to fit) is kept, not thrown: the real run reports its own errors.
 */
public final class JitWarmup {
    /** Rows of random data the throwaway network trains on: a few batches, then the same again. */
    private static final int BATCHES = 4;
    /** The generator of the random data; the throwaway model gets its own seed from its supplier. */
    private static final long DATA_SEED = 0x5EEDL;
    /**
     * The warm-up stops by itself after this long (the compilers are done well before), so that a
     * slow load, such as MNIST's first download, does not keep a core busy for nothing.
     */
    static final long MAX_NANOS = 10_000_000_000L;

    private final Thread thread;
    private volatile boolean stop;
    private volatile int epochs;
    private volatile Throwable failure;

    private JitWarmup(Supplier<Sequential> model, int features, int classes, int batchSize, long maxNanos) {
        thread = new Thread(() -> run(model, features, classes, batchSize, maxNanos), "regula-jit-warmup");
        thread.setDaemon(true);
    }

    /**
     * Starts training the network {@code model} supplies (in the background thread, a new one each
     * call) on {@code BATCHES} batches of uniform random inputs and random one-hot targets, epoch
     * after epoch, each with a validation pass, until {@link #finish} or for {@value #MAX_NANOS} ns
     * at most.
     *
     * @param model     builds and compiles the throwaway network; it must own all its layers
     * @param features  the inputs per example, &gt; 0
     * @param classes   the classes, &gt; 1
     * @param batchSize the batch the real run uses, &gt; 0 (the kernels' shapes decide their paths)
     * @return the running warm-up
     */
    public static JitWarmup start(Supplier<Sequential> model, int features, int classes, int batchSize) {
        return start(model, features, classes, batchSize, MAX_NANOS);
    }

    /** {@link #start(Supplier, int, int, int)} with another time bound (tests). */
    static JitWarmup start(Supplier<Sequential> model, int features, int classes, int batchSize, long maxNanos) {
        dev.regula.core.Checks.positive("features", features);
        dev.regula.core.Checks.positive("batchSize", batchSize);
        if (classes < 2) {
            throw new IllegalArgumentException("Invalid value for classes: expected at least 2, received: " + classes);
        }
        JitWarmup warmup = new JitWarmup(model, features, classes, batchSize, maxNanos);
        warmup.thread.start();
        return warmup;
    }

    private void run(Supplier<Sequential> model, int features, int classes, int batchSize, long maxNanos) {
        long deadline = System.nanoTime() + maxNanos;
        try {
            Sequential net = model.get();
            DType dtype = net.dtype();
            Rng rng = new Rng(DATA_SEED);
            int rows = BATCHES * batchSize;
            Matrix x = Matrix.zeros(dtype, rows, features);
            Matrix y = Matrix.zeros(dtype, rows, classes);
            for (int i = 0; i < rows; i++) {
                for (int j = 0; j < features; j++) {
                    x.set(i, j, rng.nextDouble());
                }
                y.set(i, rng.nextInt(classes), 1);
            }
            Callback stopper = new Callback() {
                @Override
                public void onBatchEnd(int batch, int seen, Map<String, Double> logs) {
                    if (stop || System.nanoTime() - deadline > 0) {
                        throw new Stopped();
                    }
                }
            };
            while (!stop && System.nanoTime() - deadline < 0) {
                net.fit(x, y, x, y, 1, batchSize, List.of(stopper));
                epochs++;
            }
        } catch (Stopped s) {
            // finish() was called, or the time is up
        } catch (Throwable t) {
            failure = t;
        }
    }

    /** Thrown by the throwaway training's callback to stop it after the current batch. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super(null, null, false, false);
        }
    }

    /**
     * Stops the warm-up after its current batch and waits for its thread to end.
     *
     * @return this
     */
    public JitWarmup finish() {
        stop = true;
        boolean interrupted = false;
        while (thread.isAlive()) {
            try {
                thread.join();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /** @return whether the warm-up's thread is still training */
    boolean running() {
        return thread.isAlive();
    }

    /** @return the epochs of random data the warm-up completed (each {@code BATCHES} batches) */
    public int epochs() {
        return epochs;
    }

    /** @return what ended the warm-up other than {@link #finish}, or null */
    public Throwable failure() {
        return failure;
    }
}
