package dev.regula.docs.shell;

import dev.regula.docs.Explain;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The JShell scripts of {@code regula shell TOPIC}: one per topic of {@code regula explain}, kept
 * readable in {@code docs/jshell/TOPIC.jsh} and bundled into the jar from that same directory (the
 * docs pom lists it as a resource directory, under {@value #RESOURCE_DIR}), so there is one copy.
 */
public final class Scripts {
    /** Where the scripts are on the class path. */
    public static final String RESOURCE_DIR = "/dev/regula/docs/jshell/";

    private Scripts() {}

    /** The topics that have a script: those of {@link Explain#topics()}, in the same order. */
    public static List<String> topics() {
        return Explain.topics();
    }

    /**
     * The script of {@code topic}.
     *
     * @throws IllegalArgumentException for a topic without a script, listing the known ones
     * @throws IllegalStateException    when the jar lacks a script it should hold
     */
    public static String script(String topic) {
        if (topic == null || !topics().contains(topic)) {
            throw new IllegalArgumentException("Unknown topic: expected one of " + String.join(", ", topics())
                    + ", received: " + topic);
        }
        return resource(topic + ".jsh");
    }

    /** The imports every script starts with: the engine's packages and {@link Show}. */
    public static String imports() {
        return """
                import dev.regula.core.*;
                import dev.regula.nn.*;
                import dev.regula.regularization.*;
                import dev.regula.data.*;
                import static dev.regula.docs.shell.Show.*;
                """;
    }

    private static String resource(String name) {
        try (InputStream in = Scripts.class.getResourceAsStream(RESOURCE_DIR + name)) {
            if (in == null) {
                throw new IllegalStateException("The script " + RESOURCE_DIR + name + " is missing from the class path"
                        + " (the docs module bundles docs/jshell/*.jsh; rebuild it)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the script " + RESOURCE_DIR + name, e);
        }
    }
}
