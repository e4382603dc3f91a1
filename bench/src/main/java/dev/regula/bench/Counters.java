package dev.regula.bench;

import org.openjdk.jmh.annotations.AuxCounters;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The natural units of the JMH benchmarks, as secondary results. A benchmark takes one of these
 * states as an argument and adds the work of each call; JMH divides the total by the measured
 * time, so each column reads as a rate:
 * <ul>
 *   <li>{@link Gflop}: {@code gflop} = 10⁹ floating-point operations per second (GFLOP/s), for the
 *       GEMM-bound benchmarks; a Dense layer's flops are counted in {@link LayerProblem};</li>
 *   <li>{@link Gelem}: {@code gelem} = 10⁹ elements of the activation per second, for the
 *       element-wise and column-wise passes (ReLU, dropout, batch norm);</li>
 *   <li>{@link Images}: {@code images} = examples (rows of the batch) per second, for the loss and
 *       the training step (which takes {@link Gflop} too).</li>
 * </ul>
 * Adding to a {@code double} field allocates nothing, so {@code -prof gc} still shows the
 * benchmarked code's own bytes per operation.
 */
public final class Counters {
    private Counters() {}

    /** GFLOP done; reads in GFLOP/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Gflop {
        public double gflop;

        @Setup(Level.Iteration)
        public void reset() {
            gflop = 0;
        }

        void add(long flops) {
            gflop += flops * 1e-9;
        }
    }

    /** 10⁹ elements processed; reads in Gelem/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Gelem {
        public double gelem;

        @Setup(Level.Iteration)
        public void reset() {
            gelem = 0;
        }

        void add(long elements) {
            gelem += elements * 1e-9;
        }
    }

    /** Examples (rows) processed; reads in images/s. */
    @State(Scope.Thread)
    @AuxCounters(AuxCounters.Type.OPERATIONS)
    public static class Images {
        public double images;

        @Setup(Level.Iteration)
        public void reset() {
            images = 0;
        }

        void add(int rows) {
            images += rows;
        }
    }
}
