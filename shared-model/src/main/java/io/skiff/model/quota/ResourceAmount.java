package io.skiff.model.quota;

import io.fabric8.kubernetes.api.model.Quantity;
import io.skiff.model.quantity.Quantities;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;

/**
 * A resource.Quantity as quota arithmetic sees it: an exact value and the format it prints in.
 * Sums keep the format of their first non-zero term (Quantity.Add), so 128Mi + 128Mi prints as
 * 256Mi and 100m + 200m as 300m; comparisons look at values only (Quantity.Cmp).
 *
 * @param value the exact amount
 * @param format how the amount prints
 */
public record ResourceAmount(BigDecimal value, Format format) {

    /** resource.Format: how a quantity is written back. */
    public enum Format {
        DECIMAL_SI,
        BINARY_SI,
        DECIMAL_EXPONENT
    }

    private static final BigInteger KIBI = BigInteger.valueOf(1024);
    private static final BigDecimal KIBI_DECIMAL = BigDecimal.valueOf(1024);
    private static final String[] DECIMAL_SUFFIXES = {"n", "u", "m", "", "k", "M", "G", "T", "P", "E"};
    private static final String[] BINARY_SUFFIXES = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};

    /** resource.Quantity{Format: DecimalSI}: the zero a usage count starts from. */
    public static final ResourceAmount ZERO = new ResourceAmount(BigDecimal.ZERO, Format.DECIMAL_SI);

    /** A whole number in decimal SI, as resource.NewQuantity(n, DecimalSI) makes it. */
    public static ResourceAmount of(long count) {
        return new ResourceAmount(BigDecimal.valueOf(count), Format.DECIMAL_SI);
    }

    /**
     * The amount a quantity from an object stands for.
     *
     * @throws IllegalArgumentException when it is not a quantity (the API server validates them)
     */
    public static ResourceAmount of(Quantity quantity) {
        String text = quantity.toString();
        return new ResourceAmount(Quantities.parse(text), formatOf(text));
    }

    /** Quantity.Add: a zero takes the other's format. */
    public ResourceAmount plus(ResourceAmount other) {
        Format sumFormat = value.signum() == 0 ? other.format : format;
        return new ResourceAmount(value.add(other.value), sumFormat);
    }

    /** Quantity.Sub: a zero takes the other's format. */
    public ResourceAmount minus(ResourceAmount other) {
        Format differenceFormat = value.signum() == 0 ? other.format : format;
        return new ResourceAmount(value.subtract(other.value), differenceFormat);
    }

    /** Quantity.Cmp &lt;= 0. */
    public boolean atMost(ResourceAmount other) {
        return value.compareTo(other.value) <= 0;
    }

    /** The larger of the two as a whole (its own format), this one when equal. */
    public ResourceAmount max(ResourceAmount other) {
        return other.value.compareTo(value) > 0 ? other : this;
    }

    /** Quantity.RoundUp(0): rounded up to a whole number, format kept. */
    public ResourceAmount roundedUp() {
        return new ResourceAmount(value.setScale(0, RoundingMode.CEILING), format);
    }

    /** Quantity.Cmp == 0. */
    public boolean sameValue(ResourceAmount other) {
        return value.compareTo(other.value) == 0;
    }

    /** The quantity as Kubernetes writes it back (Quantity.String). */
    public Quantity toQuantity() {
        return new Quantity(text());
    }

    public String text() {
        return switch (format) {
            case BINARY_SI -> binaryText();
            case DECIMAL_EXPONENT -> decimalText(false);
            case DECIMAL_SI -> decimalText(true);
        };
    }

    /** Small or fractional binary amounts are written in decimal, as Kubernetes does. */
    private String binaryText() {
        if (value.abs().compareTo(KIBI_DECIMAL) < 0
                || value.stripTrailingZeros().scale() > 0) {
            return decimalText(true);
        }
        BigInteger mantissa = value.toBigIntegerExact();
        int power = 0;
        while (power < BINARY_SUFFIXES.length - 1
                && mantissa.abs().compareTo(KIBI) >= 0
                && mantissa.mod(KIBI).signum() == 0) {
            mantissa = mantissa.divide(KIBI);
            power++;
        }
        return mantissa + BINARY_SUFFIXES[power];
    }

    /**
     * Quantity.AsCanonicalBytes: the mantissa without fraction and a power of ten that is a
     * multiple of three, written with its SI suffix (n to E) or else as an exponent.
     */
    private String decimalText(boolean si) {
        BigDecimal stripped = value.stripTrailingZeros();
        long exponent = -(long) stripped.scale();
        int excess = (int) Math.floorMod(exponent, 3L);
        BigInteger mantissa = stripped.unscaledValue().multiply(BigInteger.TEN.pow(excess));
        exponent -= excess;
        if (si && exponent >= -9 && exponent <= 18) {
            return mantissa + DECIMAL_SUFFIXES[(int) (exponent + 9) / 3];
        }
        return exponent == 0 ? mantissa.toString() : mantissa + "e" + exponent;
    }

    /** The format the parser gives a quantity string: by its suffix. */
    private static Format formatOf(String text) {
        int end = 0;
        while (end < text.length() && "+-0123456789.".indexOf(text.charAt(end)) >= 0) {
            end++;
        }
        String suffix = text.substring(end);
        if (suffix.endsWith("i")) {
            return Format.BINARY_SI;
        }
        if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')) {
            return Format.DECIMAL_EXPONENT;
        }
        return Format.DECIMAL_SI;
    }
}
