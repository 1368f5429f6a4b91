package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.math.BigDecimal;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Pod volumes ({@code ValidateVolumes}) and the claim specs that ephemeral volumes and PVCs share. */
final class VolumeRules {

    /** Volume source fields in the order Kubernetes checks them; the second one set is the error. */
    private static final List<String> SOURCES = List.of(
            "emptyDir",
            "hostPath",
            "gitRepo",
            "gcePersistentDisk",
            "awsElasticBlockStore",
            "secret",
            "nfs",
            "iscsi",
            "glusterfs",
            "flocker",
            "persistentVolumeClaim",
            "rbd",
            "cinder",
            "cephfs",
            "quobyte",
            "downwardAPI",
            "fc",
            "flexVolume",
            "configMap",
            "azureFile",
            "vsphereVolume",
            "photonPersistentDisk",
            "portworxVolume",
            "azureDisk",
            "storageos",
            "projected",
            "scaleIO",
            "csi",
            "ephemeral",
            "image");

    /** The string fields each legacy (in-tree plugin) source cannot do without. */
    private static final Map<String, List<String>> REQUIRED_FIELDS = Map.ofEntries(
            Map.entry("gitRepo", List.of("repository")),
            Map.entry("gcePersistentDisk", List.of("pdName")),
            Map.entry("awsElasticBlockStore", List.of("volumeID")),
            Map.entry("iscsi", List.of("targetPortal", "iqn")),
            Map.entry("glusterfs", List.of("endpoints", "path")),
            Map.entry("rbd", List.of("monitors", "image")),
            Map.entry("cinder", List.of("volumeID")),
            Map.entry("cephfs", List.of("monitors")),
            Map.entry("quobyte", List.of("registry", "volume")),
            Map.entry("flexVolume", List.of("driver")),
            Map.entry("azureFile", List.of("secretName", "shareName")),
            Map.entry("vsphereVolume", List.of("volumePath")),
            Map.entry("photonPersistentDisk", List.of("pdID")),
            Map.entry("portworxVolume", List.of("volumeID")),
            Map.entry("azureDisk", List.of("diskName", "diskURI")),
            Map.entry("scaleIO", List.of("gateway", "system", "volumeName")),
            Map.entry("storageos", List.of("volumeName")));

    static final List<String> ACCESS_MODES =
            List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    private static final List<String> HOST_PATH_TYPES = List.of(
            "", "BlockDevice", "CharDevice", "Directory", "DirectoryOrCreate", "File", "FileOrCreate", "Socket");
    private static final String FILE_MODE_ERROR = "must be a number between 0 and 0777 (octal), both inclusive";
    private static final long MIN_TOKEN_EXPIRATION_SECONDS = 10 * 60;
    private static final long MAX_TOKEN_EXPIRATION_SECONDS = 1L << 32;

    private VolumeRules() {}

    /**
     * Validates the pod's volumes (under {@code specPath}) and returns the valid ones by name, each with its
     * source field, for the mounts to refer to. {@code podName} is set for real pods, whose ephemeral volumes name their claims.
     */
    static Map<String, String> validateVolumes(ArrayNode volumes, String podName, FieldPath specPath, Causes causes) {
        if (Json.isEmpty(volumes)) {
            return Map.of();
        }
        FieldPath path = specPath.child("volumes");
        Set<String> createdClaims = Set.of();
        if (podName != null && !podName.isEmpty()) {
            for (JsonNode volume : volumes) {
                if (Json.has(volume, "ephemeral")) {
                    createdClaims = createdClaims.isEmpty() ? new HashSet<>() : createdClaims;
                    createdClaims.add(podName + "-" + Json.string(volume, "name"));
                }
            }
        }
        Map<String, String> valid = new HashMap<>();
        for (int i = 0; i < volumes.size(); i++) {
            JsonNode volume = volumes.get(i);
            FieldPath volumePath = path.index(i);
            String name = Json.string(volume, "name");
            int before = causes.size();
            String source = validateSource(volume, volumePath, name, podName, causes);
            if (name.isEmpty()) {
                causes.required(volumePath.child("name"), "");
            } else {
                causes.invalidAt(volumePath, "name", name, NameRules.isDns1123Label(name));
            }
            if (valid.containsKey(name)) {
                causes.duplicate(volumePath.child("name"), name);
            }
            if (causes.size() == before) {
                valid.put(name, source);
            }
            String claimName = Json.text(Json.object(volume, "persistentVolumeClaim"), "claimName");
            if (claimName != null && createdClaims.contains(claimName)) {
                causes.invalid(
                        volumePath.child("persistentVolumeClaim", "claimName"),
                        claimName,
                        "must not reference a PVC that gets created for an ephemeral volume");
            }
        }
        return valid;
    }

