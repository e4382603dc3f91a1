package dev.regula.experiments;

/**
 * A run spec that cannot be used: an unknown or misspelled key, a value of the wrong type, an
 * impossible value, or a file that is not YAML. The message is one line,
 * {@code SOURCE: KEY.PATH: what was expected, received: what was found}.
 */
public final class SpecException extends IllegalArgumentException {
    private final String source;
    private final String keyPath;
    private final String detail;

    /**
     * @param source  the file or what stands for it ("preset dropout", "spec")
     * @param keyPath the key path, e.g. {@code augment.rotation}; empty for the whole spec
     * @param detail  what was expected and what was received
     */
    public SpecException(String source, String keyPath, String detail) {
        // one line whatever the file holds: a key or a value it quotes may span lines
        super(dev.regula.core.Checks.printable(source + ": " + (keyPath.isEmpty() ? "" : keyPath + ": ") + detail));
        this.source = source;
        this.keyPath = keyPath;
        this.detail = detail;
    }

    /** The file or what stands for it. */
    public String source() {
        return source;
    }

    /** The key path, e.g. {@code augment.rotation}; empty for the whole spec. */
    public String keyPath() {
        return keyPath;
    }

    /** What was expected and what was received. */
    public String detail() {
        return detail;
    }
}
