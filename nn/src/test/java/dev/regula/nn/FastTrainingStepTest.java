package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The training step's speed paths give the textbook results, and its steady state allocates
 * (almost) nothing: Adam's fast path against its textbook loops, bit for bit; the running logs
 * {@code fit} hands to {@link Callback#onBatchEnd}; the bytes a step allocates.
 */
class FastTrainingStepTest {
    private static final int MAX_BYTES_PER_STEP = 0;

    private static Matrix random(DType dtype, int rows, int cols, Rng rng) {
        Matrix x = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.nextGaussian());
        }
        return x;
    }

    /** Steps {@code adam} 6 times on a fresh copy of the parameters with the same gradients; returns the values. */
    private static List<Matrix> run(Adam adam, DType dtype) {
        Rng rng = new Rng(21);
        List<Parameter> params = List.of(new Parameter("w", random(dtype, 37, 53, rng)),
                new Parameter("b", random(dtype, 1, 53, rng)));
        for (int t = 0; t < 6; t++) {
            for (Parameter p : params) {
                Matrix g = random(dtype, p.value().rows(), p.value().cols(), rng);
                p.grad().copyFrom(g);
            }
            adam.step(params);
        }
        List<Matrix> out = new ArrayList<>();
        for (Parameter p : params) {
            out.add(p.value());
            out.add(adam.slots(p)[0]);
            out.add(adam.slots(p)[1]);
        }
        return out;
    }

    /**
     * {@code run}, but each step calls Adam's readable loops directly (with αₜ and AdamW's decay
     * written out here as the javadocs give them) instead of going through {@link Adam#step}, which
     * runs {@link AdamKernelF32} in F32 when the Vector API is present.
     */
    private static List<Matrix> runReadable(double lr, double weightDecay, DType dtype) {
        Rng rng = new Rng(21);
        List<Parameter> params = List.of(new Parameter("w", random(dtype, 37, 53, rng)),
                new Parameter("b", random(dtype, 1, 53, rng)));
        List<Matrix[]> slots = new ArrayList<>();
        for (Parameter p : params) {
            slots.add(new Matrix[] {Matrix.zeros(dtype, p.value().rows(), p.value().cols()),
                    Matrix.zeros(dtype, p.value().rows(), p.value().cols())});
        }
        for (int t = 1; t <= 6; t++) {
            for (Parameter p : params) {
                Matrix g = random(dtype, p.value().rows(), p.value().cols(), rng);
                p.grad().copyFrom(g);
            }
            double alpha = lr * Math.sqrt(1 - Math.pow(0.999, t)) / (1 - Math.pow(0.9, t));
            for (int k = 0; k < params.size(); k++) {
                Parameter p = params.get(k);
                Matrix m = slots.get(k)[0], v = slots.get(k)[1];
                if (weightDecay != 0) {
                    dev.regula.core.Ops.linear(1 - lr * weightDecay, p.value(), 0, p.value(), p.value());
                }
                int n = p.value().size();
                if (dtype == DType.F32) {
                    Adam.update(p.value().floats(), p.grad().floats(), m.floats(), v.floats(), 0, n,
                            (float) (1 - 0.9), (float) (1 - 0.999), (float) alpha, (float) 1e-7);
                } else {
                    Adam.update(p.value().doubles(), p.grad().doubles(), m.doubles(), v.doubles(), 0, n,
                            1 - 0.9, 1 - 0.999, alpha, 1e-7);
                }
            }
        }
        List<Matrix> out = new ArrayList<>();
        for (int k = 0; k < params.size(); k++) {
            out.add(params.get(k).value());
            out.add(slots.get(k)[0]);
            out.add(slots.get(k)[1]);
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void adamsFastPathEqualsItsTextbookLoopsBitForBit(DType dtype) {
        List<Matrix> fast = run(new Adam(1e-2), dtype);
        List<Matrix> textbook = runReadable(1e-2, 0, dtype);
        for (int i = 0; i < fast.size(); i++) {
            assertTrue(textbook.get(i).contentEquals(fast.get(i)), dtype + " tensor " + i + " (w, m, v per parameter)");
        }
        List<Matrix> fastW = run(new AdamW(1e-2, 0.01), dtype);
        List<Matrix> textbookW = runReadable(1e-2, 0.01, dtype);
        for (int i = 0; i < fastW.size(); i++) {
            assertTrue(textbookW.get(i).contentEquals(fastW.get(i)), "AdamW " + dtype + " tensor " + i);
        }
    }

    private static Sequential mlp(DType dtype, long seed) {
        return mlp(dtype, seed, 32);
    }

    /** 20 → width → width → 4, ReLU then tanh between: three kinds of layer, so a call to a layer's forward is megamorphic. */
    private static Sequential mlp(DType dtype, long seed, int width) {
        Sequential model = new Sequential(dtype, seed, new Dense(20, width), new ReLU(), new Dense(width, width), new Tanh(),
                new Dense(width, 4));
        model.compile(new SoftmaxCrossEntropy(), new Adam());
        return model;
    }

    private static Matrix oneHot(DType dtype, int rows, int classes, Rng rng) {
        Matrix y = Matrix.zeros(dtype, rows, classes);
        for (int i = 0; i < rows; i++) {
            y.set(i, rng.nextInt(classes), 1);
        }
        return y;
    }

    @Test
    void theBatchLogsAreTheRunningMeansOfTheEpoch() {
        DType dtype = DType.F64;
        Rng rng = new Rng(22);
        Matrix x = random(dtype, 50, 20, rng);
        Matrix y = oneHot(dtype, 50, 4, rng);
        List<Map<String, Double>> seenLogs = new ArrayList<>();
        List<Integer> seenCounts = new ArrayList<>();
        Callback record = new Callback() {
            @Override public void onBatchEnd(int batch, int seen, Map<String, Double> logs) {
                seenLogs.add(new LinkedHashMap<>(logs));
                seenCounts.add(seen);
                assertThrows(UnsupportedOperationException.class, () -> logs.put("loss", 0.0), "the logs are read-only");
            }
        };
        History h = mlp(dtype, 5).fit(x, y, null, null, 1, 16, List.of(record));

        // The same batches through trainStep on a twin model: the running means by hand.
        Sequential twin = mlp(dtype, 5);
        dev.regula.core.MiniBatches batches = new dev.regula.core.MiniBatches(x, y, 16, twin.shuffleRng());
        batches.shuffle();
        double lossSum = 0;
        long hits = 0;
        int seen = 0;
        int b = 0;
        while (batches.next()) {
            lossSum += twin.trainStep(batches.x(), batches.y()) * batches.x().rows();
            hits += Sequential.countHits(twin.lastOutput(), batches.y());
            seen += batches.x().rows();
            assertEquals(List.of("loss", "acc"), List.copyOf(seenLogs.get(b).keySet()), "batch " + b + " keys, in order");
            assertEquals(lossSum / seen, seenLogs.get(b).get("loss"), 0.0, "batch " + b + " loss");
            assertEquals((double) hits / seen, seenLogs.get(b).get("acc"), 0.0, "batch " + b + " acc");
            assertEquals(seen, seenCounts.get(b));
            b++;
        }
        assertEquals(4, b, "50 rows in batches of 16");
        assertEquals(seenLogs.get(3).get("loss"), h.get("loss")[0], 0.0, "the epoch's loss is the last running mean");
        assertEquals(seenLogs.get(3).get("acc"), h.get("acc")[0], 0.0);
    }

    /**
     * A steady-state training step allocates nothing on the calling thread: every buffer is sized
     * once per batch shape. Two widths: 32, and 256, whose 256 × 256 layer takes the two-thread
     * paths (Adam and {@code zeroGrad} on halves of a parameter of 65,536 elements). A for-each
     * over the layers in {@link Sequential#forward} once cost 32 bytes a step (its iterator),
     * which the bar of 64 bytes this test had then let through; a shape check that built its
     * message on every call once cost about 100 bytes per layer.
     *
     * <p>Measured with {@code com.sun.management.ThreadMXBean.getThreadAllocatedBytes} over
     * windows of 50 steps, not with a clock: the fewest bytes of any window must be 0. Steady
     * state means the JIT has compiled the step: until then the Vector API loops run interpreted
     * and allocate a box per vector, so the test trains in windows of 50 steps until one allocates
     * nothing, for up to 20,000 steps, and fails if none does. Skipped when the JVM cannot measure
     * a thread's allocation.
     */
    @ParameterizedTest
    @CsvSource({"F32, 32", "F64, 32", "F32, 256", "F64, 256"})
    void aSteadyStateStepAllocatesNothing(DType dtype, int width) {
        Assumptions.assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean,
                "this JVM has no com.sun.management.ThreadMXBean");
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        Assumptions.assumeTrue(bean.isThreadAllocatedMemorySupported(), "thread allocation is not measurable here");
        if (!bean.isThreadAllocatedMemoryEnabled()) {
            bean.setThreadAllocatedMemoryEnabled(true);
        }
        Assumptions.assumeTrue(bean.isThreadAllocatedMemoryEnabled(), "thread allocation measurement is off");

        Rng rng = new Rng(23);
        Matrix[] xs = {random(dtype, 32, 20, rng), random(dtype, 32, 20, rng)};
        Matrix[] ys = {oneHot(dtype, 32, 4, rng), oneHot(dtype, 32, 4, rng)};
        Sequential model = mlp(dtype, 6, width);
        long id = Thread.currentThread().getId();
        for (int i = 0; i < 20; i++) {
            model.trainStep(xs[i % 2], ys[i % 2]);
        }
        double best = Double.POSITIVE_INFINITY;
        for (int window = 0; window < 400 && best > MAX_BYTES_PER_STEP; window++) {
            long before = bean.getThreadAllocatedBytes(id);
            for (int i = 0; i < 50; i++) {
                model.trainStep(xs[i % 2], ys[i % 2]);
            }
            best = Math.min(best, (bean.getThreadAllocatedBytes(id) - before) / 50.0);
        }
        assertTrue(best <= MAX_BYTES_PER_STEP, dtype + ", width " + width + ": the fewest bytes allocated per step over a window of 50 steps was "
                + best + ", more than " + MAX_BYTES_PER_STEP);
    }
}
