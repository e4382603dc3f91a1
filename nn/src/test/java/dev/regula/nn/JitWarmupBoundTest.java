package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import org.junit.jupiter.api.Test;

/**
 * {@link JitWarmup} stops by itself at its time bound, without {@link JitWarmup#finish}: a slow
 * load does not keep a core busy for nothing. (That it changes no number of the real run is
 * {@code JitWarmupTest}'s, in the experiments module, on the record preset.)
 */
class JitWarmupBoundTest {

    @Test
    void theWarmUpEndsByItselfAtItsTimeBound() throws InterruptedException {
        long bound = 300_000_000L;   // 0.3 s instead of the 10 s of JitWarmup.MAX_NANOS
        long start = System.nanoTime();
        JitWarmup warmup = JitWarmup.start(() -> {
            Sequential net = new Sequential(DType.F32, 3, new Dense(8, 16), new ReLU(), new Dense(16, 3));
            net.compile(new SoftmaxCrossEntropy(), new Adam());
            return net;
        }, 8, 3, 4, bound);
        while (warmup.running() && System.nanoTime() - start < 30_000_000_000L) {
            Thread.sleep(20);
        }
        long took = System.nanoTime() - start;
        assertFalse(warmup.running(), "the warm-up still ran after 30 s; its bound was 0.3 s");
        assertTrue(took >= bound, "it stopped after " + took + " ns, before its bound");
        assertTrue(took < JitWarmup.MAX_NANOS / 2, "it stopped after " + took + " ns: not at its bound of 0.3 s");
        assertNull(warmup.failure());
        int epochs = warmup.epochs();
        assertTrue(epochs > 0, "it trained no epoch in 0.3 s");
        Thread.sleep(100);
        assertEquals(epochs, warmup.epochs(), "it went on training after it stopped");
        assertEquals(epochs, warmup.finish().epochs(), "finish() after the end is harmless");
    }
}
