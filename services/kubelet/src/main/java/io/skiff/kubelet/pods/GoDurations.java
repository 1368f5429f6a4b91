package io.skiff.kubelet.pods;

import java.math.BigDecimal;
import java.time.Duration;

/** Durations written as Go's time.Duration.String() writes them ("10s", "5m0s", "1.5s", "250ms"). */
final class GoDurations {

    private GoDurations() {}

    static String format(Duration duration) {
        long nanos = duration.toNanos();
        if (nanos == 0) {
            return "0s";
        }
        String sign = nanos < 0 ? "-" : "";
        long magnitude = Math.abs(nanos);
        if (magnitude < 1_000) {
            return sign + magnitude + "ns";
        }
        if (magnitude < 1_000_000) {
            return sign + decimal(magnitude, 3) + "µs";
        }
        if (magnitude < 1_000_000_000) {
            return sign + decimal(magnitude, 6) + "ms";
        }
        long hours = magnitude / 3_600_000_000_000L;
        long minutes = magnitude / 60_000_000_000L % 60;
        long secondNanos = magnitude % 60_000_000_000L;
        StringBuilder out = new StringBuilder(sign);
        if (hours > 0) {
            out.append(hours).append('h');
        }
        if (hours > 0 || minutes > 0) {
            out.append(minutes).append('m');
        }
        return out.append(decimal(secondNanos, 9)).append('s').toString();
    }

    /** {@code value} / 10^scale without trailing zeros in the fraction. */
    private static String decimal(long value, int scale) {
        BigDecimal number = BigDecimal.valueOf(value, scale).stripTrailingZeros();
        return number.scale() < 0 ? number.setScale(0).toPlainString() : number.toPlainString();
    }
}
