package dev.regula.docs;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The worked examples inside the Markdown chapters of {@code docs/}. A chapter {@code TOPIC.md}
 * holds the output of {@code regula explain TOPIC} between two marker comments, in a fenced block:
 * <pre>
 * &lt;!-- explain:dropout:begin --&gt;
 * ```text
 * (the output of Explain.explain("dropout"), exactly)
 * ```
 * &lt;!-- explain:dropout:end --&gt;
 * </pre>
 * {@link RegenerateChapters} rewrites the blocks; the chapters' test fails when one differs from
 * what the engine prints now.
 */
public final class Chapters {
    private Chapters() {}

    /** The id of the overfitting chapter's block, which holds {@link Overfitting.Result#summary()}. */
    public static final String OVERFITTING = "overfitting";

    /** {@code <!-- explain:ID:begin -->}. */
    public static String begin(String id) {
        return "<!-- explain:" + id + ":begin -->";
    }

    /** {@code <!-- explain:ID:end -->}. */
    public static String end(String id) {
        return "<!-- explain:" + id + ":end -->";
    }

    /** The chapter file of a topic: {@code docsDir/TOPIC.md}. */
    public static Path chapter(Path docsDir, String id) {
        return docsDir.resolve(id + ".md");
    }

    /** The markers and the fenced text, as the block is written in a chapter. */
    public static String block(String id, String text) {
        String body = text.endsWith("\n") ? text : text + "\n";
        return begin(id) + "\n```text\n" + body + "```\n" + end(id);
    }

    /**
     * The text inside the fenced block of {@code id} in {@code markdown}, or empty when the chapter
     * has no (well-formed) block for it.
     */
    public static Optional<String> extract(String markdown, String id) {
        int b = markdown.indexOf(begin(id));
        int e = markdown.indexOf(end(id));
        if (b < 0 || e < b) {
            return Optional.empty();
        }
        String inside = markdown.substring(b + begin(id).length(), e);
        String open = "\n```text\n";
        String close = "```\n";
        if (!inside.startsWith(open) || !inside.endsWith(close)) {
            return Optional.empty();
        }
        return Optional.of(inside.substring(open.length(), inside.length() - close.length()));
    }

    /**
     * {@code markdown} with the block of {@code id} replaced by {@code text}.
     *
     * @throws IllegalArgumentException when the markers are missing or out of order
     */
    public static String replace(String markdown, String id, String text) {
        int b = markdown.indexOf(begin(id));
        int e = markdown.indexOf(end(id));
        if (b < 0 || e < b) {
            throw new IllegalArgumentException("The chapter has no block for " + id + ": expected the lines "
                    + begin(id) + " and " + end(id));
        }
        return markdown.substring(0, b) + block(id, text) + markdown.substring(e + end(id).length());
    }

    static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8);
    }

    static void write(Path file, String content) throws IOException {
        Files.writeString(file, content, StandardCharsets.UTF_8);
    }
}
