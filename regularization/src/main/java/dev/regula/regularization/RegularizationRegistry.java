package dev.regula.regularization;

import dev.regula.nn.Registry;

/**
 * Registers this module's layers, penalties, constraints and optimizers with nn's
 * {@link Registry}, so that checkpoints that use them can be loaded. Listed in
 * {@code META-INF/services/dev.regula.nn.Registry$Provider}.
 */
public final class RegularizationRegistry implements Registry.Provider {
    @Override
    public void register(Registry r) {
        r.layer("Dropout", c -> new Dropout(c.number("keepProb")));
        r.layer("GaussianNoise", c -> new GaussianNoise(c.number("stddev")));
        r.layer("GaussianDropout", c -> new GaussianDropout(c.number("rate")));
        r.layer("ActivityRegularization", c -> new ActivityRegularization(c.number("l1"), c.number("l2")));
        r.layer("BatchNormalization", c -> {
            BatchNormalization bn = new BatchNormalization(c.integer("features"), c.number("momentum"), c.number("epsilon"),
                    dev.regula.nn.Convention.parse(c.raw("convention")));
            bn.setUpdateRunningStatistics(c.bool("updateRunningStatistics"));
            bn.setTrainable(c.bool("trainable"));
            return bn;
        });
        r.penalty("L1", (c, p) -> new L1(p, c.number("lambda")));
        r.penalty("L2", (c, p) -> new L2(p, c.number("lambda")));
        r.penalty("L1L2", (c, p) -> new L1L2(p, c.number("l1"), c.number("l2")));
        r.constraint("MaxNorm", (c, p) -> new MaxNorm(p, c.number("maxNorm")));
        r.optimizer("SgdW", c -> new SgdW(c.number("learningRate"), c.number("weightDecay"), c.number("momentum"),
                c.bool("nesterov")));
    }
}
