package dev.regula.regularization;

import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Rng;
import dev.regula.nn.AdamW;
import dev.regula.nn.Checkpoint;
import dev.regula.nn.Dense;
import dev.regula.nn.ReLU;
import dev.regula.nn.SafeTensors;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Bad checkpoints of issue 16, in small versions ("a header that declares 3 GB, not a 3 GB
 * file"), as bytes: the seeds of {@link FuzzCheckpointTest}'s corpus
 * ({@code src/test/resources/dev/regula/regularization/FuzzCheckpointTestInputs/load/}, written by
 * {@link #main}), each built from a valid checkpoint of a tiny model that uses every saveable kind.
 */
final class HostileCheckpoints {
    private HostileCheckpoints() {}

    /**
     * Writes the seed corpus: {@code java -cp <test classpath> dev.regula.regularization.HostileCheckpoints
     * regularization/src/test/resources/dev/regula/regularization/FuzzCheckpointTestInputs/load}.
     */
    public static void main(String[] args) throws IOException {
        Path dir = Files.createDirectories(Path.of(args[0]));
        for (Map.Entry<String, byte[]> f : all().entrySet()) {
            Files.write(dir.resolve(f.getKey()), f.getValue());
        }
    }

    /**
     * A tiny model with every saveable kind (Dense, batch norm, dropout, an L2 penalty, max-norm,
     * AdamW), trained for one epoch so that the optimizer's moments and the generators have moved.
     */
    static Sequential tinyModel(DType dtype) {
        Sequential m = new Sequential(dtype, 7, new Dense(4, 3), new BatchNormalization(3), new ReLU(),
                new Dropout(0.8), new Dense(3, 2));
        m.compile(new SoftmaxCrossEntropy(), new AdamW(1e-2, 1e-3));
        Penalties.onKernels(m, L2.of(1e-3), false);
        MaxNorm.onKernels(m, 2.0, false);
        Rng rng = new Rng(3);
        Matrix x = Matrix.zeros(dtype, 8, 4);
        Matrix y = Matrix.zeros(dtype, 8, 2);
        for (int i = 0; i < 8; i++) {
            y.set(i, i % 2, 1);
            for (int j = 0; j < 4; j++) {
                x.set(i, j, rng.nextGaussian());
            }
        }
        m.fit(x, y, null, null, 1, 4, List.of());
        return m;
    }

    /** The checkpoint file of {@link #tinyModel} after one epoch. */
    static byte[] valid(DType dtype) throws IOException {
        Path file = Files.createTempFile("regula-checkpoint", ".safetensors");
        try {
            Checkpoint.save(tinyModel(dtype), file, 1, Map.of("note", "a seed of the fuzz test"));
            return Files.readAllBytes(file);
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** Every bad checkpoint, by name, beside the two valid ones. */
    static Map<String, byte[]> all() throws IOException {
        byte[] good = valid(DType.F32);
        SafeTensors.Contents c = SafeTensors.decode(good, "good");
        Map<String, byte[]> m = new LinkedHashMap<>();
        m.put("valid-f32", good);
        m.put("valid-f64", valid(DType.F64));
        m.put("truncated", Arrays.copyOf(good, good.length - 10));
        m.put("not-safetensors", "regula: this is not a checkpoint\n".getBytes(StandardCharsets.UTF_8));
        // The first 8 bytes, the header's length, say 3 GB.
        byte[] header3gb = good.clone();
        ByteBuffer.wrap(header3gb).order(ByteOrder.LITTLE_ENDIAN).putLong(0, 3_000_000_000L);
        m.put("header-declares-3GB", header3gb);
        // A tensor of 50,000 × 15,000 floats (3 GB) at offsets [0, 3e9) in a file of 2 KB.
        m.put("tensor-declares-3GB", withHeader(good, h -> h.replaceFirst(
                "\"dense_0/kernel\":\\{\"dtype\":\"F32\",\"shape\":\\[4,3],\"data_offsets\":\\[0,48]}",
                "\"dense_0/kernel\":{\"dtype\":\"F32\",\"shape\":[50000,15000],\"data_offsets\":[0,3000000000]}")));
        // An architecture whose first layer is Dense(50000→10000): 2 GB of weights to build, for a
        // file that holds 4×3 of them.
        m.put("architecture-declares-2GB", withMetadata(c, "regula.architecture", a -> a
                .replace("\"inputSize\":4", "\"inputSize\":50000")
                .replaceFirst("\"nIn\":4,\"nOut\":3", "\"nIn\":50000,\"nOut\":10000")));
        // Batch norm over 300 million features: 1.2 GB of running statistics, none in the file.
        m.put("batchnorm-declares-1GB", withMetadata(c, "regula.architecture", a -> a
                .replace("\"features\":3", "\"features\":300000000")));
        m.put("tampered-json", withMetadata(c, "regula.training", t -> t.substring(0, t.length() / 2)));
        m.put("tampered-types", withMetadata(c, "regula.architecture", a -> a.replace("\"inputSize\":4",
                "\"inputSize\":\"4\"")));
        m.put("tampered-rng", withMetadata(c, "regula.training", t -> t.replaceFirst("\\[-?[0-9]+,", "[\"x\",")));
        m.put("unknown-layer", withMetadata(c, "regula.architecture", a -> a.replace("\"Dropout\"", "\"Dropin\"")));
        m.put("nan-weight", withTensor(c, "dense_0/kernel", k -> k.set(0, 2, Double.NaN)));
        m.put("infinite-moment", withTensor(c, "optimizer/dense_4/kernel/1", k -> k.set(0, 0, Double.POSITIVE_INFINITY)));
        m.put("nan-running-variance", withTensor(c, "batchnormalization_1/state/1", k -> k.set(0, 1, Double.NaN)));
        m.put("wrong-dtype", withHeader(good, h -> h.replaceFirst("\"dtype\":\"F32\"", "\"dtype\":\"F16\"")));
        m.put("wrong-shape", withHeader(good, h -> h.replaceFirst("\"shape\":\\[4,3]", "\"shape\":[3,4]")));
        m.put("overlapping-offsets", withHeader(good, h -> h.replaceFirst("\"data_offsets\":\\[48,", "\"data_offsets\":[44,")));
        return m;
    }

    /** {@code file} with its JSON header edited (and its length and padding redone); the data is kept. */
    static byte[] withHeader(byte[] file, UnaryOperator<String> edit) {
        ByteBuffer in = ByteBuffer.wrap(file).order(ByteOrder.LITTLE_ENDIAN);
        int n = (int) in.getLong();
        String header = new String(file, 8, n, StandardCharsets.UTF_8).strip();
        String edited = edit.apply(header);
        if (edited.equals(header)) {
            throw new IllegalStateException("the edit changed nothing in " + header);
        }
        byte[] json = edited.getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(8 + padded + file.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        out.put(file, 8 + n, file.length - 8 - n);
        return out.array();
    }

    private static byte[] withMetadata(SafeTensors.Contents c, String key, UnaryOperator<String> edit) {
        Map<String, String> meta = new LinkedHashMap<>(c.metadata());
        String edited = edit.apply(meta.get(key));
        if (edited.equals(meta.get(key))) {
            throw new IllegalStateException("the edit changed nothing in " + meta.get(key));
        }
        meta.put(key, edited);
        return SafeTensors.encode(c.tensors(), meta);
    }

    private static byte[] withTensor(SafeTensors.Contents c, String name, java.util.function.Consumer<Matrix> edit) {
        Map<String, Matrix> tensors = new LinkedHashMap<>(c.tensors());
        Matrix t = tensors.get(name).copy();
        edit.accept(t);
        tensors.put(name, t);
        return SafeTensors.encode(tensors, c.metadata());
    }
}
