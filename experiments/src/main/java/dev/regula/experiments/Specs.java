package dev.regula.experiments;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reading, merging, checking and writing {@link RunSpec}s. A spec is the defaults
 * ({@value #DEFAULTS}) with a file's keys merged over them (mappings key by key, anything else
 * replaced whole), then key-path overrides (command-line flags, {@link RunSpec#with}). The merged
 * tree becomes records through Jackson with strict settings: an unknown key, a wrong type or an
 * impossible value is a {@link SpecException} naming the key path.
 */
final class Specs {
    private Specs() {}

    static final String DEFAULTS = "spec-defaults.yaml";

    /** Snake-case keys, strict about unknown keys, nulls for numbers and fractions for integers. */
    static final ObjectMapper YAML = configure(new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)));

    /** The same settings, for JSON. */
    static final ObjectMapper JSON = configure(new ObjectMapper());

    private static ObjectMapper configure(ObjectMapper m) {
        return m.setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
                .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    private static ObjectNode defaults;

    /** A fresh copy of the defaults' tree. */
    static synchronized ObjectNode defaults() {
        if (defaults == null) {
            defaults = (ObjectNode) resource(DEFAULTS);
        }
        return defaults.deepCopy();
    }

    private static JsonNode resource(String name) {
        try (InputStream in = Specs.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + name + " (a broken build)");
            }
            JsonNode node = YAML.readTree(in);
            if (!(node instanceof ObjectNode)) {
                throw new IllegalStateException(name + ": expected a mapping at the top");
            }
            return node;
        } catch (IOException e) {
            throw new UncheckedIOException(name, e);
        }
    }

    static RunSpec preset(String name) {
        String file = "presets/" + name + ".yaml";
        return build(merge(defaults(), resource(file)), file, Map.of());
    }

    static RunSpec read(Path file) {
        String text;
        try {
            if (!Files.isRegularFile(file)) {
                throw new SpecException(file.toString(), "", "expected a regular YAML or JSON file, received: "
                        + (Files.exists(file) ? "not a regular file" : "no such file"));
            }
            if (Files.size(file) > 1 << 20) {
                throw new SpecException(file.toString(), "", "expected a spec file of at most 1 MiB, received: "
                        + Files.size(file) + " bytes");
            }
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new SpecException(file.toString(), "", "cannot read the file: " + e);
        }
        String stem = file.getFileName().toString().replaceFirst("\\.(ya?ml|json)$", "");
        return parse(text, file.toString(), stem);
    }

    /**
     * Parses spec text over the defaults.
     *
     * @param fallbackName the name when the text has none (null: the defaults' name)
     */
    static RunSpec parse(String text, String source, String fallbackName) {
        JsonNode node;
        try {
            node = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new SpecException(source, "", syntax(e));
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            node = YAML.createObjectNode();
        }
        if (!node.isObject()) {
            throw new SpecException(source, "", "expected a mapping of keys (model:, optimizer:, ...), received: "
                    + node.getNodeType().toString().toLowerCase(java.util.Locale.ROOT));
        }
        ObjectNode tree = merge(defaults(), node);
        if (!node.has("name") && fallbackName != null && fallbackName.matches("[A-Za-z0-9_.=+-]+")) {
            tree.put("name", fallbackName);
        }
        return build(tree, source, Map.of());
    }

    /**
     * The spec of {@code tree} with {@code overrides} (key path → value) set first.
     *
     * @throws SpecException naming {@code source} and the key path
     */
    static RunSpec build(ObjectNode tree, String source, Map<String, ?> overrides) {
        for (Map.Entry<String, ?> o : overrides.entrySet()) {
            set(tree, o.getKey(), YAML.valueToTree(o.getValue()), source);
        }
        try {
            return YAML.treeToValue(tree, RunSpec.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw translate(source, e);
        }
    }

    /** Sets the value at {@code keyPath} (dots between keys), which must exist in {@code tree}. */
    static void set(ObjectNode tree, String keyPath, JsonNode value, String source) {
        String[] keys = keyPath.split("\\.");
        ObjectNode node = tree;
        for (int i = 0; i < keys.length; i++) {
            String prefix = String.join(".", java.util.Arrays.copyOf(keys, i + 1));
            if (!node.has(keys[i])) {
                throw new SpecException(source, prefix, "unknown key" + suggestion(keys[i], node));
            }
            if (i == keys.length - 1) {
                node.set(keys[i], value);
            } else if (node.get(keys[i]) instanceof ObjectNode child) {
                node = child;
            } else {
                throw new SpecException(source, prefix, "expected a mapping holding " + keys[i + 1] + ", received: "
                        + node.get(keys[i]));
            }
        }
    }

    /** {@code over} merged into {@code base}: mappings key by key, anything else replaced. */
    static ObjectNode merge(ObjectNode base, JsonNode over) {
        for (Iterator<Map.Entry<String, JsonNode>> it = over.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            JsonNode old = base.get(e.getKey());
            if (old instanceof ObjectNode o && e.getValue().isObject()) {
                merge(o, e.getValue());
            } else {
                base.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        return base;
    }

    static ObjectNode toTree(RunSpec spec) {
        return YAML.valueToTree(spec);
    }

    static String toYaml(RunSpec spec) {
        try {
            return YAML.writeValueAsString(toTree(spec));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static List<String> differences(JsonNode a, JsonNode b, String prefix) {
        List<String> out = new ArrayList<>();
        if (a != null && b != null && a.isObject() && b.isObject()) {
            List<String> keys = new ArrayList<>();
            a.fieldNames().forEachRemaining(keys::add);
            b.fieldNames().forEachRemaining(k -> { if (!keys.contains(k)) keys.add(k); });
            for (String k : keys) {
                out.addAll(differences(a.get(k), b.get(k), prefix.isEmpty() ? k : prefix + "." + k));
            }
        } else if (a == null || !a.equals(b)) {
            out.add(prefix);
        }
        return out;
    }

    // ---------------------------------------------------------------- messages

    private static String syntax(JsonProcessingException e) {
        JsonLocation at = e.getLocation();
        String m = e.getOriginalMessage().lines().findFirst().orElse("").trim();
        return "not valid YAML" + (at != null && at.getLineNr() > 0 ? " at line " + at.getLineNr()
                + ", column " + at.getColumnNr() : "") + ": " + m;
    }

    private static SpecException translate(String source, Exception e) {
        if (e instanceof JsonParseException p) {
            return new SpecException(source, "", syntax(p));
        }
        if (!(e instanceof JsonMappingException m)) {
            return new SpecException(source, "", String.valueOf(e.getMessage()));
        }
        String path = path(m.getPath());
        if (m instanceof UnrecognizedPropertyException u) {
            List<String> known = new ArrayList<>();
            if (u.getKnownPropertyIds() != null) {
                u.getKnownPropertyIds().forEach(k -> known.add(String.valueOf(k)));
            }
            java.util.Collections.sort(known);      // Jackson's order is a hash set's
            return new SpecException(source, path, "unknown key" + suggestion(u.getPropertyName(), known)
                    + "; expected one of " + String.join(", ", known));
        }
        if (m instanceof ValueInstantiationException) {
            Throwable cause = m.getCause() != null ? m.getCause() : m;
            String msg = String.valueOf(cause.getMessage());
            String prefix = "Invalid value for ";
            int colon = msg.indexOf(": ");
            if (msg.startsWith(prefix) && colon > 0) {       // "Invalid value for KEY: expected ..."
                String key = msg.substring(prefix.length(), colon);
                return new SpecException(source, path.isEmpty() ? key : path + "." + key, msg.substring(colon + 2));
            }
            return new SpecException(source, path, msg);
        }
        if (m instanceof InvalidFormatException f) {
            return new SpecException(source, path, "expected " + kind(f.getTargetType()) + ", received: " + f.getValue());
        }
        if (m instanceof MismatchedInputException mi) {
            return new SpecException(source, path, "expected " + kind(mi.getTargetType()) + ", received: "
                    + received(m.getOriginalMessage()));
        }
        return new SpecException(source, path, m.getOriginalMessage().lines().findFirst().orElse(""));
    }

    private static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : refs) {
            if (r.getFieldName() != null) {
                b.append(b.length() == 0 ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.toString();
    }

    private static String kind(Class<?> type) {
        if (type == null) return "a value of another type";
        if (type == double.class || type == Double.class) return "a number";
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) return "an integer";
        if (type == boolean.class || type == Boolean.class) return "true or false";
        if (type == String.class) return "a text value";
        if (List.class.isAssignableFrom(type)) return "a list";
        return "a mapping";
    }

    /** What Jackson saw, from its message ("... from String \"abc\": ..." → "abc"). */
    private static String received(String message) {
        String first = message == null ? "" : message.lines().findFirst().orElse("");
        int from = first.indexOf(" from ");
        if (first.contains("null")) return "null";
        if (from >= 0) {
            String rest = first.substring(from + 6);
            int colon = rest.indexOf(':');
            return colon > 0 ? rest.substring(0, colon).trim() : rest.trim();
        }
        return first;
    }

    private static String suggestion(String key, JsonNode node) {
        List<String> known = new ArrayList<>();
        node.fieldNames().forEachRemaining(known::add);
        return suggestion(key, known);
    }

    /** "; did you mean rotation?" for a key one or two edits away from a known one. */
    private static String suggestion(String key, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(key, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
