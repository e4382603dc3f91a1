package dev.regula.nn;

import dev.regula.core.Parameter;
import java.util.HashMap;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.function.Function;

/**
 * Rebuilds saved components from their {@link Config}: the type name of each layer, penalty,
 * constraint, optimizer and loss maps to a factory. nn's own types are registered here; other
 * modules add theirs through a {@link Provider} listed in
 * {@code META-INF/services/dev.regula.nn.Registry$Provider} (the regularization module does).
 */
public final class Registry {
    /** Registers a module's types. */
    public interface Provider {
        /**
         * Registers the module's types, called once when {@link #get()} first loads providers.
         *
         * @param registry the registry to add factories to
         */
        void register(Registry registry);
    }

    /**
     * Makes a penalty or constraint on a parameter of the model.
     *
     * @param <T> {@link Penalty} or {@link Constraint}
     */
    public interface ParameterFactory<T> {
        /**
         * @param config the saved description, with the parameter's name under {@code "parameter"}
         * @param parameter the model's parameter that config names
         * @return the penalty or constraint on that parameter
         */
        T create(Config config, Parameter parameter);
    }

    private static Registry instance;

    private final Map<String, Function<Config, Layer>> layers = new HashMap<>();
    private final Map<String, ParameterFactory<Penalty>> penalties = new HashMap<>();
    private final Map<String, ParameterFactory<Constraint>> constraints = new HashMap<>();
    private final Map<String, Function<Config, Optimizer>> optimizers = new HashMap<>();
    private final Map<String, Function<Config, Loss>> losses = new HashMap<>();

    private Registry() {
        layer("Dense", c -> new Dense(c.integer("nIn"), c.integer("nOut"), Initializer.parse(c.string("kernelInitializer"))));
        layer("ReLU", c -> new ReLU());
        layer("Sigmoid", c -> new Sigmoid());
        layer("Tanh", c -> new Tanh());
        layer("Softmax", c -> new Softmax());
        optimizer("Sgd", c -> new Sgd(c.number("learningRate"), c.number("momentum"), c.bool("nesterov")));
        // "convention" is absent from files written before it existed (and for the default): Keras.
        optimizer("RmsProp", c -> new RmsProp(c.number("learningRate"), c.number("rho"), c.number("epsilon"),
                Convention.parse(c.raw("convention"))));
        optimizer("Adam", c -> new Adam(c.number("learningRate"), c.number("beta1"), c.number("beta2"), c.number("epsilon"),
                Convention.parse(c.raw("convention"))));
        optimizer("AdamW", c -> new AdamW(c.number("learningRate"), c.number("weightDecay"), c.number("beta1"),
                c.number("beta2"), c.number("epsilon"), Convention.parse(c.raw("convention"))));
        loss("softmax_cross_entropy", c -> new SoftmaxCrossEntropy());
        loss("binary_cross_entropy", c -> new BinaryCrossEntropy(Convention.parse(c.raw("convention"))));
        loss("mse", c -> new MeanSquaredError());
    }

    /** @return the registry, with every {@link Provider} on the class path loaded once */
    public static synchronized Registry get() {
        if (instance == null) {
            Registry r = new Registry();
            for (Provider p : ServiceLoader.load(Provider.class)) {
                p.register(r);
            }
            instance = r;
        }
        return instance;
    }

    /**
     * Registers a layer type, replacing any factory already registered under that name.
     *
     * @param type the {@code "type"} a layer's config() writes, e.g. "Dropout"
     * @param factory builds the layer from its config
     */
    public void layer(String type, Function<Config, Layer> factory) {
        layers.put(type, factory);
    }

    /**
     * Registers a penalty type, replacing any factory already registered under that name.
     *
     * @param type the {@code "type"} a penalty's config() writes, e.g. "L2"
     * @param factory builds the penalty from its config and parameter
     */
    public void penalty(String type, ParameterFactory<Penalty> factory) {
        penalties.put(type, factory);
    }

    /**
     * Registers a constraint type, replacing any factory already registered under that name.
     *
     * @param type the {@code "type"} a constraint's config() writes, e.g. "MaxNorm"
     * @param factory builds the constraint from its config and parameter
     */
    public void constraint(String type, ParameterFactory<Constraint> factory) {
        constraints.put(type, factory);
    }

    /**
     * Registers an optimizer type, replacing any factory already registered under that name.
     *
     * @param type the {@code "type"} an optimizer's config() writes, e.g. "SgdW"
     * @param factory builds the optimizer from its config
     */
    public void optimizer(String type, Function<Config, Optimizer> factory) {
        optimizers.put(type, factory);
    }

    /**
     * Registers a loss type, replacing any factory already registered under that name.
     *
     * @param type the loss's {@link Loss#name()}
     * @param factory builds the loss from its config
     */
    public void loss(String type, Function<Config, Loss> factory) {
        losses.put(type, factory);
    }

    Layer createLayer(Config c) {
        return find(layers, c, "layer").apply(c);
    }

    Penalty createPenalty(Config c, Parameter p) {
        return find(penalties, c, "penalty").create(c, p);
    }

    Constraint createConstraint(Config c, Parameter p) {
        return find(constraints, c, "constraint").create(c, p);
    }

    Optimizer createOptimizer(Config c) {
        return find(optimizers, c, "optimizer").apply(c);
    }

    Loss createLoss(Config c) {
        return find(losses, c, "loss").apply(c);
    }

    /**
     * The types that the regula-regularization module registers, so that a checkpoint using one of
     * them without that module on the class path says which module to add. Kept equal to
     * RegularizationRegistry by its test.
     */
    static final java.util.Set<String> REGULARIZATION_TYPES = java.util.Set.of("Dropout", "GaussianNoise",
            "GaussianDropout", "ActivityRegularization", "BatchNormalization", "L1", "L2", "L1L2", "MaxNorm", "SgdW");

    private static <T> T find(Map<String, T> map, Config c, String kind) {
        T f = map.get(c.type());
        if (f == null && REGULARIZATION_TYPES.contains(c.type())) {
            throw new IllegalArgumentException(c.where() + ": " + kind + " type \"" + c.type() + "\" is in the"
                    + " regula-regularization module, which is not on the class path: add the dependency"
                    + " dev.regula:regula-regularization (in a fat jar of your own, merge the META-INF/services"
                    + " files, e.g. with maven-shade-plugin's ServicesResourceTransformer)");
        }
        if (f == null) {
            throw new IllegalArgumentException(c.where() + ": unknown " + kind + " type \"" + c.type()
                    + "\"; known: " + new java.util.TreeSet<>(map.keySet()));
        }
        return f;
    }
}
