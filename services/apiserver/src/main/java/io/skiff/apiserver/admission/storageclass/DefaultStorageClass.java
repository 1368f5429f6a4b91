package io.skiff.apiserver.admission.storageclass;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.AdmissionReads;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.admission.MutatingAdmission;
import io.skiff.apiserver.admission.Operation;
import io.skiff.apiserver.admission.Resources;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.Optional;

/**
 * Kubernetes' DefaultStorageClass plugin: a new PersistentVolumeClaim that asks for no class (no
 * {@code spec.storageClassName}, not even an empty one, and no beta class annotation) gets the
 * cluster's default StorageClass. Should several be marked default, the newest wins, then the first
 * by name, as in current Kubernetes.
 */
public final class DefaultStorageClass implements MutatingAdmission {

    public static final String NAME = "DefaultStorageClass";

    static final String DEFAULT_ANNOTATION = "storageclass.kubernetes.io/is-default-class";
    static final String BETA_DEFAULT_ANNOTATION = "storageclass.beta.kubernetes.io/is-default-class";
    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private static final Comparator<ObjectNode> NEWEST_FIRST = Comparator.comparing(
                    DefaultStorageClass::created, Comparator.reverseOrder())
            .thenComparing(c -> c.path("metadata").path("name").asText(""));

    private final AdmissionReads reads;

    public DefaultStorageClass(AdmissionReads reads) {
        this.reads = reads;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public boolean handles(Operation operation) {
        return operation == Operation.CREATE;
    }

    @Override
    public void admit(Attributes a) {
        if (!a.isFor("", "persistentvolumeclaims") || hasClass(a.object())) {
            return;
        }
        defaultClass().ifPresent(storageClass -> {
            JsonNode spec = a.object().get("spec");
            ObjectNode specNode =
                    spec instanceof ObjectNode node ? node : a.object().putObject("spec");
            specNode.put(
                    "storageClassName",
                    storageClass.path("metadata").path("name").asText());
        });
    }

    /** PersistentVolumeClaimHasClass: the beta annotation, or storageClassName set, even empty. */
    private static boolean hasClass(ObjectNode claim) {
        if (claim.path("metadata").path("annotations").has(BETA_CLASS_ANNOTATION)) {
            return true;
        }
        JsonNode className = claim.path("spec").get("storageClassName");
        return className != null && !className.isNull();
    }

    private Optional<ObjectNode> defaultClass() {
        return reads.list(Resources.STORAGE_CLASSES, null).stream()
                .filter(DefaultStorageClass::isDefault)
                .min(NEWEST_FIRST);
    }

    private static boolean isDefault(ObjectNode storageClass) {
        JsonNode annotations = storageClass.path("metadata").path("annotations");
        return annotations.path(DEFAULT_ANNOTATION).asText("").equals("true")
                || annotations.path(BETA_DEFAULT_ANNOTATION).asText("").equals("true");
    }

    private static Instant created(ObjectNode object) {
        try {
            return Instant.parse(
                    object.path("metadata").path("creationTimestamp").asText(""));
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
