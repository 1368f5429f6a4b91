package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of apps/v1 (pkg/apis/apps/v1/defaults.go) and what its conversion always writes. */
final class AppsV1Defaults {

    private static final int REVISION_HISTORY_LIMIT = 10;

    private AppsV1Defaults() {}

    static void addTo(KindTable table) {
        table.add("apps/v1", "Deployment", AppsV1Defaults::deployment)
                .add("apps/v1", "ReplicaSet", AppsV1Defaults::replicaSet)
                .add("apps/v1", "DaemonSet", AppsV1Defaults::daemonSet)
                .add("apps/v1", "StatefulSet", AppsV1Defaults::statefulSet);
    }

    private static void deployment(ObjectNode deployment) {
        ObjectNode spec = Json.child(deployment, "spec");
        if (spec != null) {
            Json.putIfNull(spec, "replicas", 1);
            ObjectNode strategy = GoEncoding.struct(spec, "strategy");
            Json.putIfZero(strategy, "type", "RollingUpdate");
            if (Json.text(strategy, "type").equals("RollingUpdate")) {
                ObjectNode rollingUpdate = Json.childOrCreate(strategy, "rollingUpdate");
                Json.putIfNull(rollingUpdate, "maxUnavailable", "25%");
                Json.putIfNull(rollingUpdate, "maxSurge", "25%");
            }
            Json.putIfNull(spec, "revisionHistoryLimit", REVISION_HISTORY_LIMIT);
            Json.putIfNull(spec, "progressDeadlineSeconds", 600);
            PodDefaults.template(Json.child(spec, "template"));
        }
        GoEncoding.struct(deployment, "status");
    }

    private static void replicaSet(ObjectNode replicaSet) {
        ObjectNode spec = Json.child(replicaSet, "spec");
        if (spec != null) {
            Json.putIfNull(spec, "replicas", 1);
            PodDefaults.template(Json.child(spec, "template"));
        }
        GoEncoding.zeroInts(GoEncoding.struct(replicaSet, "status"), "replicas");
    }

    private static void daemonSet(ObjectNode daemonSet) {
        ObjectNode spec = Json.child(daemonSet, "spec");
        if (spec != null) {
            ObjectNode strategy = GoEncoding.struct(spec, "updateStrategy");
            Json.putIfZero(strategy, "type", "RollingUpdate");
            if (Json.text(strategy, "type").equals("RollingUpdate")) {
                ObjectNode rollingUpdate = Json.childOrCreate(strategy, "rollingUpdate");
                Json.putIfNull(rollingUpdate, "maxUnavailable", 1);
                Json.putIfNull(rollingUpdate, "maxSurge", 0);
            }
            Json.putIfNull(spec, "revisionHistoryLimit", REVISION_HISTORY_LIMIT);
            PodDefaults.template(Json.child(spec, "template"));
        }
        GoEncoding.zeroInts(
                GoEncoding.struct(daemonSet, "status"),
                "currentNumberScheduled",
                "numberMisscheduled",
                "desiredNumberScheduled",
                "numberReady");
    }

    private static void statefulSet(ObjectNode statefulSet) {
        ObjectNode spec = Json.child(statefulSet, "spec");
        if (spec != null) {
            Json.putIfZero(spec, "podManagementPolicy", "OrderedReady");
            ObjectNode strategy = GoEncoding.struct(spec, "updateStrategy");
            if (strategy != null && Json.isZero(strategy, "type")) {
                strategy.put("type", "RollingUpdate");
                Json.childOrCreate(strategy, "rollingUpdate");
            }
            if (Json.text(strategy, "type").equals("RollingUpdate")) {
                Json.putIfNull(Json.child(strategy, "rollingUpdate"), "partition", 0);
            }
            ObjectNode retention = Json.childOrCreate(spec, "persistentVolumeClaimRetentionPolicy");
            Json.putIfZero(retention, "whenDeleted", "Retain");
            Json.putIfZero(retention, "whenScaled", "Retain");
            Json.putIfNull(spec, "replicas", 1);
            Json.putIfNull(spec, "revisionHistoryLimit", REVISION_HISTORY_LIMIT);
            PodDefaults.template(Json.child(spec, "template"));
            for (ObjectNode claim : Json.items(spec, "volumeClaimTemplates")) {
                // apps/v1 conversion stamps the claims' type; the claims get PVC defaults.
                claim.put("apiVersion", "v1");
                claim.put("kind", "PersistentVolumeClaim");
                GoEncoding.embeddedMetadata(claim);
                CoreV1Defaults.persistentVolumeClaim(claim);
            }
        }
        GoEncoding.zeroInts(GoEncoding.struct(statefulSet, "status"), "replicas", "availableReplicas");
    }
}
