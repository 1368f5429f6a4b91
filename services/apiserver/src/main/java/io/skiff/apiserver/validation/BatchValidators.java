package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Locale;

/** Jobs and CronJobs. */
final class BatchValidators {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final int MAX_INDEXED_PARALLELISM = 100_000;
    private static final int MAX_CRON_JOB_NAME_LENGTH = 52;
    private static final List<String> COMPLETION_MODES = List.of("NonIndexed", "Indexed");
    private static final List<String> JOB_RESTART_POLICIES = List.of("OnFailure", "Never");
    private static final List<String> CONCURRENCY_POLICIES = List.of("Allow", "Forbid", "Replace");
    private static final List<String> STATUS_COUNTS = List.of("active", "succeeded", "failed", "ready", "terminating");
    private static final List<String> IMMUTABLE_FIELDS =
            List.of("podFailurePolicy", "backoffLimitPerIndex", "successPolicy", "managedBy");
    private static final List<String> NON_NEGATIVE_FIELDS =
            List.of("parallelism", "completions", "activeDeadlineSeconds", "backoffLimit", "ttlSecondsAfterFinished");
    /** Template fields a suspended Job that never ran may still change, for queueing controllers. */
    private static final List<String> SCHEDULING_DIRECTIVES =
            List.of("nodeSelector", "tolerations", "affinity", "schedulingGates");

    private BatchValidators() {}

    static final class JobValidator implements KindValidator {
        @Override
        public void validate(ObjectNode job, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(job, "spec");
            validateJobSpec(spec, SPEC, causes);
            JsonNode selector = Json.object(spec, "selector");
            JsonNode template = Json.object(spec, "template");
            JsonNode labels = Json.object(Json.object(template, "metadata"), "labels");
            if (selector != null) {
                if (SelectorRules.validate(selector, SPEC.child("selector"), causes)
                        && !SelectorRules.isEmpty(selector)
                        && !SelectorRules.matches(selector, labels)) {
                    causes.invalid(
                            SPEC.child("template", "metadata", "labels"),
                            labels,
                            "`selector` does not match template `labels`");
                }
            } else if (Json.isTrue(spec, "manualSelector")) {
                // Without manualSelector the API server generates the selector from the Job's uid.
                causes.required(SPEC.child("selector"), "");
            }
            if (old != null) {
                validateJobSpecUpdate(
                        spec,
                        Json.objectOrEmpty(old, "spec"),
                        Json.has(Json.object(old, "status"), "startTime"),
                        causes);
            }
        }

        @Override
        public void validateStatus(ObjectNode job, ObjectNode old, Causes causes) {
            JsonNode status = Json.object(job, "status");
            for (String field : STATUS_COUNTS) {
                FieldRules.nonNegative(status, field, FieldPath.root("status"), causes);
            }
        }

        private static void validateJobSpecUpdate(JsonNode spec, JsonNode old, boolean started, Causes causes) {
            if (Json.has(old, "selector")) {
                FieldRules.immutable(spec, old, "selector", SPEC, causes);
            }
            JsonNode template = spec.get("template");
            JsonNode oldTemplate = old.get("template");
            if (Json.isTrue(spec, "suspend") && !started && template instanceof ObjectNode && oldTemplate != null) {
                template = withSchedulingDirectivesOf((ObjectNode) template, oldTemplate);
            }
            if (!Json.semanticEquals(template, oldTemplate)) {
                causes.immutable(SPEC.child("template"), spec.get("template"));
            }
            String mode = Json.stringOr(spec, "completionMode", "NonIndexed");
            if (!mode.equals(Json.stringOr(old, "completionMode", "NonIndexed"))) {
                causes.immutable(SPEC.child("completionMode"), mode);
            }
            boolean elastic = mode.equals("Indexed")
                    && Json.semanticEquals(spec.get("completions"), spec.get("parallelism"))
                    && Json.semanticEquals(old.get("completions"), old.get("parallelism"));
            if (!elastic) {
                FieldRules.immutable(spec, old, "completions", SPEC, causes);
            }
            for (String field : IMMUTABLE_FIELDS) {
                FieldRules.immutable(spec, old, field, SPEC, causes);
            }
        }

        private static JsonNode withSchedulingDirectivesOf(ObjectNode template, JsonNode oldTemplate) {
            ObjectNode copy = template.deepCopy();
            copy.set("metadata", oldTemplate.get("metadata"));
            JsonNode oldSpec = oldTemplate.get("spec");
            if (copy.get("spec") instanceof ObjectNode spec && oldSpec != null) {
                for (String field : SCHEDULING_DIRECTIVES) {
                    JsonNode value = oldSpec.get(field);
                    if (value == null) {
                        spec.remove(field);
                    } else {
                        spec.set(field, value);
                    }
                }
            }
            return copy;
        }
    }

