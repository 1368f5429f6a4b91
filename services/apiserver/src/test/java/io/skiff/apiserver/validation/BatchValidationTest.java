package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BatchValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType JOBS = type("batch", "Job", true);
    private static final ResourceType CRON_JOBS = type("batch", "CronJob", true);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;

    static final ObjectNode JOB = yaml("""
            apiVersion: batch/v1
            kind: Job
            metadata: {name: pi, namespace: default, uid: j-1}
            spec:
              completions: 3
              parallelism: 2
              backoffLimit: 4
              template:
                spec:
                  restartPolicy: Never
                  containers: [{name: pi, image: perl}]
            """);

    static final ObjectNode CRON_JOB = yaml("""
            apiVersion: batch/v1
            kind: CronJob
            metadata: {name: backup, namespace: default}
            spec:
              schedule: "*/5 * * * *"
              concurrencyPolicy: Forbid
              jobTemplate:
                spec:
                  template:
                    spec:
                      restartPolicy: OnFailure
                      containers: [{name: backup, image: busybox}]
            """);

    static Stream<Arguments> creates() {
        return Stream.of(
                create("a job", JOBS, JOB),
                create("an indexed job", JOBS, with(JOB, "spec.completionMode", "Indexed")),
                create(
                        "a job with a matching manual selector",
                        JOBS,
                        with(
                                with(
                                        with(JOB, "spec.manualSelector", true),
                                        "spec.selector",
                                        "{matchLabels: {app: pi}}"),
                                "spec.template.metadata",
                                "{labels: {app: pi}}")),
                create(
                        "a job template that always restarts",
                        JOBS,
                        with(JOB, "spec.template.spec.restartPolicy", null),
                        cause(
                                "spec.template.spec.restartPolicy",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Always\": supported values: \"OnFailure\", \"Never\"")),
                create(
                        "negative parallelism",
                        JOBS,
                        with(JOB, "spec.parallelism", -1),
                        cause("spec.parallelism", INVALID, "Invalid value: -1: must be greater than or equal to 0")),
                create(
                        "a negative backoff limit",
                        JOBS,
                        with(JOB, "spec.backoffLimit", -2),
                        cause("spec.backoffLimit", INVALID)),
                create(
                        "an indexed job without completions",
                        JOBS,
                        with(with(JOB, "spec.completionMode", "Indexed"), "spec.completions", null),
                        cause("spec.completions", REQUIRED, "Required value: when completion mode is Indexed")),
                create(
                        "an unknown completion mode",
                        JOBS,
                        with(JOB, "spec.completionMode", "Ordered"),
                        cause(
                                "spec.completionMode",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Ordered\": supported values: \"NonIndexed\", \"Indexed\"")),
                create(
                        "a selector that does not select the template",
                        JOBS,
                        with(JOB, "spec.selector", "{matchLabels: {app: other}}"),
                        cause(
                                "spec.template.metadata.labels",
                                INVALID,
                                "Invalid value: null: `selector` does not match template `labels`")),
                create(
                        "a manual selector that is missing",
                        JOBS,
                        with(JOB, "spec.manualSelector", true),
                        cause("spec.selector", REQUIRED)),
                create("a cron job", CRON_JOBS, CRON_JOB),
                create("a cron job at an hourly descriptor", CRON_JOBS, with(CRON_JOB, "spec.schedule", "@hourly")),
                create("a cron job on weekdays by name", CRON_JOBS, with(CRON_JOB, "spec.schedule", "0 9 * * MON-FRI")),
                create("a cron job every 90 minutes", CRON_JOBS, with(CRON_JOB, "spec.schedule", "@every 1h30m")),
                create("a cron job in a time zone", CRON_JOBS, with(CRON_JOB, "spec.timeZone", "Europe/Paris")),
                create(
                        "a cron job without a schedule",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.schedule", null),
                        cause("spec.schedule", REQUIRED, "Required value")),
                create(
                        "a schedule with four fields",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.schedule", "* * * *"),
                        cause(
                                "spec.schedule",
                                INVALID,
                                "Invalid value: \"* * * *\": expected exactly 5 fields, found 4: [* * * *]")),
                create(
                        "a schedule with minute 70",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.schedule", "70 * * * *"),
                        cause("spec.schedule", INVALID)),
                create(
                        "a schedule with a reversed range",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.schedule", "0 5-1 * * *"),
                        cause("spec.schedule", INVALID)),
                create(
                        "an unknown descriptor",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.schedule", "@reboot"),
                        cause(
                                "spec.schedule",
                                INVALID,
                                "Invalid value: \"@reboot\": unrecognized descriptor: @reboot")),
                create(
                        "a time zone in the schedule",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.schedule", "TZ=UTC 0 * * * *"),
                        cause(
                                "spec.schedule",
                                INVALID,
                                "Invalid value: \"TZ=UTC 0 * * * *\": cannot use TZ or CRON_TZ in"
                                        + " schedule, use timeZone field instead")),
                create(
                        "an unknown time zone",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.timeZone", "Mars/Olympus"),
                        cause(
                                "spec.timeZone",
                                INVALID,
                                "Invalid value: \"Mars/Olympus\": unknown time zone Mars/Olympus")),
                create(
                        "the local time zone",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.timeZone", "Local"),
                        cause(
                                "spec.timeZone",
                                INVALID,
                                "Invalid value: \"Local\": timeZone must be an explicit time zone"
                                        + " as defined in https://www.iana.org/time-zones")),
                create(
                        "an unknown concurrency policy",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.concurrencyPolicy", "Sometimes"),
                        cause(
                                "spec.concurrencyPolicy",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Sometimes\": supported values:"
                                        + " \"Allow\", \"Forbid\", \"Replace\"")),
                create(
                        "a name too long for its jobs",
                        CRON_JOBS,
                        with(CRON_JOB, "metadata.name", "b".repeat(53)),
                        cause(
                                "metadata.name",
                                INVALID,
                                "Invalid value: \"" + "b".repeat(53) + "\": must be no more than 52 characters")),
                create(
                        "a job template with a selector",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.jobTemplate.spec.selector", "{matchLabels: {app: backup}}"),
                        cause(
                                "spec.jobTemplate.spec.selector",
                                INVALID,
                                "Invalid value: {\"matchLabels\":{\"app\":\"backup\"}}: `selector` will be auto-generated")),
                create(
                        "a job template that always restarts",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.jobTemplate.spec.template.spec.restartPolicy", "Always"),
                        cause("spec.jobTemplate.spec.template.spec.restartPolicy", NOT_SUPPORTED)),
                create(
                        "a negative history limit",
                        CRON_JOBS,
                        with(CRON_JOB, "spec.successfulJobsHistoryLimit", -1),
                        cause("spec.successfulJobsHistoryLimit", INVALID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        ObjectNode generated = with(
                with(JOB, "spec.selector", "{matchLabels: {batch.kubernetes.io/controller-uid: j-1}}"),
                "spec.template.metadata",
                "{labels: {batch.kubernetes.io/controller-uid: j-1}}");
        ObjectNode suspended = with(generated, "spec.suspend", true);
        ObjectNode scheduled = with(CRON_JOB, "spec.schedule", "TZ=UTC 0 * * * *");
        return Stream.of(
                update("a job with a new backoff limit", JOBS, generated, with(generated, "spec.backoffLimit", 6)),
                update(
                        "a job with a new image",
                        JOBS,
                        generated,
                        with(generated, "spec.template.spec.containers[0].image", "perl:5"),
                        cause("spec.template", INVALID)),
                update(
                        "a job with new completions",
                        JOBS,
                        generated,
                        with(generated, "spec.completions", 5),
                        cause("spec.completions", INVALID, "Invalid value: 5: field is immutable")),
                update(
                        "a job with a changed selector",
                        JOBS,
                        generated,
                        with(generated, "spec.selector.matchLabels", "{batch.kubernetes.io/controller-uid: j-2}"),
                        cause("spec.template.metadata.labels", INVALID),
                        cause("spec.selector", INVALID)),
                update(
                        "a suspended job that never ran, placed on other nodes",
                        JOBS,
                        suspended,
                        with(suspended, "spec.template.spec.nodeSelector", "{zone: b}")),
                update(
                        "an elastic indexed job",
                        JOBS,
                        with(with(generated, "spec.completionMode", "Indexed"), "spec.parallelism", 3),
                        with(
                                with(with(generated, "spec.completionMode", "Indexed"), "spec.parallelism", 5),
                                "spec.completions",
                                5)),
                update(
                        "a cron job keeping an old TZ schedule",
                        CRON_JOBS,
                        scheduled,
                        with(scheduled, "spec.suspend", true)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    static Stream<Arguments> statusUpdates() {
        return Stream.of(
                update("counts of a running job", JOBS, JOB, with(JOB, "status", "{active: 2, succeeded: 1}")),
                update(
                        "a negative active count",
                        JOBS,
                        JOB,
                        with(JOB, "status.active", -1),
                        cause("status.active", INVALID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusUpdates")
    void validatesStatus(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateStatusUpdate(type, object, old), expected);
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }

    static Arguments update(String name, ResourceType type, ObjectNode old, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, old, object, List.of(expected));
    }
}
