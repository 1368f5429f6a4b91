package io.skiff.controllermanager.resourcequota;

import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.ResourceQuota;
import io.skiff.component.client.DiscoveryClient;
import io.skiff.component.client.KubeClient;
import io.skiff.component.client.ListOptions;
import io.skiff.model.catalog.ResourceType;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * The resource quota controller's calls to the API server: its status write, and the counting of
 * kinds no informer here watches. Those are found in the built-in catalog, then in discovery
 * (custom resources), and must be quotable as the quota monitor requires: namespaced, with create,
 * list, watch and delete.
 */
final class ClientQuotaApi implements QuotaStatusWriter, ObjectCounter {

    private static final Set<String> QUOTABLE_VERBS = Set.of("create", "list", "watch", "delete");

    /** How long discovery is trusted, as the quota monitor rediscovers resources every 30 s. */
    private static final Duration DISCOVERY_TTL = Duration.ofSeconds(30);

    private final KubeClient client;
    private final Duration timeout;
    private DiscoveryClient.PreferredResources discovery;
    private long discoveredAtNanos;

    ClientQuotaApi(KubeClient client, Duration timeout) {
        this.client = client;
        this.timeout = timeout;
    }

    @Override
    public Mono<ResourceQuota> updateStatus(ResourceQuota quota) {
        return client.resources(ResourceQuota.class).updateStatus(quota);
    }

    @Override
    public OptionalLong count(String groupResource, String namespace) {
        Optional<ResourceType> type =
                client.catalog().byGroupResource(groupResource).or(() -> discovered(groupResource));
        if (type.isEmpty() || !type.get().namespaced() || !type.get().verbs().containsAll(QUOTABLE_VERBS)) {
            return OptionalLong.empty();
        }
        List<?> items = client.resources(type.get())
                .listAll(namespace, ListOptions.all())
                .block(timeout)
                .items();
        return OptionalLong.of(items.size());
    }

    private synchronized DiscoveryClient.PreferredResources preferredResources() {
        if (discovery == null || System.nanoTime() - discoveredAtNanos > DISCOVERY_TTL.toNanos()) {
            discovery = client.discovery().preferredResources().block(timeout);
            discoveredAtNanos = System.nanoTime();
        }
        return discovery;
    }

    /** A served kind the built-in catalog does not know, in its group's preferred version. */
    private Optional<ResourceType> discovered(String groupResource) {
        int dot = groupResource.indexOf('.');
        String plural = dot < 0 ? groupResource : groupResource.substring(0, dot);
        String group = dot < 0 ? "" : groupResource.substring(dot + 1);
        DiscoveryClient.PreferredResources preferred = preferredResources();
        if (preferred == null) {
            return Optional.empty();
        }
        for (APIResourceList list : preferred.resources()) {
            String groupVersion = list.getGroupVersion();
            int slash = groupVersion.indexOf('/');
            String listGroup = slash < 0 ? "" : groupVersion.substring(0, slash);
            String version = slash < 0 ? groupVersion : groupVersion.substring(slash + 1);
            if (!listGroup.equals(group) || list.getResources() == null) {
                continue;
            }
            for (APIResource resource : list.getResources()) {
                if (resource.getName().equals(plural)) {
                    return Optional.of(new ResourceType(
                            group,
                            version,
                            resource.getKind(),
                            plural,
                            resource.getSingularName() == null ? "" : resource.getSingularName(),
                            List.of(),
                            Boolean.TRUE.equals(resource.getNamespaced()),
                            resource.getVerbs() == null ? List.of() : resource.getVerbs(),
                            List.of(),
                            List.of(),
                            Set.of()));
                }
            }
        }
        return Optional.empty();
    }
}
