package io.skiff.controllermanager.cronjob;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CronScheduleTest {

    @ParameterizedTest(name = "{0} after {1}: {2}")
    @CsvSource(
            delimiter = ';',
            value = {
                // Strictly after, at whole seconds.
                "*/15 * * * *;2026-01-01T00:00:00Z;2026-01-01T00:15:00Z 2026-01-01T00:30:00Z",
                "*/15 * * * *;2026-01-01T00:14:59.500Z;2026-01-01T00:15:00Z 2026-01-01T00:30:00Z",
                "*/15 * * * *;2026-01-01T00:15:00.500Z;2026-01-01T00:30:00Z 2026-01-01T00:45:00Z",
                // A restricted day of month and day of week match either (Vixie cron, robfig).
                "0 0 13 * 5;2026-01-01T00:00:00Z;2026-01-02T00:00:00Z 2026-01-09T00:00:00Z 2026-01-13T00:00:00Z",
                "0 0 ? * 0;2026-01-01T00:00:00Z;2026-01-04T00:00:00Z 2026-01-11T00:00:00Z",
                "30 6-16/4 * * 1-5;2026-01-01T00:00:00Z;2026-01-01T06:30:00Z 2026-01-01T10:30:00Z 2026-01-01T14:30:00Z 2026-01-02T06:30:00Z",
                "0 0 1 JAN *;2026-01-01T00:00:00Z;2027-01-01T00:00:00Z",
                "@hourly;2026-01-01T00:30:00Z;2026-01-01T01:00:00Z 2026-01-01T02:00:00Z",
                "@daily;2026-01-01T00:30:00Z;2026-01-02T00:00:00Z",
                "@weekly;2026-01-01T00:30:00Z;2026-01-04T00:00:00Z",
                "@monthly;2026-01-01T00:30:00Z;2026-02-01T00:00:00Z",
                "@yearly;2026-01-01T00:30:00Z;2027-01-01T00:00:00Z",
                "@every 1h30m;2026-01-01T00:00:00.700Z;2026-01-01T01:30:00Z 2026-01-01T03:00:00Z",
                "@every 1.5s;2026-01-01T00:00:00Z;2026-01-01T00:00:01Z 2026-01-01T00:00:02Z",
                "TZ=Asia/Tokyo 0 9 * * *;2026-01-01T00:30:00Z;2026-01-02T00:00:00Z"
            })
    void activationsAreThoseOfKubernetesCronLibrary(String spec, Instant from, String expected) {
        CronSchedule schedule = CronSchedule.parse(spec, ZoneOffset.UTC);
        List<String> times = new ArrayList<>();
        Instant t = from;
        for (int i = 0; i < expected.split(" ").length; i++) {
            t = schedule.next(t).orElseThrow();
            times.add(t.toString());
        }

        assertThat(String.join(" ", times)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0} in {1}")
    @CsvSource({"0 9 * * *,Europe/Berlin,2026-01-01T08:00:00Z", "0 9 * * *,America/New_York,2026-01-01T14:00:00Z"})
    void fieldsAreReadInTheGivenZone(String spec, String zone, Instant expected) {
        CronSchedule schedule = CronSchedule.parse(spec, ZoneId.of(zone));

        assertThat(schedule.next(Instant.parse("2026-01-01T00:00:00Z"))).contains(expected);
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(
            delimiter = ';',
            value = {
                "'';empty spec string",
                "* * * *;expected exactly 5 fields, found 4: [* * * *]",
                "@fortnightly;unrecognized descriptor: @fortnightly",
                "@every soon;failed to parse duration @every soon: time: invalid duration \"soon\"",
                "TZ=Mars/Olympus * * * * *;provided bad location Mars/Olympus: unknown time zone Mars/Olympus"
            })
    void unreadableSchedulesSayWhy(String spec, String reason) {
        assertThatThrownBy(() -> CronSchedule.parse(spec, ZoneOffset.UTC))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage(reason);
    }

    @ParameterizedTest
    @CsvSource({"61 * * * *", "* 24 * * *"})
    void outOfRangeFieldsAreRejected(String spec) {
        assertThatThrownBy(() -> CronSchedule.parse(spec, ZoneOffset.UTC)).isInstanceOf(IllegalArgumentException.class);
    }
}
