package dev.regula.core;

/**
 * The element type of a {@link Matrix}.
 *
 * <p>Training runs in {@link #F32} by default, as every peer does; gradient checks, golden tests
 * and {@code --dtype f64} run in {@link #F64}. A layer is written once against {@link Ops}, which
 * has one implementation per dtype.
 */
public enum DType {
    /** 32-bit IEEE float, stored in an EJML {@code FMatrixRMaj}. */
    F32,
    /** 64-bit IEEE double, stored in an EJML {@code DMatrixRMaj}. */
    F64;

    /**
     * Parses {@code f32} or {@code f64}, case-insensitive (also {@code float32}/{@code float} and
     * {@code float64}/{@code double}).
     *
     * @param name the text to parse
     * @return the dtype it names
     * @throws IllegalArgumentException naming the argument and the value received otherwise
     */
    public static DType parse(String name) {
        if (name != null) {
            switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "f32": case "float32": case "float": return F32;
                case "f64": case "float64": case "double": return F64;
                default: break;
            }
        }
        throw new IllegalArgumentException(
                "Invalid value for dtype: expected f32 or f64, received: " + name);
    }
}
