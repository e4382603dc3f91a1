package dev.regula.core.gemm;

import java.util.Locale;

/**
 * Chooses a {@link GemmKernel}.
 *
 * <p>{@link #auto()} returns the engine's own Vector API kernel when the
 * {@code jdk.incubator.vector} module is in the boot layer (the {@code ./regula} launcher and the
 * tests pass {@code --add-modules jdk.incubator.vector}), and EJML otherwise. The system property
 * {@code regula.gemm} ({@code naive}, {@code ejml} or {@code vector}) overrides the choice.
 */
public final class Gemm {
    private static final String VECTOR_CLASS = "dev.regula.core.gemm.VectorGemm";
    private static volatile GemmKernel auto;

    private Gemm() {}

    /** True when the {@code jdk.incubator.vector} module is present in this JVM. */
    public static boolean isVectorAvailable() {
        return ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    }

    /** The kernel used by {@link dev.regula.core.Ops}. */
    public static GemmKernel auto() {
        GemmKernel k = auto;
        if (k == null) {
            String forced = System.getProperty("regula.gemm");
            k = forced != null ? byName(forced) : (isVectorAvailable() ? vector() : EjmlGemm.INSTANCE);
            auto = k;
        }
        return k;
    }

    /**
     * The kernel named {@code naive}, {@code ejml} or {@code vector}.
     *
     * @throws IllegalArgumentException for any other name, or {@code vector} without the module
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
     * @throws IllegalStateException when the {@code jdk.incubator.vector} module is absent
     */
    public static GemmKernel vector() {
        if (!isVectorAvailable()) {
            throw new IllegalStateException("The vector GEMM kernel needs the jdk.incubator.vector module;"
                    + " run java with --add-modules jdk.incubator.vector");
        }
        try {
            return (GemmKernel) Class.forName(VECTOR_CLASS).getField("INSTANCE").get(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("Cannot load " + VECTOR_CLASS, e);
        }
    }
}
