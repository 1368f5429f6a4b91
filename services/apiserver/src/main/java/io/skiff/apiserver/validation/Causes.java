package io.skiff.apiserver.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.List;

/**
 * Collects field errors as {@link StatusCause}s with Kubernetes' {@code field.ErrorType} reasons and the
 * message bodies Kubernetes prints ({@code field.Error.ErrorBody}): {@code Required value},
 * {@code Invalid value: "x": detail}, {@code Unsupported value: "x": supported values: "a", "b"}, ...
 */
final class Causes {

    static final String REQUIRED = "FieldValueRequired";
    static final String INVALID = "FieldValueInvalid";
    static final String NOT_SUPPORTED = "FieldValueNotSupported";
    static final String DUPLICATE = "FieldValueDuplicate";
    static final String NOT_FOUND = "FieldValueNotFound";
    static final String FORBIDDEN = "FieldValueForbidden";
    static final String TOO_LONG = "FieldValueTooLong";
    static final String TOO_MANY = "FieldValueTooMany";

    static final String FIELD_IS_IMMUTABLE = "field is immutable";

    private List<StatusCause> causes;

    void required(FieldPath field, String detail) {
        add(field, REQUIRED, withDetail("Required value", detail));
    }

    void invalid(FieldPath field, Object value, String detail) {
        add(field, INVALID, withDetail("Invalid value: " + render(value), detail));
    }

    /** One Invalid cause per message, as Kubernetes reports each failed syntax rule. */
    void invalid(FieldPath field, Object value, List<String> details) {
        for (String detail : details) {
            invalid(field, value, detail);
        }
    }

    /** As {@link #invalid(FieldPath, Object, List)} at {@code parent.field}, building that path only when needed. */
    void invalidAt(FieldPath parent, String field, Object value, List<String> details) {
        if (!details.isEmpty()) {
            invalid(parent.child(field), value, details);
        }
    }

    void notSupported(FieldPath field, Object value, List<String> supported) {
        StringBuilder detail = new StringBuilder();
        if (!supported.isEmpty()) {
            detail.append("supported values: ");
            for (int i = 0; i < supported.size(); i++) {
                if (i > 0) {
                    detail.append(", ");
                }
                detail.append(quote(supported.get(i)));
            }
        }
        add(field, NOT_SUPPORTED, withDetail("Unsupported value: " + render(value), detail.toString()));
    }

    void duplicate(FieldPath field, Object value) {
        add(field, DUPLICATE, "Duplicate value: " + render(value));
    }

    /** A Duplicate with an explanation, as Kubernetes reports duplicate taints. */
    void duplicate(FieldPath field, Object value, String detail) {
        add(field, DUPLICATE, withDetail("Duplicate value: " + render(value), detail));
    }

    void notFound(FieldPath field, Object value) {
        add(field, NOT_FOUND, "Not found: " + render(value));
    }

    void forbidden(FieldPath field, String detail) {
        add(field, FORBIDDEN, withDetail("Forbidden", detail));
    }

    void tooLong(FieldPath field, int maxBytes) {
        add(field, TOO_LONG, "Too long: may not be more than " + maxBytes + (maxBytes == 1 ? " byte" : " bytes"));
    }

    void tooMany(FieldPath field, int actual, int max) {
        add(field, TOO_MANY, "Too many: " + actual + ": must have at most " + max + (max == 1 ? " item" : " items"));
    }

    /** {@code ValidateImmutableField}: the new value in an Invalid cause. */
    void immutable(FieldPath field, Object newValue) {
        invalid(field, newValue, FIELD_IS_IMMUTABLE);
    }

    int size() {
        return causes == null ? 0 : causes.size();
    }

    List<StatusCause> toList() {
        return causes == null ? List.of() : List.copyOf(causes);
    }

    private void add(FieldPath field, String reason, String message) {
        if (causes == null) {
            causes = new ArrayList<>(4);
        }
        causes.add(new StatusCause(field == null ? "" : field.toString(), message, reason));
    }

    private static String withDetail(String body, String detail) {
        return detail == null || detail.isEmpty() ? body : body + ": " + detail;
    }

    /**
     * A bad value as Kubernetes prints it: strings quoted as Go's {@code %q} does, numbers and booleans
     * plain, anything else as JSON.
     */
    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof String text) {
            return quote(text);
        }
        if (value instanceof Number || value instanceof Boolean) {
            return value.toString();
        }
        if (value instanceof JsonNode node) {
            if (node.isTextual()) {
                return quote(node.textValue());
            }
            if (node.isMissingNode() || node.isNull()) {
                return "null";
            }
            if (node.isValueNode()) {
                return node.asText();
            }
        }
        try {
            return KubeJson.mapper().writeValueAsString(value);
        } catch (JsonProcessingException e) {
            return String.valueOf(value);
        }
    }

    /** Go's {@code strconv.Quote}. */
    static String quote(String text) {
        StringBuilder quoted = new StringBuilder(text.length() + 2).append('"');
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> quoted.append("\\\"");
                case '\\' -> quoted.append("\\\\");
                case '\n' -> quoted.append("\\n");
                case '\r' -> quoted.append("\\r");
                case '\t' -> quoted.append("\\t");
                case '\u0007' -> quoted.append("\\a");
                case '\b' -> quoted.append("\\b");
                case '\f' -> quoted.append("\\f");
                case '\u000b' -> quoted.append("\\v");
                default -> {
                    if (c < 0x20 || c == 0x7f) {
                        quoted.append(String.format("\\x%02x", (int) c));
                    } else {
                        quoted.append(c);
                    }
                }
            }
        }
        return quoted.append('"').toString();
    }
}
