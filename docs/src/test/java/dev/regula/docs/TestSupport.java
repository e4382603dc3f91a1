package dev.regula.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the docs tests. */
final class TestSupport {
    private TestSupport() {}

    /** The docs module's directory (surefire runs in it; from the repository root it is docs/). */
    static Path docsDir() {
        Path here = Path.of("").toAbsolutePath();
        if (Files.exists(here.resolve("dropout.md"))) {
            return here;
        }
        return here.resolve("docs");
    }

    /** One row of a gradient-check table: the parameter, and its worst relative error. */
    record CheckRow(String parameter, double relError, boolean ok) {}

    /**
     * The rows of every gradient-check table in a walkthrough: the lines between a header
     * ("parameter element analytic numeric rel.error ok") and the "max relative error" line.
     */
    static List<List<CheckRow>> gradientChecks(String text) {
        List<List<CheckRow>> tables = new ArrayList<>();
        List<CheckRow> current = null;
        for (String raw : text.split("\n")) {
            String line = raw.trim();
            if (line.startsWith("parameter") && line.contains("rel.error")) {
                current = new ArrayList<>();
                continue;
            }
            if (current == null) {
                continue;
            }
            if (line.startsWith("max relative error")) {
                tables.add(current);
                current = null;
                continue;
            }
            String[] tokens = line.split("\\s+");
            String ok = tokens[tokens.length - 1];
            double rel = Double.parseDouble(tokens[tokens.length - 2]);
            current.add(new CheckRow(tokens[0], rel, ok.equals("yes")));
        }
        return tables;
    }
}
