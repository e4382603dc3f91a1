package dev.regula.docs.exercise;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * A JShell script evaluated in this JVM through the {@code jdk.jshell} API (the {@code local}
 * execution engine: no second JVM, no class path to pass, since the exercise scripts use only
 * {@code double[][]} and the JDK).
 *
 * <p>Order of use: {@link #load} the learner's script once (snippet by snippet, remembering the
 * line where each one starts, so that a compile error or an exception is reported at a line of
 * the file), {@link #define} the checker's own helpers, then {@link #evalString} expressions that
 * return a String. {@link #close} at the end.
 *
 * <p>Every evaluation has a time limit ({@value #DEFAULT_LIMIT_MILLIS} ms by default): a script
 * with an endless loop is stopped ({@link JShell#stop()}) and reported as {@link TimedOut},
 * instead of hanging the check.
 *
 * <p>Kept small on purpose: {@code regula shell} has its own runner (issue 12), and the two can be
 * unified later.
 */
final class ScriptSession implements AutoCloseable {
    private final JShell shell;
    private final String fileName;
    /** Snippet id → the line of the script where the snippet starts (1-based). */
    private final Map<String, Integer> firstLines = new HashMap<>();
    /** The time limit of one evaluation (a snippet of the script, or the exercise's calls). */
    static final long DEFAULT_LIMIT_MILLIS = 10_000;
    private final long limitMillis;
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "regula-exercise-watchdog");
        t.setDaemon(true);
        return t;
    });

    /** A script that does not compile or does not load: one line, with the file name and line. */
    static class ScriptException extends Exception {
        ScriptException(String message) {
            super(message);
        }
    }

    /** An evaluation that did not finish within the time limit and was stopped. */
    static final class TimedOut extends ScriptException {
        TimedOut(String message) {
            super(message);
        }
    }

    ScriptSession(String fileName) {
        this(fileName, DEFAULT_LIMIT_MILLIS);
    }

    /** @param limitMillis the time limit of one evaluation, &gt; 0 */
    ScriptSession(String fileName, long limitMillis) {
        this.fileName = fileName;
        this.limitMillis = limitMillis;
        ClassLoader saved = Thread.currentThread().getContextClassLoader();
        // The local engine's class loader sets itself as this thread's context loader; put ours back.
        this.shell = JShell.builder().executionEngine("local").build();
        Thread.currentThread().setContextClassLoader(saved);
    }

    /**
     * Evaluates every snippet of {@code source} in order.
     *
     * @throws ScriptException at the first snippet that does not compile, names something that is
     *                         not defined, or throws: "FILE:LINE: message"
     */
    void load(String source) throws ScriptException {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        String remaining = source;
        while (!remaining.isBlank()) {
            int start = source.length() - remaining.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(remaining);
            String snippet = info.source();
            if (snippet == null || info.completeness() == SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE) {
                throw new ScriptException(fileName + ":" + lineAt(source, start + leadingBlank(remaining))
                        + ": this snippet never ends (a missing closing brace or parenthesis?)");
            }
            if (info.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                remaining = info.remaining();
                continue;
            }
            int firstLine = lineAt(source, start);
            List<SnippetEvent> events = evalWithin(snippet);
            if (events == null) {
                throw new TimedOut(fileName + ":" + lineAt(source, start + leadingBlank(snippet))
                        + ": this snippet did not finish within " + seconds() + " (an endless loop?) and was stopped");
            }
            for (SnippetEvent event : events) {
                Snippet s = event.snippet();
                if (event.causeSnippet() != null) {
                    continue;   // an update of an earlier snippet, not this one
                }
                firstLines.put(s.id(), firstLine);
                if (event.status() == Snippet.Status.REJECTED) {
                    throw new ScriptException(diagnostic(s, source, start));
                }
                if (event.status() == Snippet.Status.RECOVERABLE_DEFINED
                        || event.status() == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                    List<String> missing = s instanceof DeclarationSnippet
                            ? shell.unresolvedDependencies((DeclarationSnippet) s).collect(Collectors.toList())
                            : List.of();
                    throw new ScriptException(fileName + ":" + lineAt(source, start + leadingBlank(snippet))
                            + ": cannot find symbol " + String.join(", ", missing));
                }
                if (event.exception() != null) {
                    throw new ScriptException(fileName + ":" + lineAt(source, start + leadingBlank(snippet))
                            + ": the script threw " + describe(event.exception()));
                }
            }
            remaining = info.remaining();
        }
    }

    /**
     * Evaluates one declaration of the checker's own (a helper method); a failure is a bug of the
     * checker or a name the learner's script took, and is reported as such.
     */
    void define(String declaration) throws ScriptException {
        for (SnippetEvent event : shell.eval(declaration)) {
            if (event.causeSnippet() == null && !event.status().isDefined()) {
                String why = shell.diagnostics(event.snippet()).map(d -> d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("; "));
                throw new ScriptException(fileName + ": the checker could not add its helper (does the script define a"
                        + " class named __H?): " + why.replace('\n', ' '));
            }
        }
    }

    /**
     * The value of {@code expression}, which must be a String expression.
     *
     * @throws ScriptException when it does not compile (the script lacks a method the exercise
     *                         calls, or has it with other parameter types) or throws
     */
    String evalString(String expression) throws ScriptException {
        List<SnippetEvent> events = evalWithin(expression);
        if (events == null) {
            throw new TimedOut(fileName + ": the exercise's calls did not return within " + seconds()
                    + " (an endless loop in one of your methods?) and were stopped");
        }
        for (SnippetEvent event : events) {
            if (event.causeSnippet() != null) {
                continue;
            }
            if (event.status() == Snippet.Status.REJECTED) {
                String why = shell.diagnostics(event.snippet()).map(d -> d.getMessage(Locale.ROOT))
                        .collect(Collectors.joining("; "));
                throw new ScriptException(fileName + ": " + why.replace('\n', ' '));
            }
            if (event.exception() != null) {
                throw new ScriptException(fileName + ": " + describe(event.exception()));
            }
            return unquote(event.value());
        }
        throw new ScriptException(fileName + ": nothing was evaluated");
    }

    /**
     * {@code shell.eval(code)}, stopped after the time limit, and again every 250 ms after it
     * until it returns (code that catches the stop, as a {@code catch (Throwable t)} does, would
     * otherwise run on).
     *
     * @return the events, or null when the evaluation was stopped
     */
    private List<SnippetEvent> evalWithin(String code) {
        AtomicBoolean stopped = new AtomicBoolean();
        ScheduledFuture<?> alarm = watchdog.scheduleWithFixedDelay(() -> {
            stopped.set(true);
            shell.stop();
        }, limitMillis, 250, TimeUnit.MILLISECONDS);
        List<SnippetEvent> events = shell.eval(code);
        alarm.cancel(false);
        return stopped.get() ? null : events;
    }

    private String seconds() {
        return limitMillis % 1000 == 0 ? limitMillis / 1000 + " s" : limitMillis + " ms";
    }

    /** "line N" of the script for a stack-trace file name "#ID" and a line inside that snippet, or null. */
    String scriptLine(String snippetFile, int lineInSnippet) {
        if (snippetFile == null || !snippetFile.startsWith("#")) {
            return null;
        }
        Integer first = firstLines.get(snippetFile.substring(1));
        return first == null || lineInSnippet < 1 ? null : "line " + (first + lineInSnippet - 1);
    }

    /** "ExceptionClass: message (line N)" for an exception the script threw. */
    private String describe(Exception e) {
        String cls = e instanceof EvalException ? ((EvalException) e).getExceptionClassName() : e.getClass().getName();
        String where = "";
        for (StackTraceElement el : e.getStackTrace()) {
            String line = scriptLine(el.getFileName(), el.getLineNumber());
            if (line != null) {
                where = " (" + line + ")";
                break;
            }
        }
        return cls + (e.getMessage() == null ? "" : ": " + e.getMessage()) + where;
    }

    private String diagnostic(Snippet s, String source, int start) {
        List<Diag> diags = shell.diagnostics(s).filter(Diag::isError).collect(Collectors.toList());
        if (diags.isEmpty()) {
            return fileName + ":" + lineAt(source, start + leadingBlank(s.source())) + ": this snippet was rejected";
        }
        Diag d = diags.get(0);
        long pos = Math.max(0, d.getStartPosition());
        String message = d.getMessage(Locale.ROOT).lines().findFirst().orElse("").trim();
        return fileName + ":" + lineAt(source, start + (int) Math.min(pos, s.source().length())) + ": does not compile: " + message;
    }

    private static int leadingBlank(String s) {
        int i = 0;
        while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /** The 1-based line of {@code offset} in {@code text}. */
    static int lineAt(String text, int offset) {
        int line = 1;
        for (int i = 0; i < Math.min(offset, text.length()); i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** JShell shows a String value as a Java literal: drop the quotes and undo the escapes. */
    static String unquote(String value) {
        if (value == null || value.length() < 2 || value.charAt(0) != '"') {
            return value;
        }
        String body = value.substring(1, value.length() - 1);
        StringBuilder sb = new StringBuilder(body.length());
        for (int i = 0; i < body.length(); i++) {
            char c = body.charAt(i);
            if (c == '\\' && i + 1 < body.length()) {
                char n = body.charAt(++i);
                sb.append(n == 'n' ? '\n' : n == 't' ? '\t' : n == 'r' ? '\r' : n);
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
        shell.close();
    }

    /** For messages: the script's file name. */
    String fileName() {
        return fileName;
    }

    static List<String> split(String s, char sep) {
        List<String> parts = new ArrayList<>();
        int from = 0;
        for (int i = 0; i <= s.length(); i++) {
            if (i == s.length() || s.charAt(i) == sep) {
                parts.add(s.substring(from, i));
                from = i + 1;
            }
        }
        return parts;
    }
}
