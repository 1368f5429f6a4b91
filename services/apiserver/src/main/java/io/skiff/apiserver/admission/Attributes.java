package io.skiff.apiserver.admission;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.model.catalog.ResourceType;

/**
 * What admission knows of a request, as admission.Attributes.
 *
 * @param operation the write
 * @param type the resource written
 * @param subresource {@code status}, {@code scale}, ... or empty for the object itself
 * @param namespace the request's namespace; empty for cluster-scoped resources
 * @param name the object's name; empty on a create whose name is still to be generated
 * @param object the object to be stored; mutating plugins change it in place. Null on delete
 * @param oldObject the object as stored before this write; null on create
 * @param dryRun whether the write will not be persisted (plugins must then have no side effects)
 * @param userInfo the requesting user, as {@link io.skiff.apiserver.authentication.RequestAuthentication}
 *     found it; null for the API server's own writes (its start-up objects)
 * @param recorder where plugins leave warnings and audit annotations for the request
 */
public record Attributes(
        Operation operation,
        ResourceType type,
        String subresource,
        String namespace,
        String name,
        ObjectNode object,
        ObjectNode oldObject,
        boolean dryRun,
        UserInfo userInfo,
        AdmissionRecorder recorder) {

    public Attributes {
        recorder = recorder == null ? new AdmissionRecorder() : recorder;
        subresource = subresource == null ? "" : subresource;
        namespace = namespace == null ? "" : namespace;
        name = name == null ? "" : name;
    }

    /** A request whose warnings and audit annotations nobody reads. */
    public Attributes(
            Operation operation,
            ResourceType type,
            String subresource,
            String namespace,
            String name,
            ObjectNode object,
            ObjectNode oldObject,
            boolean dryRun,
            UserInfo userInfo) {
        this(operation, type, subresource, namespace, name, object, oldObject, dryRun, userInfo, null);
    }

    public static Attributes create(ResourceType type, String namespace, ObjectNode object, boolean dryRun) {
        return new Attributes(
                Operation.CREATE,
                type,
                "",
                namespace,
                object.path("metadata").path("name").asText(""),
                object,
                null,
                dryRun,
                null,
                null);
    }

    public static Attributes update(
            ResourceType type,
            String subresource,
            String namespace,
            String name,
            ObjectNode object,
            ObjectNode oldObject,
            boolean dryRun) {
        return new Attributes(
                Operation.UPDATE, type, subresource, namespace, name, object, oldObject, dryRun, null, null);
    }

    public static Attributes delete(
            ResourceType type, String namespace, String name, ObjectNode oldObject, boolean dryRun) {
        return new Attributes(Operation.DELETE, type, "", namespace, name, null, oldObject, dryRun, null, null);
    }

    /** The same request made by {@code user}. */
    public Attributes by(UserInfo user) {
        return new Attributes(operation, type, subresource, namespace, name, object, oldObject, dryRun, user);
    }

    /** The same request about the object once it has its (generated) name. */
    public Attributes named(String objectName) {
        return new Attributes(
                operation, type, subresource, namespace, objectName, object, oldObject, dryRun, userInfo, recorder);
    }

    /** The same request, recording into {@code requestRecorder}. */
    public Attributes recordingTo(AdmissionRecorder requestRecorder) {
        return new Attributes(
                operation, type, subresource, namespace, name, object, oldObject, dryRun, userInfo, requestRecorder);
    }

    /** Whether this is about {@code group}/{@code plural} itself, not one of its subresources. */
    public boolean isFor(String group, String plural) {
        return subresource.isEmpty()
                && type.group().equals(group)
                && type.plural().equals(plural);
    }
}
