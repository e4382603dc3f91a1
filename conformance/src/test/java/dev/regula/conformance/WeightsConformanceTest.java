package dev.regula.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.nn.Checkpoint;
import dev.regula.nn.Dense;
import dev.regula.nn.ReLU;
import dev.regula.nn.Sequential;
import dev.regula.nn.Softmax;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Weights that travel, both ways (src/test/python/regula_torch.py is the Python side).
 * <ul>
 * <li>Regula → PyTorch: {@code regula_mlp_<dtype>} is a checkpoint exactly as Regula writes it
 * (this test checks the bytes); the generator loaded it into a torch {@code nn.Sequential} with
 * {@code regula_torch.load_regula} and stored torch's probabilities on 10 inputs, which Regula's
 * own predictions must equal.</li>
 * <li>PyTorch → Regula: {@code torch_mlp_state_dict_<dtype>} is the {@code state_dict()} of a
 * 6-5-3 {@code nn.Sequential} trained in torch, saved as safetensors; loaded here into Dense
 * layers (each {@code k.weight} transposed into a kernel), it must predict what torch predicted.</li>
 * </ul>
 */
class WeightsConformanceTest {

    @AfterAll
    static void summary() {
        System.out.println(Compare.summary());
    }

    /** The model the Regula → PyTorch fixture holds: seeded, so its bytes are fixed. */
    static Sequential regulaModel(DType dtype) {
        return new Sequential(dtype, 7, new Dense(6, 5), new ReLU(), new Dense(5, 3), new Softmax());
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void regulaModelLoadedInPyTorchPredictsTheSame(String dtype, @TempDir Path dir) throws Exception {
        String name = "regula_mlp_" + dtype + ".safetensors";
        Path written = dir.resolve(name);
        Checkpoint.save(regulaModel(DType.parse(dtype)), written, 0, Map.of());
        String regenerate = System.getProperty("conformance.regulaModelsDir");
        if (regenerate != null) {   // -Dconformance.regulaModelsDir=<repo>/conformance/src/test/resources/fixtures
            Files.copy(written, Path.of(regenerate).resolve(name), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
        byte[] committed;
        try (InputStream in = getClass().getResourceAsStream("/fixtures/" + name)) {
            committed = in.readAllBytes();
        }
        assertArrayEquals(committed, Files.readAllBytes(written), name + " is no longer what Regula writes; rewrite it with"
                + " -Dconformance.regulaModelsDir=<repository>/conformance/src/test/resources/fixtures, then rerun the generator");

        Fixture f = Fixture.load("torch_on_regula_mlp", dtype);
        Path copy = dir.resolve("committed.safetensors");
        Files.write(copy, committed);
        Sequential loaded = Checkpoint.load(copy).model();
        Matrix probs = loaded.predict(f.get("x"));
        Compare.close(f, "probabilities", f.get("probs"), probs);
        assertArgmaxEqual(f, f.get("probs"), probs);
    }

    @ParameterizedTest
    @ValueSource(strings = {"f64", "f32"})
    void pyTorchStateDictLoadedInRegulaPredictsTheSame(String dtype) {
        Fixture state = Fixture.load("torch_mlp_state_dict", dtype);
        Fixture f = Fixture.load("torch_mlp_predictions", dtype);
        Dense d0 = new Dense(6, 5), d2 = new Dense(5, 3);
        Sequential model = new Sequential(f.dtype, 0, d0, new ReLU(), d2, new Softmax());
        load(state, "0", d0);
        load(state, "2", d2);
        Matrix probs = model.predict(f.get("x"));
        Compare.close(f, "probabilities", f.get("probs"), probs);
        assertArgmaxEqual(f, f.get("probs"), probs);
    }

    /** torch's Linear k: weight (nOut, nIn) = Regula's kernel (nIn, nOut) transposed; bias (nOut) = bias (1, nOut). */
    private static void load(Fixture state, String k, Dense dense) {
        Matrix weight = state.get(k + ".weight");
        Matrix kernel = dense.kernel().value();
        assertEquals(kernel.rows() * kernel.cols(), weight.size(), k + ".weight");
        for (int i = 0; i < kernel.rows(); i++) {
            for (int j = 0; j < kernel.cols(); j++) {
                kernel.set(i, j, weight.get(j, i));
            }
        }
        dense.bias().value().copyFrom(state.get(k + ".bias"));
    }

    private static void assertArgmaxEqual(Fixture f, Matrix expected, Matrix actual) {
        for (int i = 0; i < expected.rows(); i++) {
            assertEquals(argmax(expected, i), argmax(actual, i), f + ": the predicted class of row " + i);
        }
    }

    private static int argmax(Matrix m, int row) {
        int best = 0;
        for (int j = 1; j < m.cols(); j++) {
            if (m.get(row, j) > m.get(row, best)) {
                best = j;
            }
        }
        return best;
    }
}