    /** Exactly one source, each with what it needs; returns the source's field name. */
    private static String validateSource(
            JsonNode volume, FieldPath path, String volumeName, String podName, Causes causes) {
        String first = null;
        for (String source : SOURCES) {
            JsonNode config = volume.get(source);
            if (config == null || config.isNull()) {
                continue;
            }
            if (first != null) {
                causes.forbidden(path.child(source), "may not specify more than 1 volume type");
                continue;
            }
            first = source;
            validateSourceConfig(source, config, path.child(source), causes);
            if (source.equals("ephemeral") && podName != null && !podName.isEmpty() && !volumeName.isEmpty()) {
                String claimName = podName + "-" + volumeName;
                for (String message : NameRules.isDns1123Subdomain(claimName)) {
                    causes.invalid(
                            path.child("name"), volumeName, "PVC name " + Causes.quote(claimName) + ": " + message);
                }
            }
        }
        if (first == null) {
            causes.required(path, "must specify a volume type");
        }
        return first;
    }

    private static void validateSourceConfig(String source, JsonNode config, FieldPath path, Causes causes) {
        switch (source) {
            case "emptyDir" -> {
                JsonNode sizeLimit = config.get("sizeLimit");
                if (sizeLimit != null && !sizeLimit.isNull()) {
                    BigDecimal value = Quantities.parse(Quantities.text(sizeLimit));
                    if (value == null || value.signum() < 0) {
                        causes.forbidden(path.child("sizeLimit"), "SizeLimit field must be a valid resource quantity");
                    }
                }
            }
            case "hostPath" -> validateHostPath(config, path, causes);
            case "secret" -> {
                requireText(config, "secretName", path, causes);
                validateDefaultMode(config, path, causes);
                validateItems(Json.array(config, "items"), path.child("items"), causes);
            }
            case "configMap" -> {
                requireText(config, "name", path, causes);
                validateDefaultMode(config, path, causes);
                validateItems(Json.array(config, "items"), path.child("items"), causes);
            }
            case "persistentVolumeClaim" -> requireText(config, "claimName", path, causes);
            case "nfs" -> validateNfs(config, path, causes);
            case "downwardAPI" -> {
                validateDefaultMode(config, path, causes);
                ArrayNode items = Json.array(config, "items");
                if (items != null) {
                    for (JsonNode item : items) {
                        validateDownwardApiFile(item, path, causes);
                    }
                }
            }
            case "projected" -> validateProjected(config, path, causes);
            case "csi" -> validateCsiDriver(Json.string(config, "driver"), path.child("driver"), causes);
            case "ephemeral" -> {
                JsonNode template = Json.object(config, "volumeClaimTemplate");
                if (template == null) {
                    causes.required(path.child("volumeClaimTemplate"), "");
                } else {
                    FieldPath templatePath = path.child("volumeClaimTemplate");
                    JsonNode metadata = Json.object(template, "metadata");
                    ObjectMetaRules.validateAnnotations(
                            Json.object(metadata, "annotations"),
                            templatePath.child("metadata", "annotations"),
                            causes);
                    ObjectMetaRules.validateLabels(
                            Json.object(metadata, "labels"), templatePath.child("metadata", "labels"), causes);
                    validateClaimSpec(Json.object(template, "spec"), templatePath.child("spec"), causes);
                }
            }
            default -> {
                for (String field : REQUIRED_FIELDS.getOrDefault(source, List.of())) {
                    if (isMissing(config.get(field))) {
                        causes.required(path.child(field), "");
                    }
                }
            }
        }
    }

    static void validateHostPath(JsonNode config, FieldPath path, Causes causes) {
        String hostPath = Json.string(config, "path");
        if (hostPath.isEmpty()) {
            causes.required(path.child("path"), "");
            return;
        }
        validateNoBacksteps(hostPath, path.child("path"), causes);
        String type = Json.text(config, "type");
        if (type != null && !HOST_PATH_TYPES.contains(type)) {
            causes.notSupported(path.child("type"), type, HOST_PATH_TYPES);
        }
    }

    static void validateNfs(JsonNode config, FieldPath path, Causes causes) {
        requireText(config, "server", path, causes);
        String nfsPath = Json.string(config, "path");
        if (nfsPath.isEmpty()) {
            causes.required(path.child("path"), "");
        }
        if (!nfsPath.startsWith("/")) {
            causes.invalid(path.child("path"), nfsPath, "must be an absolute path");
        }
    }

