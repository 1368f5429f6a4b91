package io.skiff.apiserver.admission.resourcequota;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.apiserver.admission.Operation;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import io.skiff.model.quota.ObjectCountQuota;
import io.skiff.model.quota.PersistentVolumeClaimQuota;
import io.skiff.model.quota.PodQuota;
import io.skiff.model.quota.QuotaEvaluator;
import io.skiff.model.quota.ServiceQuota;
import java.time.Clock;
import java.util.Map;
import java.util.Set;

/**
 * The evaluators quota admission uses (the quota registry of pkg/quota/v1/install): pods, services
 * and persistentvolumeclaims with their compute and special resources, configmaps, secrets,
 * replicationcontrollers and resourcequotas counted also under their legacy names, and {@code
 * count/<resource>.<group>} for every other kind; and which writes each one weighs (Handles).
 */
final class QuotaEvaluators {

    /** The kinds quota never looks at (DefaultIgnoredResources). */
    private static final Set<String> IGNORED = Set.of("events", "events.events.k8s.io");

    private static final Map<String, String> LEGACY_NAMES = Map.of(
            "configmaps", "configmaps",
            "secrets", "secrets",
            "replicationcontrollers", "replicationcontrollers",
            "resourcequotas", "resourcequotas");

    /** An evaluator with the object conversion it needs. */
    record Evaluator<T extends HasMetadata>(QuotaEvaluator<T> quota, Class<T> kind) {

        T convert(ObjectNode object) {
            return KubeJson.mapper().convertValue(object, kind);
        }
    }

    private final Evaluator<Pod> pods;
    private final Evaluator<Service> services = new Evaluator<>(new ServiceQuota(), Service.class);
    private final Evaluator<PersistentVolumeClaim> claims =
            new Evaluator<>(new PersistentVolumeClaimQuota(), PersistentVolumeClaim.class);

    QuotaEvaluators(Clock clock) {
        this.pods = new Evaluator<>(new PodQuota(clock), Pod.class);
    }

    /** quota's name for a group-resource: "pods", "deployments.apps". */
    static String groupResource(ResourceType type) {
        return type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
    }

    boolean ignores(ResourceType type) {
        return IGNORED.contains(groupResource(type));
    }

    /**
     * The evaluator for the kind if it weighs this write: pods on create (their resources cannot
     * change later), services and claims on create and update (type, ports and size can), every
     * object count on create only.
     */
    Evaluator<?> forWrite(ResourceType type, Operation operation) {
        String groupResource = groupResource(type);
        return switch (groupResource) {
            case "pods" -> operation == Operation.CREATE ? pods : null;
            case "services" -> operation == Operation.CREATE || operation == Operation.UPDATE ? services : null;
            case "persistentvolumeclaims" ->
                operation == Operation.CREATE || operation == Operation.UPDATE ? claims : null;
            default ->
                operation == Operation.CREATE
                        ? new Evaluator<>(
                                new ObjectCountQuota<>(groupResource, LEGACY_NAMES.get(groupResource)),
                                GenericKubernetesResource.class)
                        : null;
        };
    }
}
