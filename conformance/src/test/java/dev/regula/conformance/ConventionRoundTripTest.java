package dev.regula.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.regula.core.DType;
import dev.regula.nn.Adam;
import dev.regula.nn.BinaryCrossEntropy;
import dev.regula.nn.Checkpoint;
import dev.regula.nn.Convention;
import dev.regula.nn.Dense;
import dev.regula.nn.RmsProp;
import dev.regula.nn.Sequential;
import dev.regula.nn.Sigmoid;
import dev.regula.regularization.BatchNormalization;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A selected convention survives a checkpoint; Keras's stays the default and is not written. */
class ConventionRoundTripTest {

    @Test
    void pyTorchConventionsSurviveACheckpoint(@TempDir Path dir) throws Exception {
        Sequential model = new Sequential(DType.F64, 1, new Dense(3, 2),
                new BatchNormalization(2, 0.1, 1e-5, Convention.PYTORCH), new Sigmoid());
        model.compile(new BinaryCrossEntropy(Convention.PYTORCH), new Adam(1e-3, 0.9, 0.999, 1e-8, Convention.PYTORCH));
        Path file = dir.resolve("model.safetensors");
        Checkpoint.save(model, file, 0, Map.of());
        Sequential loaded = Checkpoint.load(file).model();
        assertEquals(Convention.PYTORCH, ((Adam) loaded.optimizer()).convention());
        assertEquals(Convention.PYTORCH, ((BinaryCrossEntropy) loaded.loss()).convention());
        assertEquals(Convention.PYTORCH, ((BatchNormalization) loaded.layers().get(1)).convention());
    }

    @Test
    void kerasIsTheDefaultAndIsNotWritten() {
        assertEquals(Convention.KERAS, new Adam().convention());
        assertEquals(Convention.KERAS, new RmsProp().convention());
        assertEquals(Convention.KERAS, new BinaryCrossEntropy().convention());
        assertEquals(Convention.KERAS, new BatchNormalization(3).convention());
        assertTrue(!new Adam().config().containsKey("convention"));
        assertEquals("pytorch", new RmsProp(1e-3, 0.99, 1e-8, Convention.PYTORCH).config().get("convention"));
        assertEquals(Convention.KERAS, Convention.parse(null));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Convention.parse("tf"));
        assertEquals("Invalid value for convention: expected keras or pytorch, received: tf", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Adam(1e-3, 0.9, 0.999, 1e-8, null));
    }
}
