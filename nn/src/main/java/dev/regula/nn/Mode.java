package dev.regula.nn;

/**
 * Whether a forward pass is part of training or not. There is no global flag: every
 * {@link Layer#forward} takes the mode explicitly, and {@code evaluate}/{@code predict} always pass
 * {@link #INFERENCE}.
 */
public enum Mode {
    /** Training: layers cache what backward needs; dropout drops, batch norm uses batch statistics. */
    TRAIN,
    /** Inference: deterministic; dropout is the identity, batch norm uses running statistics. */
    INFERENCE
}
