package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.regula.core.DType;
import dev.regula.nn.Callback;
import dev.regula.nn.Dense;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sgd;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The schedules' rates, worked out by hand, as fit would drive them. */
class LearningRateScheduleTest {

    private static Sequential model(double lr) {
        return new Sequential(DType.F64, 1, new Dense(2, 2)).compile(new SoftmaxCrossEntropy(), new Sgd(lr));
    }

    @Test
    void cosineStartsAtTheInitialRateAndHalvesInTheMiddle() {
        Sequential model = model(0.1);
        LearningRateSchedule s = LearningRateSchedule.cosine(0.0);
        s.onTrainBegin(model, new Callback.TrainInfo(0, 4, 10, 1, List.of("loss")));
        s.onEpochBegin(1);
        assertEquals(0.1, model.optimizer().learningRate(), 1e-15);
        s.onEpochBegin(3);                                       // t = 2/4: cos(π/2) = 0 → lr₀/2
        assertEquals(0.05, model.optimizer().learningRate(), 1e-15);
        s.onEpochBegin(4);                                       // t = 3/4: (1 − √2/2)/2 · 0.1
        assertEquals(0.1 * (1 - Math.sqrt(0.5)) / 2, model.optimizer().learningRate(), 1e-15);
    }

    @Test
    void cosineEndsNearTheFloor() {
        Sequential model = model(1e-3);
        LearningRateSchedule s = LearningRateSchedule.cosine(1e-5);
        s.onTrainBegin(model, new Callback.TrainInfo(0, 2, 10, 1, List.of("loss")));
        assertEquals(1e-5 + (1e-3 - 1e-5) * 0.5, s.rate(2), 1e-15);
    }

    @Test
    void stepDecayMultipliesEveryFewEpochs() {
        Sequential model = model(1.0);
        LearningRateSchedule s = LearningRateSchedule.stepDecay(0.5, 2);
        s.onTrainBegin(model, new Callback.TrainInfo(0, 6, 10, 1, List.of("loss")));
        assertEquals(1.0, s.rate(1));
        assertEquals(1.0, s.rate(2));
        assertEquals(0.5, s.rate(3));
        assertEquals(0.25, s.rate(5));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(1.5, 2));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.stepDecay(0.5, 0));
        assertThrows(IllegalArgumentException.class, () -> LearningRateSchedule.cosine(-1));
    }
}
