package dev.regula.nn;

import java.util.Locale;

/**
 * Whose conventions a component follows where Keras and PyTorch compute different numbers.
 * {@link #KERAS} is the default everywhere (the seed articles are Keras articles); a PyTorch user
 * who wants to reproduce a run passes {@link #PYTORCH} to the constructor of the classes below.
 * docs/conventions.md has the whole table; the conformance suite checks both against torch.
 *
 * <pre>
 *                        KERAS                                   PYTORCH
 * Adam, AdamW            w −= α·m/(√v + ε),                      w −= (lr/(1 − β₁ᵗ))·m/(√v/√(1 − β₂ᵗ) + ε)
 *                        α = lr·√(1 − β₂ᵗ)/(1 − β₁ᵗ)             (ε added to the corrected √v̂)
 * RmsProp                w −= lr·g/√(v + ε)                      w −= lr·g/(√v + ε)
 * BatchNormalization     running ← μ·running + (1 − μ)·batch     running ← (1 − μ)·running + μ·batch
 *                        (momentum μ = the old value's weight),  (momentum μ = the new value's weight),
 *                        biased batch variance (÷ m)             unbiased batch variance (÷ (m − 1))
 * BinaryCrossEntropy     p clipped to [1e-7, 1 − 1e-7],          each log clamped at −100, gradient
 *                        gradient 0 where clipped                (p − y)/max(p(1 − p), 1e-12)
 * </pre>
 * Only the formula changes: the hyperparameters stay whatever the constructor is given (PyTorch's
 * defaults differ too, e.g. Adam's ε = 1e-8, batch norm's momentum 0.1 and ε = 1e-5, RMSprop's
 * ρ = 0.99; pass them explicitly).
 */
public enum Convention {
    /** Keras's formulas: the default. */
    KERAS,
    /** PyTorch's formulas (torch.optim, torch.nn). */
    PYTORCH;

    /**
     * "keras" or "pytorch" (any case); null, for a config written before conventions existed, is KERAS.
     *
     * @param value the config's value (its {@code toString()} is parsed), or null
     * @return the convention
     * @throws IllegalArgumentException naming the value received otherwise
     */
    public static Convention parse(Object value) {
        if (value == null) {
            return KERAS;
        }
        String s = value.toString().toLowerCase(Locale.ROOT);
        switch (s) {
            case "keras": return KERAS;
            case "pytorch": return PYTORCH;
            default:
                throw new IllegalArgumentException("Invalid value for convention: expected keras or pytorch, received: " + value);
        }
    }

    /** @return the name a config or spec file uses: "keras" or "pytorch" */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Rejects null where a convention is required, naming the argument.
     *
     * @param c the convention received
     * @return c
     * @throws IllegalArgumentException when c is null
     */
    public static Convention require(Convention c) {
        if (c == null) {
            throw new IllegalArgumentException("Invalid value for convention: expected KERAS or PYTORCH, received: null");
        }
        return c;
    }
}
