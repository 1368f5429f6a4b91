package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.client.KubeClient;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * {@link ScaleReader} through the API server. The kind is looked up in the built-in catalog, then
 * in discovery (custom resources); Skiff's /scale reports the object's spec.replicas, so the object
 * itself is read.
 */
final class ClientScaleReader implements ScaleReader {

    private final KubeClient client;
    private final Duration timeout;

    ClientScaleReader(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Optional<WorkloadScale> scaleOf(OwnerReference ref, String namespace) {
        ResourceType type = resolve(ref);
        if (!type.hasSubresource("scale")) {
            throw new IllegalStateException(type.groupResource() + " does not implement the scale subresource");
        }
        GenericKubernetesResource object =
                client.resources(type).find(namespace, ref.getName()).block(timeout);
        if (object == null || !object.getMetadata().getUid().equals(ref.getUid())) {
            return Optional.empty();
        }
        return Optional.of(new WorkloadScale(object.getMetadata().getUid(), specReplicas(object)));
    }

    private ResourceType resolve(OwnerReference ref) {
        String group = GroupVersions.group(ref.getApiVersion());
        String version = GroupVersions.version(ref.getApiVersion());
        Optional<ResourceType> builtin = client.catalog().byKind(ref.getApiVersion(), ref.getKind());
        if (builtin.isPresent()) {
            return builtin.get();
        }
        APIResourceList served;
        try {
            served = client.discovery().resources(ref.getApiVersion()).block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
            served = null;
        }
        List<APIResource> resources =
                served == null || served.getResources() == null ? List.of() : served.getResources();
        return resources.stream()
                .filter(r -> !r.getName().contains("/") && ref.getKind().equals(r.getKind()))
                .findFirst()
                .map(r -> new ResourceType(
                        group,
                        version,
                        r.getKind(),
                        r.getName(),
                        r.getSingularName() == null ? "" : r.getSingularName(),
                        List.of(),
                        Boolean.TRUE.equals(r.getNamespaced()),
                        r.getVerbs() == null ? List.of() : r.getVerbs(),
                        List.of(),
                        resources.stream()
                                .filter(s -> s.getName().equals(r.getName() + "/scale"))
                                .map(s -> "scale")
                                .toList(),
                        Set.of()))
                .orElseThrow(() -> new IllegalStateException(String.format(
                        "no matches for kind \"%s\" in version \"%s\"", ref.getKind(), ref.getApiVersion())));
    }

    private static int specReplicas(GenericKubernetesResource object) {
        Object spec = object.getAdditionalProperties().get("spec");
        if (spec instanceof Map<?, ?> fields && fields.get("replicas") instanceof Number replicas) {
            return replicas.intValue();
        }
        return 0;
    }
}
