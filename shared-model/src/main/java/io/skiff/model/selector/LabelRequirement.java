package io.skiff.model.selector;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One term of a label selector: a key, an operator and its values, with apimachinery's
 * NewRequirement validation and matching rules.
 */
record LabelRequirement(String key, Operator operator, List<String> values) {

    /** The operators of apimachinery's selection package, named by their selector-syntax spelling. */
    enum Operator {
        IN("in"),
        NOT_IN("notin"),
        EQUALS("="),
        DOUBLE_EQUALS("=="),
        NOT_EQUALS("!="),
        GREATER_THAN("gt"),
        LESS_THAN("lt"),
        EXISTS("exists"),
        DOES_NOT_EXIST("!");

        private final String spelling;

        Operator(String spelling) {
            this.spelling = spelling;
        }

        String spelling() {
            return spelling;
        }
    }

    LabelRequirement {
        values = List.copyOf(values);
    }

    /**
     * A requirement checked as NewRequirement checks it.
     *
     * @throws SelectorException with the aggregated field errors Kubernetes reports
     */
    static LabelRequirement validated(String key, Operator operator, List<String> values) {
        List<String> errors = new ArrayList<>();
        List<String> keyErrors = LabelSyntax.keyErrors(key);
        if (!keyErrors.isEmpty()) {
            errors.add(LabelSyntax.invalid("key", key, String.join("; ", keyErrors)));
        }
        switch (operator) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errors.add(LabelSyntax.invalid(
                            "values", values, "for 'in', 'notin' operators, values set can't be empty"));
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errors.add(LabelSyntax.invalid(
                            "values", values, "exact-match compatibility requires one single value"));
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errors.add(LabelSyntax.invalid(
                            "values", values, "values set must be empty for exists and does not exist"));
                }
            }
            case GREATER_THAN, LESS_THAN -> {
                if (values.size() != 1) {
                    errors.add(LabelSyntax.invalid(
                            "values", values, "for 'Gt', 'Lt' operators, exactly one value is required"));
                }
                for (int i = 0; i < values.size(); i++) {
                    if (parseInteger(values.get(i)) == null) {
                        errors.add(LabelSyntax.invalid(
                                "values[" + i + "]",
                                values.get(i),
                                "for 'Gt', 'Lt' operators, the value must be an integer"));
                    }
                }
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> valueErrors = LabelSyntax.valueErrors(values.get(i));
            if (!valueErrors.isEmpty()) {
                errors.add(LabelSyntax.invalid(
                        "values[" + i + "][" + key + "]", values.get(i), String.join("; ", valueErrors)));
            }
        }
        if (!errors.isEmpty()) {
            throw new SelectorException(LabelSyntax.aggregate(errors));
        }
        return new LabelRequirement(key, operator, values);
    }

    /** Whether the labels satisfy this requirement; an absent key satisfies only the negative operators. */
    boolean matches(Map<String, String> labels) {
        String value = labels.get(key);
        return switch (operator) {
            case IN, EQUALS, DOUBLE_EQUALS -> value != null && values.contains(value);
            case NOT_IN, NOT_EQUALS -> value == null || !values.contains(value);
            case EXISTS -> labels.containsKey(key);
            case DOES_NOT_EXIST -> !labels.containsKey(key);
            case GREATER_THAN, LESS_THAN -> compares(value);
        };
    }

    /** The requirement in selector syntax, values sorted so equal requirements print alike. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        if (operator == Operator.DOES_NOT_EXIST) {
            out.append('!');
        }
        out.append(key);
        switch (operator) {
            case EXISTS, DOES_NOT_EXIST -> {
                return out.toString();
            }
            case IN, NOT_IN -> out.append(' ').append(operator.spelling()).append(" (");
            case GREATER_THAN -> out.append('>');
            case LESS_THAN -> out.append('<');
            default -> out.append(operator.spelling());
        }
        List<String> sorted = new ArrayList<>(values);
        sorted.sort(null);
        out.append(String.join(",", sorted));
        if (operator == Operator.IN || operator == Operator.NOT_IN) {
            out.append(')');
        }
        return out.toString();
    }

    private boolean compares(String value) {
        if (value == null || values.size() != 1) {
            return false;
        }
        Long actual = parseInteger(value);
        Long bound = parseInteger(values.get(0));
        if (actual == null || bound == null) {
            return false;
        }
        return operator == Operator.GREATER_THAN ? actual > bound : actual < bound;
    }

    /** Go's strconv.ParseInt(s, 10, 64): an optional sign and ASCII digits that fit in 64 bits. */
    private static Long parseInteger(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }
}
