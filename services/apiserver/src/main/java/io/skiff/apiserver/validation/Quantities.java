package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;

/**
 * Resource quantities ({@code 500m}, {@code 1Gi}, {@code 1e3}) as validation needs them: the
 * value, or null with the reason Kubernetes gives. Parsing is shared-model's, which follows
 * Kubernetes' {@code resource.ParseQuantity} exactly.
 */
final class Quantities {

    static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";

    private Quantities() {}

    /** The text of a quantity in a tree: JSON strings and numbers both occur. Null when neither. */
    static String text(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber())) {
            return null;
        }
        return node.asText();
    }

    /** The value, or null when the text is not a quantity ({@link #error} tells why). */
    static BigDecimal parse(String text) {
        if (text == null || text.isEmpty()) {
            return null;
        }
        try {
            return io.skiff.model.quantity.Quantities.parse(text);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** Why the text is not a quantity, or null when it is one. */
    static String error(String text) {
        if (text == null || text.isEmpty()) {
            return FORMAT_ERROR;
        }
        try {
            io.skiff.model.quantity.Quantities.parse(text);
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }
}
