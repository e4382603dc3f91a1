package dev.regula.core.gemm;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one helper thread of {@link VectorGemm} (also running the second part of a
 * {@link TwoThreads} job), and the protocol between it and a caller (the
 * "Threads" section of {@link VectorGemm}'s javadoc says when it is used and why it spins). A
 * job is the fields below, written by the caller and published by the volatile write of
 * {@code posted}; whoever takes job j first (the helper when it sees it, or the caller when done
 * with its own part) moves {@code claimed} from j-1 to j and computes it. When the helper took
 * it, the caller waits for {@code finished} = j. So the caller never waits for a helper that has
 * not started. Only the holder of {@code lock} posts.
 *
 * <p>The helper is never woken by the caller: it spins, then naps on a timer. On this 2-core
 * VM a thread woken by {@code unpark} from a busy thread was at times placed on the waker's
 * core (100 times out of 100 in one measurement, 0 in another an hour later), where it can
 * only slow the caller down; a thread woken by its own timer landed on the idle core in both.
 */
final class GemmHelper implements Runnable {
    private static final long FIRST_NAP_NANOS = 50_000;
    private static final long LONGEST_NAP_NANOS = 10_000_000;
    /** A spinning helper on a core of its own sees a job within a microsecond or so. */
    private static final long LATE_NANOS = 50_000;
    private static volatile GemmHelper instance;

    final ReentrantLock lock = new ReentrantLock();
    private final long spinNanos;
    private final PackingBuffers buffers = new PackingBuffers();
    private final Thread thread;

    private volatile long posted;   // the number of the latest job
    private final AtomicLong claimed = new AtomicLong(); // the latest job taken, by helper or caller
    private volatile long finished; // the latest job the helper completed

    private TwoThreads.Parts parts;   // a job of TwoThreads: part 1 of it; null for a GEMM job
    private boolean f32;
    private boolean transA, transB, accumulate;
    private int m, n, k, i0, i1, j0, j1;
    private float[] af, bf, cf;
    private double[] ad, bd, cd;
    private Throwable failure;
    private long postedAt;           // when the caller posted the job (System.nanoTime)
    private boolean sawWhileSpinning; // the helper's own: found the latest job by spinning, not napping
    private long spinStart;           // the helper's own: when it started spinning for it

    private GemmHelper(long spinNanos) {
        this.spinNanos = spinNanos;
        thread = new Thread(this, TwoThreads.HELPER_THREAD_NAME);
        thread.setDaemon(true);
    }

    static GemmHelper get() {
        GemmHelper h = instance;
        if (h == null) {
            synchronized (GemmHelper.class) {
                h = instance;
                if (h == null) {
                    long micros = Long.getLong("regula.gemm.spinMicros", VectorGemm.DEFAULT_SPIN_MICROS);
                    if (micros < 0) {
                        throw new IllegalArgumentException(
                                "Invalid value for regula.gemm.spinMicros: expected >= 0, received: " + micros);
                    }
                    h = new GemmHelper(micros * 1000);
                    h.thread.start();
                    instance = h;
                }
            }
        }
        return h;
    }

    void postParts(TwoThreads.Parts job) {
        this.parts = job;
        this.failure = null;
        postedAt = System.nanoTime();
        posted = posted + 1;
    }

    void postF32(boolean transA, boolean transB, int m, int n, int k, float[] a, float[] b, float[] c,
                 boolean accumulate, int i0, int i1, int j0, int j1) {
        this.parts = null;
        this.f32 = true;
        this.af = a;
        this.bf = b;
        this.cf = c;
        setShape(transA, transB, m, n, k, accumulate, i0, i1, j0, j1);
        postedAt = System.nanoTime();
        posted = posted + 1;
    }

    void postF64(boolean transA, boolean transB, int m, int n, int k, double[] a, double[] b, double[] c,
                 boolean accumulate, int i0, int i1, int j0, int j1) {
        this.parts = null;
        this.f32 = false;
        this.ad = a;
        this.bd = b;
        this.cd = c;
        setShape(transA, transB, m, n, k, accumulate, i0, i1, j0, j1);
        postedAt = System.nanoTime();
        posted = posted + 1;
    }

    private void setShape(boolean transA, boolean transB, int m, int n, int k, boolean accumulate,
                          int i0, int i1, int j0, int j1) {
        this.transA = transA;
        this.transB = transB;
        this.m = m;
        this.n = n;
        this.k = k;
        this.accumulate = accumulate;
        this.i0 = i0;
        this.i1 = i1;
        this.j0 = j0;
        this.j1 = j1;
        this.failure = null;
    }

    /**
     * Completes the posted job: if the helper has not claimed it yet (it is napping, or
     * descheduled, or shares the caller's core), the caller computes the helper's part itself
     * with its own buffers instead of waiting; otherwise it waits for the helper to finish.
     * Either way the result is the same, bit for bit.
     */
    void finishJob(PackingBuffers callerBuffers) {
        long job = posted;
        try {
            if (claimed.compareAndSet(job - 1, job)) {
                runJob(callerBuffers);
                return;
            }
            for (int spins = 1; finished != job; spins++) {
                pause(spins);
            }
            Throwable t = failure;
            if (t != null) {
                failure = null;
                if (t instanceof RuntimeException) throw (RuntimeException) t;
                if (t instanceof Error) throw (Error) t;
                throw new IllegalStateException("The GEMM helper thread failed", t);
            }
        } finally {
            af = bf = cf = null; // let the caller's arrays go
            ad = bd = cd = null;
            parts = null;
        }
    }

    private void runJob(PackingBuffers buffers) {
        if (parts != null) {
            parts.part(1);
        } else if (f32) {
            VectorGemmF32.compute(transA, transB, m, n, k, af, bf, cf, accumulate, i0, i1, j0, j1, buffers);
        } else {
            VectorGemmF64.compute(transA, transB, m, n, k, ad, bd, cd, accumulate, i0, i1, j0, j1, buffers);
        }
    }

    @Override
    public void run() {
        long done = 0;
        boolean late = false;
        while (true) {
            long job = waitForJob(done, late);
            boolean mine = claimed.compareAndSet(job - 1, job); // else the caller took it
            // Late: a spinning helper lost the job to the caller, or saw it long after it was
            // posted, which means it was not running: most likely it shares the caller's core.
            // A helper that found the job on waking from a nap was not late, only asleep: it
            // spins for the next one (napping first, it would wake after the next job too,
            // and the one after, and leave every job to the caller).
            late = sawWhileSpinning
                    && (!mine || System.nanoTime() - Math.max(postedAt, spinStart) > LATE_NANOS);
            if (mine) {
                try {
                    runJob(buffers);
                } catch (Throwable t) {
                    failure = t;
                }
                finished = job;
            }
            done = job;
        }
    }

    /**
     * Waits for a job after {@code done}: spins for up to spinNanos, then naps on a timer,
     * each nap twice as long as the one before, from 50 µs up to 10 ms. After coming too late
     * for a job (see {@link #run()}) it naps first: the usual cause is sharing the caller's
     * core, and a timer wake-up gets it placed again, on the idle core.
     */
    private long waitForJob(long done, boolean late) {
        long nap = FIRST_NAP_NANOS;
        if (late) {
            LockSupport.parkNanos(this, nap);
        }
        long start = System.nanoTime();
        spinStart = start;
        long job;
        boolean spinning = true;
        for (int spins = 1; (job = posted) == done; spins++) {
            if (spinning && System.nanoTime() - start < spinNanos) {
                pause(spins);
            } else {
                spinning = false;
                LockSupport.parkNanos(this, nap);
                nap = Math.min(2 * nap, LONGEST_NAP_NANOS);
            }
        }
        sawWhileSpinning = spinning;
        return job;
    }

    /**
     * One step of a spin: a CPU pause, and every 64th step a {@link Thread#yield()}, so that a
     * spinner that shares its core with the thread it waits for lets that thread run.
     */
    private static void pause(int spins) {
        if ((spins & 63) == 0) {
            Thread.yield();
        } else {
            Thread.onSpinWait();
        }
    }
}
