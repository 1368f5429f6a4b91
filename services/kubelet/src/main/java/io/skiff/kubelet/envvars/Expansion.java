package io.skiff.kubelet.envvars;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Kubernetes' {@code $(VAR)} expansion (k8s.io/kubernetes/third_party/forked/golang/expansion), used
 * for env values, command, args and subPathExpr.
 *
 * <p>{@code $(NAME)} is replaced by the mapping's value; {@code $$} is an escaped {@code $}; a
 * reference the mapping does not know stays literally {@code $(NAME)}; {@code $NAME}, {@code ${NAME}},
 * an unterminated {@code $(} and a trailing {@code $} pass through unchanged. Nothing is expanded
 * recursively: a value that itself holds a reference is inserted as it is.
 */
public final class Expansion {

    private static final char OPERATOR = '$';
    private static final char OPENER = '(';
    private static final char CLOSER = ')';

    private Expansion() {}

    /** Expands every {@code $(NAME)} in {@code input} through {@code mapping}. */
    public static String expand(String input, Function<String, String> mapping) {
        StringBuilder out = new StringBuilder(input.length());
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) == OPERATOR && cursor + 1 < input.length()) {
                out.append(input, checkpoint, cursor);
                Read read = readVariableName(input, cursor + 1);
                out.append(read.isVariable() ? mapping.apply(read.text()) : read.text());
                cursor += read.advance();
                checkpoint = cursor + 1;
            }
        }
        return out.append(input, checkpoint, input.length()).toString();
    }

    /**
     * The mapping Kubernetes builds from its contexts: the first context that defines a name gives
     * its value; a name none defines expands to itself, {@code $(NAME)}.
     */
    public static Function<String, String> mappingFor(List<Map<String, String>> contexts) {
        return name -> {
            for (Map<String, String> context : contexts) {
                String value = context.get(name);
                if (value != null) {
                    return value;
                }
            }
            return reference(name);
        };
    }

    /** {@code $(name)}. */
    public static String reference(String name) {
        return "" + OPERATOR + OPENER + name + CLOSER;
    }

    /**
     * What follows a {@code $} at {@code start}: a variable name, an escaped {@code $}, or text to
     * copy. {@code advance} counts the characters consumed after the operator.
     */
    private static Read readVariableName(String input, int start) {
        char first = input.charAt(start);
        if (first == OPERATOR) {
            return new Read(String.valueOf(OPERATOR), false, 1);
        }
        if (first == OPENER) {
            for (int i = start + 1; i < input.length(); i++) {
                if (input.charAt(i) == CLOSER) {
                    return new Read(input.substring(start + 1, i), true, i - start + 1);
                }
            }
            // an unterminated reference is copied; the rest of the input is read on as plain text
            return new Read("" + OPERATOR + OPENER, false, 1);
        }
        return new Read("" + OPERATOR + first, false, 1);
    }

    private record Read(String text, boolean isVariable, int advance) {}
}
