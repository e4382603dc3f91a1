package dev.regula.core;

import java.util.Locale;

/**
 * Whether the fast F32 kernels run, or the readable loops they are tested against.
 *
 * <p>Every layer, optimizer and op holds its math once, as a plain loop (see the package
 * javadoc). Some F32 loops have a kernel beside them, named {@code …KernelF32}, that computes the
 * same thing a vector at a time through the {@code jdk.incubator.vector} API, with the same bits
 * (a few F64 loops have one too, named {@code …KernelF64}, run when {@link #fastF64()} is true).
 * The kernels run when {@link #fastF32()} is true: when the module is present (the {@code ./regula}
 * launcher and the tests pass {@code --add-modules jdk.incubator.vector}) and the system property
 * {@value #PROPERTY} is not {@code readable}.
 *
 * <p>{@code -D}{@value #PROPERTY}{@code =readable} forces the readable loops everywhere, e.g. to
 * step through them in a debugger; because every kernel gives the bits of its loop, no number
 * changes, only the speed. The other value is {@code fast} (the default). GEMM has its own choice,
 * {@code regula.gemm} ({@link dev.regula.core.gemm.Gemm}): its readable oracle, {@code naive},
 * sums in another order and so gives other bits.
 */
public final class Kernels {
    /** The system property that chooses: {@code fast} (default) or {@code readable}. */
    public static final String PROPERTY = "regula.kernels";

    /** True when the jdk.incubator.vector module is in the boot layer. */
    private static final boolean VECTOR_MODULE = ModuleLayer.boot().findModule("jdk.incubator.vector").isPresent();
    private static final boolean FAST_F32 = VECTOR_MODULE && parse(System.getProperty(PROPERTY));

    private Kernels() {}

    /**
     * True when the F32 kernels run instead of their loops: the Vector API module is present and
     * {@value #PROPERTY} is not {@code readable}. Fixed for the life of the JVM.
     *
     * @return whether the Vector API kernels are used for F32
     */
    public static boolean fastF32() {
        return FAST_F32;
    }

    /**
     * True when the F64 kernels (the few double loops that have one, such as batch norm's) run
     * instead of their loops: the same condition as {@link #fastF32()}.
     *
     * @return whether the Vector API kernels are used for F64
     */
    public static boolean fastF64() {
        return FAST_F32;
    }

    /**
     * {@link #fastF32()} or {@link #fastF64()}, for the dtype.
     *
     * @param dtype F32 or F64
     * @return whether the Vector API kernels are used for that dtype
     */
    public static boolean fast(DType dtype) {
        return dtype == DType.F32 ? fastF32() : fastF64();
    }

    /** @return true when the {@code jdk.incubator.vector} module is present, whatever {@value #PROPERTY} says */
    public static boolean vectorModulePresent() {
        return VECTOR_MODULE;
    }

    /**
     * The value of {@value #PROPERTY}: null or {@code fast} → true, {@code readable} → false.
     *
     * @throws IllegalArgumentException naming the property and the value received otherwise
     */
    static boolean parse(String value) {
        if (value == null) {
            return true;
        }
        switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "fast": return true;
            case "readable": return false;
            default:
                throw new IllegalArgumentException("Invalid value for " + PROPERTY
                        + ": expected fast or readable, received: " + value);
        }
    }
}
