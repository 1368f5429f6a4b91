package io.skiff.controllermanager.cronjob;

import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.batch.v1.JobBuilder;
import io.fabric8.kubernetes.api.model.batch.v1.JobSpecBuilder;
import io.skiff.controllermanager.ownership.OwnerReferences;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.Map;

/** The Job a CronJob starts for one scheduled time (cronjob/utils.go getJobFromTemplate2). */
final class JobsFromTemplate {

    /** When the Job was scheduled to start, in the CronJob's time zone (RFC 3339). */
    static final String SCHEDULED_TIMESTAMP_ANNOTATION = "batch.kubernetes.io/cronjob-scheduled-timestamp";

    /** Go's time.RFC3339: whole seconds, "Z" or a "+01:00" offset. */
    private static final DateTimeFormatter RFC3339 = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssXXX");

    private JobsFromTemplate() {}

    /**
     * "&lt;cronjob&gt;-&lt;minutes since the epoch&gt;": deterministic per scheduled time, so the
     * name itself prevents starting one time twice.
     */
    static String jobName(CronJob cronJob, Instant scheduledTime) {
        return cronJob.getMetadata().getName() + "-" + Math.floorDiv(scheduledTime.getEpochSecond(), 60);
    }

    /** The template's labels, annotations and spec, named for the time, controlled by the CronJob. */
    static Job newJob(CronJob cronJob, Instant scheduledTime) {
        ObjectMeta template = cronJob.getSpec().getJobTemplate().getMetadata();
        Map<String, String> labels = template == null || template.getLabels() == null
                ? new HashMap<>()
                : new HashMap<>(template.getLabels());
        Map<String, String> annotations = template == null || template.getAnnotations() == null
                ? new HashMap<>()
                : new HashMap<>(template.getAnnotations());
        String zone = cronJob.getSpec().getTimeZone();
        ZoneId location = CronSchedule.zone(zone == null ? "" : zone);
        annotations.put(SCHEDULED_TIMESTAMP_ANNOTATION, RFC3339.format(scheduledTime.atZone(location)));
        return new JobBuilder()
                .withNewMetadata()
                .withName(jobName(cronJob, scheduledTime))
                .withNamespace(cronJob.getMetadata().getNamespace())
                .withLabels(labels)
                .withAnnotations(annotations)
                .withOwnerReferences(OwnerReferences.controllerRef(cronJob))
                .endMetadata()
                .withSpec(new JobSpecBuilder(cronJob.getSpec().getJobTemplate().getSpec()).build())
                .build();
    }
}