    static final class CronJobValidator implements KindValidator {
        @Override
        public void validate(ObjectNode cronJob, ObjectNode old, Causes causes) {
            // Job names are the CronJob's name plus an 11-character suffix, and must stay DNS labels.
            String name = Json.string(Json.object(cronJob, "metadata"), "name");
            if (name.length() > MAX_CRON_JOB_NAME_LENGTH) {
                causes.invalid(FieldPath.of("metadata.name"), name, "must be no more than 52 characters");
            }
            JsonNode spec = Json.object(cronJob, "spec");
            String schedule = Json.string(spec, "schedule");
            if (schedule.isEmpty()) {
                causes.required(SPEC.child("schedule"), "");
            } else {
                boolean timeZoneInScheduleAllowed = old != null
                        && Json.string(Json.object(old, "spec"), "schedule").contains("TZ");
                validateSchedule(schedule, timeZoneInScheduleAllowed, Json.has(spec, "timeZone"), causes);
            }
            FieldRules.nonNegative(spec, "startingDeadlineSeconds", SPEC, causes);
            validateTimeZone(spec, causes);
            FieldRules.oneOf(spec, "concurrencyPolicy", CONCURRENCY_POLICIES, SPEC, causes);
            validateJobTemplate(Json.object(spec, "jobTemplate"), SPEC.child("jobTemplate"), causes);
            FieldRules.nonNegative(spec, "successfulJobsHistoryLimit", SPEC, causes);
            FieldRules.nonNegative(spec, "failedJobsHistoryLimit", SPEC, causes);
        }

        private static void validateSchedule(
                String schedule, boolean timeZoneAllowed, boolean hasTimeZone, Causes causes) {
            FieldPath path = SPEC.child("schedule");
            String error = CronSchedules.error(schedule);
            if (error != null) {
                causes.invalid(path, schedule, error);
            }
            if (schedule.contains("TZ")) {
                if (!timeZoneAllowed) {
                    causes.invalid(path, schedule, "cannot use TZ or CRON_TZ in schedule, use timeZone field instead");
                } else if (hasTimeZone) {
                    causes.invalid(path, schedule, "cannot use both timeZone field and TZ or CRON_TZ in schedule");
                }
            }
        }

        private static void validateTimeZone(JsonNode spec, Causes causes) {
            String timeZone = Json.text(spec, "timeZone");
            if (timeZone == null) {
                return;
            }
            FieldPath path = SPEC.child("timeZone");
            if (timeZone.isEmpty()) {
                causes.invalid(path, timeZone, "timeZone must be nil or non-empty string");
            } else if (timeZone.toLowerCase(Locale.ROOT).equals("local")) {
                causes.invalid(
                        path,
                        timeZone,
                        "timeZone must be an explicit time zone as defined in https://www.iana.org/time-zones");
            } else if (!CronSchedules.isTimeZone(timeZone)) {
                causes.invalid(path, timeZone, "unknown time zone " + timeZone);
            }
        }

        /** {@code ValidateJobTemplateSpec}: a job spec whose selector the Job controller will generate. */
        private static void validateJobTemplate(JsonNode template, FieldPath path, Causes causes) {
            JsonNode metadata = Json.object(template, "metadata");
            ObjectMetaRules.validateLabels(Json.object(metadata, "labels"), path.child("metadata", "labels"), causes);
            ObjectMetaRules.validateAnnotations(
                    Json.object(metadata, "annotations"), path.child("metadata", "annotations"), causes);
            JsonNode spec = Json.object(template, "spec");
            FieldPath specPath = path.child("spec");
            validateJobSpec(spec, specPath, causes);
            if (Json.has(spec, "selector")) {
                causes.invalid(specPath.child("selector"), spec.get("selector"), "`selector` will be auto-generated");
            }
            if (Json.isTrue(spec, "manualSelector")) {
                causes.notSupported(specPath.child("manualSelector"), true, List.of("nil", "false"));
            }
        }
    }

    /** {@code validateJobSpec}: counts, completion mode, and a pod template that does not always restart. */
    private static void validateJobSpec(JsonNode spec, FieldPath path, Causes causes) {
        for (String field : NON_NEGATIVE_FIELDS) {
            FieldRules.nonNegative(spec, field, path, causes);
        }
        String mode = Json.text(spec, "completionMode");
        if (mode != null) {
            if (!COMPLETION_MODES.contains(mode)) {
                causes.notSupported(path.child("completionMode"), mode, COMPLETION_MODES);
            } else if (mode.equals("Indexed")) {
                if (!Json.has(spec, "completions")) {
                    causes.required(path.child("completions"), "when completion mode is Indexed");
                }
                long parallelism = Json.longOr(spec, "parallelism", 1);
                if (parallelism > MAX_INDEXED_PARALLELISM) {
                    causes.invalid(
                            path.child("parallelism"),
                            parallelism,
                            "must be less than or equal to 100000 when completion mode is Indexed");
                }
            }
        }
        JsonNode template = Json.object(spec, "template");
        FieldPath templatePath = path.child("template");
        PodSpecRules.validateTemplate(template, templatePath, causes);
        String restartPolicy = Json.stringOr(Json.object(template, "spec"), "restartPolicy", "Always");
        if (!JOB_RESTART_POLICIES.contains(restartPolicy)) {
            causes.notSupported(templatePath.child("spec", "restartPolicy"), restartPolicy, JOB_RESTART_POLICIES);
        }
    }
}
