package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.JsonNode;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.util.Map;
import java.util.Optional;

/**
 * A resource quantity parsed and printed as apimachinery's resource.Quantity does, so that values
 * read back from Skiff are spelled like Kubernetes spells them ("0.5" becomes "500m", "1024Mi"
 * becomes "1Gi").
 */
final class Quantity {

    enum Format {
        DECIMAL_EXPONENT,
        DECIMAL_SI,
        BINARY_SI
    }

    private static final Map<String, Integer> DECIMAL_SUFFIXES =
            Map.of("n", -9, "u", -6, "m", -3, "", 0, "k", 3, "M", 6, "G", 9, "T", 12, "P", 15, "E", 18);
    private static final Map<String, Integer> BINARY_SUFFIXES =
            Map.of("Ki", 10, "Mi", 20, "Gi", 30, "Ti", 40, "Pi", 50, "Ei", 60);
    private static final String[] BINARY_PREFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
    private static final String SUFFIX_LETTERS = "eEinumkKMGTP";
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal BINARY_STEP = BigDecimal.valueOf(1024);
    private static final int NANO_SCALE = 9;
    private static final int MILLI_SCALE = 3;

    private final BigDecimal value;
    private final Format format;
    /** The input as given, which apimachinery keeps and prints back when it is already canonical. */
    private final String verbatim;

    private Quantity(BigDecimal value, Format format, String verbatim) {
        this.value = value;
        this.format = format;
        this.verbatim = verbatim;
    }

    /** A quantity from a JSON string or number; empty when Kubernetes would refuse to decode it. */
    static Optional<Quantity> of(JsonNode node) {
        if (node == null || !(node.isTextual() || node.isNumber())) {
            return Optional.empty();
        }
        return parse(node.asText());
    }

    static Optional<Quantity> parse(String input) {
        String text = input.strip();
        if (text.isEmpty()) {
            return Optional.empty();
        }
        Scanner scanner = new Scanner(text);
        if (!scanner.scan()) {
            return Optional.empty();
        }
        String suffix = scanner.suffix;
        int base;
        int exponent;
        Format format;
        if (DECIMAL_SUFFIXES.containsKey(suffix)) {
            base = 10;
            exponent = DECIMAL_SUFFIXES.get(suffix);
            format = Format.DECIMAL_SI;
        } else if (BINARY_SUFFIXES.containsKey(suffix)) {
            base = 2;
            exponent = BINARY_SUFFIXES.get(suffix);
            format = Format.BINARY_SI;
        } else if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            try {
                exponent = Math.toIntExact(Long.parseLong(suffix.substring(1)));
            } catch (NumberFormatException | ArithmeticException e) {
                return Optional.empty();
            }
            base = 10;
            format = Format.DECIMAL_EXPONENT;
        } else {
            return Optional.empty();
        }

