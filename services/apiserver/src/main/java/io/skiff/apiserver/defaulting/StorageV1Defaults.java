package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** Defaults of storage.k8s.io/v1 (pkg/apis/storage/v1/defaults.go). */
final class StorageV1Defaults {

    private static final String GROUP_VERSION = "storage.k8s.io/v1";

    private StorageV1Defaults() {}

    static void addTo(KindTable table) {
        table.add(GROUP_VERSION, "StorageClass", StorageV1Defaults::storageClass)
                .add(GROUP_VERSION, "CSIDriver", StorageV1Defaults::csiDriver)
                .add(GROUP_VERSION, "VolumeAttachment", StorageV1Defaults::volumeAttachment);
    }

    private static void storageClass(ObjectNode storageClass) {
        Json.putIfNull(storageClass, "reclaimPolicy", "Delete");
        Json.putIfNull(storageClass, "volumeBindingMode", "Immediate");
    }

    private static void csiDriver(ObjectNode driver) {
        ObjectNode spec = Json.child(driver, "spec");
        if (spec == null) {
            return;
        }
        Json.putIfNull(spec, "attachRequired", true);
        Json.putIfNull(spec, "podInfoOnMount", false);
        Json.putIfNull(spec, "storageCapacity", false);
        Json.putIfNull(spec, "fsGroupPolicy", "ReadWriteOnceWithFSType");
        if (!Json.hasElements(spec, "volumeLifecycleModes")) {
            spec.putArray("volumeLifecycleModes").add("Persistent");
        }
        Json.putIfNull(spec, "requiresRepublish", false);
        Json.putIfNull(spec, "seLinuxMount", false);
    }

    /** No defaults; its status struct always carries the non-omitempty attached flag. */
    private static void volumeAttachment(ObjectNode attachment) {
        Json.putIfNull(GoEncoding.struct(attachment, "status"), "attached", false);
    }
}