    /** {@code ValidateCSIDriverName}: a lowercase-insensitive DNS subdomain of at most 63 characters. */
    static void validateCsiDriver(String driver, FieldPath path, Causes causes) {
        if (driver.isEmpty()) {
            causes.required(path, "");
        }
        if (NameRules.utf8Length(driver) > 63) {
            causes.tooLong(path, 63);
        }
        causes.invalid(path, driver, NameRules.isDns1123Subdomain(driver.toLowerCase(Locale.ROOT)));
    }

    private static void validateProjected(JsonNode config, FieldPath path, Causes causes) {
        validateDefaultMode(config, path, causes);
        ArrayNode sources = Json.array(config, "sources");
        if (sources == null) {
            return;
        }
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < sources.size(); i++) {
            JsonNode source = sources.get(i);
            FieldPath sourcePath = path.child("sources").index(i);
            int kinds = 0;
            for (String kind : List.of("secret", "configMap")) {
                JsonNode projection = Json.object(source, kind);
                if (projection == null) {
                    continue;
                }
                kinds++;
                FieldPath projectionPath = sourcePath.child(kind);
                requireText(projection, "name", projectionPath, causes);
                ArrayNode items = Json.array(projection, "items");
                validateItems(items, projectionPath.child("items"), causes);
                if (items != null) {
                    for (JsonNode item : items) {
                        String itemPath = Json.string(item, "path");
                        if (!itemPath.isEmpty() && !paths.add(itemPath)) {
                            causes.invalid(path, Json.string(projection, "name"), "conflicting duplicate paths");
                        }
                    }
                }
            }
            JsonNode downwardApi = Json.object(source, "downwardAPI");
            if (downwardApi != null) {
                kinds++;
                ArrayNode items = Json.array(downwardApi, "items");
                if (items != null) {
                    for (JsonNode item : items) {
                        validateDownwardApiFile(item, sourcePath.child("downwardAPI"), causes);
                        String itemPath = Json.string(item, "path");
                        if (!itemPath.isEmpty() && !paths.add(itemPath)) {
                            causes.invalid(path, itemPath, "conflicting duplicate paths");
                        }
                    }
                }
            }
            JsonNode token = Json.object(source, "serviceAccountToken");
            if (token != null) {
                kinds++;
                long expiration = Json.longOr(token, "expirationSeconds", 3600);
                FieldPath expirationPath = sourcePath.child("serviceAccountToken", "expirationSeconds");
                if (expiration < MIN_TOKEN_EXPIRATION_SECONDS) {
                    causes.invalid(expirationPath, expiration, "may not specify a duration less than 10 minutes");
                }
                if (expiration > MAX_TOKEN_EXPIRATION_SECONDS) {
                    causes.invalid(expirationPath, expiration, "may not specify a duration larger than 2^32 seconds");
                }
                String tokenPath = Json.string(token, "path");
                if (tokenPath.isEmpty()) {
                    causes.required(path.child("path"), "");
                } else {
                    validateLocalNonReservedPath(tokenPath, path.child("path"), causes);
                }
            }
            if (Json.has(source, "clusterTrustBundle")) {
                kinds++;
            }
            if (kinds > 1) {
                causes.forbidden(sourcePath, "may not specify more than 1 volume type per source");
            }
        }
    }

    private static void validateDownwardApiFile(JsonNode file, FieldPath path, Causes causes) {
        String filePath = Json.string(file, "path");
        if (filePath.isEmpty()) {
            causes.required(path.child("path"), "");
        }
        validateLocalNonReservedPath(filePath, path.child("path"), causes);
        JsonNode fieldRef = Json.object(file, "fieldRef");
        JsonNode resourceFieldRef = Json.object(file, "resourceFieldRef");
        if (fieldRef != null) {
            DownwardApiRules.validateFieldRef(fieldRef, DownwardApiRules.VOLUME_FIELDS, path.child("fieldRef"), causes);
            if (resourceFieldRef != null) {
                causes.invalid(path, "resource", "fieldRef and resourceFieldRef can not be specified simultaneously");
            }
        } else if (resourceFieldRef != null) {
            DownwardApiRules.validateResourceFieldRef(resourceFieldRef, true, path.child("resourceFieldRef"), causes);
        } else {
            causes.required(path, "one of fieldRef and resourceFieldRef is required");
        }
        validateMode(file, "mode", path, causes);
    }

    private static void validateItems(ArrayNode items, FieldPath path, Causes causes) {
        if (items == null) {
            return;
        }
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            FieldPath itemPath = path.index(i);
            requireText(item, "key", itemPath, causes);
            String itemFile = Json.string(item, "path");
            if (itemFile.isEmpty()) {
                causes.required(itemPath.child("path"), "");
            }
            validateLocalNonReservedPath(itemFile, itemPath.child("path"), causes);
            validateMode(item, "mode", itemPath, causes);
        }
    }

    private static void validateDefaultMode(JsonNode config, FieldPath path, Causes causes) {
        validateMode(config, "defaultMode", path, causes);
    }

    private static void validateMode(JsonNode config, String field, FieldPath path, Causes causes) {
        if (Json.hasNumber(config, field)) {
            long mode = config.get(field).longValue();
            if (mode < 0 || mode > 0777) {
                causes.invalid(path.child(field), mode, FILE_MODE_ERROR);
            }
        }
    }

    /** {@code ValidateLocalNonReservedPath}: relative, without '..' elements, not starting with '..'. */
    static void validateLocalNonReservedPath(String target, FieldPath path, Causes causes) {
        validateLocalDescendingPath(target, path, causes);
        if (target.startsWith("..") && !target.startsWith("../")) {
            causes.invalid(path, target, "must not start with '..'");
        }
    }

    /** {@code validateLocalDescendingPath}: relative and without '..' elements. */
    static void validateLocalDescendingPath(String target, FieldPath path, Causes causes) {
        if (target.startsWith("/")) {
            causes.invalid(path, target, "must be a relative path");
        }
        validateNoBacksteps(target, path, causes);
    }

    static void validateNoBacksteps(String target, FieldPath path, Causes causes) {
        for (String element : target.split("/", -1)) {
            if (element.equals("..")) {
                causes.invalid(path, target, "must not contain '..'");
                return;
            }
        }
    }

    /** {@code ValidatePersistentVolumeClaimSpec}: access modes, a positive storage request, class and mode. */
    static void validateClaimSpec(JsonNode spec, FieldPath path, Causes causes) {
        ArrayNode accessModes = Json.array(spec, "accessModes");
        if (Json.isEmpty(accessModes)) {
            causes.required(path.child("accessModes"), "at least 1 access mode is required");
        }
        JsonNode selector = Json.object(spec, "selector");
        if (selector != null) {
            SelectorRules.validate(selector, path.child("selector"), causes);
        }
        validateAccessModes(accessModes, path.child("accessModes"), causes);
        FieldPath storagePath = path.child("resources").key("storage");
        JsonNode requests = Json.object(Json.object(spec, "resources"), "requests");
        JsonNode storage = requests == null ? null : requests.get("storage");
        if (storage == null || storage.isNull()) {
            causes.required(storagePath, "");
        } else {
            BigDecimal value = ResourceRules.quantity(storage, storagePath, causes);
            if (value != null && value.signum() <= 0) {
                causes.invalid(storagePath, Quantities.text(storage), FieldRules.NOT_POSITIVE);
            }
        }
        String storageClass = Json.text(spec, "storageClassName");
        if (storageClass != null && !storageClass.isEmpty()) {
            causes.invalidAt(path, "storageClassName", storageClass, NameRules.isDns1123Subdomain(storageClass));
        }
        FieldRules.oneOf(spec, "volumeMode", VOLUME_MODES, path, causes);
    }

    /** Known access modes, and ReadWriteOncePod only on its own. */
    static void validateAccessModes(ArrayNode accessModes, FieldPath path, Causes causes) {
        if (accessModes == null) {
            return;
        }
        boolean readWriteOncePod = false;
        boolean others = false;
        for (JsonNode element : accessModes) {
            String mode = element.asText();
            if (!ACCESS_MODES.contains(mode)) {
                causes.notSupported(path, mode, ACCESS_MODES);
            } else if (mode.equals("ReadWriteOncePod")) {
                readWriteOncePod = true;
            } else {
                others = true;
            }
        }
        if (readWriteOncePod && others) {
            causes.forbidden(path, "may not use ReadWriteOncePod with other access modes");
        }
    }

    /** A string or list field that is absent or empty. */
    private static boolean isMissing(JsonNode value) {
        if (value == null || value.isNull()) {
            return true;
        }
        if (value.isArray()) {
            return value.isEmpty();
        }
        return value.isTextual() && value.textValue().isEmpty();
    }

    private static void requireText(JsonNode config, String field, FieldPath path, Causes causes) {
        if (Json.string(config, field).isEmpty()) {
            causes.required(path.child(field), "");
        }
    }
}
