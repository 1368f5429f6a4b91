package io.skiff.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.testing.ApiServerInstance;
import io.skiff.apiserver.testing.KubeHttp;
import io.skiff.apiserver.testing.TestPostgres;
import io.skiff.model.json.KubeJson;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Discovery entries compared with what kube-apiserver 1.32 returns for the same resources
 * (written down from a 1.32 cluster's discovery; storageVersionHash left out,
 * as Skiff does not publish it and kubectl does not need it).
 */
class DiscoveryGoldenTest {

    private static ApiServerInstance server;
    private static KubeHttp http;

    @BeforeAll
    static void start() {
        server = ApiServerInstance.onDatabase(TestPostgres.newDatabase());
        http = new KubeHttp(server.baseUrl());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static Stream<Arguments> kubernetes132() {
        String crud = "[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]";
        return Stream.of(
                Arguments.of(
                        "/api/v1",
                        "pods",
                        "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":"
                                + crud + ",\"shortNames\":[\"po\"],\"categories\":[\"all\"]}"),
                Arguments.of(
                        "/api/v1",
                        "pods/status",
                        "{\"name\":\"pods/status\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\",\"patch\",\"update\"]}"),
                Arguments.of(
                        "/api/v1",
                        "pods/binding",
                        "{\"name\":\"pods/binding\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Binding\",\"verbs\":[\"create\"]}"),
                Arguments.of(
                        "/api/v1",
                        "pods/eviction",
                        "{\"name\":\"pods/eviction\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"policy\",\"version\":\"v1\",\"kind\":\"Eviction\",\"verbs\":[\"create\"]}"),
                Arguments.of(
                        "/api/v1",
                        "pods/log",
                        "{\"name\":\"pods/log\",\"singularName\":\"\",\"namespaced\":true,\"kind\":\"Pod\",\"verbs\":[\"get\"]}"),
                Arguments.of(
                        "/api/v1",
                        "namespaces",
                        "{\"name\":\"namespaces\",\"singularName\":\"namespace\",\"namespaced\":false,\"kind\":\"Namespace\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"],\"shortNames\":[\"ns\"]}"),
                Arguments.of(
                        "/api/v1",
                        "configmaps",
                        "{\"name\":\"configmaps\",\"singularName\":\"configmap\",\"namespaced\":true,\"kind\":\"ConfigMap\",\"verbs\":"
                                + crud + ",\"shortNames\":[\"cm\"]}"),
                Arguments.of(
                        "/apis/apps/v1",
                        "deployments",
                        "{\"name\":\"deployments\",\"singularName\":\"deployment\",\"namespaced\":true,\"kind\":\"Deployment\",\"verbs\":"
                                + crud + ",\"shortNames\":[\"deploy\"],\"categories\":[\"all\"]}"),
                Arguments.of(
                        "/api/v1",
                        "serviceaccounts/token",
                        "{\"name\":\"serviceaccounts/token\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"authentication.k8s.io\",\"version\":\"v1\",\"kind\":\"TokenRequest\",\"verbs\":[\"create\"]}"),
                Arguments.of(
                        "/apis/authentication.k8s.io/v1",
                        "tokenreviews",
                        "{\"name\":\"tokenreviews\",\"singularName\":\"tokenreview\",\"namespaced\":false,\"kind\":\"TokenReview\",\"verbs\":[\"create\"]}"),
                Arguments.of(
                        "/apis/authorization.k8s.io/v1",
                        "localsubjectaccessreviews",
                        "{\"name\":\"localsubjectaccessreviews\",\"singularName\":\"localsubjectaccessreview\",\"namespaced\":true,\"kind\":\"LocalSubjectAccessReview\",\"verbs\":[\"create\"]}"),
                Arguments.of(
                        "/apis/flowcontrol.apiserver.k8s.io/v1",
                        "flowschemas",
                        "{\"name\":\"flowschemas\",\"singularName\":\"flowschema\",\"namespaced\":false,\"kind\":\"FlowSchema\",\"verbs\":"
                                + crud + "}"),
                Arguments.of(
                        "/apis/flowcontrol.apiserver.k8s.io/v1",
                        "prioritylevelconfigurations/status",
                        "{\"name\":\"prioritylevelconfigurations/status\",\"singularName\":\"\",\"namespaced\":false,\"kind\":\"PriorityLevelConfiguration\",\"verbs\":[\"get\",\"patch\",\"update\"]}"),
                Arguments.of(
                        "/apis/apps/v1",
                        "deployments/scale",
                        "{\"name\":\"deployments/scale\",\"singularName\":\"\",\"namespaced\":true,\"group\":\"autoscaling\",\"version\":\"v1\",\"kind\":\"Scale\",\"verbs\":[\"get\",\"patch\",\"update\"]}"));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("kubernetes132")
    void entriesMatchKubernetes(String groupVersion, String name, String expected) throws Exception {
        JsonNode list = http.get(groupVersion).body();
        JsonNode entry = null;
        for (JsonNode resource : list.path("resources")) {
            if (resource.path("name").asText().equals(name)) {
                entry = resource.deepCopy();
            }
        }
        assertThat(entry).as("%s in %s", name, groupVersion).isNotNull();
        ((ObjectNode) entry).remove("storageVersionHash");
        assertThat(entry).isEqualTo(KubeJson.mapper().readTree(expected));
    }
}
