package io.skiff.kubelet.crilog;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Optional;

/**
 * The CRI logging format, shared by the runtimes that write container logs and the kubelet's log
 * endpoint that reads them: one entry per line, {@code <timestamp> <stream> <tag> <content>}, the
 * timestamp in Go's RFC3339Nano, the stream {@code stdout} or {@code stderr}, the tag {@code F}
 * for the end of a line and {@code P} for a part of one (joined with the entries that follow).
 */
public final class CriLogFormat {

    public static final String STDOUT = "stdout";
    public static final String STDERR = "stderr";
    public static final String FULL = "F";
    public static final String PARTIAL = "P";

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss");

    private CriLogFormat() {}

    /** One parsed entry; a full entry's content ends with the newline the file line lost. */
    public record Entry(Instant time, String stream, boolean partial, byte[] content) {}

    /** The header of an entry: {@code <timestamp> <stream> <tag> }. */
    public static String header(Instant time, String stream, boolean partial) {
        return timestamp(time) + " " + stream + " " + (partial ? PARTIAL : FULL) + " ";
    }

    /** Go's {@code time.RFC3339Nano} of the instant in UTC: nanoseconds without trailing zeros. */
    public static String timestamp(Instant instant) {
        String seconds = SECONDS.format(LocalDateTime.ofInstant(instant, ZoneOffset.UTC));
        int nanos = instant.getNano();
        if (nanos == 0) {
            return seconds + "Z";
        }
        String fraction = String.format("%09d", nanos).replaceAll("0+$", "");
        return seconds + "." + fraction + "Z";
    }

    /** An RFC3339 timestamp (any fraction, any offset); empty when it is not one. */
    public static Optional<Instant> parseTimestamp(String text) {
        try {
            return Optional.of(OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME)
                    .toInstant());
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * Parses one line of a log file, without its newline, as the kubelet's parseCRILog does: a
     * line that is not in the format is empty. The tag may carry more after a colon ({@code F:x}).
     */
    public static Optional<Entry> parse(byte[] line, int length) {
        int first = indexOf(line, 0, length);
        if (first < 0) {
            return Optional.empty();
        }
        Optional<Instant> time = parseTimestamp(new String(line, 0, first, StandardCharsets.US_ASCII));
        if (time.isEmpty()) {
            return Optional.empty();
        }
        int second = indexOf(line, first + 1, length);
        if (second < 0) {
            return Optional.empty();
        }
        String stream = new String(line, first + 1, second - first - 1, StandardCharsets.US_ASCII);
        if (!stream.equals(STDOUT) && !stream.equals(STDERR)) {
            return Optional.empty();
        }
        int third = indexOf(line, second + 1, length);
        int tagEnd = third < 0 ? length : third;
        String tags = new String(line, second + 1, tagEnd - second - 1, StandardCharsets.US_ASCII);
        boolean partial = tags.split(":", -1)[0].equals(PARTIAL);
        byte[] content = third < 0 ? new byte[0] : Arrays.copyOfRange(line, third + 1, length);
        if (!partial) {
            content = Arrays.copyOf(content, content.length + 1);
            content[content.length - 1] = '\n';
        }
        return Optional.of(new Entry(time.get(), stream, partial, content));
    }

    private static int indexOf(byte[] line, int from, int length) {
        for (int i = from; i < length; i++) {
            if (line[i] == ' ') {
                return i;
            }
        }
        return -1;
    }
}
