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

    /** A new config map with {@code type} first, for {@code config()} implementations. */
    public static Map<String, Object> of(String type, Object... keysAndValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("type", type);
        for (int i = 0; i + 1 < keysAndValues.length; i += 2) {
            m.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return m;
    }

    public String where() {
        return where;
    }

    public String type() {
        return string("type");
    }

    public String string(String key) {
        Object v = require(key);
        if (!(v instanceof String)) {
            throw invalid(key, "a string", v);
        }
        return (String) v;
    }

    public double number(String key) {
        Object v = require(key);
        if (!(v instanceof Number)) {
            throw invalid(key, "a number", v);
        }
        return ((Number) v).doubleValue();
    }

    public int integer(String key) {
        Object v = require(key);
        if (!(v instanceof Integer || v instanceof Long) || ((Number) v).longValue() != ((Number) v).intValue()) {
            throw invalid(key, "an integer", v);
        }
        return ((Number) v).intValue();
    }

    public boolean bool(String key) {
        Object v = require(key);
        if (!(v instanceof Boolean)) {
            throw invalid(key, "true or false", v);
        }
        return (Boolean) v;
    }

    /** The raw JSON value of {@code key}, or null. */
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
