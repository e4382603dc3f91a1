package dev.regula.core.gemm;

import java.util.Locale;

/**
 * Chooses a {@link GemmKernel}.
 *
 * <p>{@link #auto()} returns the engine's own Vector API kernel when the
 * {@code jdk.incubator.vector} module is in the boot layer (the {@code ./regula} launcher and the
 * tests pass {@code --add-modules jdk.incubator.vector}), and EJML otherwise. The system property
 * {@code regula.gemm} ({@code naive}, {@code ejml} or {@code vector}) overrides the choice.
 *
 * <p>The fallback is loud: when the module is missing and no kernel is forced, the first GEMM
 * prints one line on standard error naming the flag to add (EJML's kernel is about ten times
 * slower here, and its results differ from the vector kernel's in the last bits). To make the
 * missing module an error instead, run with {@code -Dregula.gemm=vector}; to choose EJML
 * knowingly and silence the warning, {@code -Dregula.gemm=ejml}.
 */
public final class Gemm {
    private static final String VECTOR_CLASS = "dev.regula.core.gemm.VectorGemm";
    private static volatile GemmKernel auto;

    /** The line {@link #auto()} prints once when it falls back to EJML because the module is missing. */
    static final String FALLBACK_WARNING = "regula: WARNING: the jdk.incubator.vector module is missing, so Regula"
            + " falls back to EJML and plain loops (about 10x slower, last digits differ); run java with"
            + " --add-modules jdk.incubator.vector (or -Dregula.gemm=ejml to choose this, -Dregula.gemm=vector to fail)";

    private Gemm() {}

    /**
     * Whether the Vector API can be used.
     *
     * @return true when the {@code jdk.incubator.vector} module is present in this JVM
     */
    public static boolean isVectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /**
     * The kernel used by {@link dev.regula.core.Ops}, chosen on the first call.
     *
     * @return the kernel forced by {@code regula.gemm}, else the vector kernel when its module is
     *         present, else EJML's (with a one-line warning on standard error)
     * @throws IllegalStateException when {@code regula.gemm=vector} and the module is missing
     * @throws IllegalArgumentException when {@code regula.gemm} names no kernel
     */
    public static GemmKernel auto() {
        GemmKernel k = auto;
        return k != null ? k : choose();
    }

    /** The first call of {@link #auto()}: chooses the kernel, and warns once when falling back. */
    private static synchronized GemmKernel choose() {
        if (auto == null) {
            String forced = System.getProperty("regula.gemm");
            if (forced != null) {
                auto = byName(forced);
            } else if (isVectorAvailable()) {
                auto = vector();
            } else {
                System.err.println(FALLBACK_WARNING);
                auto = EjmlGemm.INSTANCE;
            }
        }
        return auto;
    }

    /**
     * The kernel named {@code naive}, {@code ejml} or {@code vector}.
     *
     * @param name the kernel's name, in any case
     * @return the kernel
     * @throws IllegalArgumentException for any other name
     * @throws IllegalStateException for {@code vector} without the module
     */
    public static GemmKernel byName(String name) {
        switch (name.toLowerCase(Locale.ROOT)) {
            case "naive": return NaiveGemm.INSTANCE;
            case "ejml": return EjmlGemm.INSTANCE;
            case "vector": return vector();
            default:
                throw new IllegalArgumentException(
                        "Invalid GEMM kernel: expected naive, ejml or vector, received: " + name);
        }
    }

    /**
     * The Vector API kernel, loaded reflectively so that this class works without the module.
     *
     * @return the kernel with the default number of threads
     * @throws IllegalStateException when the {@code jdk.incubator.vector} module is absent
     */
    public static GemmKernel vector() {
        if (!isVectorAvailable()) {
            throw new IllegalStateException("The vector GEMM kernel (regula.gemm=vector) needs the jdk.incubator.vector"
                    + " module; run java with --add-modules jdk.incubator.vector");
        }
        try {
            return (GemmKernel) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot load " + VECTOR_CLASS, e);
        }
    }
}
