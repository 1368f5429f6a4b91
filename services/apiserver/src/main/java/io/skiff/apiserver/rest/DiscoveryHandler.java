package io.skiff.apiserver.rest;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.APIGroup;
import io.fabric8.kubernetes.api.model.APIGroupList;
import io.fabric8.kubernetes.api.model.APIResource;
import io.fabric8.kubernetes.api.model.APIResourceList;
import io.fabric8.kubernetes.api.model.APIVersions;
import io.fabric8.kubernetes.api.model.GroupVersionForDiscovery;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

/**
 * Discovery documents generated from the catalog and the create-only resources: /api, /apis,
 * /apis/{group} and each group-version.
 */
public final class DiscoveryHandler {

    private final ResourceCatalog catalog;
    private final AggregatedDiscovery aggregatedDiscovery;

    public DiscoveryHandler(ResourceCatalog stored, List<CreateOnlyResource> createOnly) {
        this.catalog = DiscoveryCatalog.of(stored, createOnly);
        this.aggregatedDiscovery = new AggregatedDiscovery(catalog);
    }

    public Mono<ServerResponse> coreVersions(ServerRequest request) {
        Optional<String> aggregated = AggregatedDiscovery.requestedVersion(AcceptHeader.of(request));
        if (aggregated.isPresent()) {
            return aggregated(true, aggregated.get());
        }
        APIVersions versions = new APIVersions();
        versions.setKind("APIVersions");
        versions.setVersions(List.of("v1"));
        versions.setServerAddressByClientCIDRs(List.of());
        return json(versions);
    }

    public Mono<ServerResponse> groups(ServerRequest request) {
        Optional<String> aggregated = AggregatedDiscovery.requestedVersion(AcceptHeader.of(request));
        if (aggregated.isPresent()) {
            return aggregated(false, aggregated.get());
        }
        APIGroupList list = new APIGroupList();
        list.setKind("APIGroupList");
        list.setApiVersion("v1");
        List<APIGroup> groups = new ArrayList<>();
        for (Map.Entry<String, List<String>> entry : catalog.groupVersions().entrySet()) {
            if (!entry.getKey().isEmpty()) {
                groups.add(group(entry.getKey(), entry.getValue()));
            }
        }
        list.setGroups(groups);
        return json(list);
    }

    public Mono<ServerResponse> group(ServerRequest request) {
        String name = request.pathVariable("group");
        List<String> versions = catalog.groupVersions().get(name);
        if (versions == null || name.isEmpty()) {
            return ErrorResponses.respond(ResourceHandler.notFound());
        }
        APIGroup group = group(name, versions);
        group.setKind("APIGroup");
        group.setApiVersion("v1");
        return json(group);
    }

    /** The APIResourceList of a group-version; empty when it is not served. */
    public Mono<ServerResponse> resources(String group, String version) {
        List<ResourceType> types = catalog.inGroupVersion(group, version);
        if (types.isEmpty()) {
            return ErrorResponses.respond(ResourceHandler.notFound());
        }
        APIResourceList list = new APIResourceList();
        list.setKind("APIResourceList");
        list.setApiVersion("v1");
        list.setGroupVersion(group.isEmpty() ? version : group + "/" + version);
        List<APIResource> resources = new ArrayList<>();
        for (ResourceType type : types) {
            resources.add(resource(type));
            for (String sub : type.subresources()) {
                resources.add(subresource(type, sub));
            }
        }
        list.setResources(resources);
        return json(list);
    }

    private static APIGroup group(String name, List<String> versions) {
        APIGroup group = new APIGroup();
        group.setName(name);
        List<GroupVersionForDiscovery> gvs = new ArrayList<>();
        for (String version : versions) {
            gvs.add(new GroupVersionForDiscovery(name + "/" + version, version));
        }
        group.setVersions(gvs);
        group.setPreferredVersion(gvs.get(0));
        return group;
    }

    private static APIResource resource(ResourceType type) {
        APIResource resource = new APIResource();
        resource.setName(type.plural());
        resource.setSingularName(type.singular());
        resource.setNamespaced(type.namespaced());
        resource.setKind(type.kind());
        resource.setVerbs(type.verbs());
        if (!type.shortNames().isEmpty()) {
            resource.setShortNames(type.shortNames());
        }
        if (!type.categories().isEmpty()) {
            resource.setCategories(type.categories());
        }
        return resource;
    }

    private static APIResource subresource(ResourceType type, String sub) {
        Subresources.Description description = Subresources.describe(type, sub);
        APIResource resource = new APIResource();
        resource.setName(type.plural() + "/" + sub);
        resource.setSingularName("");
        resource.setNamespaced(type.namespaced());
        if (!description.group().equals(type.group()) || !description.version().equals(type.version())) {
            resource.setGroup(description.group());
            resource.setVersion(description.version());
        }
        resource.setKind(description.kind());
        resource.setVerbs(description.verbs());
        return resource;
    }

    private Mono<ServerResponse> aggregated(boolean core, String version) {
        return ServerResponse.ok()
                .contentType(AggregatedDiscovery.contentType(version))
                .header("Vary", "Accept")
                .bodyValue(aggregatedDiscovery.list(core, version));
    }

    private static Mono<ServerResponse> json(Object body) {
        try {
            return ServerResponse.status(HttpStatus.OK)
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(KubeJson.mapper().writeValueAsBytes(body));
        } catch (JsonProcessingException e) {
            return Mono.error(e);
        }
    }
}
