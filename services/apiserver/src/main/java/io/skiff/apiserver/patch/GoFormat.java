package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Prints decoded JSON values the way Go's fmt prints {@code interface{}} values, so error messages
 * read exactly like kube-apiserver's: {@code map[name:web value:1]}, {@code [a b]}, {@code <nil>}.
 */
final class GoFormat {

    private GoFormat() {}

    /** Go's {@code %v}: maps with their keys sorted, as fmt does. */
    static String v(JsonNode value) {
        return format(value, false, false);
    }

    /** Go's {@code %s}, which flags every non-string leaf, e.g. {@code %!s(int64=3)}. */
    static String s(JsonNode value) {
        return format(value, true, false);
    }

    /** Go's {@code %v} of a list of lists, as {@code fmt.Sprint} prints variadic slices. */
    static String lists(List<List<JsonNode>> lists) {
        List<String> parts = new ArrayList<>();
        for (List<JsonNode> list : lists) {
            parts.add(list(list, false));
        }
        return "[" + String.join(" ", parts) + "]";
    }

    static String list(List<JsonNode> items, boolean verbS) {
        List<String> parts = new ArrayList<>();
        for (JsonNode item : items) {
            parts.add(format(item, verbS, true));
        }
        return "[" + String.join(" ", parts) + "]";
    }

    /** A nil inside a map or list prints as {@code <nil>} whatever the verb; only a bare one is flagged. */
    private static String format(JsonNode value, boolean verbS, boolean nested) {
        GoValue type = GoValue.of(value);
        return switch (type) {
            case MAP -> map(value, verbS);
            case SLICE -> {
                List<JsonNode> items = new ArrayList<>();
                value.forEach(items::add);
                yield list(items, verbS);
            }
            case STRING -> value.asText();
            case NIL -> verbS && !nested ? "%!s(<nil>)" : "<nil>";
            default -> verbS ? "%!s(" + type.goName + "=" + scalar(value) + ")" : scalar(value);
        };
    }

    private static String map(JsonNode value, boolean verbS) {
        List<String> keys = new ArrayList<>();
        value.fieldNames().forEachRemaining(keys::add);
        Collections.sort(keys);
        List<String> parts = new ArrayList<>();
        for (String key : keys) {
            parts.add(key + ":" + format(value.get(key), verbS, true));
        }
        return "map[" + String.join(" ", parts) + "]";
    }

    private static String scalar(JsonNode value) {
        return switch (GoValue.of(value)) {
            case INT64 -> Long.toString(value.longValue());
            case FLOAT64 -> float64(value.doubleValue());
            default -> value.asText();
        };
    }

    /** strconv's shortest {@code 'g'} form: an exponent below -4 or from 6 on switches to e-notation. */
    static String float64(double number) {
        if (number == 0) {
            return "0";
        }
        String sign = number < 0 ? "-" : "";
        BigDecimal decimal = new BigDecimal(Double.toString(Math.abs(number))).stripTrailingZeros();
        String digits = decimal.unscaledValue().toString();
        int pointAt = digits.length() - decimal.scale();
        int exponent = pointAt - 1;
        if (exponent < -4 || exponent >= 6) {
            String mantissa = digits.length() == 1 ? digits : digits.charAt(0) + "." + digits.substring(1);
            String exponentDigits = String.format("%02d", Math.abs(exponent));
            return sign + mantissa + "e" + (exponent < 0 ? "-" : "+") + exponentDigits;
        }
        if (pointAt <= 0) {
            return sign + "0." + "0".repeat(-pointAt) + digits;
        }
        if (pointAt >= digits.length()) {
            return sign + digits + "0".repeat(pointAt - digits.length());
        }
        return sign + digits.substring(0, pointAt) + "." + digits.substring(pointAt);
    }
}
