package dev.regula.core.gemm;

/**
 * Work cut in two parts run at the same time, the first on the calling thread and the second on
 * {@link VectorGemm}'s helper thread: for the passes of a training step that are not GEMMs but
 * are long enough to gain from the second core (Adam's update of a weight matrix, batch norm's
 * columns), and far too short for a thread pool's wake-up (tens of microseconds).
 *
 * <p>The helper is the GEMM's and follows its protocol ({@link GemmHelper}): it takes the second
 * part if it is spinning, and the caller takes it itself, after its own, if the helper has not
 * started it (the helper is napping, descheduled, or busy with another caller's GEMM). So the
 * parts must give the same result whichever thread runs them and in whatever order: each part
 * writes its own elements, from inputs no part writes.
 *
 * <p>A job is an object the caller keeps and fills with its arguments before each run, so that
 * a run allocates nothing (a lambda capturing the arguments would be a new object each time).
 */
public final class TwoThreads {
    /** The name of the helper thread (for tools that look at it, such as a per-thread allocation count). */
    public static final String HELPER_THREAD_NAME = "regula-gemm-helper";

    /** Work in two parts, {@code part(0)} and {@code part(1)}, that write disjoint elements. */
    public interface Parts {
        /**
         * Computes one part.
         *
         * @param which 0 or 1
         */
        void part(int which);
    }

    private TwoThreads() {}

    /** @return whether {@link #run} uses two threads (the GEMM's default thread count is 2) */
    public static boolean available() {
        return VectorGemm.INSTANCE.threads() == 2;
    }

    /**
     * Runs {@code job.part(0)} on the calling thread and {@code job.part(1)} on the helper, or
     * both on the calling thread when {@link #available()} is false or the helper is serving
     * another caller; returns when both are done. An exception thrown by part 1 on the helper is
     * thrown here.
     *
     * @param job the two parts
     */
    public static void run(Parts job) {
        GemmHelper helper = available() ? GemmHelper.get() : null;
        if (helper == null || !helper.lock.tryLock()) {
            job.part(0);
            job.part(1);
            return;
        }
        try {
            helper.postParts(job);
            try {
                job.part(0);
            } finally {
                helper.finishJob(null);
            }
        } finally {
            helper.lock.unlock();
        }
    }

    /**
     * Where part 0 of n elements ends and part 1 begins: n/2 rounded up to a multiple of 16, so
     * that the parts share no 64-byte line of a float array and no vector straddles the cut.
     *
     * @param n the number of elements
     * @return the cut, in [0, n]
     */
    public static int cut(int n) {
        return Math.min(n, (n / 2 + 15) & ~15);
    }

    /**
     * Where part {@code which} of n elements begins: 0, or {@link #cut(int)}.
     *
     * @param which 0 or 1
     * @param n     the number of elements
     * @return the first element of the part
     */
    public static int from(int which, int n) {
        return which == 0 ? 0 : cut(n);
    }

    /**
     * Where part {@code which} of n elements ends (exclusive): {@link #cut(int)}, or n.
     *
     * @param which 0 or 1
     * @param n     the number of elements
     * @return one past the last element of the part
     */
    public static int to(int which, int n) {
        return which == 0 ? cut(n) : n;
    }
}