        String verbatim = keepsInputSpelling(scanner, format, exponent) ? text : null;
        String digits =
                scanner.denominator.isEmpty() ? scanner.numerator : scanner.numerator + "." + scanner.denominator;
        BigDecimal amount = new BigDecimal(digits);
        amount = base == 10
                ? amount.scaleByPowerOfTen(exponent)
                : amount.multiply(BigDecimal.valueOf(2).pow(exponent));
        if (amount.signum() != 0 && amount.scale() > NANO_SCALE) {
            // Kubernetes rounds tiny non-zero amounts up so that asking for some gives some.
            amount = amount.setScale(NANO_SCALE, RoundingMode.UP);
        }
        if (format == Format.BINARY_SI && amount.compareTo(MAX_BINARY) > 0) {
            amount = MAX_BINARY;
        }
        if (format == Format.BINARY_SI && amount.signum() > 0 && amount.compareTo(BigDecimal.ONE) < 0) {
            format = Format.DECIMAL_SI;
        }
        if (!scanner.positive) {
            amount = amount.negate();
        }
        return Optional.of(new Quantity(amount, format, verbatim));
    }

    /**
     * apimachinery's fast path remembers the input string when it looks canonical already and prints
     * it back unchanged (so "1E3" stays "1E3" and "+1" stays "+1").
     */
    private static boolean keepsInputSpelling(Scanner scanner, Format format, int exponent) {
        String numerator = scanner.numerator;
        String denominator = scanner.denominator;
        int scale;
        int precision;
        long multiplier = 1;
        if (format == Format.BINARY_SI) {
            if (exponent < 0 || !denominator.isEmpty()) {
                return false;
            }
            scale = 0;
            multiplier = 1L << exponent;
            precision = 15 - numerator.length() - exponent * 3 / 10 - 1;
        } else {
            scale = exponent;
            precision = 18 - (numerator.length() + denominator.length());
        }
        if (precision < 0) {
            return false;
        }
        scale -= denominator.length();
        if (scale < -NANO_SCALE) {
            return false;
        }
        String shifted = numerator + denominator;
        long mantissa;
        try {
            mantissa = Long.parseLong(shifted);
            Math.multiplyExact(mantissa, multiplier);
        } catch (NumberFormatException | ArithmeticException e) {
            return false;
        }
        if (format == Format.BINARY_SI) {
            return exponent % 10 == 0 && (mantissa & 0x07) != 0;
        }
        return scale % 3 == 0 && !shifted.endsWith("000") && shifted.charAt(0) != '0';
    }

    BigDecimal value() {
        return value;
    }

    /** SetDefaults_ResourceList: values finer than a milli-unit are rounded up to one. */
    Quantity roundUpToMilli() {
        if (value.scale() <= MILLI_SCALE) {
            return this;
        }
        return new Quantity(value.setScale(MILLI_SCALE, RoundingMode.UP), format, null);
    }

    /** The string Kubernetes prints for this quantity. */
    String canonical() {
        if (verbatim != null) {
            return verbatim;
        }
        if (value.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI && prefersBinary()) {
            return binary();
        }
        return decimal(format == Format.DECIMAL_EXPONENT ? Format.DECIMAL_EXPONENT : Format.DECIMAL_SI);
    }

    /** Small or fractional binary quantities are printed in decimal to avoid rounding. */
    private boolean prefersBinary() {
        return value.abs().compareTo(BINARY_STEP) >= 0
                && value.stripTrailingZeros().scale() <= 0;
    }

    private String binary() {
        BigInteger mantissa = value.toBigIntegerExact();
        BigInteger step = BINARY_STEP.toBigInteger();
        int steps = 0;
        while (steps < BINARY_PREFIXES.length - 1 && mantissa.mod(step).signum() == 0) {
            mantissa = mantissa.divide(step);
            steps++;
        }
        return mantissa + BINARY_PREFIXES[steps];
    }

    private String decimal(Format printAs) {
        BigDecimal stripped = value.stripTrailingZeros();
        BigInteger mantissa = stripped.unscaledValue();
        int exponent = -stripped.scale();
        int offset = Math.floorMod(exponent, 3);
        if (offset != 0) {
            mantissa = mantissa.multiply(BigInteger.TEN.pow(offset));
            exponent -= offset;
        }
        if (printAs == Format.DECIMAL_SI) {
            for (Map.Entry<String, Integer> entry : DECIMAL_SUFFIXES.entrySet()) {
                if (entry.getValue() == exponent) {
                    return mantissa + entry.getKey();
                }
            }
        }
        // Beyond exa Kubernetes prints no suffix at all; the exponent form keeps the value intact.
        return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }

    /** Splits text the way apimachinery's parseQuantityString does. */
    private static final class Scanner {
        private final String text;
        private boolean positive = true;
        private String numerator = "0";
        private String denominator = "";
        private String suffix = "";

        Scanner(String text) {
            this.text = text;
        }

        boolean scan() {
            int end = text.length();
            int pos = 0;
            char first = text.charAt(0);
            if (first == '-' || first == '+') {
                positive = first == '+';
                pos++;
            }
            while (pos < end && text.charAt(pos) == '0') {
                pos++;
            }
            int start = pos;
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            if (pos > start) {
                numerator = text.substring(start, pos);
            }
            if (pos < end && text.charAt(pos) == '.') {
                start = ++pos;
                while (pos < end && isDigit(text.charAt(pos))) {
                    pos++;
                }
                denominator = text.substring(start, pos);
            }
            int suffixStart = pos;
            while (pos < end && SUFFIX_LETTERS.indexOf(text.charAt(pos)) >= 0) {
                pos++;
            }
            if (pos < end && (text.charAt(pos) == '-' || text.charAt(pos) == '+')) {
                pos++;
            }
            while (pos < end && isDigit(text.charAt(pos))) {
                pos++;
            }
            suffix = text.substring(suffixStart);
            return pos == end;
        }

        private static boolean isDigit(char c) {
            return c >= '0' && c <= '9';
        }
    }
}
