package dev.regula.experiments;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.History;
import dev.regula.nn.JitWarmup;
import dev.regula.nn.Sequential;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * {@link JitWarmup}: the throwaway training changes no number of the real run, even for the record
 * preset, whose every layer kind with a generator (dropout, batch norm) and whose elastic
 * augmentation draw from the seed; {@code finish} stops it; a failure is kept, not thrown.
 */
class JitWarmupTest {
    private static final int FEATURES = 784;
    private static final int CLASSES = 10;
    private static final int BATCH = 32;

    /** The record preset's network, trained 2 epochs on 96 random images (seed 7), and its history. */
    private static Sequential trainRecord(List<History> history) {
        RunSpec spec = RunSpec.preset("record");
        Sequential model = spec.model(FEATURES, CLASSES, DType.F32, 7);
        Rng rng = new Rng(11);
        Matrix x = Matrix.zeros(DType.F32, 96, FEATURES);
        Matrix y = Matrix.zeros(DType.F32, 96, CLASSES);
        for (int i = 0; i < 96; i++) {
            for (int j = 0; j < FEATURES; j++) {
                x.set(i, j, rng.nextDouble());
            }
            y.set(i, i % CLASSES, 1);
        }
        history.add(model.fit(x, y, x, y, 2, BATCH, List.of()));
        return model;
    }

    @Test
    void theRealRunIsTheSameBitForBitAfterAWarmupOfTheSameNetwork() throws InterruptedException {
        List<History> without = new java.util.ArrayList<>();
        Sequential a = trainRecord(without);

        RunSpec spec = RunSpec.preset("record");
        JitWarmup warmup = JitWarmup.start(() -> spec.model(FEATURES, CLASSES, DType.F32, 7), FEATURES, CLASSES, BATCH);
        long deadline = System.nanoTime() + 60_000_000_000L;
        while (warmup.epochs() < 2 && warmup.failure() == null && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertSame(warmup, warmup.finish());
        assertNull(warmup.failure(), "the warm-up failed");
        assertTrue(warmup.epochs() >= 2, "the warm-up trained the same network, same seed, for " + warmup.epochs() + " epochs");
        int epochs = warmup.epochs();
        Thread.sleep(50);
        assertEquals(epochs, warmup.epochs(), "finish() stopped the warm-up");

        List<History> with = new java.util.ArrayList<>();
        Sequential b = trainRecord(with);
        List<Parameter> pa = a.parameters();
        List<Parameter> pb = b.parameters();
        assertEquals(pa.size(), pb.size());
        for (int i = 0; i < pa.size(); i++) {
            assertTrue(pa.get(i).value().contentEquals(pb.get(i).value()), pa.get(i).name() + " differs after a warm-up");
        }
        for (int e = 0; e < 2; e++) {
            Map<String, Double> ra = new HashMap<>(without.get(0).epochs().get(e));
            Map<String, Double> rb = new HashMap<>(with.get(0).epochs().get(e));
            ra.remove("seconds");
            rb.remove("seconds");
            assertEquals(ra, rb, "epoch " + (e + 1) + "'s metrics, bit for bit");
        }
    }

    @Test
    void aFailureIsKeptAndFinishReturns() {
        IllegalStateException boom = new IllegalStateException("no model");
        JitWarmup warmup = JitWarmup.start(() -> {
            throw boom;
        }, FEATURES, CLASSES, BATCH);
        assertSame(boom, warmup.finish().failure());
        assertEquals(0, warmup.epochs());
    }

    @Test
    void badArgumentsAreNamed() {
        IllegalArgumentException e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> JitWarmup.start(() -> null, FEATURES, 1, BATCH));
        assertTrue(e.getMessage().contains("classes") && e.getMessage().contains("received: 1"), e.getMessage());
    }
}
