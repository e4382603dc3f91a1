package dev.regula.nn;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import dev.regula.core.Parameter;
import dev.regula.core.Rng;
import dev.regula.core.InputFiles;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Saves and loads a whole model in one safetensors file ({@link SafeTensors}), so that training
 * can resume exactly where it stopped:
 * <ul>
 *   <li>tensors: every parameter under its name ({@code dense_0/kernel}), every layer's state
 *       ({@code batchnormalization_1/state/0}), and the optimizer's moments
 *       ({@code optimizer/dense_0/kernel/0});</li>
 *   <li>metadata {@code regula.architecture}: JSON with the dtype, the input size, each layer's
 *       {@link Layer#config()}, the loss, the optimizer's hyperparameters, the penalties and the
 *       constraints;</li>
 *   <li>metadata {@code regula.training}: JSON with the epochs done, the optimizer's step count
 *       and the state of every random generator (shuffling, augmentation, dropout masks);</li>
 *   <li>any metadata the caller adds (the CLI stores its recipe and seed).</li>
 * </ul>
 * Saving writes a temporary file beside the target and renames it, so a crash never leaves a
 * half-written checkpoint nor destroys the previous one. Loading validates everything it reads
 * and names the file and the offending item.
 *
 * <p>Resuming: {@code Loaded l = Checkpoint.load(path)}, then {@code l.model().fit(...,
 * l.epoch(), epochs, ...)} gives the same weights as a run that was never interrupted.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper();
    static final String ARCHITECTURE = "regula.architecture";
    static final String TRAINING = "regula.training";
    static final String FORMAT = "regula.format";

    private Checkpoint() {}

    /** A loaded model, the number of epochs it had done, and the caller's metadata. */
    public record Loaded(Sequential model, int epoch, Map<String, String> metadata) {}

    /**
     * Writes {@code model} to {@code path}, atomically, with no epoch count (0) and no extra
     * metadata. To resume training later, record the epochs done with
     * {@link #save(Sequential, Path, int, Map)}.
     *
     * @param model the model to save. Not modified.
     * @param path  the file to write; its directory is created
     * @throws IOException when the file cannot be written
     */
    public static void save(Sequential model, Path path) throws IOException {
        save(model, path, 0, null);
    }

    /**
     * Writes {@code model} after {@code epoch} epochs to {@code path}, atomically.
     *
     * @param model the model to save. Not modified.
     * @param path  the file to write; its directory is created
     * @param epoch the epochs done, returned by {@link Loaded#epoch()}
     * @param extra more metadata to store (keys must not start with "regula."), or null for none
     * @throws IOException when the file cannot be written
     */
    public static void save(Sequential model, Path path, int epoch, Map<String, String> extra) throws IOException {
        java.util.Objects.requireNonNull(model, "model");
        java.util.Objects.requireNonNull(path, "path");
        if (extra == null) {
            extra = Map.of();
        }
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            tensors.put(p.name(), p.value());
        }
        for (Layer layer : model.layers()) {
            List<Matrix> state = layer.state();
            for (int i = 0; i < state.size(); i++) {
                tensors.put(layer.name() + "/state/" + i, state.get(i));
            }
        }
        Optimizer opt = model.optimizer();
        for (Parameter p : model.parameters()) {
            Matrix[] slots = opt == null ? null : opt.slots(p);
            for (int i = 0; slots != null && i < slots.length; i++) {
                tensors.put("optimizer/" + p.name() + "/" + i, slots[i]);
            }
        }
        for (Map.Entry<String, Matrix> t : tensors.entrySet()) {
            if (!allFinite(t.getValue())) {   // never overwrite a good checkpoint with a diverged model
                throw new IllegalStateException("Refusing to write checkpoint " + path + ": tensor " + t.getKey()
                        + " holds NaN or infinite values (the training diverged)");
            }
        }
        Map<String, String> metadata = new LinkedHashMap<>();
        metadata.put(FORMAT, "1");
        metadata.put(ARCHITECTURE, JSON.writeValueAsString(architecture(model)));
        metadata.put(TRAINING, JSON.writeValueAsString(training(model, epoch)));
        for (Map.Entry<String, String> e : extra.entrySet()) {
            if (e.getKey().startsWith("regula.")) {
                throw new IllegalArgumentException("Invalid metadata key " + e.getKey() + ": keys starting with regula. are reserved");
            }
            metadata.put(e.getKey(), e.getValue());
        }
        writeAtomically(path, SafeTensors.encode(tensors, metadata));
    }

    private static Map<String, Object> architecture(Sequential model) {
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("dtype", model.dtype().name());
        a.put("inputSize", model.inputSize());
        List<Object> layers = new ArrayList<>();
        for (Layer layer : model.layers()) {
            layers.add(layer.config());
        }
        a.put("layers", layers);
        a.put("loss", model.loss() == null ? null : model.loss().config());
        a.put("optimizer", model.optimizer() == null ? null : model.optimizer().config());
        List<Object> penalties = new ArrayList<>();
        for (Penalty p : model.penalties()) {
            if (!(p instanceof Layer)) {
                penalties.add(p.config());
            }
        }
        a.put("penalties", penalties);
        List<Object> constraints = new ArrayList<>();
        for (Constraint c : model.constraints()) {
            constraints.add(c.config());
        }
        a.put("constraints", constraints);
        return a;
    }

    private static Map<String, Object> training(Sequential model, int epoch) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("epoch", epoch);
        t.put("iterations", model.optimizer() == null ? 0 : model.optimizer().iterations());
        Map<String, Object> rngs = new LinkedHashMap<>();
        rngs.put("shuffle", model.shuffleRng().state());
        rngs.put("augmentation", model.augmentationRng().state());
        for (Layer layer : model.layers()) {
            if (layer.rng() != null) {
                rngs.put(layer.name(), layer.rng().state());
            }
        }
        t.put("rng", rngs);
        return t;
    }

    /**
     * Writes {@code bytes} to a temporary file {@code .NAME.<hex>.tmp} beside {@code path},
     * {@code fsync}s it, renames it over path and {@code fsync}s the directory (as the data
     * module's {@code AtomicFiles}). Temporary files of this naming left by a process killed while
     * saving to the same path are deleted first.
     */
    static void writeAtomically(Path path, byte[] bytes) throws IOException {
        Path target = path.toAbsolutePath();
        Path dir = target.getParent();
        Files.createDirectories(dir);
        deleteStaleTemporaries(target);
        Path tmp = dir.resolve("." + target.getFileName() + "."
                + Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 1) + ".tmp");
        try {
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                ByteBuffer buffer = ByteBuffer.wrap(bytes);
                while (buffer.hasRemaining()) {
                    channel.write(buffer);
                }
                channel.force(true);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new IOException("Cannot write checkpoint " + path + ": " + describe(e), e);
        } finally {
            Files.deleteIfExists(tmp);
        }
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not supported here (Windows); the file's own contents were already forced to disk.
        }
    }

    /** "No space left on device" rather than the exception's class and path. */
    private static String describe(IOException e) {
        String m = e.getMessage();
        return e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null
                ? ((java.nio.file.FileSystemException) e).getReason() : m != null ? m : e.getClass().getSimpleName();
    }

    /**
     * Deletes {@code .NAME.<hex>.tmp} (this writer's naming) and {@code .NAME<digits>.tmp} (that of
     * earlier versions) beside {@code target}: what a process killed while saving leaves behind.
     */
    static void deleteStaleTemporaries(Path target) throws IOException {
        String name = target.getFileName().toString();
        java.util.regex.Pattern ours = java.util.regex.Pattern.compile(
                java.util.regex.Pattern.quote("." + name) + "(\\.[0-9a-f]{1,16}|[0-9]{1,20})\\.tmp");
        try (java.util.stream.Stream<Path> files = Files.list(target.getParent())) {
            for (Path f : (Iterable<Path>) files::iterator) {
                if (ours.matcher(f.getFileName().toString()).matches() && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS)) {
                    Files.deleteIfExists(f);
                }
            }
        }
    }

    /**
     * Reads a checkpoint and rebuilds its model, weights, optimizer state and generators.
     *
     * @param path the file written by {@link #save}
     * @return the model, the epochs it had done and the caller's metadata
     * @throws java.nio.file.NoSuchFileException when the file does not exist
     * @throws IOException when it is not a regular file or cannot be read
     * @throws IllegalArgumentException naming the file and what is wrong: a truncated or corrupted
     *         file, an unknown layer type (with the module to add), a tensor missing or of the wrong shape
     */
    public static Loaded load(Path path) throws IOException {
        String source = path.toString();
        if (!Files.exists(path)) {
            throw new java.nio.file.NoSuchFileException(source, null, "no such checkpoint file");
        }
        if (InputFiles.notRegular(path, "a checkpoint file") != null) {     // a directory, a FIFO, a device
            throw new java.nio.file.FileSystemException(source, null, "expected a checkpoint file (a regular file), found "
                    + (Files.isDirectory(path) ? "a directory" : "a special file (a FIFO, socket or device)"));
        }
        long size = Files.size(path);
        long limit = InputFiles.maxBytes();
        if (size > limit) {   // read whole below: its size is checked first
            throw new IllegalArgumentException(source + ": expected a checkpoint of at most " + InputFiles.human(limit)
                    + " (the limit, -D" + InputFiles.MAX_BYTES_PROPERTY + "), found a file of " + InputFiles.human(size));
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (OutOfMemoryError e) {
            throw new IllegalArgumentException(source + ": expected a checkpoint that fits in memory, found one of "
                    + InputFiles.human(size) + " (raise -Xmx through REGULA_JAVA_OPTS)");
        }
        try {
            SafeTensors.Contents contents = SafeTensors.decode(bytes, source);
            Map<String, String> meta = contents.metadata();
            if (!"1".equals(meta.get(FORMAT)) || !meta.containsKey(ARCHITECTURE) || !meta.containsKey(TRAINING)) {
                throw new IllegalArgumentException(source + ": not a Regula checkpoint (expected metadata "
                        + FORMAT + "=1, " + ARCHITECTURE + " and " + TRAINING + ")");
            }
            for (Map.Entry<String, Matrix> t : contents.tensors().entrySet()) {
                requireFinite(t.getValue(), t.getKey(), source);
            }
            return rebuild(contents, source);
        } catch (ClassCastException | NullPointerException | ArithmeticException e) {
            // Tampered metadata: a field of the wrong JSON type where Config does not check it.
            throw new IllegalArgumentException(source + ": the checkpoint metadata is not what Regula writes (a field"
                    + " has the wrong type or is missing); was the file edited? (" + e.getClass().getSimpleName() + ")");
        } catch (IllegalArgumentException e) {
            throw oneLine(e, source);
        }
    }

    /**
     * {@code e} as one line that starts with the file's name: a layer's or an optimizer's own
     * check (say "Invalid value for nIn: ...") does not know the file, and a value copied from a
     * tampered file may hold line breaks or run long.
     */
    private static IllegalArgumentException oneLine(IllegalArgumentException e, String source) {
        String m = String.valueOf(e.getMessage());
        String line = (m.startsWith(source + ": ") ? m : source + ": " + m).replaceAll("[\\r\\n]+", " ");
        if (line.length() > MAX_MESSAGE) {
            line = line.substring(0, MAX_MESSAGE) + "…";
        }
        return line.equals(m) ? e : new IllegalArgumentException(line, e);
    }

    /** The longest message {@link #load} gives, in characters. */
    private static final int MAX_MESSAGE = 400;

    private static boolean allFinite(Matrix m) {
        for (int i = 0; i < m.size(); i++) {
            if (!Double.isFinite(m.dtype() == DType.F32 ? m.floats()[i] : m.doubles()[i])) {
                return false;
            }
        }
        return true;
    }

    /** Refuses NaN and ±∞: a checkpoint holds the weights of a run whose loss was finite. */
    private static void requireFinite(Matrix m, String name, String source) {
        for (int i = 0; i < m.size(); i++) {
            double v = m.dtype() == DType.F32 ? m.floats()[i] : m.doubles()[i];
            if (!Double.isFinite(v)) {
                throw new IllegalArgumentException(source + ": expected finite numbers in tensor " + name
                        + ", found " + v + " at element " + i + " (saved from a run that diverged?)");
            }
        }
    }

    private static Loaded rebuild(SafeTensors.Contents contents, String source) {
        Map<String, String> meta = contents.metadata();
        Config arch = new Config(source + ": architecture", parse(meta.get(ARCHITECTURE), ARCHITECTURE, source));
        Config training = new Config(source + ": training", parse(meta.get(TRAINING), TRAINING, source));
        Registry registry = Registry.get();

        DType dtype = DType.parse(arch.string("dtype"));
        List<Layer> layers = new ArrayList<>();
        List<Map<String, Object>> layerConfigs = objects(arch, "layers");
        for (int i = 0; i < layerConfigs.size(); i++) {
            layers.add(registry.createLayer(new Config(source + ": layer " + i, layerConfigs.get(i))));
        }
        // Every parameter and state element must come from a tensor of the file: an architecture
        // that declares more is refused before its layers allocate them.
        long declared = 0;
        for (Layer layer : layers) {
            long w = layer.weightCount();
            declared = declared > Long.MAX_VALUE - w ? Long.MAX_VALUE : declared + w;
        }
        long held = 0;
        for (Matrix t : contents.tensors().values()) {
            held += t.size();
        }
        if (declared > held) {
            throw new IllegalArgumentException(source + ": expected an architecture whose weights are in the file, found"
                    + " one declaring " + declared + " parameters and state values for the " + held
                    + " numbers its tensors hold; was the file edited?");
        }
        Sequential model = new Sequential(dtype, 0, arch.integer("inputSize"), layers.toArray(new Layer[0]));
        Map<String, Object> lossConfig = object(arch, "loss");
        Map<String, Object> optConfig = object(arch, "optimizer");
        if (lossConfig != null && optConfig != null) {
            model.compile(registry.createLoss(new Config(source + ": loss", lossConfig)),
                    registry.createOptimizer(new Config(source + ": optimizer", optConfig)));
        }
        Map<String, Parameter> byName = new LinkedHashMap<>();
        for (Parameter p : model.parameters()) {
            byName.put(p.name(), p);
        }
        for (Map<String, Object> c : objects(arch, "penalties")) {
            Config pc = new Config(source + ": penalty", c);
            model.addPenalty(registry.createPenalty(pc, parameter(byName, pc)));
        }
        for (Map<String, Object> c : objects(arch, "constraints")) {
            Config cc = new Config(source + ": constraint", c);
            model.addConstraint(registry.createConstraint(cc, parameter(byName, cc)));
        }

        Map<String, Matrix> tensors = new LinkedHashMap<>(contents.tensors());
        for (Parameter p : model.parameters()) {
            copy(tensors, p.name(), p.value(), source);
        }
        for (Layer layer : model.layers()) {
            List<Matrix> state = layer.state();
            for (int i = 0; i < state.size(); i++) {
                copy(tensors, layer.name() + "/state/" + i, state.get(i), source);
            }
        }
        if (model.optimizer() != null) {
            for (Parameter p : model.parameters()) {
                String prefix = "optimizer/" + p.name() + "/";
                if (tensors.containsKey(prefix + "0")) {
                    Matrix[] slots = model.optimizer().slotsFor(p);
                    for (int i = 0; i < slots.length; i++) {
                        copy(tensors, prefix + i, slots[i], source);
                    }
                }
            }
            model.optimizer().setIterations(training.integer("iterations"));
        }
        if (!tensors.isEmpty()) {
            throw new IllegalArgumentException(source + ": tensors that the architecture does not use: " + tensors.keySet());
        }
        Map<String, Object> rngs = object(training, "rng");
        restoreRng(model.shuffleRng(), rngs, "shuffle", source);
        restoreRng(model.augmentationRng(), rngs, "augmentation", source);
        for (Layer layer : model.layers()) {
            if (layer.rng() != null) {
                restoreRng(layer.rng(), rngs, layer.name(), source);
            }
        }
        Map<String, String> extra = new LinkedHashMap<>();
        meta.forEach((k, v) -> {
            if (!k.startsWith("regula.")) {
                extra.put(k, v);
            }
        });
        return new Loaded(model, training.integer("epoch"), extra);
    }

    private static Map<String, Object> parse(String json, String key, String source) {
        try {
            return JSON.readValue(json, new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (IOException e) {
            throw new IllegalArgumentException(source + ": expected the metadata " + key + " to be a JSON object as Regula"
                    + " writes it, found " + SafeTensors.jsonProblem(e) + "; was the file edited?");
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> object(Config c, String key) {
        Object v = c.raw(key);
        if (v != null && !(v instanceof Map)) {
            throw new IllegalArgumentException(c.where() + ": field \"" + key + "\" must be an object, found: " + v);
        }
        return (Map<String, Object>) v;
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> objects(Config c, String key) {
        Object v = c.raw(key);
        if (!(v instanceof List) || ((List<?>) v).stream().anyMatch(o -> !(o instanceof Map))) {
            throw new IllegalArgumentException(c.where() + ": field \"" + key + "\" must be a list of objects, found: " + v);
        }
        return (List<Map<String, Object>>) v;
    }

    private static Parameter parameter(Map<String, Parameter> byName, Config c) {
        Parameter p = byName.get(c.string("parameter"));
        if (p == null) {
            throw new IllegalArgumentException(c.where() + ": unknown parameter " + c.string("parameter")
                    + "; the model has " + byName.keySet());
        }
        return p;
    }

    private static void copy(Map<String, Matrix> tensors, String name, Matrix into, String source) {
        Matrix saved = tensors.remove(name);
        if (saved == null) {
            throw new IllegalArgumentException(source + ": tensor " + name + " is missing");
        }
        if (saved.rows() != into.rows() || saved.cols() != into.cols() || saved.dtype() != into.dtype()) {
            throw new IllegalArgumentException(source + ": tensor " + name + " is " + saved.dtype() + " " + saved.shape()
                    + " but the architecture needs " + into.dtype() + " " + into.shape());
        }
        into.copyFrom(saved);
    }

    private static void restoreRng(Rng rng, Map<String, Object> rngs, String name, String source) {
        Object v = rngs == null ? null : rngs.get(name);
        if (!(v instanceof List) || ((List<?>) v).size() != 6) {
            throw new IllegalArgumentException(source + ": the state of generator " + name + " is missing or invalid: " + v);
        }
        long[] state = new long[6];
        for (int i = 0; i < 6; i++) {
            state[i] = ((Number) ((List<?>) v).get(i)).longValue();
        }
        rng.restore(state);
    }
}
