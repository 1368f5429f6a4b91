package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.catalog.ResourceType;
import java.time.Clock;
import java.util.Set;

/**
 * What Kubernetes' registry strategies do to an object on create (PrepareForCreate and the
 * type-specific storage hooks around it): status reset to what a new object has (a Pod becomes
 * {phase: Pending, qosClass: ...}, a Namespace {phase: Active}), generation 1 for kinds that track
 * it, generated fields such as a Job's selector or a Namespace's kubernetes finalizer.
 *
 * <p>Objects are then defaulted again, as Kubernetes does when it reads the stored object back, so
 * the result is what a client sees after create. Expects metadata.name and metadata.uid to be set:
 * Kubernetes fills them before its strategies run.
 */
public final class CreateStrategies {

    /** API groups served by Kubernetes itself; kinds of any other group are custom resources. */
    private static final Set<String> BUILTIN_GROUPS = Set.of(
            "",
            "admissionregistration.k8s.io",
            "apiextensions.k8s.io",
            "apiregistration.k8s.io",
            "apps",
            "authentication.k8s.io",
            "authorization.k8s.io",
            "autoscaling",
            "batch",
            "certificates.k8s.io",
            "coordination.k8s.io",
            "discovery.k8s.io",
            "events.k8s.io",
            "flowcontrol.apiserver.k8s.io",
            "internal.apiserver.k8s.io",
            "networking.k8s.io",
            "node.k8s.io",
            "policy",
            "rbac.authorization.k8s.io",
            "resource.k8s.io",
            "scheduling.k8s.io",
            "storage.k8s.io",
            "storagemigration.k8s.io");

    private static final String TEMPLATE_GENERATION_ANNOTATION = "deprecated.daemonset.template.generation";

    private final KindTable table;
    private final ObjectDefaulting defaulting;

    private CreateStrategies(KindTable table, ObjectDefaulting defaulting) {
        this.table = table;
        this.defaulting = defaulting;
    }

    public static CreateStrategies builtin() {
        return builtin(Clock.systemUTC());
    }

    /** With the clock that stamps creation-time timestamps (a PersistentVolume's phase transition). */
    public static CreateStrategies builtin(Clock clock) {
        ObjectMutator newStatus = CreateStrategies::newStatus;
        ObjectMutator firstGeneration = CreateStrategies::firstGeneration;
        ObjectMutator newWorkload = newStatus.andThen(firstGeneration);
        KindTable table = new KindTable()
                .add("v1", "Pod", PodCreation::prepare)
                .add("v1", "Service", ServiceCreation::prepare)
                .add("v1", "Namespace", CoreCreation::namespace)
                .add("v1", "ReplicationController", newWorkload)
                .add("v1", "PodTemplate", firstGeneration)
                .add("v1", "PersistentVolume", volume -> CoreCreation.persistentVolume(volume, clock))
                .add("v1", "PersistentVolumeClaim", newStatus.andThen(CoreCreation::claimDataSources))
                .add("v1", "ResourceQuota", newStatus)
                .add("apps/v1", "Deployment", newWorkload)
                .add("apps/v1", "ReplicaSet", newWorkload)
                .add("apps/v1", "StatefulSet", newWorkload)
                .add("apps/v1", "DaemonSet", newWorkload.andThen(CreateStrategies::firstTemplateGeneration))
                .add("batch/v1", "Job", newWorkload.andThen(JobCreation::prepare))
                .add("batch/v1", "CronJob", newWorkload)
                .add("autoscaling/v1", "HorizontalPodAutoscaler", newStatus)
                .add("autoscaling/v2", "HorizontalPodAutoscaler", newStatus)
                .add("policy/v1", "PodDisruptionBudget", newWorkload)
                .add("networking.k8s.io/v1", "Ingress", newWorkload)
                .add("networking.k8s.io/v1", "IngressClass", firstGeneration)
                .add("networking.k8s.io/v1", "NetworkPolicy", firstGeneration)
                .add("discovery.k8s.io/v1", "EndpointSlice", firstGeneration)
                .add("storage.k8s.io/v1", "VolumeAttachment", newStatus)
                .add("certificates.k8s.io/v1", "CertificateSigningRequest", newStatus)
                .add("admissionregistration.k8s.io/v1", "ValidatingWebhookConfiguration", firstGeneration)
                .add("admissionregistration.k8s.io/v1", "MutatingWebhookConfiguration", firstGeneration)
                .add("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicy", newWorkload)
                .add("admissionregistration.k8s.io/v1", "ValidatingAdmissionPolicyBinding", firstGeneration)
                .add(
                        "apiextensions.k8s.io/v1",
                        "CustomResourceDefinition",
                        newWorkload.andThen(CreateStrategies::storedVersions));
        return new CreateStrategies(table, ObjectDefaulting.builtin());
    }

    /** Prepares {@code obj}, a whole new object of {@code type}, for storage, in place. */
    public void prepareForCreate(ResourceType type, ObjectNode obj) {
        ObjectMutator strategy = table.find(type);
        if (strategy != null) {
            strategy.mutate(obj);
        } else if (!BUILTIN_GROUPS.contains(type.group())) {
            customResource(type, obj);
        }
        defaulting.applyDefaults(type, obj);
    }

    /** Create cannot set status; the defaults then give it the shape of a new object's status. */
    private static void newStatus(ObjectNode obj) {
        obj.putObject("status");
    }

    private static void firstGeneration(ObjectNode obj) {
        ObjectNode metadata = Json.childOrCreate(obj, "metadata");
        if (metadata != null) {
            metadata.put("generation", 1);
        }
    }

    /** Custom resources track generation; with a status subresource, create cannot set status. */
    private static void customResource(ResourceType type, ObjectNode obj) {
        if (type.hasSubresource("status")) {
            obj.remove("status");
        }
        firstGeneration(obj);
    }

    /** apps/v1 carries the internal templateGeneration of DaemonSets in this annotation. */
    private static void firstTemplateGeneration(ObjectNode daemonSet) {
        ObjectNode annotations = Json.childOrCreate(Json.childOrCreate(daemonSet, "metadata"), "annotations");
        if (annotations != null) {
            annotations.put(TEMPLATE_GENERATION_ANNOTATION, "1");
        }
    }

    /** The storage version becomes the first stored version. */
    private static void storedVersions(ObjectNode definition) {
        ArrayNode stored = Json.child(definition, "status").putArray("storedVersions");
        for (ObjectNode version : Json.items(Json.child(definition, "spec"), "versions")) {
            if (version.path("storage").asBoolean(false)) {
                stored.add(Json.text(version, "name"));
            }
        }
    }
}
