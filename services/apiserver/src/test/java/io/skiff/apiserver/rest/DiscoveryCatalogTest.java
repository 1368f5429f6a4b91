package io.skiff.apiserver.rest;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.server.ServerResponse;
import reactor.core.publisher.Mono;

class DiscoveryCatalogTest {

    private static final ResourceCatalog STORED = ResourceCatalog.builtin();

    private static CreateOnlyResource review(String group, String kind, String plural, boolean namespaced) {
        return namespaced
                ? CreateOnlyResource.namespaced(group, kind, plural, request -> Mono.<ServerResponse>empty())
                : CreateOnlyResource.clusterScoped(group, kind, plural, request -> Mono.<ServerResponse>empty());
    }

    @Test
    void aNewGroupTakesItsPlaceInKubernetesGroupOrder() {
        ResourceCatalog discovery = DiscoveryCatalog.of(
                STORED,
                List.of(
                        review("authorization.k8s.io", "SubjectAccessReview", "subjectaccessreviews", false),
                        review("authentication.k8s.io", "TokenReview", "tokenreviews", false)));

        assertThat(List.copyOf(discovery.groupVersions().keySet()))
                .containsSubsequence("", "apps", "events.k8s.io", "authentication.k8s.io", "authorization.k8s.io")
                .containsSubsequence("authorization.k8s.io", "batch", "discovery.k8s.io");
    }

    @Test
    void aCreateOnlyResourceInAStoredGroupVersionSortsAmongItsResources() {
        ResourceCatalog discovery =
                DiscoveryCatalog.of(STORED, List.of(review("", "ComponentStatus", "componentstatuses", false)));

        List<String> core = discovery.inGroupVersion("", "v1").stream()
                .map(ResourceType::plural)
                .toList();
        assertThat(core).isSorted().contains("componentstatuses");
        assertThat(discovery.all()).containsAll(STORED.all());
    }

    @Test
    void createOnlyResourcesServeOnlyCreate() {
        CreateOnlyResource local =
                review("authorization.k8s.io", "LocalSubjectAccessReview", "localsubjectaccessreviews", true);

        assertThat(local.type().verbs()).containsExactly("create");
        assertThat(local.type().singular()).isEqualTo("localsubjectaccessreview");
        assertThat(local.path())
                .isEqualTo("/apis/authorization.k8s.io/v1/namespaces/{namespace}/localsubjectaccessreviews");
        assertThat(review("authentication.k8s.io", "TokenReview", "tokenreviews", false)
                        .path())
                .isEqualTo("/apis/authentication.k8s.io/v1/tokenreviews");
    }
}
