package io.skiff.component.client;

import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * What the API server serves, read from its (unaggregated) discovery documents: /api, /apis and
 * one APIResourceList per group-version, as client-go's discovery client reads them.
 */
public final class DiscoveryClient {

    private final ApiTransport transport;

    DiscoveryClient(ApiTransport transport) {
        this.transport = transport;
    }

    /** The core group's versions (GET /api). */
    public Mono<APIVersions> coreVersions() {
        return read("/api", APIVersions.class);
    }

    /** The named groups with their versions and preferred version (GET /apis). */
    public Mono<APIGroupList> groups() {
        return read("/apis", APIGroupList.class);
    }

    /** The resources of one group-version ("v1", "apps/v1"). */
    public Mono<APIResourceList> resources(String groupVersion) {
        String path = groupVersion.contains("/") ? "/apis/" + groupVersion : "/api/" + groupVersion;
        return read(path, APIResourceList.class);
    }

    /**
     * Every resource the server serves, each in its group's preferred version (or, if the preferred
     * version lacks it, the first other version that has it), grouped by group-version, as
     * client-go's ServerPreferredResources returns them. A group-version whose list cannot be read
     * is left out and reported in {@link PreferredResources#failed()}; a failure to read /api or
     * /apis fails the whole call.
     */
    public Mono<PreferredResources> preferredResources() {
        return Mono.zip(coreVersions(), groups()).flatMap(both -> {
            List<APIGroup> groups = new ArrayList<>();
            APIGroup core = new APIGroup();
            core.setName("");
            List<GroupVersionForDiscovery> coreVersions = both.getT1().getVersions().stream()
                    .map(version -> new GroupVersionForDiscovery(version, version))
                    .toList();
            core.setVersions(coreVersions);
            core.setPreferredVersion(coreVersions.isEmpty() ? null : coreVersions.get(0));
            groups.add(core);
            if (both.getT2().getGroups() != null) {
                groups.addAll(both.getT2().getGroups());
            }
            List<String> groupVersions = groups.stream()
                    .flatMap(group -> orderedVersions(group).stream())
                    .toList();
            Map<String, APIResourceList> lists = new LinkedHashMap<>();
            Map<String, Throwable> failed = new TreeMap<>();
            return Flux.fromIterable(groupVersions)
                    .concatMap(gv -> resources(gv)
                            .doOnNext(list -> lists.put(gv, list))
                            .onErrorResume(error -> {
                                failed.put(gv, error);
                                return Mono.empty();
                            }))
                    .then(Mono.fromSupplier(() -> new PreferredResources(preferred(groups, lists), failed)));
        });
    }

    /** The preferred version first, then the others in the server's order. */
    private static List<String> orderedVersions(APIGroup group) {
        List<String> ordered = new ArrayList<>();
        if (group.getPreferredVersion() != null) {
            ordered.add(group.getPreferredVersion().getGroupVersion());
        }
        if (group.getVersions() != null) {
            for (GroupVersionForDiscovery version : group.getVersions()) {
                if (!ordered.contains(version.getGroupVersion())) {
                    ordered.add(version.getGroupVersion());
                }
            }
        }
        return ordered;
    }

    private static List<APIResourceList> preferred(List<APIGroup> groups, Map<String, APIResourceList> lists) {
        List<APIResourceList> result = new ArrayList<>();
        for (APIGroup group : groups) {
            Set<String> seen = new HashSet<>();
            for (String groupVersion : orderedVersions(group)) {
                APIResourceList list = lists.get(groupVersion);
                if (list == null || list.getResources() == null) {
                    continue;
                }
                List<APIResource> kept = new ArrayList<>();
                for (APIResource resource : list.getResources()) {
                    if (seen.add(resource.getName())) {
                        kept.add(resource);
                    }
                }
                if (!kept.isEmpty()) {
                    APIResourceList preferredList = new APIResourceList();
                    preferredList.setGroupVersion(groupVersion);
                    preferredList.setResources(kept);
                    result.add(preferredList);
                }
            }
        }
        return result;
    }

    private <R> Mono<R> read(String path, Class<R> type) {
        return transport.exchange(ApiRequest.read(path, new ApiRequest.Query())).map(json -> {
            try {
                return KubeJson.mapper().readValue(json, type);
            } catch (IOException e) {
                throw new UncheckedIOException(
                        "cannot read " + type.getSimpleName() + " from the API server's " + path, e);
            }
        });
    }

    /**
     * Resources per group-version, and the group-versions whose lists could not be read.
     *
     * @param resources one list per group-version, subresources ("pods/status") included
     * @param failed by group-version ("v1", "apps/v1"), why its list could not be read
     */
    public record PreferredResources(List<APIResourceList> resources, Map<String, Throwable> failed) {

        public PreferredResources {
            resources = List.copyOf(resources);
            failed = Map.copyOf(failed);
        }

        public boolean complete() {
            return failed.isEmpty();
        }

        /**
         * client-go's ErrGroupDiscoveryFailed message: "unable to retrieve the complete list of
         * server APIs: apps/v1: &lt;error&gt;, ...", sorted.
         */
        public String failureMessage() {
            return "unable to retrieve the complete list of server APIs: "
                    + new TreeMap<>(failed)
                            .entrySet().stream()
                                    .map(e -> e.getKey() + ": " + e.getValue().getMessage())
                                    .collect(Collectors.joining(", "));
        }
    }
}
