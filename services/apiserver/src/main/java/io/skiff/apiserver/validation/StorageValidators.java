package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** StorageClasses, PersistentVolumeClaims and PersistentVolumes. */
final class StorageValidators {

    private static final FieldPath SPEC = FieldPath.root("spec");
    private static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");
    private static final List<String> CLASS_RECLAIM_POLICIES = List.of("Delete", "Retain");
    private static final List<String> BINDING_MODES = List.of("Immediate", "WaitForFirstConsumer");
    /** Persistent volume sources in the order Kubernetes checks them. */
    private static final List<String> SOURCES = List.of(
            "hostPath",
            "gcePersistentDisk",
            "awsElasticBlockStore",
            "glusterfs",
            "flocker",
            "nfs",
            "rbd",
            "quobyte",
            "cephfs",
            "iscsi",
            "cinder",
            "fc",
            "flexVolume",
            "azureFile",
            "vsphereVolume",
            "photonPersistentDisk",
            "portworxVolume",
            "azureDisk",
            "scaleIO",
            "local",
            "storageos",
            "csi");

    private static final int MAX_PARAMETERS = 512;
    private static final int MAX_PARAMETERS_SIZE = 256 * 1024;

    private StorageValidators() {}

    static final class StorageClassValidator implements KindValidator {
        @Override
        public void validate(ObjectNode storageClass, ObjectNode old, Causes causes) {
            FieldPath provisionerPath = FieldPath.root("provisioner");
            String provisioner = Json.string(storageClass, "provisioner");
            if (provisioner.isEmpty()) {
                causes.required(provisionerPath, "");
            } else {
                causes.invalid(
                        provisionerPath, provisioner, NameRules.isQualifiedName(provisioner.toLowerCase(Locale.ROOT)));
            }
            validateParameters(Json.object(storageClass, "parameters"), causes);
            String reclaimPolicy = Json.text(storageClass, "reclaimPolicy");
            if (reclaimPolicy != null && !reclaimPolicy.isEmpty() && !CLASS_RECLAIM_POLICIES.contains(reclaimPolicy)) {
                causes.notSupported(FieldPath.root("reclaimPolicy"), reclaimPolicy, CLASS_RECLAIM_POLICIES);
            }
            String bindingMode = Json.text(storageClass, "volumeBindingMode");
            if (bindingMode != null && !BINDING_MODES.contains(bindingMode)) {
                causes.notSupported(FieldPath.root("volumeBindingMode"), bindingMode, BINDING_MODES);
            }
            if (old != null) {
                if (!Json.semanticEquals(storageClass.get("parameters"), old.get("parameters"))) {
                    causes.forbidden(FieldPath.root("parameters"), "updates to parameters are forbidden.");
                }
                if (!provisioner.equals(Json.string(old, "provisioner"))) {
                    causes.forbidden(provisionerPath, "updates to provisioner are forbidden.");
                }
                if (!Json.stringOr(storageClass, "reclaimPolicy", "Delete")
                        .equals(Json.stringOr(old, "reclaimPolicy", "Delete"))) {
                    causes.forbidden(FieldPath.root("reclaimPolicy"), "updates to reclaimPolicy are forbidden.");
                }
                String mode = Json.stringOr(storageClass, "volumeBindingMode", "Immediate");
                if (!mode.equals(Json.stringOr(old, "volumeBindingMode", "Immediate"))) {
                    causes.immutable(FieldPath.root("volumeBindingMode"), mode);
                }
            }
        }

