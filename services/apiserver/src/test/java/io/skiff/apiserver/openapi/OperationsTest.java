package io.skiff.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class OperationsTest {

    @ParameterizedTest(name = "{0} {1} is {2} ({3})")
    @CsvSource({
        "api/v1, /api/v1/namespaces/{namespace}/pods, get, listCoreV1NamespacedPod, list",
        "api/v1, /api/v1/namespaces/{namespace}/pods, post, createCoreV1NamespacedPod, post",
        "api/v1, /api/v1/namespaces/{namespace}/pods, delete, deleteCoreV1CollectionNamespacedPod, deletecollection",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}, get, readCoreV1NamespacedPod, get",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}, put, replaceCoreV1NamespacedPod, put",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}, patch, patchCoreV1NamespacedPod, patch",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}, delete, deleteCoreV1NamespacedPod, delete",
        "api/v1, /api/v1/pods, get, listCoreV1PodForAllNamespaces, list",
        "api/v1, /api/v1/watch/namespaces/{namespace}/pods, get, watchCoreV1NamespacedPodList, watchlist",
        "api/v1, /api/v1/watch/namespaces/{namespace}/pods/{name}, get, watchCoreV1NamespacedPod, watch",
        "api/v1, /api/v1/watch/pods, get, watchCoreV1PodListForAllNamespaces, watchlist",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}/status, patch, patchCoreV1NamespacedPodStatus, patch",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}/log, get, readCoreV1NamespacedPodLog, get",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}/exec, post, connectCoreV1PostNamespacedPodExec, connect",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}/binding, post, createCoreV1NamespacedPodBinding, post",
        "api/v1, /api/v1/namespaces/{namespace}/pods/{name}/eviction, post, createCoreV1NamespacedPodEviction, post",
        "api/v1, /api/v1/nodes, get, listCoreV1Node, list",
        "api/v1, /api/v1/nodes/{name}/status, put, replaceCoreV1NodeStatus, put",
        "api/v1, /api/v1/namespaces/{name}/finalize, put, replaceCoreV1NamespaceFinalize, put",
        "apis/apps/v1, /apis/apps/v1/namespaces/{namespace}/deployments/{name}, patch, patchAppsV1NamespacedDeployment, patch",
        "apis/apps/v1, /apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale, put, replaceAppsV1NamespacedDeploymentScale, put",
        "apis/rbac.authorization.k8s.io/v1, /apis/rbac.authorization.k8s.io/v1/clusterroles, get, listRbacAuthorizationV1ClusterRole, list",
        "apis/networking.k8s.io/v1, /apis/networking.k8s.io/v1/ingresses, get, listNetworkingV1IngressForAllNamespaces, list",
        "apis/coordination.k8s.io/v1, /apis/coordination.k8s.io/v1/namespaces/{namespace}/leases/{name}, patch, patchCoordinationV1NamespacedLease, patch",
    })
    void operationsAreNamedAsKubernetesNamesThem(
            String document, String path, String method, String operationId, String action) {
        JsonNode operation = Documents.v3(document).path("paths").path(path).path(method);

        assertThat(operation.path("operationId").asText()).isEqualTo(operationId);
        assertThat(operation.path("x-kubernetes-action").asText()).isEqualTo(action);
    }

    @Test
    void operationsCarryTheKindTheyActOnAndTheirGroupVersionTag() {
        JsonNode paths = Documents.v3("apis/apps/v1").path("paths");
        JsonNode patch = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}")
                .path("patch");
        JsonNode scale = paths.path("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale")
                .path("get");

        assertThat(patch.path("x-kubernetes-group-version-kind"))
                .hasToString("{\"group\":\"apps\",\"kind\":\"Deployment\",\"version\":\"v1\"}");
        assertThat(patch.path("tags")).hasToString("[\"apps_v1\"]");
        assertThat(scale.path("x-kubernetes-group-version-kind"))
                .hasToString("{\"group\":\"autoscaling\",\"kind\":\"Scale\",\"version\":\"v1\"}");
    }

    /** As kubectl's query_param_verifier_v3 looks: parameters on the PATCH operation itself. */
    @Test
    void everyPatchOperationDeclaresFieldValidation() {
        for (String document : Documents.servedPaths()) {
            for (Map.Entry<String, JsonNode> operation : Documents.operations(Documents.v3(document))) {
                if (operation.getValue().path("x-kubernetes-action").asText().equals("patch")) {
                    assertThat(queryParameters(operation.getValue()))
                            .as(operation.getKey())
                            .contains("fieldValidation", "dryRun", "fieldManager", "force");
                }
            }
        }
    }

    /** kubectl --validate=strict: the first PATCH tagged with the kind must take fieldValidation. */
    @Test
    void kubectlFindsServerSideFieldValidationForEveryKind() {
        for (ResourceType type : Documents.CATALOG.all()) {
            JsonNode document = Documents.v3(type.groupVersionPath().substring(1));
            List<JsonNode> patches = patchesOf(document, type.group(), type.version(), type.kind());

            assertThat(patches).as(type.kind()).isNotEmpty();
            assertThat(patches)
                    .allSatisfy(patch -> assertThat(queryParameters(patch)).contains("fieldValidation"));
        }
    }

    /**
     * kubectl apply computes its strategic merge patch from the schema tagged with the kind when the
     * PATCH lists strategic merge patch; without patch metadata in the schemas it must fall back to
     * its own, so the PATCH lists every other patch type only. The schema is still found.
     */
    @Test
    void kubectlComputesStrategicMergePatchesFromItsOwnPatchMetadata() {
        for (ResourceType type : Documents.CATALOG.all()) {
            JsonNode document = Documents.v3(type.groupVersionPath().substring(1));

            assertThat(patchesOf(document, type.group(), type.version(), type.kind()))
                    .allSatisfy(patch -> assertThat(
                                    patch.path("requestBody").path("content").fieldNames())
                            .toIterable()
                            .containsExactlyInAnyOrder(
                                    "application/apply-patch+yaml",
                                    "application/json-patch+json",
                                    "application/merge-patch+json"));
            assertThat(schemasOf(document, type.group(), type.version(), type.kind()))
                    .as(type.kind())
                    .hasSize(1);
        }
        assertThat(Documents.v2().toString()).doesNotContain("strategic-merge-patch");
    }

    @Test
    void listsTakeTheListOptionsAndWritesTheWriteOptions() {
        JsonNode path = Documents.v3("api/v1").path("paths").path("/api/v1/namespaces/{namespace}/pods");

        assertThat(names(path.path("parameters"))).containsExactly("namespace", "pretty");
        assertThat(names(path.path("get").path("parameters")))
                .containsExactly(
                        "allowWatchBookmarks",
                        "continue",
                        "fieldSelector",
                        "labelSelector",
                        "limit",
                        "resourceVersion",
                        "resourceVersionMatch",
                        "sendInitialEvents",
                        "timeoutSeconds",
                        "watch");
        assertThat(names(path.path("post").path("parameters")))
                .containsExactly("dryRun", "fieldManager", "fieldValidation");
        assertThat(path.path("post").path("requestBody").path("required").asBoolean())
                .isTrue();
        assertThat(path.path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .has("application/json;stream=watch"))
                .isTrue();
    }

    @Test
    void pathsServedByOneOperationDeclareTheirParametersOnThePath() {
        JsonNode path = Documents.v3("api/v1").path("paths").path("/api/v1/pods");

        assertThat(names(path.path("parameters"))).contains("labelSelector", "watch", "pretty");
        assertThat(path.path("get").has("parameters")).isFalse();
        assertThat(path.path("parameters").findValuesAsText("type")).contains("boolean", "integer", "string");
    }

    @Test
    void onlyTheVerbsAResourceServesAreDocumented() {
        JsonNode paths = Documents.v3("api/v1").path("paths");

        assertThat(paths.path("/api/v1/namespaces").has("delete")).isFalse();
        assertThat(paths.path("/api/v1/namespaces").has("post")).isTrue();
        assertThat(paths.path("/api/v1/nodes").has("delete")).isTrue();
    }

    @Test
    void deletesAnswerWithWhatTheServerReturns() {
        JsonNode paths = Documents.v3("api/v1").path("paths");

        assertThat(responseRef(
                        paths.path("/api/v1/namespaces/{namespace}/pods/{name}").path("delete")))
                .endsWith("io.k8s.api.core.v1.Pod");
        assertThat(responseRef(paths.path("/api/v1/namespaces/{namespace}/configmaps/{name}")
                        .path("delete")))
                .endsWith("meta.v1.Status");
        assertThat(paths.path("/api/v1/namespaces/{namespace}/configmaps/{name}")
                        .path("delete")
                        .path("requestBody")
                        .path("content")
                        .path("*/*")
                        .path("schema")
                        .path("$ref")
                        .asText())
                .endsWith("meta.v1.DeleteOptions");
    }

    @Test
    void podLogsAndExecAnswerWithText() {
        JsonNode paths = Documents.v3("api/v1").path("paths");
        JsonNode log = paths.path("/api/v1/namespaces/{namespace}/pods/{name}/log");
        JsonNode exec = paths.path("/api/v1/namespaces/{namespace}/pods/{name}/exec");

        assertThat(log.path("get")
                        .path("responses")
                        .path("200")
                        .path("content")
                        .path("text/plain")
                        .path("schema"))
                .hasToString("{\"type\":\"string\"}");
        assertThat(names(log.path("parameters"))).contains("container", "follow", "tailLines", "timestamps");
        assertThat(names(exec.path("parameters"))).contains("command", "container", "stdin", "tty");
        assertThat(exec.path("get")
                        .path("x-kubernetes-group-version-kind")
                        .path("kind")
                        .asText())
                .isEqualTo("PodExecOptions");
    }

    @Test
    void kindsFabric8DoesNotModelGetASchemaCheckingOnlyTheirMetadata() {
        ResourceType cronTabs = new ResourceType(
                "stable.example.com",
                "v1",
                "CronTab",
                "crontabs",
                "crontab",
                List.of("ct"),
                true,
                List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch"),
                List.of(),
                List.of("status"),
                Set.of());
        OpenApiDocuments documents = new OpenApiDocuments(new ResourceCatalog(List.of(cronTabs)));
        JsonNode document = Documents.parse(
                documents.v3GroupVersion("apis/stable.example.com/v1").orElseThrow());
        List<JsonNode> patches = patchesOf(document, "stable.example.com", "v1", "CronTab");
        JsonNode schema = Documents.schema(document, "com.example.stable.v1.CronTab");

        assertThat(patches)
                .hasSize(2)
                .allSatisfy(patch -> assertThat(queryParameters(patch)).contains("fieldValidation"));
        assertThat(schema.path("x-kubernetes-preserve-unknown-fields").asBoolean())
                .isTrue();
        assertThat(schema.path("properties").path("metadata").path("$ref").asText())
                .endsWith("meta.v1.ObjectMeta");
        assertThat(schemasOf(document, "stable.example.com", "v1", "CronTabList"))
                .containsExactly("com.example.stable.v1.CronTabList");
    }

    private static List<JsonNode> patchesOf(JsonNode document, String group, String version, String kind) {
        List<JsonNode> patches = new ArrayList<>();
        for (Map.Entry<String, JsonNode> operation : Documents.operations(document)) {
            JsonNode gvk = operation.getValue().path("x-kubernetes-group-version-kind");
            if (operation.getValue().path("x-kubernetes-action").asText().equals("patch")
                    && gvk.path("group").asText().equals(group)
                    && gvk.path("version").asText().equals(version)
                    && gvk.path("kind").asText().equals(kind)) {
                patches.add(operation.getValue());
            }
        }
        return patches;
    }

    private static List<String> schemasOf(JsonNode document, String group, String version, String kind) {
        List<String> names = new ArrayList<>();
        document.path("components").path("schemas").fields().forEachRemaining(schema -> {
            for (JsonNode gvk : schema.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asText().equals(group)
                        && gvk.path("version").asText().equals(version)
                        && gvk.path("kind").asText().equals(kind)) {
                    names.add(schema.getKey());
                }
            }
        });
        return names;
    }

    private static List<String> queryParameters(JsonNode operation) {
        List<String> names = new ArrayList<>();
        for (JsonNode parameter : operation.path("parameters")) {
            if (parameter.path("in").asText().equals("query")) {
                names.add(parameter.path("name").asText());
            }
        }
        return names;
    }

    private static List<String> names(JsonNode parameters) {
        List<String> names = new ArrayList<>();
        parameters.forEach(p -> names.add(p.path("name").asText()));
        return names;
    }

    private static String responseRef(JsonNode operation) {
        return operation
                .path("responses")
                .path("200")
                .path("content")
                .path("application/json")
                .path("schema")
                .path("$ref")
                .asText();
    }
}
