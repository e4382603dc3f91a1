package dev.regula.docs.exercise;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One set of inputs an exercise is checked on ("fixed 4×3, keepProb 0.8", "random 7×4, ..."), and
 * the values Regula's own classes compute from them.
 *
 * <p>Every value is held as a {@code double[][]}: a vector as one row (1 × n), a scalar as 1 × 1,
 * as Regula holds a bias. The {@link Type} says how the learner's script receives it.
 */
final class Case {
    /** How an input is declared in the learner's script. */
    enum Type {
        MATRIX("double[][]"), VECTOR("double[]"), SCALAR("double"), INT("int");

        final String java;

        Type(String java) {
            this.java = java;
        }
    }

    record Input(String name, Type type, double[][] value) {}

    final String label;
    final Map<String, Input> inputs = new LinkedHashMap<>();
    /** What Regula computes for these inputs, by the name of the check; filled by the checker. */
    final Map<String, double[][]> expected = new LinkedHashMap<>();

    Case(String label) {
        this.label = label;
    }

    Case matrix(String name, double[][] value) {
        inputs.put(name, new Input(name, Type.MATRIX, value));
        return this;
    }

    Case vector(String name, double[] value) {
        inputs.put(name, new Input(name, Type.VECTOR, new double[][] {value}));
        return this;
    }

    Case scalar(String name, double value) {
        inputs.put(name, new Input(name, Type.SCALAR, new double[][] {{value}}));
        return this;
    }

    Case integer(String name, int value) {
        inputs.put(name, new Input(name, Type.INT, new double[][] {{value}}));
        return this;
    }

    /** A matrix input (a copy). */
    double[][] m(String name) {
        return Grids.copy(input(name).value());
    }

    /** A vector input (a copy). */
    double[] v(String name) {
        return input(name).value()[0].clone();
    }

    /** A scalar or integer input. */
    double s(String name) {
        return input(name).value()[0][0];
    }

    /** What Regula computed for the check {@code name}. */
    double[][] out(String name) {
        double[][] e = expected.get(name);
        if (e == null) {
            throw new IllegalStateException("No expected value for " + name + " in case " + label);
        }
        return e;
    }

    private Input input(String name) {
        Input in = inputs.get(name);
        if (in == null) {
            throw new IllegalStateException("Case " + label + " has no input " + name);
        }
        return in;
    }

    /** The inputs as Java declarations {@code double[][] in_X = ...;} for the harness. */
    String declarations() {
        StringBuilder sb = new StringBuilder();
        for (Input in : inputs.values()) {
            sb.append(in.type().java).append(" in_").append(in.name()).append(" = ").append(literal(in)).append(";\n");
        }
        return sb.toString();
    }

    /** The local copies the learner's code receives: {@code double[][] X = __H.c(in_X);}. */
    String copies() {
        StringBuilder sb = new StringBuilder();
        for (Input in : inputs.values()) {
            boolean array = in.type() == Type.MATRIX || in.type() == Type.VECTOR;
            sb.append(in.type().java).append(' ').append(in.name()).append(" = ")
                    .append(array ? "__H.c(in_" + in.name() + ")" : "in_" + in.name()).append("; ");
        }
        return sb.toString();
    }

    private static String literal(Input in) {
        double[][] v = in.value();
        switch (in.type()) {
            case SCALAR:
                return Double.toString(v[0][0]);
            case INT:
                return Integer.toString((int) v[0][0]);
            case VECTOR:
                return "new double[] " + row(v[0]);
            default:
                StringBuilder sb = new StringBuilder("new double[][] {");
                for (int i = 0; i < v.length; i++) {
                    sb.append(i == 0 ? "" : ", ").append(row(v[i]));
                }
                return sb.append('}').toString();
        }
    }

    private static String row(double[] r) {
        StringBuilder sb = new StringBuilder("{");
        for (int j = 0; j < r.length; j++) {
            sb.append(j == 0 ? "" : ", ").append(Double.toString(r[j]));
        }
        return sb.append('}').toString();
    }
}
