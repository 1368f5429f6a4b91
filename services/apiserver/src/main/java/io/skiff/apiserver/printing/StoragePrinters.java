package io.skiff.apiserver.printing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Storage: persistent volumes and claims (core group) and storage classes (storage.k8s.io). */
final class StoragePrinters {

    /** The legacy annotation that names a volume's or claim's class ahead of storageClassName. */
    private static final String BETA_STORAGE_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private static final String DEFAULT_CLASS_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    private static final String BETA_DEFAULT_CLASS_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";

    static final KindPrinter PERSISTENT_VOLUME = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Capacity", FieldDocs.PV_SPEC_CAPACITY),
                    Column.string("Access Modes", FieldDocs.PV_SPEC_ACCESS_MODES),
                    Column.string("Reclaim Policy", FieldDocs.PV_SPEC_PERSISTENT_VOLUME_RECLAIM_POLICY),
                    Column.string("Status", FieldDocs.PV_STATUS_PHASE),
                    Column.string("Claim", FieldDocs.PV_SPEC_CLAIM_REF),
                    Column.string("StorageClass", "StorageClass of the pv"),
                    Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                    Column.string("Reason", FieldDocs.PV_STATUS_REASON),
                    Column.age(),
                    Column.string("VolumeMode", FieldDocs.PV_SPEC_VOLUME_MODE).wide()),
            StoragePrinters::persistentVolume);

    static final KindPrinter PERSISTENT_VOLUME_CLAIM = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Status", FieldDocs.PVC_STATUS_PHASE),
                    Column.string("Volume", FieldDocs.PVC_SPEC_VOLUME_NAME),
                    Column.string("Capacity", FieldDocs.PVC_STATUS_CAPACITY),
                    Column.string("Access Modes", FieldDocs.PVC_STATUS_ACCESS_MODES),
                    Column.string("StorageClass", "StorageClass of the pvc"),
                    Column.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                    Column.age(),
                    Column.string("VolumeMode", FieldDocs.PVC_SPEC_VOLUME_MODE).wide()),
            StoragePrinters::persistentVolumeClaim);

    static final KindPrinter STORAGE_CLASS = KindPrinter.of(
            List.of(
                    Column.objectName(),
                    Column.string("Provisioner", FieldDocs.STORAGE_CLASS_PROVISIONER),
                    Column.string("ReclaimPolicy", FieldDocs.STORAGE_CLASS_RECLAIM_POLICY),
                    Column.string("VolumeBindingMode", FieldDocs.STORAGE_CLASS_VOLUME_BINDING_MODE),
                    Column.string("AllowVolumeExpansion", FieldDocs.STORAGE_CLASS_ALLOW_VOLUME_EXPANSION),
                    Column.age()),
            StoragePrinters::storageClass);

    private StoragePrinters() {}

    static void registerInto(PrinterRegistry.Builder registry) {
        registry.add("", "PersistentVolume", PERSISTENT_VOLUME)
                .add("", "PersistentVolumeClaim", PERSISTENT_VOLUME_CLAIM)
                .add("storage.k8s.io", "StorageClass", STORAGE_CLASS);
    }

    private static List<Object> persistentVolume(JsonNode volume, PrintContext context) {
        JsonNode spec = Fields.at(volume, "spec");
        String claim = "";
        if (Fields.has(spec, "claimRef")) {
            claim = Fields.text(spec, "claimRef", "namespace") + "/" + Fields.text(spec, "claimRef", "name");
        }
        String phase = Fields.isDeleting(volume) ? "Terminating" : Fields.text(volume, "status", "phase");
        String storageClass = Fields.hasAnnotation(volume, BETA_STORAGE_CLASS_ANNOTATION)
                ? Fields.annotation(volume, BETA_STORAGE_CLASS_ANNOTATION)
                : Fields.text(spec, "storageClassName");
        return List.of(
                Fields.name(volume),
                Fields.quantity(spec, "capacity", "storage"),
                accessModes(Fields.list(spec, "accessModes")),
                Fields.text(spec, "persistentVolumeReclaimPolicy"),
                phase,
                claim,
                storageClass,
                unsetIfAbsent(spec, "volumeAttributesClassName"),
                Fields.text(volume, "status", "reason"),
                context.age(volume),
                unsetIfAbsent(spec, "volumeMode"));
    }

    private static List<Object> persistentVolumeClaim(JsonNode claim, PrintContext context) {
        JsonNode spec = Fields.at(claim, "spec");
        JsonNode status = Fields.at(claim, "status");
        String phase = Fields.isDeleting(claim) ? "Terminating" : Fields.text(status, "phase");
        String volumeName = Fields.text(spec, "volumeName");
        // Capacity and access modes are only shown once the claim is bound to a volume.
        String capacity = volumeName.isEmpty() ? "" : Fields.quantity(status, "capacity", "storage");
        String accessModes = volumeName.isEmpty() ? "" : accessModes(Fields.list(status, "accessModes"));
        String storageClass = Fields.hasAnnotation(claim, BETA_STORAGE_CLASS_ANNOTATION)
                ? Fields.annotation(claim, BETA_STORAGE_CLASS_ANNOTATION)
                : Fields.text(spec, "storageClassName");
        return List.of(
                Fields.name(claim),
                phase,
                volumeName,
                capacity,
                accessModes,
                storageClass,
                unsetIfAbsent(spec, "volumeAttributesClassName"),
                context.age(claim),
                unsetIfAbsent(spec, "volumeMode"));
    }

    private static List<Object> storageClass(JsonNode storageClass, PrintContext context) {
        boolean isDefault =
                Fields.annotation(storageClass, DEFAULT_CLASS_ANNOTATION).equals("true")
                        || Fields.annotation(storageClass, BETA_DEFAULT_CLASS_ANNOTATION)
                                .equals("true");
        String reclaimPolicy =
                Fields.has(storageClass, "reclaimPolicy") ? Fields.text(storageClass, "reclaimPolicy") : "Delete";
        String bindingMode = Fields.has(storageClass, "volumeBindingMode")
                ? Fields.text(storageClass, "volumeBindingMode")
                : "Immediate";
        return List.of(
                Fields.name(storageClass) + (isDefault ? " (default)" : ""),
                Fields.text(storageClass, "provisioner"),
                reclaimPolicy,
                bindingMode,
                Fields.bool(storageClass, "allowVolumeExpansion"),
                context.age(storageClass));
    }

    /** GetAccessModesAsString: the distinct modes abbreviated, always in RWO,ROX,RWX,RWOP order. */
    static String accessModes(List<JsonNode> modes) {
        Set<String> present = modes.stream().map(JsonNode::asText).collect(Collectors.toSet());
        List<String> abbreviations = new ArrayList<>();
        if (present.contains("ReadWriteOnce")) {
            abbreviations.add("RWO");
        }
        if (present.contains("ReadOnlyMany")) {
            abbreviations.add("ROX");
        }
        if (present.contains("ReadWriteMany")) {
            abbreviations.add("RWX");
        }
        if (present.contains("ReadWriteOncePod")) {
            abbreviations.add("RWOP");
        }
        return String.join(",", abbreviations);
    }

    /** A pointer field's value, or "&lt;unset&gt;" when nil. */
    private static String unsetIfAbsent(JsonNode node, String field) {
        return Fields.has(node, field) ? Fields.text(node, field) : Placeholders.UNSET;
    }
}
