package dev.regula.docs.shell;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.UnresolvedReferenceException;

/**
 * Evaluates a JShell script (a {@code .jsh} file of {@code docs/jshell}) through the
 * {@code jdk.jshell} API, in this JVM, with the engine on the class path, and returns what every
 * snippet gave: its value, what it printed, and its error if it had one.
 *
 * <p>Used by the tests that keep the scripts equal to the chapters and by any command that checks
 * a reader's code (e.g. {@code regula exercise}). Order of use:
 * <pre>
 * try (JShellRunner shell = JShellRunner.open()) {   // the class path of this JVM
 *     List&lt;Result&gt; results = shell.evalScript(script);
 *     Result r = shell.eval("keepProb = 0.5; forward()");
 * }
 * </pre>
 *
 * <p>The snippets run in this JVM ({@code executionEngine("local")}): the engine's classes, its GEMM
 * kernel and the {@code jdk.incubator.vector} module are the ones the caller has, so a script prints
 * the same last digits as {@code regula explain} run with the same JVM flags. What a snippet prints
 * on {@code System.out} is captured by swapping {@link System#out} for the duration of the call; one
 * runner evaluates one snippet at a time ({@code synchronized}), and no other thread of the JVM should
 * print meanwhile.
 */
public final class JShellRunner implements AutoCloseable {

    /**
     * What one snippet gave.
     *
     * @param source the snippet's source, as split from the script
     * @param value  the value JShell shows for it (an expression's or a variable's value), or "" when it has none
     * @param output what it printed on {@code System.out} and {@code System.err}
     * @param error  null when it ran; otherwise one line: the compiler's diagnostics or the exception it threw
     */
    public record Result(String source, String value, String output, String error) {
        public boolean ok() {
            return error == null;
        }
    }

    private final JShell shell;
    private final SourceCodeAnalysis analysis;

    private JShellRunner(String classPath) {
        shell = JShell.builder().executionEngine("local").build();
        for (String entry : classPath.split(File.pathSeparator)) {
            if (!entry.isEmpty()) {
                shell.addToClasspath(entry);
            }
        }
        analysis = shell.sourceCodeAnalysis();
    }

    /** A runner whose snippets see this JVM's class path ({@code java.class.path}). */
    public static JShellRunner open() {
        return open(System.getProperty("java.class.path"));
    }

    /** A runner whose snippets compile against {@code classPath} (entries separated by {@link File#pathSeparator}). */
    public static JShellRunner open(String classPath) {
        Objects.requireNonNull(classPath, "classPath");
        return new JShellRunner(classPath);
    }

    /**
     * Splits {@code script} into complete snippets, as JShell reads a file: declarations, statements
     * and expressions, in order. Lines that start with {@code /} (JShell commands such as
     * {@code /exit}) are skipped.
     *
     * @throws IllegalArgumentException when the script ends inside an incomplete snippet
     */
    public List<String> split(String script) {
        StringBuilder kept = new StringBuilder();
        for (String line : script.split("\n", -1)) {
            if (!line.stripLeading().startsWith("/") || line.stripLeading().startsWith("//")
                    || line.stripLeading().startsWith("/*")) {
                kept.append(line).append('\n');
            }
        }
        List<String> snippets = new ArrayList<>();
        String rest = kept.toString();
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(rest);
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            if (!info.completeness().isComplete()) {
                throw new IllegalArgumentException("Incomplete snippet at the end of the script: expected a complete "
                        + "declaration, statement or expression, received: " + firstLine(rest));
            }
            snippets.add(info.source());
            rest = info.remaining();
        }
        return snippets;
    }

    /** Evaluates every snippet of {@code script} in order, going on after an error (as JShell does). */
    public List<Result> evalScript(String script) {
        List<Result> results = new ArrayList<>();
        for (String s : split(script)) {
            results.add(eval(s));
        }
        return results;
    }

    /**
     * Evaluates one snippet, or several when {@code source} holds more than one (their results are
     * joined: the last value, all the output, the first error).
     */
    public synchronized Result eval(String source) {
        List<String> parts = split(source);
        if (parts.size() != 1) {
            String value = "";
            StringBuilder output = new StringBuilder();
            String error = null;
            for (String p : parts) {
                Result r = eval(p);
                value = r.value();
                output.append(r.output());
                error = error == null ? r.error() : error;
            }
            return new Result(source, value, output.toString(), error);
        }
        String snippet = parts.get(0);
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        PrintStream out = System.out;
        PrintStream err = System.err;
        PrintStream capture = new PrintStream(captured, true, StandardCharsets.UTF_8);
        List<SnippetEvent> events;
        System.setOut(capture);
        System.setErr(capture);
        try {
            events = shell.eval(snippet);
        } finally {
            capture.flush();
            System.setOut(out);
            System.setErr(err);
        }
        String value = "";
        String error = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;   // an update of a dependent snippet, not this one
            }
            if (e.value() != null) {
                value = e.value();
            }
            if (e.status() == Snippet.Status.REJECTED) {
                error = shell.diagnostics(e.snippet()).map(d -> d.getMessage(null))
                        .collect(Collectors.joining("; ", "does not compile: ", ""));
            } else if (e.exception() != null) {
                error = describe(e);
            } else if (e.status() == Snippet.Status.RECOVERABLE_DEFINED
                    || e.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                error = "refers to something undefined: " + shell.unresolvedDependencies((jdk.jshell.DeclarationSnippet) e.snippet())
                        .collect(Collectors.joining(", "));
            }
        }
        return new Result(snippet, value, captured.toString(StandardCharsets.UTF_8), error);
    }

    private static String describe(SnippetEvent e) {
        Exception ex = e.exception();
        if (ex instanceof EvalException ee) {
            return ee.getExceptionClassName() + ": " + ee.getMessage();
        }
        if (ex instanceof UnresolvedReferenceException ure) {
            return "refers to something undefined: " + ure.getSnippet().source();
        }
        return ex.toString();
    }

    private static String firstLine(String s) {
        String t = s.strip();
        int nl = t.indexOf('\n');
        return nl < 0 ? t : t.substring(0, nl) + " ...";
    }


    @Override
    public void close() {
        shell.close();
    }
}
