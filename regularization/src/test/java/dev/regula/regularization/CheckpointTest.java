package dev.regula.regularization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.nn.AdamW;
import dev.regula.nn.Checkpoint;
import dev.regula.nn.Dense;
import dev.regula.nn.ReLU;
import dev.regula.nn.SafeTensors;
import dev.regula.nn.Sequential;
import dev.regula.nn.SoftmaxCrossEntropy;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.Test;

/** Save and load of whole models: round trips, exact resumption, the file format, bad files. */
class CheckpointTest {
    @TempDir
    Path dir;

    /** Every saveable kind at once: Dense, batch norm, dropout, an L2 penalty, max-norm, AdamW. */
    private static Sequential model(DType dtype, long seed) {
        Sequential m = new Sequential(dtype, seed,
                new Dense(6, 8), new BatchNormalization(8), new ReLU(), new Dropout(0.8),
                new Dense(8, 3));
        m.compile(new SoftmaxCrossEntropy(), new AdamW(1e-2, 1e-3));
        Penalties.onKernels(m, L2.of(1e-3), false);
        MaxNorm.onKernels(m, 2.0, false);
        return m;
    }

    private static Matrix[] data(DType dtype, int n, long seed) {
        Rng rng = new Rng(seed);
        Matrix x = Matrix.zeros(dtype, n, 6);
        Matrix y = Matrix.zeros(dtype, n, 3);
        for (int i = 0; i < n; i++) {
            int c = rng.nextInt(3);
            y.set(i, c, 1);
            for (int j = 0; j < 6; j++) {
                x.set(i, j, rng.nextGaussian() + (j % 3 == c ? 1.5 : 0));
            }
        }
        return new Matrix[] {x, y};
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void aRoundTripGivesBitIdenticalPredictions(DType dtype) throws Exception {
        Matrix[] d = data(dtype, 64, 3);
        Sequential m = model(dtype, 5);
        m.fit(d[0], d[1], null, null, 2, 16, List.of());
        Path file = dir.resolve("model.safetensors");
        Checkpoint.save(m, file, 2, Map.of("note", "hello"));

        Checkpoint.Loaded loaded = Checkpoint.load(file);
        assertEquals(2, loaded.epoch());
        assertEquals(Map.of("note", "hello"), loaded.metadata());
        assertTrue(m.predict(d[0]).contentEquals(loaded.model().predict(d[0])), "bit-identical predictions");
        assertEquals(m.penalties().size(), loaded.model().penalties().size());
        assertEquals(m.constraints().size(), loaded.model().constraints().size());
        assertEquals(m.optimizer().iterations(), loaded.model().optimizer().iterations());
        List<Matrix> a = m.weights();
        List<Matrix> b = loaded.model().weights();
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).contentEquals(b.get(i)), "weight " + i + " (running statistics included)");
        }
        try (var files = Files.list(dir)) {
            assertEquals(List.of(file), files.toList(), "no temporary file is left behind");
        }
    }

    @ParameterizedTest
    @EnumSource(DType.class)
    void resumingAfterEpochKGivesTheWeightsOfAnUninterruptedRun(DType dtype) throws Exception {
        Matrix[] d = data(dtype, 50, 7);   // 50 rows in batches of 16: a partial last batch
        Sequential straight = model(dtype, 11);
        straight.fit(d[0], d[1], d[0], d[1], 4, 16, List.of());

        Sequential first = model(dtype, 11);
        first.fit(d[0], d[1], d[0], d[1], 2, 16, List.of());
        Path file = dir.resolve("after2.safetensors");
        Checkpoint.save(first, file, 2, Map.of());
        Checkpoint.Loaded resumed = Checkpoint.load(file);
        resumed.model().fit(d[0], d[1], d[0], d[1], resumed.epoch(), 4, 16, List.of());

        List<Matrix> a = straight.weights();
        List<Matrix> b = resumed.model().weights();
        for (int i = 0; i < a.size(); i++) {
            assertTrue(a.get(i).contentEquals(b.get(i)), "weight " + i + " after resuming at epoch 2 of 4");
        }
    }

    @Test
    void theFileIsSafetensorsAsPyTorchReadsIt() throws Exception {
        Sequential m = new Sequential(DType.F32, 1, new Dense(2, 3));
        m.compile(new SoftmaxCrossEntropy(), new AdamW());
        Parameter w = m.parameters().get(0);
        for (int i = 0; i < 6; i++) {
            w.value().set(i, i + 0.5);
        }
        Path file = dir.resolve("w.safetensors");
        Checkpoint.save(m, file, 0, Map.of());
        byte[] bytes = Files.readAllBytes(file);
        ByteBuffer buf = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = buf.getLong();
        assertEquals(0, n % 8, "the header is padded to 8 bytes");
        Map<?, ?> header = new ObjectMapper().readValue(new String(bytes, 8, (int) n, StandardCharsets.UTF_8), Map.class);
        Map<?, ?> kernel = (Map<?, ?>) header.get("dense_0/kernel");
        assertEquals("F32", kernel.get("dtype"));
        assertEquals(List.of(2, 3), kernel.get("shape"));
        int begin = ((Number) ((List<?>) kernel.get("data_offsets")).get(0)).intValue();
        for (int i = 0; i < 6; i++) {
            assertEquals(i + 0.5f, buf.getFloat(8 + (int) n + begin + 4 * i), "little-endian float " + i);
        }
        assertTrue(((Map<?, ?>) header.get("__metadata__")).containsKey("regula.architecture"));
    }

    @Test
    void badFilesAreRejectedWithTheFileAndTheProblem() throws Exception {
        Sequential m = model(DType.F64, 2);
        Path file = dir.resolve("good.safetensors");
        Checkpoint.save(m, file, 1, Map.of());
        byte[] good = Files.readAllBytes(file);

        Path truncated = dir.resolve("truncated.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(good, good.length - 10));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(truncated));
        assertTrue(e.getMessage().contains("truncated.safetensors") && e.getMessage().contains("truncated"), e.getMessage());

        Path tiny = dir.resolve("tiny.safetensors");
        Files.write(tiny, new byte[] {1, 2, 3});
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(tiny));
        assertTrue(e.getMessage().contains("tiny.safetensors") && e.getMessage().contains("8 bytes"), e.getMessage());

        // A tensor whose shape no longer matches the architecture.
        SafeTensors.Contents c = SafeTensors.decode(good, "good");
        Map<String, Matrix> tensors = new java.util.LinkedHashMap<>(c.tensors());
        tensors.put("dense_0/kernel", Matrix.zeros(DType.F64, 8, 6));
        Path reshaped = dir.resolve("reshaped.safetensors");
        Files.write(reshaped, SafeTensors.encode(tensors, c.metadata()));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(reshaped));
        assertTrue(e.getMessage().contains("dense_0/kernel") && e.getMessage().contains("8×6")
                && e.getMessage().contains("6×8"), e.getMessage());
        // One with fewer numbers than the architecture declares: refused before the model is built.
        tensors.put("dense_0/kernel", Matrix.zeros(DType.F64, 5, 8));
        Files.write(reshaped, SafeTensors.encode(tensors, c.metadata()));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(reshaped));
        assertEquals(reshaped + ": expected an architecture whose weights are in the file, found one declaring 115"
                + " parameters and state values for the 107 numbers its tensors hold; was the file edited?", e.getMessage());

        // An unknown layer type.
        Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
        meta.put("regula.architecture", meta.get("regula.architecture").replace("\"Dropout\"", "\"Dropin\""));
        Path unknown = dir.resolve("unknown.safetensors");
        Files.write(unknown, SafeTensors.encode(c.tensors(), meta));
        e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(unknown));
        assertTrue(e.getMessage().contains("Dropin") && e.getMessage().contains("layer 3"), e.getMessage());

        // A missing file is an I/O error, as load's signature says, not bad contents.
        java.nio.file.NoSuchFileException missing = assertThrows(java.nio.file.NoSuchFileException.class,
                () -> Checkpoint.load(dir.resolve("missing.safetensors")));
        assertTrue(missing.getMessage().contains("missing.safetensors"), missing.getMessage());
    }

    @Test
    void hostileCheckpointsAreRefusedInOneLineBeforeTheyAreReadWhole() throws Exception {
        Sequential m = model(DType.F64, 2);
        Path file = dir.resolve("good.safetensors");
        Checkpoint.save(m, file, 1, Map.of());
        byte[] good = Files.readAllBytes(file);
        SafeTensors.Contents c = SafeTensors.decode(good, "good");

        // Larger than the limit (the was a 3 GB file, read whole before its header was checked).
        System.setProperty(dev.regula.core.InputFiles.MAX_BYTES_PROPERTY, Long.toString(good.length - 1));
        try {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(file));
            assertTrue(e.getMessage().contains("good.safetensors: expected a checkpoint of at most")
                    && e.getMessage().contains("found a file of " + String.format(java.util.Locale.ROOT, "%,d", good.length)),
                    e.getMessage());
        } finally {
            System.clearProperty(dev.regula.core.InputFiles.MAX_BYTES_PROPERTY);
        }

        // NaN weights: refused on load, and never written.
        Map<String, Matrix> tensors = new java.util.LinkedHashMap<>(c.tensors());
        Matrix nan = tensors.get("dense_0/kernel").copy();
        nan.set(0, 7, Double.NaN);
        tensors.put("dense_0/kernel", nan);
        Path diverged = dir.resolve("nan.safetensors");
        Files.write(diverged, SafeTensors.encode(tensors, c.metadata()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(diverged));
        assertEquals("" + diverged + ": expected finite numbers in tensor dense_0/kernel, found NaN at element 7"
                + " (saved from a run that diverged?)", e.getMessage());
        m.parameters().get(0).value().set(0, 0, Double.POSITIVE_INFINITY);
        IllegalStateException s = assertThrows(IllegalStateException.class, () -> Checkpoint.save(m, file, 2, Map.of()));
        assertTrue(s.getMessage().contains("dense_0/kernel holds NaN or infinite values"), s.getMessage());
        assertTrue(java.util.Arrays.equals(good, Files.readAllBytes(file)), "the good checkpoint is kept");

        // Tampered metadata: not JSON, and JSON of the wrong types; one line each.
        String[][] tampered = {
                {"regula.training", "{\"epoch\": 1,", "expected the metadata regula.training to be a JSON object as Regula"
                        + " writes it, found invalid JSON at line 1, column 13"},
                {"regula.training", null, "field"},
                {"regula.architecture", null, "inputSize"},
        };
        for (String[] t : tampered) {
            Map<String, String> meta = new java.util.LinkedHashMap<>(c.metadata());
            meta.put(t[0], t[1] != null ? t[1] : t[0].equals("regula.training")
                    ? meta.get(t[0]).replaceFirst("\\[-?[0-9]+,", "[\"x\",") : meta.get(t[0]).replace("\"inputSize\":6", "\"inputSize\":\"6\""));
            Path bad = dir.resolve("tampered.safetensors");
            Files.write(bad, SafeTensors.encode(c.tensors(), meta));
            e = assertThrows(IllegalArgumentException.class, () -> Checkpoint.load(bad));
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
            assertTrue(e.getMessage().startsWith(bad + ": ") && e.getMessage().contains(t[2]), e.getMessage());
        }
        java.nio.file.FileSystemException notAFile = assertThrows(java.nio.file.FileSystemException.class,
                () -> Checkpoint.load(dir));     // an IOException, as load declares (issue 17)
        assertTrue(notAFile.getMessage().contains("expected a checkpoint file (a regular file), found a directory"),
                notAFile.getMessage());
        assertEquals(1, notAFile.getMessage().lines().count());
    }

    @Test
    void savingCleansTheTemporaryFilesOfAKilledSave() throws Exception {
        Sequential m = model(DType.F64, 2);
        Path file = dir.resolve("ck.safetensors");
        Files.write(dir.resolve(".ck.safetensors.1f3a9c.tmp"), new byte[] {1});
        Files.write(dir.resolve(".ck.safetensors1234567890.tmp"), new byte[] {1});   // earlier versions' naming
        Files.write(dir.resolve(".other.safetensors.1f3a9c.tmp"), new byte[] {1});   // another target's: kept
        Checkpoint.save(m, file, 1, Map.of());
        try (var files = Files.list(dir)) {
            assertEquals(java.util.Set.of("ck.safetensors", ".other.safetensors.1f3a9c.tmp"),
                    files.map(f -> f.getFileName().toString()).collect(java.util.stream.Collectors.toSet()));
        }
    }

    @Test
    void aFailedSaveKeepsThePreviousCheckpoint() throws Exception {
        Sequential m = model(DType.F64, 2);
        Path file = dir.resolve("keep.safetensors");
        Checkpoint.save(m, file, 1, Map.of());
        byte[] before = Files.readAllBytes(file);
        assertThrows(IllegalArgumentException.class, () -> Checkpoint.save(m, file, 2, Map.of("regula.x", "reserved")));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(file)), "the old checkpoint is intact");
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void modelCheckpointSavesOnlyImprovementsWhenAsked() throws Exception {
        Matrix[] d = data(DType.F64, 40, 9);
        Sequential m = model(DType.F64, 4);
        ModelCheckpoint every = new ModelCheckpoint(dir.resolve("e{epoch}.safetensors"), "val_loss", false);
        ModelCheckpoint best = new ModelCheckpoint(dir.resolve("best.safetensors"), "val_acc", true);
        m.fit(d[0], d[1], d[0], d[1], 3, 8, List.of(every, best));
        for (int e = 1; e <= 3; e++) {
            assertTrue(Files.exists(dir.resolve("e" + e + ".safetensors")), "epoch " + e + " saved");
        }
        assertEquals(3, Checkpoint.load(dir.resolve("e3.safetensors")).epoch());
        assertTrue(best.lastSavedEpoch() >= 1);
        assertEquals(best.lastSavedEpoch(), Checkpoint.load(dir.resolve("best.safetensors")).epoch());
        ModelCheckpoint unknown = new ModelCheckpoint(dir.resolve("x"), "val_accuracy", true);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> m.fit(d[0], d[1], d[0], d[1], 1, 8, List.of(unknown)));
        assertTrue(e.getMessage().contains("val_accuracy"), e.getMessage());
    }
}
