package dev.regula.core.gemm;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class TwoThreadsTest {

    /** x[i] = i² + 1 on the elements of one part, and which thread ran it. */
    private static final class Squares implements TwoThreads.Parts {
        final double[] x;
        final Thread[] ranOn = new Thread[2];
        final AtomicInteger calls = new AtomicInteger();

        Squares(int n) {
            x = new double[n];
        }

        @Override
        public void part(int which) {
            calls.incrementAndGet();
            ranOn[which] = Thread.currentThread();
            int cut = TwoThreads.cut(x.length);
            for (int i = which == 0 ? 0 : cut; i < (which == 0 ? cut : x.length); i++) {
                x[i] = (double) i * i + 1;
            }
        }
    }

    @Test
    void bothPartsRunOnceAndEveryElementIsWritten() {
        double[] expected = new double[1001];
        for (int i = 0; i < expected.length; i++) {
            expected[i] = (double) i * i + 1;
        }
        for (int round = 0; round < 200; round++) {   // the helper spinning, napping or late
            Squares job = new Squares(1001);
            TwoThreads.run(job);
            assertEquals(2, job.calls.get(), "round " + round);
            assertArrayEquals(expected, job.x, "round " + round);
            assertSame(Thread.currentThread(), job.ranOn[0], "part 0 runs on the caller");
        }
    }

    @Test
    void theCutIsAMultipleOf16NearTheMiddleAndWithinTheRange() {
        assertEquals(0, TwoThreads.cut(0));
        assertEquals(0, TwoThreads.cut(1));
        assertEquals(16, TwoThreads.cut(20));
        assertEquals(512, TwoThreads.cut(1001));
        assertEquals(196_000, TwoThreads.cut(392_000));
        for (int n = 0; n < 300; n++) {
            int cut = TwoThreads.cut(n);
            assertTrue(cut >= 0 && cut <= n, "n=" + n + " cut=" + cut);
            assertTrue(cut == n || cut % 16 == 0, "n=" + n + " cut=" + cut);
            assertEquals(0, TwoThreads.from(0, n));
            assertEquals(cut, TwoThreads.to(0, n));
            assertEquals(cut, TwoThreads.from(1, n));
            assertEquals(n, TwoThreads.to(1, n));
        }
    }

    @Test
    void anExceptionOfEitherPartReachesTheCallerAndTheHelperServesTheNextJob() {
        for (int failing = 0; failing < 2; failing++) {
            int f = failing;
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> TwoThreads.run(which -> {
                if (which == f) {
                    throw new IllegalStateException("part " + which);
                }
            }));
            assertEquals("part " + failing, e.getMessage());
        }
        Squares job = new Squares(64);
        TwoThreads.run(job);
        assertEquals(2, job.calls.get());
        assertEquals(63.0 * 63 + 1, job.x[63]);
    }
}
