package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of batch/v1 (pkg/apis/batch/v1/defaults.go). */
final class BatchV1Defaults {

    private BatchV1Defaults() {}

    static void addTo(KindTable table) {
        table.add("batch/v1", "Job", BatchV1Defaults::job).add("batch/v1", "CronJob", BatchV1Defaults::cronJob);
    }

    private static void job(ObjectNode job) {
        ObjectNode spec = Json.child(job, "spec");
        if (spec != null) {
            if (Json.isNull(spec, "completions") && Json.isNull(spec, "parallelism")) {
                spec.put("completions", 1);
                spec.put("parallelism", 1);
            }
            Json.putIfNull(spec, "parallelism", 1);
            // With per-index limits the global limit must not interfere, so it defaults to MaxInt32.
            Json.putIfNull(spec, "backoffLimit", Json.isNull(spec, "backoffLimitPerIndex") ? 6 : Integer.MAX_VALUE);
            ObjectNode templateLabels = Json.child(Json.child(Json.child(spec, "template"), "metadata"), "labels");
            if (templateLabels != null && !templateLabels.isEmpty()) {
                ObjectNode metadata = Json.childOrCreate(job, "metadata");
                if (metadata != null && !Json.hasElements(metadata, "labels")) {
                    metadata.set("labels", templateLabels.deepCopy());
                }
            }
            Json.putIfNull(spec, "completionMode", "NonIndexed");
            Json.putIfNull(spec, "suspend", false);
            podFailurePolicy(spec);
            Json.putIfNull(
                    spec,
                    "podReplacementPolicy",
                    Json.isNull(spec, "podFailurePolicy") ? "TerminatingOrFailed" : "Failed");
            Json.putIfNull(spec, "manualSelector", false);
            PodDefaults.template(Json.child(spec, "template"));
        }
        GoEncoding.struct(job, "status");
    }

    private static void cronJob(ObjectNode cronJob) {
        ObjectNode spec = Json.child(cronJob, "spec");
        if (spec != null) {
            Json.putIfZero(spec, "concurrencyPolicy", "Allow");
            Json.putIfNull(spec, "suspend", false);
            Json.putIfNull(spec, "successfulJobsHistoryLimit", 3);
            Json.putIfNull(spec, "failedJobsHistoryLimit", 1);
            // The job template gets the nested type defaults only: SetDefaults_Job is for Jobs.
            ObjectNode jobTemplate = Json.child(spec, "jobTemplate");
            if (jobTemplate != null) {
                GoEncoding.embeddedMetadata(jobTemplate);
                ObjectNode jobSpec = GoEncoding.struct(jobTemplate, "spec");
                podFailurePolicy(jobSpec);
                PodDefaults.template(Json.child(jobSpec, "template"));
            }
        }
        GoEncoding.struct(cronJob, "status");
    }

    private static void podFailurePolicy(ObjectNode jobSpec) {
        for (ObjectNode rule : Json.items(Json.child(jobSpec, "podFailurePolicy"), "rules")) {
            for (ObjectNode pattern : Json.items(rule, "onPodConditions")) {
                Json.putIfZero(pattern, "status", "True");
            }
        }
    }
}
