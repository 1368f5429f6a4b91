package io.skiff.apiserver.rest;

import io.skiff.model.api.Statuses;
import java.util.List;
import java.util.stream.Collectors;
import org.springframework.util.MultiValueMap;

/**
 * The fieldValidation query parameter: what to do about fields the schema does not know. They
 * are never stored; Strict rejects the request, Warn (the default) answers with Warning headers,
 * Ignore says nothing.
 */
enum FieldValidation {
    IGNORE,
    WARN,
    STRICT;

    static FieldValidation from(MultiValueMap<String, String> query) {
        String value = query.getFirst("fieldValidation");
        if (value == null || value.isEmpty()) {
            return WARN;
        }
        return switch (value) {
            case "Ignore" -> IGNORE;
            case "Warn" -> WARN;
            case "Strict" -> STRICT;
            default ->
                throw Statuses.badRequest("fieldValidation: Unsupported value: \"" + value
                        + "\": supported values: \"Ignore\", \"Strict\", \"Warn\"");
        };
    }

    /** Throws for Strict; returns the Warning header values for Warn. */
    List<String> check(List<String> unknownFields) {
        if (unknownFields.isEmpty() || this == IGNORE) {
            return List.of();
        }
        if (this == STRICT) {
            throw Statuses.badRequest("strict decoding error: "
                    + unknownFields.stream()
                            .map(f -> "unknown field \"" + f + "\"")
                            .collect(Collectors.joining(", ")));
        }
        return unknownFields.stream()
                .map(f -> "299 - \"unknown field \\\"" + f + "\\\"\"")
                .toList();
    }
}
