package dev.regula.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@link TorchStateDict}: a state dict written as torch writes it (weights (nOut, nIn), 1-D
 * biases, names by the Sequential index) gives back the model it was made from, and a file that
 * does not fit the architecture is refused naming the tensor. The real thing, a state dict torch
 * wrote, is checked in conformance's {@code WeightsConformanceTest} fixtures and on all of MNIST by
 * {@code check_mnist_export.py}.
 */
class TorchStateDictTest {
    @TempDir
    Path dir;

    /** A Regula 4-3-2 MLP with ReLU between, ending in logits; its biases made non-zero. */
    private static Sequential regula(DType dtype) {
        Sequential m = new Sequential(dtype, 11, new Dense(4, 3), new ReLU(), new Dense(3, 2));
        Rng rng = new Rng(5);
        for (Layer layer : m.layers()) {
            if (layer instanceof Dense) {
                Matrix b = ((Dense) layer).bias().value();
                for (int j = 0; j < b.size(); j++) {
                    b.set(j, rng.uniform(-1, 1));
                }
            }
        }
        return m;
    }

    /** The model's state dict as torch names and shapes it: "2k.weight" (nOut, nIn), "2k.bias" (nOut). */
    private static Map<String, Object[]> stateDict(Sequential m, DType dtype) {
        Map<String, Object[]> tensors = new LinkedHashMap<>();
        int index = 0;
        for (Layer layer : m.layers()) {
            if (layer instanceof Dense) {
                Matrix k = ((Dense) layer).kernel().value();
                double[] w = new double[k.size()];
                for (int i = 0; i < k.rows(); i++) {
                    for (int j = 0; j < k.cols(); j++) {
                        w[j * k.rows() + i] = k.get(i, j);        // weight[j][i] = kernel[i][j]
                    }
                }
                tensors.put(index + ".weight", new Object[] {dtype, new int[] {k.cols(), k.rows()}, w});
                tensors.put(index + ".bias", new Object[] {dtype, new int[] {k.cols()}, ((Dense) layer).bias().value()
                        .toDoubleArray()});
            }
            index++;
        }
        return tensors;
    }

    /** Writes safetensors with the given shapes (1-D included), as torch's save_file does. */
    private Path write(String name, Map<String, Object[]> tensors) throws Exception {
        Map<String, Object> header = new LinkedHashMap<>();
        List<byte[]> blobs = new ArrayList<>();
        long offset = 0;
        for (Map.Entry<String, Object[]> e : tensors.entrySet()) {
            DType dtype = (DType) e.getValue()[0];
            double[] values = (double[]) e.getValue()[2];
            ByteBuffer b = ByteBuffer.allocate(values.length * (dtype == DType.F32 ? 4 : 8)).order(ByteOrder.LITTLE_ENDIAN);
            for (double v : values) {
                if (dtype == DType.F32) {
                    b.putFloat((float) v);
                } else {
                    b.putDouble(v);
                }
            }
            blobs.add(b.array());
            header.put(e.getKey(), Map.of("dtype", dtype.name(), "shape", e.getValue()[1],
                    "data_offsets", List.of(offset, offset + b.capacity())));
            offset += b.capacity();
        }
        byte[] json = new ObjectMapper().writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(8 + json.length + (int) offset).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(json.length).put(json);
        blobs.forEach(out::put);
        return Files.write(dir.resolve(name), out.array());
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aStateDictGivesBackTheModelItWasMadeFrom(DType dtype) throws Exception {
        Sequential original = regula(dtype);
        Sequential loaded = TorchStateDict.mlp(write("sd.safetensors", stateDict(original, dtype)), 4, 3, 2);
        assertEquals(dtype, loaded.dtype());
        assertEquals(List.of(Dense.class, ReLU.class, Dense.class),
                loaded.layers().stream().map(Object::getClass).collect(java.util.stream.Collectors.toList()));
        for (int k = 0; k < original.weights().size(); k++) {
            assertArrayEquals(original.weights().get(k).toDoubleArray(), loaded.weights().get(k).toDoubleArray(), "weight " + k);
        }
        Matrix x = Matrix.zeros(dtype, 7, 4);
        Rng rng = new Rng(1);
        for (int i = 0; i < x.size(); i++) {
            x.set(i, rng.uniform(-2, 2));
        }
        assertArrayEquals(original.predict(x).toDoubleArray(), loaded.predict(x).toDoubleArray());
    }

    @Test
    void aFileThatDoesNotFitTheArchitectureIsRefusedNamingTheTensor() throws Exception {
        Map<String, Object[]> sd = stateDict(regula(DType.F32), DType.F32);
        Path file = write("sd.safetensors", sd);
        String[][] cases = {
                {"4-5-2", "expected tensor 0.weight of shape 5×4 for Linear(4, 5), found 3×4"},
                {"4-3-2-2", "expected tensor 4.weight (Linear(2, 2) at index 4 of an nn.Sequential of Linear and ReLU),"
                        + " found only [0.weight, 0.bias, 2.weight, 2.bias]"},
                {"4-3", "found tensors that a 2-size MLP does not use: [2.weight, 2.bias] (is the architecture missing a layer?)"},
        };
        for (String[] c : cases) {
            int[] sizes = java.util.Arrays.stream(c[0].split("-")).mapToInt(Integer::parseInt).toArray();
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TorchStateDict.mlp(file, sizes));
            assertEquals(file + ": " + c[1], e.getMessage());
        }
        sd.get("2.bias")[0] = DType.F64;
        Path mixed = write("mixed.safetensors", sd);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TorchStateDict.mlp(mixed, 4, 3, 2)).getMessage()
                .endsWith("expected every tensor in F32 (as 0.weight), found 2.bias in F64"));
        sd.get("2.bias")[0] = DType.F32;
        ((double[]) sd.get("2.weight")[2])[1] = Double.NaN;
        Path nan = write("nan.safetensors", sd);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TorchStateDict.mlp(nan, 4, 3, 2)).getMessage()
                .endsWith("expected finite numbers in tensor 2.weight, found NaN at element 1"));
        assertThrows(NoSuchFileException.class, () -> TorchStateDict.mlp(dir.resolve("none.safetensors"), 4, 3, 2));
        assertThrows(java.nio.file.FileSystemException.class, () -> TorchStateDict.mlp(dir, 4, 3, 2));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TorchStateDict.mlp(file, 4)).getMessage()
                .contains("expected at least two layer sizes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> TorchStateDict.mlp(file, 4, 0)).getMessage()
                .contains("expected positive layer sizes, received 0"));
    }
}
