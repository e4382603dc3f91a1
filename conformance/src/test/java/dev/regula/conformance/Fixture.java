package dev.regula.conformance;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.nn.SafeTensors;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * One fixture written by {@code src/test/python/generate_fixtures.py}: the tensors PyTorch
 * computed for a case in one dtype ({@code fixtures/<case>_<dtype>.safetensors}), read with
 * Regula's own {@link SafeTensors} reader, and the case's hyperparameters from the header's
 * metadata. Every tensor is 2-D (a scalar is 1 × 1).
 */
final class Fixture {
    final String caseName;
    final DType dtype;
    private final Map<String, Matrix> tensors;
    private final Map<String, String> metadata;

    private Fixture(String caseName, DType dtype, Map<String, Matrix> tensors, Map<String, String> metadata) {
        this.caseName = caseName;
        this.dtype = dtype;
        this.tensors = tensors;
        this.metadata = metadata;
    }

    /** Loads {@code fixtures/<caseName>_<dtype>.safetensors} from the test class path. */
    static Fixture load(String caseName, String dtype) {
        String resource = "/fixtures/" + caseName + "_" + dtype + ".safetensors";
        try (InputStream in = Fixture.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("Missing fixture " + resource
                        + ": regenerate with /usr/bin/python3 conformance/src/test/python/generate_fixtures.py");
            }
            SafeTensors.Contents c = SafeTensors.decode(in.readAllBytes(), resource);
            DType d = DType.parse(dtype);
            for (Map.Entry<String, Matrix> e : c.tensors().entrySet()) {
                if (e.getValue().dtype() != d) {
                    throw new IllegalStateException(resource + ": tensor " + e.getKey() + " is " + e.getValue().dtype());
                }
            }
            return new Fixture(caseName, d, c.tensors(), c.metadata());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A copy of the tensor called {@code name}. */
    Matrix get(String name) {
        Matrix m = tensors.get(name);
        if (m == null) {
            throw new IllegalStateException(this + " has no tensor " + name + "; it has " + tensors.keySet());
        }
        return m.copy();
    }

    /** A 1 × 1 tensor as a double. */
    double scalar(String name) {
        Matrix m = get(name);
        if (m.size() != 1) {
            throw new IllegalStateException(this + ": " + name + " is " + m.shape() + ", not a scalar");
        }
        return m.get(0);
    }

    /** Row {@code r} of {@code name}, reshaped to (rows, cols): the fixtures stack per-step tensors as rows. */
    Matrix row(String name, int r, int rows, int cols) {
        Matrix all = tensors.get(name);
        if (all == null || all.cols() != rows * cols) {
            throw new IllegalStateException(this + ": " + name + " is not a stack of " + rows + " × " + cols + " rows");
        }
        Matrix out = Matrix.zeros(dtype, rows, cols);
        for (int i = 0; i < rows * cols; i++) {
            out.set(i, all.get(r * all.cols() + i));
        }
        return out;
    }

    String meta(String key) {
        String v = metadata.get(key);
        if (v == null) {
            throw new IllegalStateException(this + " has no metadata " + key + "; it has " + metadata.keySet());
        }
        return v;
    }

    double metaDouble(String key) {
        return Double.parseDouble(meta(key));
    }

    int metaInt(String key) {
        return Integer.parseInt(meta(key));
    }

    @Override
    public String toString() {
        return caseName + " (" + dtype + ")";
    }
}
