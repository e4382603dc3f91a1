package dev.regula.nn;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.regula.core.DType;
import dev.regula.core.Matrix;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The safetensors format, so that PyTorch's {@code safetensors} can read Regula's weights:
 * <pre>
 * 8 bytes     N, the header length, unsigned little-endian
 * N bytes     a JSON object: {"__metadata__": {string: string},
 *                             "name": {"dtype": "F32"|"F64", "shape": [rows, cols], "data_offsets": [begin, end]}, ...}
 * rest        the tensors' raw little-endian bytes, back to back, offsets relative to this part
 * </pre>
 * Matrices are written with their 2-D shape (a bias is [1, n]). The header is padded with spaces
 * to a multiple of 8 bytes, as the reference implementation does.
 *
 * <p>{@link #decode} validates everything it reads: the lengths, the JSON, each dtype and shape,
 * that the offsets match the shapes, and that the tensors tile the data part exactly.
 */
public final class SafeTensors {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long MAX_HEADER = 100L << 20;

    private SafeTensors() {}

    /** The tensors and the metadata of a file. */
    public record Contents(Map<String, Matrix> tensors, Map<String, String> metadata) {}

    /**
     * Encodes {@code tensors} (in iteration order) and {@code metadata}: an 8-byte little-endian
     * header length, the JSON header padded with spaces to a multiple of 8, then the data.
     *
     * @param tensors the tensors by name, each stored as its dtype (F32 or F64) and 2-d shape. Not modified.
     * @param metadata strings stored under {@code "__metadata__"}. Not modified.
     * @return the file's bytes
     */
    public static byte[] encode(Map<String, Matrix> tensors, Map<String, String> metadata) {
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("__metadata__", metadata);
        long offset = 0;
        for (Map.Entry<String, Matrix> e : tensors.entrySet()) {
            Matrix m = e.getValue();
            long bytes = (long) m.size() * (m.dtype() == DType.F32 ? 4 : 8);
            Map<String, Object> info = new LinkedHashMap<>();
            info.put("dtype", m.dtype().name());
            info.put("shape", List.of(m.rows(), m.cols()));
            info.put("data_offsets", List.of(offset, offset + bytes));
            header.put(e.getKey(), info);
            offset += bytes;
        }
        byte[] json;
        try {
            json = JSON.writeValueAsBytes(header);
        } catch (java.io.IOException e) {
            throw new IllegalStateException("Cannot encode the safetensors header", e);
        }
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + offset)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded);
        out.put(json);
        for (int i = json.length; i < padded; i++) {
            out.put((byte) ' ');
        }
        for (Matrix m : tensors.values()) {
            if (m.dtype() == DType.F32) {
                out.asFloatBuffer().put(m.floats(), 0, m.size());
                out.position(out.position() + 4 * m.size());
            } else {
                out.asDoubleBuffer().put(m.doubles(), 0, m.size());
                out.position(out.position() + 8 * m.size());
            }
        }
        return out.array();
    }

    /**
     * Decodes and validates a safetensors file.
     *
     * @param bytes the whole file. Not modified.
     * @param source the file name, for messages
     * @return the tensors in header order, and the metadata
     * @throws IllegalArgumentException naming the source, what was expected and what was found
     */
    public static Contents decode(byte[] bytes, String source) {
        if (bytes.length < 8) {
            throw new IllegalArgumentException(source + ": expected at least 8 bytes (the header length), found "
                    + bytes.length + "; the file is truncated or not a safetensors file");
        }
        ByteBuffer in = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = in.getLong();
        if (n < 2 || n > MAX_HEADER || n > bytes.length - 8) {
            throw new IllegalArgumentException(source + ": header length " + n + " does not fit a file of "
                    + bytes.length + " bytes; the file is truncated or not a safetensors file");
        }
        Map<String, Object> header;
        try {
            header = JSON.readValue(new String(bytes, 8, (int) n, StandardCharsets.UTF_8).trim(),
                    new TypeReference<LinkedHashMap<String, Object>>() {});
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException(source + ": expected a JSON header, found " + jsonProblem(e));
        }
        int dataStart = 8 + (int) n;
        long dataLength = bytes.length - (long) dataStart;
        Map<String, String> metadata = new LinkedHashMap<>();
        Map<String, Matrix> tensors = new LinkedHashMap<>();
        List<long[]> spans = new ArrayList<>();
        for (Map.Entry<String, Object> e : header.entrySet()) {
            String name = e.getKey();
            if (name.equals("__metadata__")) {
                if (!(e.getValue() instanceof Map)) {
                    throw new IllegalArgumentException(source + ": __metadata__ must be an object of strings");
                }
                for (Map.Entry<?, ?> m : ((Map<?, ?>) e.getValue()).entrySet()) {
                    if (!(m.getValue() instanceof String)) {
                        throw new IllegalArgumentException(source + ": metadata " + m.getKey() + " must be a string");
                    }
                    metadata.put((String) m.getKey(), (String) m.getValue());
                }
                continue;
            }
            Config info = new Config(source + ": tensor " + name, asMap(e.getValue(), source, name));
            DType dtype;
            switch (info.string("dtype")) {
                case "F32": dtype = DType.F32; break;
                case "F64": dtype = DType.F64; break;
                default: throw new IllegalArgumentException(source + ": tensor " + name
                        + " has dtype " + info.string("dtype") + "; expected F32 or F64");
            }
            int[] shape = intList(e.getValue(), "shape", source, name);
            if (shape.length < 1 || shape.length > 2) {
                throw new IllegalArgumentException(source + ": tensor " + name + " has " + shape.length
                        + " dimensions; expected 1 or 2");
            }
            int rows = shape.length == 2 ? shape[0] : 1;
            int cols = shape[shape.length - 1];
            long[] offsets = longList(e.getValue(), source, name);
            long expected = (long) rows * cols * (dtype == DType.F32 ? 4 : 8);
            if (offsets[0] < 0 || offsets[1] < offsets[0] || offsets[1] > dataLength || offsets[1] - offsets[0] != expected) {
                throw new IllegalArgumentException(source + ": tensor " + name + " of shape " + rows + "×" + cols
                        + " " + dtype + " needs " + expected + " bytes, but its data_offsets are [" + offsets[0] + ", "
                        + offsets[1] + "] in a data part of " + dataLength + " bytes");
            }
            Matrix m = Matrix.zeros(dtype, rows, cols);
            ByteBuffer slice = ByteBuffer.wrap(bytes, dataStart + (int) offsets[0], (int) expected).order(ByteOrder.LITTLE_ENDIAN);
            if (dtype == DType.F32) {
                slice.asFloatBuffer().get(m.floats(), 0, m.size());
            } else {
                slice.asDoubleBuffer().get(m.doubles(), 0, m.size());
            }
            tensors.put(name, m);
            spans.add(offsets);
        }
        spans.sort((a, b) -> Long.compare(a[0], b[0]));
        long end = 0;
        for (long[] s : spans) {
            if (s[0] != end) {
                throw new IllegalArgumentException(source + ": the tensors' data_offsets overlap or leave a gap at byte " + end);
            }
            end = s[1];
        }
        if (end != dataLength) {
            throw new IllegalArgumentException(source + ": the tensors cover " + end + " bytes but the data part has "
                    + dataLength + "; the file is truncated or has trailing bytes");
        }
        return new Contents(tensors, metadata);
    }

    /**
     * One line for a JSON parse error: Jackson's own message without its second line (the source
     * excerpt) and with the position, e.g. "invalid JSON at line 1, column 12 (Unexpected character ...)".
     */
    static String jsonProblem(java.io.IOException e) {
        if (e instanceof com.fasterxml.jackson.core.JsonProcessingException) {
            com.fasterxml.jackson.core.JsonProcessingException j = (com.fasterxml.jackson.core.JsonProcessingException) e;
            com.fasterxml.jackson.core.JsonLocation at = j.getLocation();
            String what = String.valueOf(j.getOriginalMessage()).lines().findFirst().orElse("").strip();
            return "invalid JSON" + (at == null ? "" : " at line " + at.getLineNr() + ", column " + at.getColumnNr())
                    + " (" + what + ")";
        }
        return "unreadable JSON (" + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")";
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asMap(Object o, String source, String name) {
        if (!(o instanceof Map)) {
            throw new IllegalArgumentException(source + ": tensor " + name + " must be described by an object, found: " + o);
        }
        return (Map<String, Object>) o;
    }

    private static int[] intList(Object info, String key, String source, String name) {
        Object v = asMap(info, source, name).get(key);
        if (!(v instanceof List)) {
            throw new IllegalArgumentException(source + ": tensor " + name + " needs a " + key + " list, found: " + v);
        }
        List<?> list = (List<?>) v;
        int[] out = new int[list.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(list.get(i) instanceof Integer) || (Integer) list.get(i) < 0) {
                throw new IllegalArgumentException(source + ": tensor " + name + " has an invalid " + key + ": " + v);
            }
            out[i] = (Integer) list.get(i);
        }
        return out;
    }

    private static long[] longList(Object info, String source, String name) {
        Object v = asMap(info, source, name).get("data_offsets");
        if (!(v instanceof List) || ((List<?>) v).size() != 2
                || !(((List<?>) v).get(0) instanceof Number) || !(((List<?>) v).get(1) instanceof Number)) {
            throw new IllegalArgumentException(source + ": tensor " + name + " needs data_offsets [begin, end], found: " + v);
        }
        List<?> list = (List<?>) v;
        return new long[] {((Number) list.get(0)).longValue(), ((Number) list.get(1)).longValue()};
    }
}
