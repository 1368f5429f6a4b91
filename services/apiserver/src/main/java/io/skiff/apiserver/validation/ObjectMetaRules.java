package io.skiff.apiserver.validation;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The metadata rules every kind shares (apimachinery's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate}), and the label and annotation rules templates reuse.
 */
final class ObjectMetaRules {

    static final int TOTAL_ANNOTATION_SIZE_LIMIT = 256 * 1024;

    private static final FieldPath METADATA = FieldPath.root("metadata");
    private static final String ORPHAN = "orphan";
    private static final String FOREGROUND_DELETION = "foregroundDeletion";
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", ORPHAN, FOREGROUND_DELETION);
    private static final int FIELD_MANAGER_MAX_LENGTH = 128;
    private static final int SUBRESOURCE_MAX_LENGTH = 256;
    private static final List<String> IDENTITY_FIELDS = List.of("name", "namespace");
    private static final List<String> SERVER_SET_FIELDS = List.of("uid", "creationTimestamp");
    private static final List<String> DELETION_FIELDS = List.of("deletionTimestamp", "deletionGracePeriodSeconds");

    private ObjectMetaRules() {}

    /**
     * Metadata of a new object. {@code builtin} adds the built-in kinds' rule that finalizers without a
     * domain prefix must be Kubernetes' own.
     */
    static void validateCreate(
            JsonNode metadata, boolean namespaced, NameFormat nameFormat, boolean builtin, Causes causes) {
        String generateName = Json.string(metadata, "generateName");
        if (!generateName.isEmpty()) {
            causes.invalid(METADATA.child("generateName"), generateName, nameFormat.check(generateName, true));
        }
        String name = Json.string(metadata, "name");
        if (name.isEmpty()) {
            causes.required(METADATA.child("name"), "name or generateName is required");
        } else {
            causes.invalid(METADATA.child("name"), name, nameFormat.check(name, false));
        }
        String namespace = Json.string(metadata, "namespace");
        if (namespaced) {
            if (namespace.isEmpty()) {
                causes.required(METADATA.child("namespace"), "");
            } else {
                causes.invalidAt(METADATA, "namespace", namespace, NameRules.isDns1123Label(namespace));
            }
        } else if (!namespace.isEmpty()) {
            causes.forbidden(METADATA.child("namespace"), "not allowed on this type");
        }
        long generation = Json.longOr(metadata, "generation", 0);
        if (generation < 0) {
            causes.invalid(METADATA.child("generation"), generation, FieldRules.NEGATIVE);
        }
        validateCommon(metadata, builtin, causes);
    }

    /** Metadata of an update: what may not change, and the syntax of what may. */
    static void validateUpdate(JsonNode metadata, JsonNode old, boolean builtin, Causes causes) {
        if (Json.has(old, "deletionTimestamp")) {
            validateNoNewFinalizers(Json.array(metadata, "finalizers"), Json.array(old, "finalizers"), causes);
        }
        long generation = Json.longOr(metadata, "generation", 0);
        if (generation < Json.longOr(old, "generation", 0)) {
            causes.invalid(METADATA.child("generation"), generation, "must not be decremented");
        }
        for (String field : IDENTITY_FIELDS) {
            String value = Json.string(metadata, field);
            if (!value.equals(Json.string(old, field))) {
                causes.immutable(METADATA.child(field), value);
            }
        }
        // The API server restores uid and creationTimestamp a client left out (as Kubernetes' BeforeUpdate
        // does), so only a different value is an attempt to change them.
        for (String field : SERVER_SET_FIELDS) {
            String value = Json.text(metadata, field);
            if (value != null && !value.isEmpty() && !value.equals(Json.string(old, field))) {
                causes.immutable(METADATA.child(field), value);
            }
        }
        // Setting these is the delete path's job; once set, an update may neither change nor remove them.
        for (String field : DELETION_FIELDS) {
            JsonNode before = old == null ? null : old.get(field);
            if (before != null && !before.isNull() && !Json.semanticEquals(before, metadata.get(field))) {
                causes.immutable(METADATA.child(field), metadata.get(field));
            }
        }
        validateCommon(metadata, builtin, causes);
    }

    private static void validateCommon(JsonNode metadata, boolean builtin, Causes causes) {
        validateLabels(metadata.get("labels"), METADATA.child("labels"), causes);
        validateAnnotations(metadata.get("annotations"), METADATA.child("annotations"), causes);
        validateOwnerReferences(Json.array(metadata, "ownerReferences"), causes);
        validateFinalizers(Json.array(metadata, "finalizers"), METADATA.child("finalizers"), builtin, causes);
        validateManagedFields(Json.array(metadata, "managedFields"), causes);
    }

    /** Label keys are qualified names and values label values; errors name the map, not the key. */
    static void validateLabels(JsonNode labels, FieldPath path, Causes causes) {
        Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(labels);
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            causes.invalid(path, entry.getKey(), NameRules.isQualifiedName(entry.getKey()));
            String value = Json.valueText(entry.getValue());
            causes.invalid(path, value, NameRules.isLabelValue(value));
        }
    }

    /** Annotation keys are case-insensitive qualified names; all annotations together at most 256 KiB. */
    static void validateAnnotations(JsonNode annotations, FieldPath path, Causes causes) {
        long totalSize = 0;
        Iterator<Map.Entry<String, JsonNode>> entries = Json.fields(annotations);
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String key = entry.getKey();
            causes.invalid(path, key, NameRules.isQualifiedName(key.toLowerCase(Locale.ROOT)));
            totalSize += NameRules.utf8Length(key) + NameRules.utf8Length(Json.valueText(entry.getValue()));
        }
        if (totalSize > TOTAL_ANNOTATION_SIZE_LIMIT) {
            causes.tooLong(path, TOTAL_ANNOTATION_SIZE_LIMIT);
        }
    }

    private static void validateOwnerReferences(ArrayNode references, Causes causes) {
        if (references == null) {
            return;
        }
        FieldPath path = METADATA.child("ownerReferences");
        String firstController = null;
        for (JsonNode reference : references) {
            String apiVersion = Json.string(reference, "apiVersion");
            String kind = Json.string(reference, "kind");
            String[] groupVersion = parseGroupVersion(apiVersion);
            if (groupVersion[1].isEmpty()) {
                causes.invalid(path.child("apiVersion"), apiVersion, "version must not be empty");
            }
            if (kind.isEmpty()) {
                causes.invalid(path.child("kind"), kind, "must not be empty");
            }
            String name = Json.string(reference, "name");
            if (name.isEmpty()) {
                causes.invalid(path.child("name"), name, "must not be empty");
            }
            String uid = Json.string(reference, "uid");
            if (uid.isEmpty()) {
                causes.invalid(path.child("uid"), uid, "must not be empty");
            }
            // Events are garbage themselves; an object owned by one would be collected with it.
            if (groupVersion[0].isEmpty() && groupVersion[1].equals("v1") && kind.equals("Event")) {
                causes.invalid(path, reference, "/v1, Kind=Event is disallowed from being an owner");
            }
            if (Json.isTrue(reference, "controller")) {
                String controller = kind + "/" + name;
                if (firstController != null) {
                    causes.invalid(
                            path,
                            references,
                            "Only one reference can have Controller set to true. Found \"true\" in references for "
                                    + firstController + " and " + controller);
                } else {
                    firstController = controller;
                }
            }
        }
    }

    /** {@code schema.ParseGroupVersion} as {@code FromAPIVersionAndKind} uses it: {group, version}. */
    private static String[] parseGroupVersion(String apiVersion) {
        if (apiVersion.isEmpty() || apiVersion.equals("/")) {
            return new String[] {"", ""};
        }
        int slash = apiVersion.indexOf('/');
        if (slash < 0) {
            return new String[] {"", apiVersion};
        }
        if (apiVersion.indexOf('/', slash + 1) >= 0) {
            return new String[] {"", ""};
        }
        return new String[] {apiVersion.substring(0, slash), apiVersion.substring(slash + 1)};
    }

    /** Finalizers are qualified names; {@code orphan} and {@code foregroundDeletion} exclude each other. */
    private static void validateFinalizers(ArrayNode finalizers, FieldPath path, boolean builtin, Causes causes) {
        if (finalizers == null) {
            return;
        }
        boolean orphan = false;
        boolean foreground = false;
        for (JsonNode element : finalizers) {
            String finalizer = element.asText();
            causes.invalid(path, finalizer, NameRules.isQualifiedName(finalizer));
            orphan |= finalizer.equals(ORPHAN);
            foreground |= finalizer.equals(FOREGROUND_DELETION);
        }
        if (orphan && foreground) {
            causes.invalid(path, finalizers, "finalizer orphan and foregroundDeletion cannot be both set");
        }
        if (builtin) {
            for (int i = 0; i < finalizers.size(); i++) {
                validateKubeFinalizerName(finalizers.get(i).asText(), path.index(i), causes);
            }
        }
    }

    /** Built-in kinds only know Kubernetes' own unprefixed finalizers; anyone else's must be prefixed. */
    static void validateKubeFinalizerName(String finalizer, FieldPath path, Causes causes) {
        if (finalizer.indexOf('/') < 0 && !STANDARD_FINALIZERS.contains(finalizer)) {
            causes.invalid(path, finalizer, "name is neither a standard finalizer name nor is it fully qualified");
        }
    }

    private static void validateNoNewFinalizers(ArrayNode finalizers, ArrayNode old, Causes causes) {
        if (finalizers == null) {
            return;
        }
        Set<String> added = new TreeSet<>();
        for (JsonNode finalizer : finalizers) {
            if (!Json.contains(old, finalizer.asText())) {
                added.add(finalizer.asText());
            }
        }
        if (!added.isEmpty()) {
            List<String> quoted = new ArrayList<>(added.size());
            for (String finalizer : added) {
                quoted.add(Causes.quote(finalizer));
            }
            causes.forbidden(
                    METADATA.child("finalizers"),
                    "no new finalizers can be added if the object is being deleted, found new finalizers []string{"
                            + String.join(", ", quoted) + "}");
        }
    }

    private static void validateManagedFields(ArrayNode managedFields, Causes causes) {
        if (managedFields == null) {
            return;
        }
        for (int i = 0; i < managedFields.size(); i++) {
            JsonNode entry = managedFields.get(i);
            FieldPath path = METADATA.child("managedFields").index(i);
            String operation = Json.string(entry, "operation");
            if (!operation.equals("Apply") && !operation.equals("Update")) {
                causes.invalid(path.child("operation"), operation, "must be `Apply` or `Update`");
            }
            String fieldsType = Json.string(entry, "fieldsType");
            if (!fieldsType.isEmpty() && !fieldsType.equals("FieldsV1")) {
                causes.invalid(path.child("fieldsType"), fieldsType, "must be `FieldsV1`");
            }
            String manager = Json.string(entry, "manager");
            if (NameRules.utf8Length(manager) > FIELD_MANAGER_MAX_LENGTH) {
                causes.tooLong(path.child("manager"), FIELD_MANAGER_MAX_LENGTH);
            }
            for (int position = 0; position < manager.length(); position++) {
                char c = manager.charAt(position);
                if (Character.isISOControl(c)) {
                    causes.invalid(
                            path.child("manager"),
                            manager,
                            String.format("invalid character U+%04X (at position %d)", (int) c, position));
                }
            }
            if (NameRules.utf8Length(Json.string(entry, "subresource")) > SUBRESOURCE_MAX_LENGTH) {
                causes.tooLong(path.child("subresource"), SUBRESOURCE_MAX_LENGTH);
            }
        }
    }
}
