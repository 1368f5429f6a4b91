package io.skiff.component.events;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.skiff.model.time.KubeTimes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** client-go's correlation rules, case by case, on a hand-moved clock. */
class EventCorrelatorTest {

    private static final Instant START = Instant.parse("2026-01-01T10:00:00Z");

    /** An event recorded {@code after} the previous step, about pod {@code object}. */
    record Step(Duration after, String object, String reason, String message) {}

    /** What correlation should make of a step. */
    record Outcome(String action, int count, String message, int sameEventAsStep) {
        static Outcome created(String message) {
            return new Outcome("create", 1, message, -1);
        }

        static Outcome patched(int count, String message, int sameEventAsStep) {
            return new Outcome("patch", count, message, sameEventAsStep);
        }

        static Outcome skipped() {
            return new Outcome("skip", 0, null, -1);
        }
    }

    static Step at(Duration after, String object, String reason, String message) {
        return new Step(after, object, reason, message);
    }

    static Step now(String object, String reason, String message) {
        return at(Duration.ZERO, object, reason, message);
    }

    static Stream<Arguments> cases() {
        List<Step> tenMessages = IntStream.rangeClosed(1, 11)
                .mapToObj(i -> at(Duration.ofSeconds(30), "web", "BackOff", "attempt " + i))
                .toList();
        List<Outcome> tenMessagesOutcome = new ArrayList<>();
        IntStream.rangeClosed(1, 9).forEach(i -> tenMessagesOutcome.add(Outcome.created("attempt " + i)));
        tenMessagesOutcome.add(Outcome.created("(combined from similar events): attempt 10"));
        tenMessagesOutcome.add(Outcome.patched(2, "(combined from similar events): attempt 11", 9));

        List<Step> spreadOut = IntStream.rangeClosed(1, 11)
                .mapToObj(i -> at(Duration.ofMinutes(11), "web", "BackOff", "attempt " + i))
                .toList();
        List<Outcome> spreadOutOutcome = IntStream.rangeClosed(1, 11)
                .mapToObj(i -> Outcome.created("attempt " + i))
                .toList();

        List<Step> burst = new ArrayList<>();
        List<Outcome> burstOutcome = new ArrayList<>();
        IntStream.rangeClosed(1, 25).forEach(i -> {
            burst.add(now("web", "Reason" + i, "one of a burst"));
            burstOutcome.add(Outcome.created("one of a burst"));
        });
        burst.add(now("web", "Reason26", "one too many"));
        burstOutcome.add(Outcome.skipped());
        burst.add(now("db", "Reason1", "another object"));
        burstOutcome.add(Outcome.created("another object"));
        burst.add(at(Duration.ofMinutes(5), "web", "Reason27", "earned after five minutes"));
        burstOutcome.add(Outcome.created("earned after five minutes"));
        burst.add(at(Duration.ofSeconds(1), "web", "Reason28", "not yet earned"));
        burstOutcome.add(Outcome.skipped());

        List<Step> repeats = new ArrayList<>();
        List<Outcome> repeatsOutcome = new ArrayList<>();
        IntStream.rangeClosed(1, 26).forEach(i -> repeats.add(now("web", "Unhealthy", "probe failed")));
        repeatsOutcome.add(Outcome.created("probe failed"));
        IntStream.rangeClosed(2, 25).forEach(i -> repeatsOutcome.add(Outcome.patched(i, "probe failed", 0)));
        repeatsOutcome.add(Outcome.skipped());
        repeats.add(at(Duration.ofMinutes(5), "web", "Unhealthy", "probe failed"));
        // The dropped occurrence was still counted, as client-go counts it.
        repeatsOutcome.add(Outcome.patched(27, "probe failed", 0));

        return Stream.of(
                Arguments.of(
                        "a first event is created with count 1",
                        List.of(now("web", "Scheduled", "assigned to node-1")),
                        List.of(Outcome.created("assigned to node-1"))),
                Arguments.of(
                        "an identical event within ten minutes counts on the first",
                        List.of(
                                now("web", "Pulled", "pulled nginx"),
                                at(Duration.ofMinutes(9).plusSeconds(59), "web", "Pulled", "pulled nginx")),
                        List.of(Outcome.created("pulled nginx"), Outcome.patched(2, "pulled nginx", 0))),
                Arguments.of(
                        "repeats count up on one Event",
                        List.of(
                                now("web", "Pulled", "pulled nginx"),
                                at(Duration.ofSeconds(1), "web", "Pulled", "pulled nginx"),
                                at(Duration.ofSeconds(1), "web", "Pulled", "pulled nginx")),
                        List.of(
                                Outcome.created("pulled nginx"),
                                Outcome.patched(2, "pulled nginx", 0),
                                Outcome.patched(3, "pulled nginx", 0))),
                Arguments.of(
                        "an identical event after a quiet ten minutes is a new Event",
                        List.of(
                                now("web", "Pulled", "pulled nginx"),
                                at(Duration.ofMinutes(10).plusSeconds(1), "web", "Pulled", "pulled nginx")),
                        List.of(Outcome.created("pulled nginx"), Outcome.created("pulled nginx"))),
                Arguments.of(
                        "a different reason or object is a different Event",
                        List.of(
                                now("web", "Pulled", "done"),
                                now("web", "Created", "done"),
                                now("db", "Pulled", "done")),
                        List.of(Outcome.created("done"), Outcome.created("done"), Outcome.created("done"))),
                Arguments.of(
                        "the tenth distinct message of one reason starts a combined Event that then counts up",
                        tenMessages,
                        tenMessagesOutcome),
                Arguments.of("similar events more than ten minutes apart never combine", spreadOut, spreadOutOutcome),
                Arguments.of(
                        "a source may burst 25 events about an object, then earns one every five minutes",
                        burst,
                        burstOutcome),
                Arguments.of("the spam filter drops repeats too, which still count", repeats, repeatsOutcome));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void correlates(String name, List<Step> steps, List<Outcome> expected) {
        MutableClock clock = new MutableClock(START);
        EventTimes times = new EventTimes(clock);
        EventCorrelator correlator = new EventCorrelator(EventRecorderProperties.defaults(), times);
        List<String> names = new ArrayList<>();

        for (int i = 0; i < steps.size(); i++) {
            Step step = steps.get(i);
            clock.advance(step.after());
            Correlation result = correlator.correlate(event(times, step));
            Outcome outcome = expected.get(i);
            String where = "step " + i + " (" + step + ")";
            names.add(result.event().getMetadata().getName());

            if (outcome.action().equals("skip")) {
                assertThat(result.skip()).as(where).isTrue();
                continue;
            }
            assertThat(result.skip()).as(where).isFalse();
            assertThat(result.event().getMessage()).as(where).isEqualTo(outcome.message());
            assertThat(result.event().getCount()).as(where).isEqualTo(outcome.count());
            assertThat(result.event().getLastTimestamp()).as(where).isEqualTo(KubeTimes.time(clock.instant()));
            if (outcome.action().equals("create")) {
                assertThat(result.isUpdate()).as(where).isFalse();
                assertThat(result.event().getFirstTimestamp()).as(where).isEqualTo(KubeTimes.time(clock.instant()));
                assertThat(names.subList(0, i))
                        .as(where)
                        .doesNotContain(result.event().getMetadata().getName());
            } else {
                assertThat(result.isUpdate()).as(where).isTrue();
                assertThat(result.event().getMetadata().getName())
                        .as(where)
                        .isEqualTo(names.get(outcome.sameEventAsStep()));
                assertThat(result.patch())
                        .as(where)
                        .contains("\"count\":" + outcome.count())
                        .contains("\"lastTimestamp\":\"" + KubeTimes.time(clock.instant()) + "\"");
            }
        }
    }

    @Test
    void aRepeatPatchesTheEventAsTheServerStoredIt() {
        MutableClock clock = new MutableClock(START);
        EventTimes times = new EventTimes(clock);
        EventCorrelator correlator = new EventCorrelator(EventRecorderProperties.defaults(), times);
        Correlation first = correlator.correlate(event(times, now("web", "Pulled", "pulled nginx")));
        Event saved = new EventBuilder(first.event())
                .editMetadata()
                .withResourceVersion("42")
                .endMetadata()
                .build();
        correlator.updateState(saved);

        clock.advance(Duration.ofSeconds(5));
        Correlation repeat = correlator.correlate(event(times, now("web", "Pulled", "pulled nginx")));

        assertThat(repeat.event().getMetadata().getName())
                .isEqualTo(first.event().getMetadata().getName());
        assertThat(repeat.event().getMetadata().getResourceVersion()).isEqualTo("42");
        assertThat(repeat.event().getFirstTimestamp()).isEqualTo(first.event().getFirstTimestamp());
        assertThat(repeat.event().getCount()).isEqualTo(2);
    }

    @Test
    void theCachesForgetTheLeastRecentlyUsedBeyondTheirSize() {
        MutableClock clock = new MutableClock(START);
        EventTimes times = new EventTimes(clock);
        EventRecorderProperties twoEntries =
                new EventRecorderProperties(null, null, null, null, 2, null, null, null, null, null);
        EventCorrelator correlator = new EventCorrelator(twoEntries, times);

        correlator.correlate(event(times, now("a", "Pulled", "x")));
        correlator.correlate(event(times, now("b", "Pulled", "x")));
        assertThat(correlator.correlate(event(times, now("b", "Pulled", "x"))).isUpdate())
                .isTrue();
        correlator.correlate(event(times, now("c", "Pulled", "x")));

        assertThat(correlator.correlate(event(times, now("a", "Pulled", "x"))).isUpdate())
                .as("a was evicted")
                .isFalse();
    }

    /** An event as the recorder makes it, about pod {@code step.object} in namespace "apps". */
    private static Event event(EventTimes times, Step step) {
        Instant now = times.now();
        String timestamp = KubeTimes.time(now);
        return new EventBuilder()
                .withNewMetadata()
                .withName(times.eventName(step.object(), now))
                .withNamespace("apps")
                .endMetadata()
                .withNewInvolvedObject()
                .withKind("Pod")
                .withApiVersion("v1")
                .withName(step.object())
                .withNamespace("apps")
                .withUid("uid-" + step.object())
                .endInvolvedObject()
                .withType("Warning")
                .withReason(step.reason())
                .withMessage(step.message())
                .withNewSource()
                .withComponent("kubelet")
                .withHost("node-1")
                .endSource()
                .withReportingComponent("kubelet")
                .withReportingInstance("node-1")
                .withCount(1)
                .withFirstTimestamp(timestamp)
                .withLastTimestamp(timestamp)
                .build();
    }
}
