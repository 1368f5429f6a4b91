package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.util.Map;

/**
 * Parses resource quantities ({@code 500m}, {@code 1Gi}, {@code 1e3}) exactly as Kubernetes'
 * {@code resource.ParseQuantity} accepts them, to compare requests with limits and to reject bad ones.
 * Parsing runs for every resource of every container written, so the common forms take no detours.
 */
final class Quantities {

    static final String FORMAT_ERROR =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", BigDecimal.ONE.scaleByPowerOfTen(-9)),
            Map.entry("u", BigDecimal.ONE.scaleByPowerOfTen(-6)),
            Map.entry("m", BigDecimal.ONE.scaleByPowerOfTen(-3)),
            Map.entry("k", BigDecimal.ONE.scaleByPowerOfTen(3)),
            Map.entry("M", BigDecimal.ONE.scaleByPowerOfTen(6)),
            Map.entry("G", BigDecimal.ONE.scaleByPowerOfTen(9)),
            Map.entry("T", BigDecimal.ONE.scaleByPowerOfTen(12)),
            Map.entry("P", BigDecimal.ONE.scaleByPowerOfTen(15)),
            Map.entry("E", BigDecimal.ONE.scaleByPowerOfTen(18)),
            Map.entry("Ki", KIBI),
            Map.entry("Mi", KIBI.pow(2)),
            Map.entry("Gi", KIBI.pow(3)),
            Map.entry("Ti", KIBI.pow(4)),
            Map.entry("Pi", KIBI.pow(5)),
            Map.entry("Ei", KIBI.pow(6)));
    private static final int MAX_LONG_DIGITS = 18;

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
        int end = text.length();
        int numberEnd = skipNumber(text);
        int suffixEnd = skipSuffix(text, numberEnd);
        if (suffixEnd < end) {
            return null;
        }
        BigDecimal scale = numberEnd == end ? BigDecimal.ONE : suffixScale(text.substring(numberEnd));
        if (scale == null) {
            return null;
        }
        BigDecimal number = number(text, numberEnd);
        return scale == BigDecimal.ONE ? number : number.multiply(scale);
    }

    /** Why the text is not a quantity, or null when it is one. */
    static String error(String text) {
        if (text == null || text.isEmpty() || skipSuffix(text, skipNumber(text)) < text.length()) {
            return FORMAT_ERROR;
        }
        return parse(text) == null ? SUFFIX_ERROR : null;
    }

    /** The end of the sign, digits and decimal point. */
    private static int skipNumber(String text) {
        int pos = text.charAt(0) == '+' || text.charAt(0) == '-' ? 1 : 0;
        pos = skipDigits(text, pos);
        if (pos < text.length() && text.charAt(pos) == '.') {
            pos = skipDigits(text, pos + 1);
        }
        return pos;
    }

    /** The end of the suffix: unit letters, then an optionally signed exponent. */
    private static int skipSuffix(String text, int pos) {
        int end = text.length();
        while (pos < end && "eEinumkKMGTP".indexOf(text.charAt(pos)) >= 0) {
            pos++;
        }
        if (pos < end && (text.charAt(pos) == '+' || text.charAt(pos) == '-')) {
            pos++;
        }
        return skipDigits(text, pos);
    }

    private static BigDecimal number(String text, int numberEnd) {
        boolean negative = text.charAt(0) == '-';
        int digitsFrom = negative || text.charAt(0) == '+' ? 1 : 0;
        boolean integral = numberEnd > digitsFrom && skipDigits(text, digitsFrom) == numberEnd;
        if (integral && numberEnd - digitsFrom <= MAX_LONG_DIGITS) {
            long value = 0;
            for (int i = digitsFrom; i < numberEnd; i++) {
                value = value * 10 + (text.charAt(i) - '0');
            }
            return BigDecimal.valueOf(negative ? -value : value);
        }
        String digits = text.substring(digitsFrom, numberEnd);
        if (digits.isEmpty() || digits.equals(".")) {
            return BigDecimal.ZERO;
        }
        // Kubernetes accepts "5." and ".5"; BigDecimal wants a digit on both sides of the point.
        if (digits.endsWith(".")) {
            digits = digits.substring(0, digits.length() - 1);
        }
        if (digits.startsWith(".")) {
            digits = "0" + digits;
        }
        BigDecimal value = new BigDecimal(digits);
        return negative ? value.negate() : value;
    }

    private static BigDecimal suffixScale(String suffix) {
        BigDecimal scale = SUFFIXES.get(suffix);
        if (scale != null) {
            return scale;
        }
        // A decimal exponent: e3, E-2.
        if (suffix.length() < 2 || (suffix.charAt(0) != 'e' && suffix.charAt(0) != 'E')) {
            return null;
        }
        String exponent = suffix.substring(1);
        int digitsFrom = exponent.charAt(0) == '+' || exponent.charAt(0) == '-' ? 1 : 0;
        if (digitsFrom == exponent.length() || skipDigits(exponent, digitsFrom) != exponent.length()) {
            return null;
        }
        try {
            return BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(exponent));
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static int skipDigits(String text, int pos) {
        while (pos < text.length() && text.charAt(pos) >= '0' && text.charAt(pos) <= '9') {
            pos++;
        }
        return pos;
    }
}
