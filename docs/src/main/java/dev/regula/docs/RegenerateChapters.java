package dev.regula.docs;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites the worked examples of the chapters from the engine's output: the block of every topic
 * of {@link Explain#topics()} in {@code TOPIC.md}, and the overfitting chapter's table (and, with
 * {@code --pictures}, its three PNGs in {@code images/overfitting/}).
 *
 * From the repository root, through the reactor (so that the engine is this checkout's, never a jar
 * installed in {@code ~/.m2}), with the tests' JVM flags:
 * <pre>
 * mvn -B -q -pl docs -am test -Dtest=RegenerateChaptersRun -Dsurefire.failIfNoSpecifiedTests=false
 * mvn -B -q -pl docs -am test -Dtest=RegenerateChaptersRun -Dsurefire.failIfNoSpecifiedTests=false -Dregenerate.pictures=true
 * </pre>
 * The second also redraws the PNGs. {@link #main} takes the same job from a command line: arguments: the docs directory (default {@code docs} when it exists, else the current directory),
 * then optionally {@code --pictures}. Run it with the same JVM flags as the tests (the pom does:
 * {@code --add-modules jdk.incubator.vector}), so that the numbers come from the same GEMM kernel.
 */
public final class RegenerateChapters {
    private RegenerateChapters() {}

    public static void main(String[] args) throws IOException {
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        Path dir = null;
        boolean pictures = false;
        for (String a : args) {
            if (a.isBlank()) {
                continue;                      // an empty argument
            }
            if (a.equals("--pictures")) {
                pictures = true;
            } else if (dir == null) {
                dir = Path.of(a);
            } else {
                throw new IllegalArgumentException("Unexpected argument: " + a + " (usage: RegenerateChapters [DOCS_DIR] [--pictures])");
            }
        }
        if (dir == null) {
            dir = Files.isDirectory(Path.of("docs")) ? Path.of("docs") : Path.of(".");
        }
        List<String> changed = regenerate(dir, pictures, out);
        out.println(changed.isEmpty() ? "Every chapter was up to date." : "Rewrote " + String.join(", ", changed));
    }

    /**
     * Rewrites every block under {@code docsDir} that differs from the engine's output now.
     *
     * @return the chapters rewritten
     * @throws IOException when a chapter cannot be read or written
     * @throws IllegalArgumentException when a chapter or its markers are missing
     */
    public static List<String> regenerate(Path docsDir, boolean pictures, PrintStream log) throws IOException {
        List<String> changed = new ArrayList<>();
        for (String topic : Explain.topics()) {
            if (rewrite(docsDir, topic, Explain.explain(topic))) {
                changed.add(topic + ".md");
            }
        }
        Path images = pictures ? docsDir.resolve("images").resolve("overfitting") : null;
        Overfitting.Result result = Overfitting.run(Overfitting.defaults(), images);
        if (rewrite(docsDir, Chapters.OVERFITTING, result.summary())) {
            changed.add(Chapters.OVERFITTING + ".md");
        }
        if (images != null) {
            for (Overfitting.Run r : result.runs()) {
                log.println("Wrote " + images.resolve(r.file()));
            }
        }
        return changed;
    }

    private static boolean rewrite(Path docsDir, String id, String text) throws IOException {
        Path file = Chapters.chapter(docsDir, id);
        if (!Files.exists(file)) {
            throw new IllegalArgumentException("No chapter " + file + " for the topic " + id);
        }
        String before = Chapters.read(file);
        String after = Chapters.replace(before, id, text);
        if (after.equals(before)) {
            return false;
        }
        Chapters.write(file, after);
        return true;
    }
}
