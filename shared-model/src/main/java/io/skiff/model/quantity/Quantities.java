package io.skiff.model.quantity;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * Kubernetes resource quantities ({@code 100m}, {@code 1.5Gi}, {@code 2e3}) read and written
 * exactly as k8s.io/apimachinery/pkg/api/resource does: same grammar, same rounding, same errors
 * and the same serialized form.
 *
 * <p>A quantity is {@code [+-]number[suffix]} with a binary suffix (Ki Mi Gi Ti Pi Ei), a decimal
 * one (n u m "" k M G T P E) or an exponent ({@code e3}, {@code E-6}). Precision finer than 1n is
 * rounded up, away from zero, so that asking for a sliver of a resource still asks for some;
 * binary quantities are capped at 2^63-1.
 */
public final class Quantities {

    private static final String FORMAT_WRONG =
            "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'";
    private static final String NUMERIC = "unable to parse numeric part of quantity";
    private static final String SUFFIX = "unable to parse quantity's suffix";

    private static final String SUFFIX_CHARACTERS = "eEinumkKMGTP";
    private static final int NANO_SCALE = 9;
    private static final int MAX_INT64_DIGITS = 18;
    private static final BigDecimal MAX_BINARY = BigDecimal.valueOf(Long.MAX_VALUE);
    private static final BigDecimal KIBI = BigDecimal.valueOf(1024);
    private static final BigInteger BIG_KIBI = BigInteger.valueOf(1024);
    private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    private enum Format {
        DECIMAL_SI,
        BINARY_SI,
        DECIMAL_EXPONENT
    }

    /**
     * A parsed quantity: its value, the format it remembers for printing, and the input itself when
     * Kubernetes keeps the input verbatim because it is already canonical.
     */
    private record Quantity(BigDecimal amount, Format format, String verbatim) {}

    /** A suffix read as base^exponent. */
    private record Suffix(int base, int exponent, Format format) {}

    /** The pieces of a quantity string; {@code value} is the sign and number as written. */
    private record Pieces(boolean positive, String value, String numerator, String fraction, String suffix) {}

    private Quantities() {}

    /**
     * The exact value of a quantity, after Kubernetes' rounding to 1n and capping of binary values.
     *
     * @throws IllegalArgumentException with Kubernetes' message when the string is not a quantity
     */
    public static BigDecimal parse(String quantity) {
        return read(quantity).amount();
    }

    /** The value rounded up, away from zero, to a whole number, as Quantity.Value(); saturated to a long. */
    public static long value(String quantity) {
        return saturatedLong(read(quantity).amount());
    }

    /** The value in thousandths rounded up, away from zero, as Quantity.MilliValue(); saturated to a long. */
    public static long milliValue(String quantity) {
        return saturatedLong(read(quantity).amount().scaleByPowerOfTen(3));
    }

    /**
     * The string Kubernetes writes back for a quantity: {@code 1000m} → {@code 1}, {@code 1024Ki} →
     * {@code 1Mi}, {@code 0.5} → {@code 500m}, {@code 1.5Gi} → {@code 1536Mi}. The largest suffix of
     * the quantity's own kind that leaves no fraction is used; a binary quantity that is small or
     * fractional is written in decimal. Like Kubernetes, an input that is already in canonical
     * shape is returned as written, sign and leading zeros included ({@code +1} stays {@code +1}).
     */
    public static String canonical(String quantity) {
        Quantity parsed = read(quantity);
        return parsed.verbatim() != null ? parsed.verbatim() : format(parsed.amount(), parsed.format());
    }

