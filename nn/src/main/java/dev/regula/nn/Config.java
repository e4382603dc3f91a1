package dev.regula.nn;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The saved description of one component (a layer, a penalty, an optimizer...): its
 * {@code type} and constructor arguments, as written into a checkpoint's architecture JSON, with
 * typed getters whose errors say where the value came from.
 */
public final class Config {
    private final String where;
    private final Map<String, Object> values;

    /**
     * @param where  for messages, e.g. "model.safetensors: layer 3"
     * @param values the JSON object's fields
     */
    public Config(String where, Map<String, Object> values) {
        this.where = where;
        this.values = values;
    }

    /**
     * A new config map with {@code type} first, for {@code config()} implementations.
     *
     * @param type the component's type, e.g. "Dense"
     * @param keysAndValues alternating String keys and values; a trailing odd element is ignored
     * @return a new, mutable, insertion-ordered map
     */
    public static Map<String, Object> of(String type, Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    /** @return where this config came from, for messages */
    public String where() {
        return where;
    }

    /**
     * @return the {@code "type"} field
     * @throws IllegalArgumentException if it is missing or not a string
     */
    public String type() {
        return string("type");
    }

    /**
     * @param key the field's name
     * @return the field as a string
     * @throws IllegalArgumentException naming the field and where, if it is missing or not a string
     */
    public String string(String key) {
        Object v = require(key);
        if (!(v instanceof String)) {
            throw invalid(key, "a string", v);
        }
        return (String) v;
    }

    /**
     * @param key the field's name
     * @return the field as a double
     * @throws IllegalArgumentException naming the field and where, if it is missing or not a number
     */
    public double number(String key) {
        Object v = require(key);
        if (!(v instanceof Number)) {
            throw invalid(key, "a number", v);
        }
        return ((Number) v).doubleValue();
    }

    /**
     * @param key the field's name
     * @return the field as an int
     * @throws IllegalArgumentException naming the field and where, if it is missing, not an
     *         integer, or outside the int range
     */
    public int integer(String key) {
        Object v = require(key);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
            throw invalid(key, "an integer", v);
        }
        return ((Number) v).intValue();
    }

    /**
     * @param key the field's name
     * @return the field as a boolean
     * @throws IllegalArgumentException naming the field and where, if it is missing or not a boolean
     */
    public boolean bool(String key) {
        Object v = require(key);
        if (!(v instanceof Boolean)) {
            throw invalid(key, "true or false", v);
        }
        return (Boolean) v;
    }

    /**
     * The raw JSON value of {@code key}.
     *
     * @param key the field's name
     * @return the value as parsed (String, Number, Boolean, List or Map), or null when absent
     */
    public Object raw(String key) {
        return values.get(key);
    }

    private Object require(String key) {
        Object v = values.get(key);
        if (v == null) {
            throw new IllegalArgumentException(where + ": missing field \"" + key + "\" in " + values);
        }
        return v;
    }

    private IllegalArgumentException invalid(String key, String expected, Object v) {
        return new IllegalArgumentException(where + ": field \"" + key + "\" must be " + expected + ", found: " + v);
    }
}
