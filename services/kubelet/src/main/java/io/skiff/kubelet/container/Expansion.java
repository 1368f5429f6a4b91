package io.skiff.kubelet.container;

import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Kubernetes' $(VAR) expansion (third_party/forked/golang/expansion): {@code $(NAME)} is replaced by
 * the variable's value when it is defined and kept as written when not; {@code $$} is an escaped
 * {@code $}; any other {@code $} stays as it is.
 */
public final class Expansion {

    private static final char OPERATOR = '$';
    private static final char OPENER = '(';
    private static final char CLOSER = ')';

    private Expansion() {}

    /** Looks names up in each map in turn; an undefined name maps back to {@code $(NAME)}. */
    @SafeVarargs
    public static UnaryOperator<String> mappingFor(Map<String, String>... contexts) {
        return name -> {
            for (Map<String, String> context : contexts) {
                String value = context.get(name);
                if (value != null) {
                    return value;
                }
            }
            return "" + OPERATOR + OPENER + name + CLOSER;
        };
    }

    /** {@code input} with every reference expanded through {@code mapping}. */
    public static String expand(String input, UnaryOperator<String> mapping) {
        StringBuilder out = new StringBuilder(input.length());
        int checkpoint = 0;
        for (int cursor = 0; cursor < input.length(); cursor++) {
            if (input.charAt(cursor) != OPERATOR || cursor + 1 >= input.length()) {
                continue;
            }
            out.append(input, checkpoint, cursor);
            char next = input.charAt(cursor + 1);
            int advance = 1;
            if (next == OPERATOR) {
                out.append(OPERATOR);
            } else if (next == OPENER) {
                int closer = input.indexOf(CLOSER, cursor + 2);
                if (closer < 0) {
                    out.append(OPERATOR).append(OPENER);
                } else {
                    out.append(mapping.apply(input.substring(cursor + 2, closer)));
                    advance = closer - cursor;
                }
            } else {
                out.append(OPERATOR).append(next);
            }
            cursor += advance;
            checkpoint = cursor + 1;
        }
        return out.append(input, checkpoint, input.length()).toString();
    }

    /** Every element of {@code inputs} expanded (a container's command or args). */
    public static List<String> expandAll(List<String> inputs, UnaryOperator<String> mapping) {
        return inputs.stream().map(input -> expand(input, mapping)).toList();
    }
}
