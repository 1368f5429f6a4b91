package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;

/**
 * The Job strategy's generated selector (pkg/registry/batch/job/strategy.go): unless the user
 * asked for a manual selector, the Job selects its pods by its own uid and labels its template so.
 */
final class JobCreation {

    private static final String CONTROLLER_UID = "batch.kubernetes.io/controller-uid";
    private static final List<String> NAME_LABELS = List.of("job-name", "batch.kubernetes.io/job-name");
    private static final List<String> UID_LABELS = List.of("controller-uid", CONTROLLER_UID);

    private JobCreation() {}

    static void prepare(ObjectNode job) {
        ObjectNode spec = Json.child(job, "spec");
        if (spec == null || spec.path("manualSelector").booleanValue()) {
            return;
        }
        ObjectNode metadata = Json.child(job, "metadata");
        String name = Json.text(metadata, "name");
        String uid = Json.text(metadata, "uid");
        if (uid.isEmpty()) {
            throw new IllegalArgumentException(
                    "a Job's metadata.uid must be set before its create strategy runs: its selector names it");
        }
        ObjectNode labels =
                Json.childOrCreate(Json.childOrCreate(Json.childOrCreate(spec, "template"), "metadata"), "labels");
        // Labels the user already set are kept; a conflict with the selector is validation's to report.
        for (String key : NAME_LABELS) {
            putIfAbsent(labels, key, name);
        }
        for (String key : UID_LABELS) {
            putIfAbsent(labels, key, uid);
        }
        putIfAbsent(Json.childOrCreate(Json.childOrCreate(spec, "selector"), "matchLabels"), CONTROLLER_UID, uid);
    }

    private static void putIfAbsent(ObjectNode labels, String key, String value) {
        if (labels != null && !labels.has(key)) {
            labels.put(key, value);
        }
    }
}
