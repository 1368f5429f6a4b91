package io.skiff.component.events;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectReference;

/** References to objects as Events carry them (client-go's reference.GetReference). */
final class ObjectReferences {

    private ObjectReferences() {}

    /** kind, apiVersion, name, namespace, uid and resourceVersion of the object. */
    static ObjectReference of(HasMetadata object) {
        ObjectMeta metadata = object.getMetadata();
        if (metadata == null || isBlank(metadata.getName())) {
            throw new IllegalArgumentException("cannot refer to an object without metadata.name");
        }
        ObjectReference reference = new ObjectReference();
        reference.setKind(orElse(object.getKind(), HasMetadata.getKind(object.getClass())));
        reference.setApiVersion(orElse(object.getApiVersion(), HasMetadata.getApiVersion(object.getClass())));
        reference.setName(metadata.getName());
        reference.setNamespace(metadata.getNamespace());
        reference.setUid(metadata.getUid());
        reference.setResourceVersion(metadata.getResourceVersion());
        return check(reference);
    }

    /** A copy of the caller's reference, so later changes to it do not reach queued events. */
    static ObjectReference copyOf(ObjectReference reference) {
        ObjectReference copy = new ObjectReference(
                reference.getApiVersion(),
                reference.getFieldPath(),
                reference.getKind(),
                reference.getName(),
                reference.getNamespace(),
                reference.getResourceVersion(),
                reference.getUid());
        return check(copy);
    }

    private static ObjectReference check(ObjectReference reference) {
        if (isBlank(reference.getKind())) {
            throw new IllegalArgumentException("cannot refer to an object without a kind");
        }
        if (isBlank(reference.getName())) {
            throw new IllegalArgumentException("cannot refer to an object without a name");
        }
        return reference;
    }

    private static String orElse(String value, String fallback) {
        return isBlank(value) ? fallback : value;
    }

    private static boolean isBlank(String value) {
        return value == null || value.isBlank();
    }
}
