package dev.regula.docs.exercise;

import dev.regula.docs.exercise.Exercise.Check;
import dev.regula.docs.exercise.Exercise.Hypothesis;
import dev.regula.docs.exercise.Exercise.Kind;
import dev.regula.docs.exercise.Exercise.OwnCheck;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Grades a learner's script: loads it into JShell, runs each method of the exercise on every case
 * (F64, fixed and random shapes), compares each result with what Regula's own classes compute, and
 * checks the learner's backward against central differences of the learner's own forward.
 *
 * <p>On a failure it shows the first differing element, expected and received, and, where the
 * received value equals a known wrong answer ({@link Hypothesis}), the term of the derivation the
 * difference points to. It never shows the solution.
 *
 * <p>Exit codes: 0 every check passed, 1 a check failed (or the exercise's calls did not return
 * within the time limit, {@value ScriptSession#DEFAULT_LIMIT_MILLIS} ms), 2 the script does not
 * compile, does not load (a statement throws or does not finish within the limit) or does not
 * define a method the exercise calls.
 */
final class Checker {
    private Checker() {}

    /** The step of the learner's own gradient check: J(θ + h) − J(θ − h) over 2h. */
    static final double H = 1e-6;
    /** An element of the own gradient check passes when |analytic − numeric| / max(|a|, |n|, 1e-4) ≤ 1e-6. */
    static final double OWN_TOLERANCE = 1e-6;
    static final double OWN_FLOOR = 1e-4;

    record Result(int exitCode, String report) {}

    /**
     * The checker's helpers, one class defined in the session after the learner's script (one
     * snippet, so one compilation): copies of the inputs, the results as text, the learner's
     * calls wrapped so that an exception becomes a result (except the stop of an evaluation past its
     * time limit, which must reach JShell), and central differences.
     */
    static final String HELPERS = String.join("\n",
            "final class __H {",
            "  static double[][] c(double[][] a) { if (a == null) return null; double[][] r = new double[a.length][];",
            "    for (int i = 0; i < a.length; i++) r[i] = a[i].clone(); return r; }",
            "  static double[] c(double[] a) { return a == null ? null : a.clone(); }",
            "  static String fmt(double[][] a) { if (a == null) return \"null\"; int cols = a.length == 0 ? 0 : a[0].length;",
            "    StringBuilder sb = new StringBuilder(); sb.append(a.length).append(' ').append(cols);",
            "    for (double[] row : a) { if (row == null || row.length != cols) return \"ragged\";",
            "      for (double v : row) sb.append(' ').append(v); } return sb.toString(); }",
            "  static String fmt(double[] a) { return a == null ? \"null\" : fmt(new double[][] {a}); }",
            "  static String fmt(double v) { return \"1 1 \" + v; }",
            "  static String run(String name, java.util.concurrent.Callable<String> f) {",
            "    try { return name + \"=\" + f.call(); } catch (Throwable t) {",
            "      if (t instanceof Error && t.getClass().getName().equals(\"java.lang.ThreadDeath\")) throw (Error) t;",
            "      StringBuilder where = new StringBuilder();",
            "      for (StackTraceElement e : t.getStackTrace()) if (e.getFileName() != null && e.getFileName().startsWith(\"#\"))",
            "        where.append(e.getFileName()).append(':').append(e.getLineNumber()).append(',');",
            "      return name + \"=!\" + t.getClass().getName() + \"@\" + where + \"|\"",
            "          + String.valueOf(t.getMessage()).replace(';', ',').replace('~', '-').replace('\\n', ' '); } }",
            "  static double[][] num(double[][] p, java.util.function.DoubleSupplier J) { double h = " + H + ";",
            "    double[][] g = new double[p.length][]; for (int i = 0; i < p.length; i++) { g[i] = new double[p[i].length];",
            "      for (int j = 0; j < p[i].length; j++) { double s = p[i][j]; p[i][j] = s + h; double plus = J.getAsDouble();",
            "        p[i][j] = s - h; double minus = J.getAsDouble(); p[i][j] = s; g[i][j] = (plus - minus) / (2 * h); } }",
            "    return g; }",
            "  static double[] num(double[] p, java.util.function.DoubleSupplier J) { return num(new double[][] {p}, J)[0]; }",
            "  static double dot(double[][] a, double[][] b) { double s = 0; for (int i = 0; i < a.length; i++)",
            "    for (int j = 0; j < a[i].length; j++) s += a[i][j] * b[i][j]; return s; }",
            "  static double dot(double[] a, double[] b) { double s = 0; for (int i = 0; i < a.length; i++) s += a[i] * b[i];",
            "    return s; }",
            "}");

    /** One result of the learner's code on one case: a value, or what it threw. */
    private record Received(double[][] value, String error) {}

    /**
     * Checks {@code script} (the text of {@code fileName}) against the exercise.
     */
    static Result check(Exercise exercise, String script, String fileName) {
        return check(exercise, script, fileName, ScriptSession.DEFAULT_LIMIT_MILLIS);
    }

    /**
     * The same with a time limit for each evaluation: a script whose calls do not return within it
     * fails (exit code 1) with one line; a script whose own statements do not finish cannot be
     * checked (exit code 2).
     */
    static Result check(Exercise exercise, String script, String fileName, long limitMillis) {
        List<Case> cases = exercise.cases();
        for (Case c : cases) {
            c.expected.putAll(exercise.engine(c));
        }
        List<Map<String, Received>> received = new ArrayList<>();
        try (ScriptSession session = new ScriptSession(fileName, limitMillis)) {
            session.load(script);
            session.define(HELPERS);
            try {
                received.addAll(run(session, exercise, cases));
            } catch (ScriptSession.TimedOut e) {
                return new Result(1, e.getMessage() + "\n");
            }
        } catch (ScriptSession.ScriptException e) {
            return new Result(2, e.getMessage() + "\n");
        }
        return report(exercise, cases, received, fileName);
    }

    /** One evaluation for all the cases (one compilation); a case's results are separated by '~'. */
    private static List<Map<String, Received>> run(ScriptSession session, Exercise exercise, List<Case> cases)
            throws ScriptSession.ScriptException {
        List<List<String[]>> entries = new ArrayList<>();
        for (Case c : cases) {
            entries.add(entries(exercise, c));
        }
        String text;
        try {
            text = session.evalString(expression(cases, entries));
        } catch (ScriptSession.TimedOut e) {
            throw e;   // not a call that does not compile: calling each again would take the limit again
        } catch (ScriptSession.ScriptException e) {
            // Find the call that does not compile, to name it.
            Case first = cases.get(0);
            List<String[]> list = entries.get(cases.size() - 1);
            for (int k = 0; k < list.size(); k++) {
                try {
                    session.evalString(expression(List.of(first), List.of(list.subList(k, k + 1))));
                } catch (ScriptSession.ScriptException single) {
                    String call = k < exercise.checks().size() ? exercise.checks().get(k).call() : list.get(k)[1];
                    throw new ScriptSession.ScriptException(session.fileName() + ": the exercise calls " + signature(call, first)
                            + ", which your script does not define with these parameter types (" + single.getMessage()
                            .substring(session.fileName().length() + 2).lines().findFirst().orElse("").trim() + ")");
                }
            }
            throw e;
        }
        List<Map<String, Received>> all = new ArrayList<>();
        for (String caseText : ScriptSession.split(text, '~')) {
            Map<String, Received> out = new LinkedHashMap<>();
            for (String part : ScriptSession.split(caseText, ';')) {
                int eq = part.indexOf('=');
                out.put(part.substring(0, eq), parse(session, part.substring(eq + 1)));
            }
            all.add(out);
        }
        return all;
    }

    /** The name and the body of each call of a case: the checks, then (random cases) the central differences. */
    private static List<String[]> entries(Exercise exercise, Case c) {
        List<String[]> entries = new ArrayList<>();
        for (Check check : exercise.checks()) {
            entries.add(new String[] {check.name(), check.call().contains("return") ? check.call() : "return __H.fmt(" + check.call() + ");"});
        }
        if (c.label.startsWith("random")) {
            for (OwnCheck own : exercise.ownChecks()) {
                entries.add(new String[] {"num:" + own.gradient(),
                        "return __H.fmt(__H.num(" + own.input() + ", () -> " + own.objective() + "));"});
            }
        }
        return entries;
    }

    /** "dX(double[][] X, double[][] W, double[] b, double[][] dZ)" for the call "dX(X, W, b, dZ)". */
    private static String signature(String call, Case c) {
        if (call.contains("return")) {
            call = call.substring(0, call.indexOf(';'));
        }
        int open = call.indexOf('('), close = call.lastIndexOf(')');
        if (open < 0 || close < open) {
            return call;
        }
        List<String> params = new ArrayList<>();
        for (String arg : ScriptSession.split(call.substring(open + 1, close), ',')) {
            String a = arg.trim();
            Case.Input in = c.inputs.get(a);
            params.add(in == null ? a : in.type().java + " " + a);
        }
        return call.substring(0, open) + "(" + String.join(", ", params) + ")";
    }

    private static String expression(List<Case> cases, List<List<String[]>> entries) {
        StringBuilder sb = new StringBuilder("String.join(\"~\"");
        for (int k = 0; k < cases.size(); k++) {
            Case c = cases.get(k);
            sb.append(",\n((java.util.function.Supplier<String>) () -> {\n").append(c.declarations());
            sb.append("return String.join(\";\"");
            for (String[] e : entries.get(k)) {
                sb.append(",\n__H.run(\"").append(e[0]).append("\", () -> { ").append(c.copies()).append(e[1]).append(" })");
            }
            sb.append(");\n}).get()");
        }
        return sb.append(")").toString();
    }

    private static Received parse(ScriptSession session, String payload) {
        if (payload.startsWith("!")) {
            int at = payload.indexOf('@'), bar = payload.indexOf('|', at);
            String cls = payload.substring(1, at);
            String message = payload.substring(bar + 1);
            String where = "";
            for (String frame : ScriptSession.split(payload.substring(at + 1, bar), ',')) {
                int colon = frame.lastIndexOf(':');
                if (colon > 0) {
                    String line = session.scriptLine(frame.substring(0, colon), Integer.parseInt(frame.substring(colon + 1)));
                    if (line != null) {
                        where = " (" + line + ")";
                        break;
                    }
                }
            }
            if (cls.equals("java.lang.UnsupportedOperationException") && message.startsWith("TODO")) {
                return new Received(null, "not written yet (the method still throws its TODO" + where + ")");
            }
            return new Received(null, "your code threw " + cls + ("null".equals(message) ? "" : ": " + message) + where);
        }
        if (payload.equals("null")) {
            return new Received(null, "your code returned null");
        }
        if (payload.equals("ragged")) {
            return new Received(null, "your code returned rows of different lengths");
        }
        List<String> tokens = ScriptSession.split(payload, ' ');
        int rows = Integer.parseInt(tokens.get(0)), cols = Integer.parseInt(tokens.get(1));
        double[][] v = new double[rows][cols];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                v[i][j] = Double.parseDouble(tokens.get(2 + i * cols + j));
            }
        }
        return new Received(v, null);
    }

    private static Result report(Exercise exercise, List<Case> cases, List<Map<String, Received>> received, String fileName) {
        StringBuilder sb = new StringBuilder();
        List<String> labels = new ArrayList<>();
        for (Case c : cases) {
            labels.add(c.label);
        }
        sb.append("Checking ").append(fileName).append(" against ").append(exercise.reference)
                .append(" in F64, on ").append(cases.size()).append(" cases:\n");
        for (String label : labels) {
            sb.append("  ").append(label).append('\n');
        }
        int failed = 0, total = 0;
        Kind section = null;
        for (Check check : exercise.checks()) {
            if (check.kind() != section) {
                section = check.kind();
                sb.append(section == Kind.FORWARD ? "\nthe given forward:\n"
                        : section == Kind.GRADIENT ? "\nyour backward:\n"
                        : section == Kind.UPDATE ? "\nyour update:\n" : "\nthe seed's code, translated (now yours to fix):\n");
            }
            total++;
            // The first failing case, and the first one whose difference points to a known mistake
            // (a wrong product may throw on one shape and give a recognizable value on a square one).
            String failure = null, pointed = null;
            for (int k = 0; k < cases.size() && pointed == null; k++) {
                String f = compare(check, cases.get(k), received.get(k).get(check.name()));
                if (f != null && failure == null) {
                    failure = f;
                }
                if (f != null && f.contains("points to: ")) {
                    pointed = f;
                }
            }
            if (pointed != null && !pointed.equals(failure)) {
                failure += pointed;
            }
            sb.append(failure == null ? "  pass  " : "  FAIL  ").append(check.name()).append(" = ").append(display(check.call()))
                    .append('\n');
            if (failure != null) {
                failed++;
                sb.append(failure);
            }
        }
        if (exercise.ownChecks().isEmpty()) {
            sb.append("\n(no gradient check: an update has no backward to check against a forward)\n");
        } else {
            sb.append("\ngradient check of your backward against your own forward (central differences, h = 1e-6,"
                    + " random cases):\n");
            for (OwnCheck own : exercise.ownChecks()) {
                total++;
                String line = ownCheck(own, cases, received);
                if (line.startsWith("  FAIL")) {
                    failed++;
                }
                sb.append(line);
            }
        }
        sb.append('\n');
        if (failed == 0) {
            sb.append("All ").append(total).append(" checks passed.\n");
            return new Result(0, sb.toString());
        }
        sb.append(failed).append(" of ").append(total).append(" checks failed. For a hint: regula exercise ")
                .append(exercise.topic).append(" --hint\n");
        return new Result(1, sb.toString());
    }

    private static String display(String call) {
        return call.contains("return") ? call.substring(0, call.indexOf(';')) : call;
    }

    /** Null when the learner's result agrees with Regula's on this case, else the indented lines of the failure. */
    private static String compare(Check check, Case c, Received r) {
        String where = "        case " + c.label + ": ";
        if (r == null || r.error() != null) {
            return where + (r == null ? "no result" : r.error()) + "\n";
        }
        double[][] expected = c.out(check.name());
        double[][] got = r.value();
        if (Grids.allClose(expected, got)) {
            return null;
        }
        StringBuilder sb = new StringBuilder(where);
        if (!Grids.sameShape(expected, got)) {
            sb.append("expected shape ").append(Grids.shape(expected)).append(", received ").append(Grids.shape(got)).append('\n');
        } else {
            int[] at = Grids.firstDifference(expected, got);
            double e = expected[at[0]][at[1]], g = got[at[0]][at[1]];
            sb.append("first difference at [").append(at[0]).append("][").append(at[1]).append("]: expected ")
                    .append(number(e, g)).append(", received ").append(number(g, e)).append('\n');
        }
        String pointer = pointTo(check, c, expected, got);
        if (pointer != null) {
            sb.append(wrap("        points to: ", pointer));
        }
        return sb.toString();
    }

    /** The message of the first hypothesis the received value equals, else a generic observation, else null. */
    private static String pointTo(Check check, Case c, double[][] expected, double[][] got) {
        for (Hypothesis h : check.hypotheses()) {
            if (Grids.allClose(h.value().apply(c), got)) {
                return h.message();
            }
        }
        if (Grids.allClose(Grids.transpose(expected), got)) {
            return check.name() + " is transposed: its shape is the shape of what it is the gradient of";
        }
        if (!Grids.sameShape(expected, got)) {
            return null;
        }
        if (Grids.allClose(Grids.scale(expected, -1), got)) {
            return "the sign is flipped: a gradient is +∂J/∂θ, the direction in which J grows";
        }
        boolean zeros = true;
        for (double[] row : got) {
            for (double v : row) {
                zeros &= v == 0;
            }
        }
        if (zeros) {
            return "every element is 0";
        }
        double ratio = Double.NaN;
        for (int i = 0; i < got.length; i++) {
            for (int j = 0; j < got[i].length; j++) {
                if (Math.abs(expected[i][j]) > 1e-12) {
                    ratio = got[i][j] / expected[i][j];
                    i = got.length;
                    break;
                }
            }
        }
        if (!Double.isNaN(ratio) && Grids.allClose(Grids.scale(expected, ratio), got)) {
            return "every element is " + number(ratio, ratio) + " times the expected one: a constant factor is off";
        }
        return null;
    }

    private static String ownCheck(OwnCheck own, List<Case> cases, List<Map<String, Received>> received) {
        double worst = 0;
        int count = 0;
        String label = String.format(Locale.ROOT, "%-6s", own.gradient());
        for (int k = 0; k < cases.size(); k++) {
            if (!cases.get(k).label.startsWith("random")) {
                continue;
            }
            Received analytic = received.get(k).get(own.gradient());
            Received numeric = received.get(k).get("num:" + own.gradient());
            if (analytic == null || analytic.error() != null) {
                return "  skip  " + label + " (your " + own.gradient() + " did not run)\n";
            }
            if (numeric == null || numeric.error() != null) {
                return "  FAIL  " + label + " your forward did not run: " + (numeric == null ? "no result" : numeric.error()) + "\n";
            }
            double[][] a = analytic.value(), n = numeric.value();
            if (!Grids.sameShape(a, n)) {
                return "  FAIL  " + label + " your " + own.gradient() + " is " + Grids.shape(a) + ", but " + own.input()
                        + " is " + Grids.shape(n) + "\n";
            }
            for (int i = 0; i < a.length; i++) {
                for (int j = 0; j < a[i].length; j++) {
                    double rel = Math.abs(a[i][j] - n[i][j]) / Math.max(Math.max(Math.abs(a[i][j]), Math.abs(n[i][j])), OWN_FLOOR);
                    worst = Double.isNaN(rel) ? Double.POSITIVE_INFINITY : Math.max(worst, rel);
                    count++;
                }
            }
        }
        boolean ok = worst <= OWN_TOLERANCE;
        return String.format(Locale.ROOT, "  %s  %s max relative error %.1e over %d elements%s%n", ok ? "pass" : "FAIL", label,
                worst, count, ok ? "" : ": your backward is not the derivative of your forward");
    }

    /** {@code prefix + text}, wrapped at word boundaries to 110 columns, continued under the text's first word. */
    static String wrap(String prefix, String text) {
        StringBuilder sb = new StringBuilder(prefix);
        int column = prefix.length();
        String indent = " ".repeat(prefix.length());
        boolean first = true;
        for (String word : text.split(" ")) {
            if (!first && column + 1 + word.length() > 110) {
                sb.append('\n').append(indent);
                column = indent.length();
                first = true;
            }
            if (!first) {
                sb.append(' ');
                column++;
            }
            sb.append(word);
            column += word.length();
            first = false;
        }
        return sb.append('\n').toString();
    }

    /** {@code v} with the fewest significant digits (at least 6) that tell it apart from {@code other}. */
    static String number(double v, double other) {
        for (int digits = 6; digits < 17; digits++) {
            String a = String.format(Locale.ROOT, "%." + digits + "g", v);
            String b = String.format(Locale.ROOT, "%." + digits + "g", other);
            if (!a.equals(b) || v == other) {
                return strip(a);
            }
        }
        return Double.toString(v);
    }

    private static String strip(String s) {
        if (s.contains("e") || !s.contains(".")) {
            return s;
        }
        s = s.replaceAll("0+$", "");
        return s.endsWith(".") ? s + "0" : s;
    }
}
