package dev.regula.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Ties the chapters to the engine: every topic has a chapter, and every chapter's worked example
 * is exactly what {@code regula explain TOPIC} prints now.
 */
class ChaptersTest {
    static final String HOW_TO_REGENERATE = "If the engine's output changed on purpose, regenerate the worked examples"
            + " from the repository root with\n    mvn -B -q -pl docs -am test -Dtest=RegenerateChaptersRun -Dsurefire.failIfNoSpecifiedTests=false\n(see docs/README.md), then read the"
            + " diff of docs/*.md before committing it.";

    @Test
    void everyTopicHasAChapterWithItsMarkers() throws IOException {
        List<String> ids = new ArrayList<>(Explain.topics());
        ids.add(Chapters.OVERFITTING);
        for (String id : ids) {
            Path file = Chapters.chapter(TestSupport.docsDir(), id);
            assertTrue(Files.exists(file), "no chapter " + file + " for the topic " + id);
            String md = Chapters.read(file);
            assertTrue(Chapters.extract(md, id).isPresent(), file + " has no block between " + Chapters.begin(id)
                    + " and " + Chapters.end(id) + " holding a ```text fence");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyWorkedExampleMatchesTheEngine() {
        return Explain.topics().stream().map(topic -> dynamicTest(topic, () -> {
            String md = Chapters.read(Chapters.chapter(TestSupport.docsDir(), topic));
            assertBlockMatches(topic, md, Explain.explain(topic));
        }));
    }

    /** Fails with the first differing line and how to regenerate, when the block is not {@code expected}. */
    static void assertBlockMatches(String id, String markdown, String expected) {
        Optional<String> block = Chapters.extract(markdown, id);
        if (block.isEmpty()) {
            fail(id + ".md has no worked-example block. " + HOW_TO_REGENERATE);
        }
        String actual = block.get();
        if (actual.equals(expected)) {
            return;
        }
        String[] a = actual.split("\n", -1);
        String[] e = expected.split("\n", -1);
        int line = 0;
        while (line < Math.min(a.length, e.length) && a[line].equals(e[line])) {
            line++;
        }
        fail(id + ".md: the worked example no longer matches `regula explain " + id + "`; first difference at line "
                + (line + 1) + " of the block:\n  chapter: " + (line < a.length ? a[line] : "(end of block)")
                + "\n  engine:  " + (line < e.length ? e[line] : "(end of output)") + "\n" + HOW_TO_REGENERATE);
    }

    @Test
    void theRelativeLinksOfTheChaptersPointAtFiles() throws IOException {
        Pattern link = Pattern.compile("\\]\\((\\.{0,2}/?[^)#:]+?)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        try (Stream<Path> files = Files.list(TestSupport.docsDir())) {
            for (Path md : files.filter(p -> p.toString().endsWith(".md")).toList()) {
                Matcher m = link.matcher(Chapters.read(md));
                while (m.find()) {
                    String target = m.group(1);
                    if (target.startsWith("http")) {
                        continue;
                    }
                    if (!Files.exists(md.getParent().resolve(target).normalize())) {
                        broken.add(md.getFileName() + " → " + target);
                    }
                }
            }
        }
        assertEquals(List.of(), broken, "links to files that do not exist");
    }

    @Test
    void blocksRoundTrip() {
        String md = "# t\n\n" + Chapters.block("x", "old\n") + "\n\nafter\n";
        String replaced = Chapters.replace(md, "x", "new\ntext\n");
        assertEquals("new\ntext\n", Chapters.extract(replaced, "x").orElseThrow());
        assertTrue(replaced.endsWith("\n\nafter\n"));
    }
}
