package io.skiff.apiserver.validation;

import com.cronutils.model.definition.CronDefinition;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.parser.CronParser;
import java.time.ZoneId;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * CronJob schedules as Kubernetes' cron library ({@code robfig/cron} {@code ParseStandard}) accepts them:
 * five fields (minute, hour, day of month, month, day of week; names and {@code ?} allowed), the
 * {@code @hourly}-style descriptors, {@code @every <duration>}, and an optional {@code TZ=} prefix. The
 * fields are parsed by cron-utils with a definition matching those ranges.
 */
final class CronSchedules {

    private static final CronDefinition STANDARD = CronDefinitionBuilder.defineCron()
            .withMinutes()
            .withValidRange(0, 59)
            .withStrictRange()
            .and()
            .withHours()
            .withValidRange(0, 23)
            .withStrictRange()
            .and()
            .withDayOfMonth()
            .withValidRange(1, 31)
            .supportsQuestionMark()
            .withStrictRange()
            .and()
            .withMonth()
            .withValidRange(1, 12)
            .withStrictRange()
            .and()
            .withDayOfWeek()
            .withValidRange(0, 6)
            .withMondayDoWValue(1)
            .supportsQuestionMark()
            .withStrictRange()
            .and()
            .withSupportedNicknameYearly()
            .withSupportedNicknameAnnually()
            .withSupportedNicknameMonthly()
            .withSupportedNicknameWeekly()
            .withSupportedNicknameDaily()
            .withSupportedNicknameMidnight()
            .withSupportedNicknameHourly()
            .instance();
    private static final CronParser PARSER = new CronParser(STANDARD);
    private static final Set<String> DESCRIPTORS =
            Set.of("@yearly", "@annually", "@monthly", "@weekly", "@daily", "@midnight", "@hourly");
    private static final String EVERY = "@every ";
    /** Go's {@code time.ParseDuration} syntax. */
    private static final Pattern GO_DURATION =
            Pattern.compile("[-+]?(0|(([0-9]+(\\.[0-9]*)?|\\.[0-9]+)(ns|us|\u00b5s|\u03bcs|ms|s|m|h))+)");

    private CronSchedules() {}

    /** Why the schedule is not valid, in the cron library's words; null when it is valid. */
    static String error(String schedule) {
        String spec = schedule;
        if (spec.isEmpty()) {
            return "empty spec string";
        }
        if (spec.startsWith("TZ=") || spec.startsWith("CRON_TZ=")) {
            int space = spec.indexOf(' ');
            String zone = spec.substring(spec.indexOf('=') + 1, space < 0 ? spec.length() : space);
            if (!isTimeZone(zone)) {
                return "provided bad location " + zone + ": unknown time zone " + zone;
            }
            spec = space < 0 ? "" : spec.substring(space).strip();
        }
        if (spec.startsWith("@")) {
            if (DESCRIPTORS.contains(spec)) {
                return null;
            }
            if (spec.startsWith(EVERY)) {
                String duration = spec.substring(EVERY.length());
                return GO_DURATION.matcher(duration).matches()
                        ? null
                        : "failed to parse duration " + spec + ": time: invalid duration " + Causes.quote(duration);
            }
            return "unrecognized descriptor: " + spec;
        }
        String[] fields = spec.isBlank() ? new String[0] : spec.strip().split("\\s+");
        if (fields.length != 5) {
            return "expected exactly 5 fields, found " + fields.length + ": [" + String.join(" ", fields) + "]";
        }
        try {
            PARSER.parse(String.join(" ", fields)).validate();
            return null;
        } catch (RuntimeException e) {
            // The library signals every malformed field with an exception; all of them mean "invalid".
            return e.getMessage() == null ? e.toString() : e.getMessage();
        }
    }

    /** An IANA time zone name Go's {@code time.LoadLocation} would find. */
    static boolean isTimeZone(String name) {
        return name.equals("UTC") || ZoneId.getAvailableZoneIds().contains(name);
    }
}
