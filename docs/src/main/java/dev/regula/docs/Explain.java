package dev.regula.docs;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The numeric walkthroughs behind {@code regula explain TOPIC} and the worked examples of the
 * chapters in {@code docs/}: each one runs the engine's own classes on a tiny problem (a handful of
 * examples, 3 inputs, 2-3 hidden units, F64, fixed seeds) and prints every step with its formula
 * and its matrix, the values computed by hand beside the engine's, and a gradient check.
 *
 * <p>The text is deterministic: the same topic gives the same string, on every call, for a given
 * GEMM kernel (the tests and {@code ./regula} both use the Vector API kernel). It holds no timings.
 */
public final class Explain {
    private Explain() {}

    private record Topic(String summary, Supplier<String> walkthrough) {}

    private static final Map<String, Topic> TOPICS = new LinkedHashMap<>();

    static {
        add("dense", "a fully connected layer: Z = X·W + b, and dW = Xᵀ·dZ, db = Σ dZ, dX = dZ·Wᵀ",
                BasicsTopics::dense);
        add("relu", "the rectified linear unit: A = max(Z, 0), dZ = dA ⊙ [Z > 0]", BasicsTopics::relu);
        add("sigmoid", "the logistic sigmoid with binary cross-entropy: dZ = (A − Y)/m", BasicsTopics::sigmoid);
        add("softmax-cross-entropy", "softmax and cross-entropy fused through log-sum-exp: dZ = (P − Y)/m",
                BasicsTopics::softmaxCrossEntropy);
        add("init", "weight initializers (glorot, he, lecun) and why their variance matters",
                BasicsTopics::init);
        add("gradient-check", "central differences against backprop: how every gradient in Regula is verified",
                BasicsTopics::gradientCheck);
        add("adam", "the Adam optimizer step by step: moments, bias correction, the update", AdamTopic::walkthrough);
        add("l2", "the L2 penalty λ·Σw² (Keras's l2): dW += 2λ·W, and the seeds' λ/2m form", PenaltyTopics::l2);
        add("l1", "the L1 penalty λ·Σ|w| (Keras's l1): dW += λ·sign(W), and the seeds' mistakes", PenaltyTopics::l1);
        add("weight-decay", "decoupled weight decay (SgdW, AdamW) against an L2 penalty, under SGD and Adam",
                PenaltyTopics::weightDecay);
        add("max-norm", "the max-norm constraint: each unit's incoming weights projected to ‖w‖ ≤ c",
                PenaltyTopics::maxNorm);
        add("dropout", "inverted dropout with keepProb: A ⊙ D / keepProb, the same mask in backward",
                DropoutTopic::walkthrough);
        add("batchnorm", "batch normalization: x̂ = (X − μ)/sqrt(σ² + ε), Y = γ·x̂ + β, running statistics",
                BatchNormTopic::walkthrough);
        add("early-stopping", "stop when the validation loss stops improving, and restore the best weights",
                EarlyStoppingTopic::walkthrough);
        add("augmentation", "random flips, rotations and shifts of training images, as one affine map",
                DataTopics::augmentation);
        add("zca", "ZCA whitening: W = U·diag(1/sqrt(λ + ε))·Uᵀ from the training covariance", DataTopics::zca);
        add("seeds", "the seed articles' columns-as-examples form translated to Regula's rows, and their mistakes",
                SeedsTopic::walkthrough);
    }

    private static void add(String name, String summary, Supplier<String> walkthrough) {
        TOPICS.put(name, new Topic(summary, walkthrough));
    }

    /** The topics, in reading order. */
    public static List<String> topics() {
        return List.copyOf(TOPICS.keySet());
    }

    /**
     * One line saying what {@code topic} is about.
     *
     * @throws IllegalArgumentException for an unknown topic, listing the known ones
     */
    public static String summary(String topic) {
        return topic(topic).summary();
    }

    /**
     * The walkthrough of {@code topic}: every step with its formula and matrix, ending in a
     * gradient check where the topic has a backward pass.
     *
     * @throws IllegalArgumentException for an unknown topic, listing the known ones
     */
    public static String explain(String topic) {
        return topic(topic).walkthrough().get();
    }

    private static Topic topic(String name) {
        Topic t = name == null ? null : TOPICS.get(name);
        if (t == null) {
            List<String> known = new ArrayList<>(TOPICS.keySet());
            throw new IllegalArgumentException("Unknown topic: expected one of " + String.join(", ", known)
                    + ", received: " + name);
        }
        return t;
    }
}