        private static void validateParameters(JsonNode parameters, Causes causes) {
            FieldPath path = FieldPath.root("parameters");
            if (Json.size(parameters) > MAX_PARAMETERS) {
                causes.tooMany(path, parameters.size(), MAX_PARAMETERS);
                return;
            }
            long size = 0;
            Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(parameters);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                if (entry.getKey().isEmpty()) {
                    causes.invalid(path, entry.getKey(), "field can not be empty.");
                }
                size += NameRules.utf8Length(entry.getKey()) + NameRules.utf8Length(Json.valueText(entry.getValue()));
            }
            if (size > MAX_PARAMETERS_SIZE) {
                causes.tooLong(path, MAX_PARAMETERS_SIZE);
            }
        }
    }

    static final class ClaimValidator implements KindValidator {
        private static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

        private static final String IMMUTABLE_SPEC =
                "spec is immutable after creation except resources.requests and volumeAttributesClassName for bound claims";

        @Override
        public void validate(ObjectNode claim, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(claim, "spec");
            VolumeRules.validateClaimSpec(spec, SPEC, causes);
            if (old == null) {
                return;
            }
            JsonNode oldSpec = Json.objectOrEmpty(old, "spec");
            ObjectNode mutable = ((ObjectNode) spec).deepCopy();
            ObjectNode oldMutable = ((ObjectNode) oldSpec).deepCopy();
            // The volume binder sets volumeName once; bound claims may be resized and change attribute class.
            if (Json.string(oldSpec, "volumeName").isEmpty()) {
                mutable.remove("volumeName");
                oldMutable.remove("volumeName");
            }
            if (assignsClassToClassless(old, oldSpec, spec)) {
                mutable.remove("storageClassName");
                oldMutable.remove("storageClassName");
            }
            if ("Bound".equals(Json.text(Json.object(claim, "status"), "phase"))) {
                for (ObjectNode node : List.of(mutable, oldMutable)) {
                    if (node.get("resources") instanceof ObjectNode resources
                            && resources.get("requests") instanceof ObjectNode requests) {
                        requests.remove("storage");
                    }
                    node.remove("volumeAttributesClassName");
                }
            }
            if (!Json.semanticEquals(mutable, oldMutable)) {
                causes.forbidden(SPEC, IMMUTABLE_SPEC);
            }
            BigDecimal size = storageRequest(spec);
            BigDecimal oldSize = storageRequest(oldSpec);
            if (size != null && oldSize != null && size.compareTo(oldSize) < 0) {
                BigDecimal capacity =
                        Quantities.parse(Quantities.text(Json.objectOrEmpty(Json.object(old, "status"), "capacity")
                                .get("storage")));
                // Shrinking is only the recovery from a failed expansion, down to what was provisioned.
                if (capacity == null || size.compareTo(capacity) <= 0) {
                    causes.forbidden(
                            FieldPath.of("spec.resources.requests.storage"),
                            "field can not be less than status.capacity");
                }
            }
            FieldRules.immutable(spec, oldSpec, "volumeMode", SPEC, causes);
        }

        @Override
        public void validateStatus(ObjectNode claim, ObjectNode old, Causes causes) {
            Iterator<Map.Entry<String, JsonNode>> entries =
                    Json.fields(Json.object(Json.object(claim, "status"), "capacity"));
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                FieldPath path = FieldPath.of("status.capacity").key(entry.getKey());
                BigDecimal value = ResourceRules.quantity(entry.getValue(), path, causes);
                if (value != null && value.signum() < 0) {
                    causes.invalid(path, value.longValue(), "must be a valid resource quantity");
                }
            }
        }

        private static BigDecimal storageRequest(JsonNode spec) {
            JsonNode requests = Json.object(Json.object(spec, "resources"), "requests");
            return requests == null ? null : Quantities.parse(Quantities.text(requests.get("storage")));
        }

        /**
         * A claim created without a class may get one later, once (retroactive default
         * StorageClass assignment, GA in Kubernetes 1.28): validateStorageClassUpgradeFromNil.
         */
        private static boolean assignsClassToClassless(ObjectNode old, JsonNode oldSpec, JsonNode spec) {
            JsonNode annotations = Json.objectOrEmpty(Json.objectOrEmpty(old, "metadata"), "annotations");
            return Json.text(annotations, BETA_CLASS_ANNOTATION) == null
                    && (oldSpec.get("storageClassName") == null
                            || oldSpec.get("storageClassName").isNull())
                    && !Json.string(spec, "storageClassName").isEmpty();
        }
    }

    static final class VolumeValidator implements KindValidator {
        @Override
        public void validate(ObjectNode volume, ObjectNode old, Causes causes) {
            JsonNode spec = Json.objectOrEmpty(volume, "spec");
            ArrayNode accessModes = Json.array(spec, "accessModes");
            if (Json.isEmpty(accessModes)) {
                causes.required(SPEC.child("accessModes"), "");
            }
            VolumeRules.validateAccessModes(accessModes, SPEC.child("accessModes"), causes);
            validateCapacity(Json.object(spec, "capacity"), causes);
            String reclaimPolicy = Json.text(spec, "persistentVolumeReclaimPolicy");
            if (reclaimPolicy != null && !reclaimPolicy.isEmpty() && !RECLAIM_POLICIES.contains(reclaimPolicy)) {
                causes.notSupported(SPEC.child("persistentVolumeReclaimPolicy"), reclaimPolicy, RECLAIM_POLICIES);
            }
            JsonNode nodeAffinity = Json.object(spec, "nodeAffinity");
            if (nodeAffinity != null) {
                JsonNode required = Json.object(nodeAffinity, "required");
                if (required == null) {
                    causes.required(SPEC.child("nodeAffinity", "required"), "must specify required node constraints");
                } else {
                    PodSpecRules.validateNodeSelector(required, false, SPEC.child("nodeAffinity", "required"), causes);
                }
            }
            validateSource(spec, nodeAffinity != null, causes);
            String storageClass = Json.string(spec, "storageClassName");
            if (!storageClass.isEmpty()) {
                causes.invalid(
                        SPEC.child("storageClassName"), storageClass, NameRules.isDns1123Subdomain(storageClass));
            }
            FieldRules.oneOf(spec, "volumeMode", VolumeRules.VOLUME_MODES, SPEC, causes);
            if (old != null) {
                validateUpdate(spec, Json.objectOrEmpty(old, "spec"), causes);
            }
        }

        private static void validateCapacity(JsonNode capacity, Causes causes) {
            FieldPath path = SPEC.child("capacity");
            if (Json.isEmpty(capacity)) {
                causes.required(path, "");
            }
            if (capacity == null || !capacity.has("storage") || capacity.size() > 1) {
                causes.notSupported(path, capacity, List.of("storage"));
            }
            Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(capacity);
            while (entries.hasNext()) {
                Map.Entry<String, JsonNode> entry = entries.next();
                BigDecimal value = ResourceRules.quantity(entry.getValue(), path.key(entry.getKey()), causes);
                if (value != null && value.signum() <= 0) {
                    causes.invalid(
                            path.key(entry.getKey()), Quantities.text(entry.getValue()), FieldRules.NOT_POSITIVE);
                }
            }
        }

        private static void validateSource(JsonNode spec, boolean hasNodeAffinity, Causes causes) {
            String first = null;
            for (String source : SOURCES) {
                JsonNode config = Json.object(spec, source);
                if (config == null) {
                    continue;
                }
                if (first != null) {
                    causes.forbidden(SPEC.child(source), "may not specify more than 1 volume type");
                    continue;
                }
                first = source;
                FieldPath path = SPEC.child(source);
                switch (source) {
                    case "hostPath" -> VolumeRules.validateHostPath(config, path, causes);
                    case "nfs" -> VolumeRules.validateNfs(config, path, causes);
                    case "local" -> {
                        String localPath = Json.string(config, "path");
                        if (localPath.isEmpty()) {
                            causes.required(path.child("path"), "");
                        } else {
                            VolumeRules.validateNoBacksteps(localPath, path.child("path"), causes);
                        }
                        if (!hasNodeAffinity) {
                            causes.required(SPEC.child("nodeAffinity"), "Local volume requires node affinity");
                        }
                    }
                    case "csi" -> {
                        VolumeRules.validateCsiDriver(Json.string(config, "driver"), path.child("driver"), causes);
                        if (Json.string(config, "volumeHandle").isEmpty()) {
                            causes.required(path.child("volumeHandle"), "");
                        }
                    }
                    default -> {}
                }
            }
            if (first == null) {
                causes.required(SPEC, "must specify a volume type");
            }
            if ("/".equals(normalize(Json.string(Json.object(spec, "hostPath"), "path")))
                    && "Recycle".equals(Json.text(spec, "persistentVolumeReclaimPolicy"))) {
                causes.forbidden(
                        SPEC.child("persistentVolumeReclaimPolicy"),
                        "may not be 'recycle' for a hostPath mount of '/'");
            }
        }

        private static void validateUpdate(JsonNode spec, JsonNode oldSpec, Causes causes) {
            for (String source : SOURCES) {
                if (!Json.semanticEquals(spec.get(source), oldSpec.get(source))) {
                    causes.forbidden(
                            SPEC.child("persistentvolumesource"),
                            "spec.persistentvolumesource is immutable after creation");
                    break;
                }
            }
            String mode = Json.stringOr(spec, "volumeMode", "Filesystem");
            if (!mode.equals(Json.stringOr(oldSpec, "volumeMode", "Filesystem"))) {
                causes.immutable(FieldPath.root("volumeMode"), mode);
            }
            JsonNode oldAffinity = oldSpec.get("nodeAffinity");
            if (oldAffinity != null
                    && !oldAffinity.isNull()
                    && !Json.semanticEquals(spec.get("nodeAffinity"), oldAffinity)) {
                causes.invalid(
                        FieldPath.root("nodeAffinity"),
                        spec.get("nodeAffinity"),
                        Causes.FIELD_IS_IMMUTABLE + ", except for updating from beta label to GA");
            }
        }

        private static String normalize(String path) {
            String trimmed = path;
            while (trimmed.length() > 1 && trimmed.endsWith("/")) {
                trimmed = trimmed.substring(0, trimmed.length() - 1);
            }
            return trimmed;
        }
    }
}