    private static Quantity read(String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(FORMAT_WRONG);
        }
        if (text.equals("0")) {
            return new Quantity(BigDecimal.ZERO, Format.DECIMAL_SI, text);
        }
        Pieces pieces = split(text);
        Suffix suffix = interpret(pieces.suffix());
        Quantity exact = readSmall(text, pieces, suffix);
        return exact != null ? exact : readLarge(pieces, suffix);
    }

    /**
     * Kubernetes' int64 fast path: values with few digits and no finer precision than 1n are exact
     * in a long. Only here is the input kept verbatim, when it is already canonical.
     */
    private static Quantity readSmall(String text, Pieces pieces, Suffix suffix) {
        long precision;
        long scale = 0;
        long multiplier = 1;
        if (suffix.format() == Format.BINARY_SI) {
            if (pieces.fraction().isEmpty()) {
                multiplier = 1L << suffix.exponent();
                // 2^10 carries about 3 decimal digits, so this estimates the digits left in a long
                precision = 15L - pieces.numerator().length() - (suffix.exponent() * 3L / 10) - 1;
            } else {
                precision = -1;
            }
        } else {
            scale = suffix.exponent();
            precision = MAX_INT64_DIGITS
                    - pieces.numerator().length()
                    - pieces.fraction().length();
        }
        if (precision < 0) {
            return null;
        }
        scale -= pieces.fraction().length();
        if (scale < -NANO_SCALE) {
            return null;
        }
        String shifted = pieces.numerator() + pieces.fraction();
        long unsigned = Long.parseLong(shifted);
        long magnitude;
        try {
            magnitude = Math.multiplyExact(unsigned, multiplier);
        } catch (ArithmeticException overflow) {
            return null;
        }
        BigDecimal amount = BigDecimal.valueOf(pieces.positive() ? magnitude : -magnitude, (int) -scale);
        boolean canonical = suffix.format() == Format.BINARY_SI
                ? (unsigned & 0x07) != 0
                : scale % 3 == 0 && !shifted.endsWith("000") && shifted.charAt(0) != '0';
        return new Quantity(amount, suffix.format(), canonical ? text : null);
    }

    private static Quantity readLarge(Pieces pieces, Suffix suffix) {
        BigDecimal amount;
        try {
            amount = new BigDecimal(pieces.value());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(NUMERIC, e);
        }
        boolean negative = amount.signum() < 0;
        amount = amount.abs();
        if (suffix.base() == 10) {
            long scale = (long) amount.scale() - suffix.exponent();
            if (scale > Integer.MAX_VALUE) {
                // smaller than anything representable, so only the rounding below matters
                amount = amount.signum() == 0 ? BigDecimal.ZERO : BigDecimal.ONE.movePointLeft(NANO_SCALE);
            } else {
                amount = amount.scaleByPowerOfTen(suffix.exponent());
            }
        } else {
            amount = new BigDecimal(amount.unscaledValue().shiftLeft(suffix.exponent()), amount.scale());
        }
        amount = roundUpToNano(amount);
        Format format = suffix.format();
        if (format == Format.BINARY_SI && amount.compareTo(MAX_BINARY) > 0) {
            amount = MAX_BINARY;
        }
        if (format == Format.BINARY_SI && amount.compareTo(BigDecimal.ONE) < 0 && amount.signum() > 0) {
            format = Format.DECIMAL_SI;
        }
        return new Quantity(negative ? amount.negate() : amount, format, null);
    }

    private static BigDecimal roundUpToNano(BigDecimal magnitude) {
        if (magnitude.signum() == 0 || magnitude.scale() <= NANO_SCALE) {
            return magnitude;
        }
        // below 1n every value rounds to 1n; deciding that first avoids dividing by a vast power of ten
        if ((long) magnitude.precision() - magnitude.scale() <= -NANO_SCALE) {
            return BigDecimal.ONE.movePointLeft(NANO_SCALE);
        }
        return magnitude.setScale(NANO_SCALE, RoundingMode.UP);
    }

    /** Kubernetes' scanner: sign, digits, optional fraction, then suffix characters and an exponent. */
    private static Pieces split(String text) {
        int end = text.length();
        int position = 0;
        boolean positive = true;
        if (text.charAt(0) == '-') {
            positive = false;
            position++;
        } else if (text.charAt(0) == '+') {
            position++;
        }
        while (position < end && text.charAt(position) == '0') {
            position++;
        }
        if (position == end) {
            return new Pieces(positive, "0", "0", "", "");
        }
        int numeratorStart = position;
        while (position < end && isDigit(text.charAt(position))) {
            position++;
        }
        String numerator = position == numeratorStart ? "0" : text.substring(numeratorStart, position);
        if (position == end) {
            return new Pieces(positive, text, numerator, "", "");
        }
        String fraction = "";
        if (text.charAt(position) == '.') {
            int fractionStart = ++position;
            while (position < end && isDigit(text.charAt(position))) {
                position++;
            }
            fraction = text.substring(fractionStart, position);
            if (position == end) {
                return new Pieces(positive, text, numerator, fraction, "");
            }
        }
        String value = text.substring(0, position);
        int suffixStart = position;
        while (position < end && SUFFIX_CHARACTERS.indexOf(text.charAt(position)) >= 0) {
            position++;
        }
        if (position < end && (text.charAt(position) == '-' || text.charAt(position) == '+')) {
            position++;
        }
        while (position < end && isDigit(text.charAt(position))) {
            position++;
        }
        if (position < end) {
            throw new IllegalArgumentException(FORMAT_WRONG);
        }
        return new Pieces(positive, value, numerator, fraction, text.substring(suffixStart));
    }

    private static Suffix interpret(String suffix) {
        for (int i = 0; i < DECIMAL_SUFFIXES.length; i++) {
            if (DECIMAL_SUFFIXES[i].equals(suffix)) {
                return new Suffix(10, 3 * i - 9, Format.DECIMAL_SI);
            }
        }
        for (int i = 1; i < BINARY_SUFFIXES.length; i++) {
            if (BINARY_SUFFIXES[i].equals(suffix)) {
                return new Suffix(2, 10 * i, Format.BINARY_SI);
            }
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            long exponent = parseExponent(suffix.substring(1));
            // an exponent whose negation does not fit a 32-bit scale is refused, not wrapped around
            if (exponent >= -Integer.MAX_VALUE && exponent <= Integer.MAX_VALUE) {
                return new Suffix(10, (int) exponent, Format.DECIMAL_EXPONENT);
            }
        }
        throw new IllegalArgumentException(SUFFIX);
    }

    /** Go's strconv.ParseInt: an optional sign and ASCII digits; anything else is out of range here. */
    private static long parseExponent(String text) {
        int start = text.startsWith("+") || text.startsWith("-") ? 1 : 0;
        if (start == text.length()) {
            throw new IllegalArgumentException(SUFFIX);
        }
        for (int i = start; i < text.length(); i++) {
            if (!isDigit(text.charAt(i))) {
                throw new IllegalArgumentException(SUFFIX);
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException overflow) {
            throw new IllegalArgumentException(SUFFIX, overflow);
        }
    }

    private static String format(BigDecimal amount, Format format) {
        if (amount.signum() == 0) {
            return "0";
        }
        if (format == Format.BINARY_SI) {
            boolean small = amount.abs().compareTo(KIBI) < 0;
            boolean whole = amount.stripTrailingZeros().scale() <= 0;
            if (!small && whole) {
                return binary(amount.toBigIntegerExact());
            }
            format = Format.DECIMAL_SI;
        }
        return decimal(amount, format);
    }

    /** Mantissa and a power of ten that is a multiple of three, the mantissa holding no fraction. */
    private static String decimal(BigDecimal amount, Format format) {
        BigDecimal stripped = amount.stripTrailingZeros();
        long exponent = -(long) stripped.scale();
        BigInteger mantissa = stripped.unscaledValue();
        int excess = (int) Math.floorMod(exponent, 3L);
        mantissa = mantissa.multiply(BigInteger.TEN.pow(excess));
        exponent -= excess;
        // decimal SI has no suffix beyond E; larger values fall back to exponent notation
        if (format == Format.DECIMAL_SI && exponent >= -NANO_SCALE && exponent <= 18) {
            return mantissa + DECIMAL_SUFFIXES[(int) (exponent + NANO_SCALE) / 3];
        }
        return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }

    /** Binary values are capped at 2^63-1, so the exponent never passes Ei. */
    private static String binary(BigInteger value) {
        int power = 0;
        BigInteger mantissa = value;
        while (mantissa.abs().compareTo(BIG_KIBI) >= 0 && mantissa.mod(BIG_KIBI).signum() == 0) {
            mantissa = mantissa.divide(BIG_KIBI);
            power++;
        }
        return mantissa + BINARY_SUFFIXES[power];
    }

    private static long saturatedLong(BigDecimal amount) {
        // more than 19 integer digits cannot fit, and checking first avoids building vast numbers
        if ((long) amount.precision() - amount.scale() > 19) {
            return amount.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        BigInteger whole = amount.setScale(0, RoundingMode.UP).toBigInteger();
        if (whole.bitLength() > 63) {
            return whole.signum() > 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        }
        return whole.longValue();
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }
}
