package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The batch group: jobs and cron jobs. */
final class BatchPrinters {

    static final KindPrinter JOB = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Status", "Status of the job."),
                    Column.string("Completions", FieldDocs.JOB_STATUS_SUCCEEDED),
                    Column.string("Duration", "Time required to complete the job."),
                    Column.age(),
                    Column.containers(),
                    Column.images(),
                    Column.string("Selector", FieldDocs.JOB_SPEC_SELECTOR).wide()),
            BatchPrinters::job);

    static final KindPrinter CRON_JOB = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Schedule", FieldDocs.CRON_JOB_SPEC_SCHEDULE),
                    Column.string("Timezone", FieldDocs.CRON_JOB_SPEC_TIME_ZONE),
                    Column.bool("Suspend", FieldDocs.CRON_JOB_SPEC_SUSPEND),
                    Column.integer("Active", FieldDocs.CRON_JOB_STATUS_ACTIVE),
                    Column.string("Last Schedule", FieldDocs.CRON_JOB_STATUS_LAST_SCHEDULE_TIME),
                    Column.age(),
                    Column.containers(),
                    Column.images(),
                    Column.string("Selector", FieldDocs.JOB_SPEC_SELECTOR).wide()),
            BatchPrinters::cronJob);

    private BatchPrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("batch", "Job", JOB).add("batch", "CronJob", CRON_JOB);
    }

    private static List<Object> job(JsonNode job, PrintContext context) {
        JsonNode spec = Fields.at(job, "spec");
        JsonNode status = Fields.at(job, "status");
        long succeeded = Fields.integer(status, "succeeded");
        String completions;
        if (Fields.has(spec, "completions")) {
            completions = succeeded + "/" + Fields.integer(spec, "completions");
        } else {
            long parallelism = Fields.integer(spec, "parallelism");
            completions = parallelism > 1 ? succeeded + "/1 of " + parallelism : succeeded + "/1";
        }

        Instant start = PrintContext.instant(Fields.at(status, "startTime"));
        Instant completion = PrintContext.instant(Fields.at(status, "completionTime"));
        String duration = "";
        if (start != null) {
            duration = completion == null
                    ? context.since(start)
                    : HumanDuration.format(Duration.between(start, completion));
        }

        Containers containers = Containers.of(Fields.at(spec, "template", "spec"));
        return List.of(
                Fields.name(job),
                jobStatus(job),
                completions,
                duration,
                context.age(job),
                containers.names(),
                containers.images(),
                Labels.formatSelector(Fields.at(spec, "selector")));
    }

    /** STATUS: finished states first, then Terminating, then the conditions a running job can carry. */
    private static String jobStatus(JsonNode job) {
        JsonNode status = Fields.at(job, "status");
        if (hasCondition(status, "Complete")) {
            return "Complete";
        } else if (hasCondition(status, "Failed")) {
            return "Failed";
        } else if (Fields.isDeleting(job)) {
            return "Terminating";
        } else if (hasCondition(status, "Suspended")) {
            return "Suspended";
        } else if (hasCondition(status, "FailureTarget")) {
            return "FailureTarget";
        }
        return "Running";
    }

    /** Whether the first condition of the type is True, as hasJobCondition reads it. */
    private static boolean hasCondition(JsonNode status, String type) {
        for (JsonNode condition : Fields.list(status, "conditions")) {
            if (Fields.text(condition, "type").equals(type)) {
                return Fields.text(condition, "status").equals("True");
            }
        }
        return false;
    }

    private static List<Object> cronJob(JsonNode cronJob, PrintContext context) {
        JsonNode spec = Fields.at(cronJob, "spec");
        JsonNode jobSpec = Fields.at(spec, "jobTemplate", "spec");
        String lastSchedule = Fields.has(cronJob, "status", "lastScheduleTime")
                ? context.since(Fields.at(cronJob, "status", "lastScheduleTime"))
                : Placeholders.NONE;
        String suspend =
                Fields.has(spec, "suspend") ? (Fields.bool(spec, "suspend") ? "True" : "False") : Placeholders.UNSET;
        Containers containers = Containers.of(Fields.at(jobSpec, "template", "spec"));
        return List.of(
                Fields.name(cronJob),
                Fields.text(spec, "schedule"),
                Fields.has(spec, "timeZone") ? Fields.text(spec, "timeZone") : Placeholders.NONE,
                suspend,
                (long) Fields.size(cronJob, "status", "active"),
                lastSchedule,
                context.age(cronJob),
                containers.names(),
                containers.images(),
                Labels.formatSelector(Fields.at(jobSpec, "selector")));
    }
}
