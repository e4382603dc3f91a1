package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.core.GradientCheck;
import dev.regula.core.Matrix;
import dev.regula.nn.Dense;
import dev.regula.nn.MeanSquaredError;
import dev.regula.nn.Mode;
import dev.regula.nn.Registry;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.Tanh;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The library edges that involve this module: one-call gradient checks with noise, and the registry. */
class LibraryApiRegularizationTest {

    /** Sequential.gradientCheck fixes the dropout mask itself: no reseed by the caller. */
    @Test
    void aModelWithDropoutAndAPenaltyIsGradientCheckedInOneCall() {
        Dropout d = new Dropout(0.5);
        Dense first = new Dense(4, 6);
        Sequential model = new Sequential(DType.F64, 4, first, new Tanh(), d, new GaussianNoise(0.1), new Dense(6, 3));
        model.addPenalty(new L2(first.kernel(), 0.01));
        model.compile(new MeanSquaredError(), new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 5, 4, -1, 1, 7);
        Matrix t = TestSupport.uniform(DType.F64, 5, 3, -1, 1, 8);
        long[] before = d.rng().state();
        GradientCheck.Report report = model.gradientCheck(x, t);
        assertTrue(report.passed(), report.format());
        assertEquals(java.util.Arrays.toString(before), java.util.Arrays.toString(d.rng().state()),
                "the dropout generator is left where it was");
        // Without fixing the mask, two evaluations of J differ: the check would be meaningless.
        MeanSquaredError loss = new MeanSquaredError();
        assertTrue(loss.forward(model.forward(x, Mode.TRAIN), t) != loss.forward(model.forward(x, Mode.TRAIN), t));
    }

    /**
     * Batch norm's running statistics are state: a gradient check leaves them as they were. The
     * batch norm follows the activation: a Dense bias directly before a batch norm has a gradient
     * that is identically zero (the batch mean removes it), so its central difference is rounding
     * noise alone, about 1e-11 here, right at the default checker's tol·floor = 1e-11, and whether
     * it passed depended on the seed's weights.
     */
    @Test
    void aGradientCheckLeavesBatchNormStateAlone() {
        BatchNormalization bn = new BatchNormalization(3);
        Sequential model = new Sequential(DType.F64, 5, new Dense(4, 3), new Tanh(), bn, new Dense(3, 2));
        model.compile(new MeanSquaredError(), new Sgd(0.1));
        Matrix x = TestSupport.uniform(DType.F64, 6, 4, -1, 1, 9);
        Matrix t = TestSupport.uniform(DType.F64, 6, 2, -1, 1, 10);
        double[] mean = bn.state().get(0).doubles().clone();
        GradientCheck.Report report = model.gradientCheck(x, t);
        assertTrue(report.passed(), report.format());
        assertEquals(java.util.Arrays.toString(mean), java.util.Arrays.toString(bn.state().get(0).doubles()));
    }

    /** nn names this module when a checkpoint needs one of its types: the two lists must agree. */
    @Test
    void nnKnowsWhichTypesThisModuleRegisters() throws Exception {
        Constructor<Registry> fresh = Registry.class.getDeclaredConstructor();
        fresh.setAccessible(true);
        Set<String> nnOnly = types(fresh.newInstance());
        Set<String> ours = types(Registry.get());
        ours.removeAll(nnOnly);
        Field known = Registry.class.getDeclaredField("REGULARIZATION_TYPES");
        known.setAccessible(true);
        assertEquals(ours, new TreeSet<>((Set<?>) known.get(null)));
    }

    private static Set<String> types(Registry r) throws Exception {
        Set<String> all = new TreeSet<>();
        for (String field : new String[] {"layers", "penalties", "constraints", "optimizers", "losses"}) {
            Field f = Registry.class.getDeclaredField(field);
            f.setAccessible(true);
            all.addAll(((Map<?, ?>) f.get(r)).keySet().stream().map(Object::toString).toList());
        }
        return all;
    }
}
