package io.skiff.controllermanager.cronjob;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A CronJob schedule as Kubernetes' cron library reads it (robfig/cron ParseStandard): five fields
 * (minute, hour, day of month, month, day of week) where a restricted day of month and day of week
 * match either, the {@code @hourly}-style descriptors, {@code @every <duration>}, and an optional
 * {@code TZ=}/{@code CRON_TZ=} prefix. The fields are parsed and stepped by cron-utils with its Unix
 * definition. Times are whole seconds; {@link #next} is strictly after the given time.
 */
final class CronSchedule {

    private static final CronParser UNIX_PARSER;

    static {
        CronDefinition unix = CronDefinitionBuilder.instanceDefinitionFor(com.cronutils.model.CronType.UNIX);
        UNIX_PARSER = new CronParser(unix);
    }

    /** robfig's descriptors, as the five-field schedules they stand for. */
    private static final Map<String, String> DESCRIPTORS = Map.of(
            "@yearly", "0 0 1 1 *",
            "@annually", "0 0 1 1 *",
            "@monthly", "0 0 1 * *",
            "@weekly", "0 0 * * 0",
            "@daily", "0 0 * * *",
            "@midnight", "0 0 * * *",
            "@hourly", "0 * * * *");

    private static final String EVERY = "@every ";
    private static final Pattern GO_DURATION_PART =
            Pattern.compile("([0-9]*\\.?[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h)");
    private static final Map<String, Long> NANOS_PER_UNIT = Map.of(
            "ns", 1L,
            "us", 1_000L,
            "\u00b5s", 1_000L,
            "\u03bcs", 1_000L,
            "ms", 1_000_000L,
            "s", 1_000_000_000L,
            "m", 60_000_000_000L,
            "h", 3_600_000_000_000L);

    private final ZoneId zone;
    private final ExecutionTime fields;
    private final Duration every;

    private CronSchedule(ZoneId zone, ExecutionTime fields, Duration every) {
        this.zone = zone;
        this.fields = fields;
        this.every = every;
    }

    /**
     * @param zone the zone of a schedule without a TZ= prefix (kube-controller-manager's local zone,
     *     or the CronJob's spec.timeZone)
     * @throws IllegalArgumentException with the reason when the schedule cannot be read
     */
    static CronSchedule parse(String schedule, ZoneId zone) {
        String spec = schedule.strip();
        if (spec.isEmpty()) {
            throw new IllegalArgumentException("empty spec string");
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            String name = spec.substring(spec.indexOf('=') + 1, space < 0 ? spec.length() : space);
            zone = zone(name);
            spec = space < 0 ? "" : spec.substring(space).strip();
        }
        if (spec.startsWith(EVERY)) {
            Duration delay = goDuration(spec.substring(EVERY.length()).strip());
            // robfig: at least a second, and whole seconds.
            Duration rounded = delay.compareTo(Duration.ofSeconds(1)) < 0
                    ? Duration.ofSeconds(1)
                    : delay.truncatedTo(ChronoUnit.SECONDS);
            return new CronSchedule(zone, null, rounded);
        }
        if (spec.startsWith("@")) {
            String fields = DESCRIPTORS.get(spec);
            if (fields == null) {
                throw new IllegalArgumentException("unrecognized descriptor: " + spec);
            }
            spec = fields;
        }
        String[] fields = spec.isBlank() ? new String[0] : spec.split("\\s+");
        if (fields.length != 5) {
            throw new IllegalArgumentException(
                    "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]");
        }
        // robfig reads "?" as "*" in both day fields; the Unix definition does not know it.
        fields[2] = fields[2].replace("?", "*");
        fields[4] = fields[4].replace("?", "*");
        try {
            return new CronSchedule(zone, ExecutionTime.forCron(UNIX_PARSER.parse(String.join(" ", fields))), null);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() == null ? e.toString() : e.getMessage(), e);
        }
    }

    /** The zone Go's time.LoadLocation would find for {@code name}. */
    static ZoneId zone(String name) {
        if (name.isEmpty() || name.equals("UTC")) {
            return ZoneId.of("UTC");
        }
        try {
            return ZoneId.of(name);
        } catch (DateTimeException e) {
            throw new IllegalArgumentException("provided bad location " + name + ": unknown time zone " + name, e);
        }
    }

    /** The first activation strictly after {@code time} (at whole-second precision); empty when there is none. */
    Optional<Instant> next(Instant time) {
        if (every != null) {
            return Optional.of(time.truncatedTo(ChronoUnit.SECONDS).plus(every));
        }
        ZonedDateTime from = time.truncatedTo(ChronoUnit.SECONDS).atZone(zone);
        return fields.nextExecution(from).map(ZonedDateTime::toInstant);
    }

    /** Go's time.ParseDuration for the non-negative durations @every takes ("1h30m", "90s", "1.5h"). */
    private static Duration goDuration(String text) {
        if (text.equals("0")) {
            return Duration.ZERO;
        }
        Matcher matcher = GO_DURATION_PART.matcher(text);
        long nanos = 0;
        int end = 0;
        while (matcher.find() && matcher.start() == end) {
            BigDecimal value = new BigDecimal(matcher.group(1));
            nanos += value.multiply(BigDecimal.valueOf(NANOS_PER_UNIT.get(matcher.group(2))))
                    .longValue();
            end = matcher.end();
        }
        if (end == 0 || end != text.length()) {
            throw new IllegalArgumentException(
                    "failed to parse duration @every " + text + ": time: invalid duration \"" + text + "\"");
        }
        return Duration.ofNanos(nanos);
    }
}
