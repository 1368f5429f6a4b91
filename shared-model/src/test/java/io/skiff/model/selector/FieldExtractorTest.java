package io.skiff.model.selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class FieldExtractorTest {

    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();

    static Stream<Arguments> extraction() {
        return Stream.of(
                arguments(
                        "scheduled running pod",
                        "v1",
                        "Pod",
                        """
                        {"metadata": {"name": "web-1", "namespace": "shop"},
                         "spec": {"nodeName": "node-1", "restartPolicy": "Always", "schedulerName": "default-scheduler",
                                  "serviceAccountName": "web", "hostNetwork": true},
                         "status": {"phase": "Running", "podIP": "10.244.0.9",
                                    "podIPs": [{"ip": "10.244.0.7"}, {"ip": "fd00::7"}], "nominatedNodeName": "n2"}}
                        """,
                        Map.ofEntries(
                                Map.entry("metadata.name", "web-1"),
                                Map.entry("metadata.namespace", "shop"),
                                Map.entry("spec.nodeName", "node-1"),
                                Map.entry("spec.restartPolicy", "Always"),
                                Map.entry("spec.schedulerName", "default-scheduler"),
                                Map.entry("spec.serviceAccountName", "web"),
                                Map.entry("spec.hostNetwork", "true"),
                                Map.entry("status.phase", "Running"),
                                Map.entry("status.podIP", "10.244.0.7"),
                                Map.entry("status.podIPs", ""),
                                Map.entry("status.nominatedNodeName", "n2"))),
                arguments(
                        "new pod with Go zero values for what is missing",
                        "v1",
                        "Pod",
                        """
                        {"metadata": {"name": "web-2", "namespace": "shop"},
                         "spec": {"serviceAccount": "legacy", "nodeName": null},
                         "status": {"podIP": "10.244.0.8"}}
                        """,
                        Map.ofEntries(
                                Map.entry("metadata.name", "web-2"),
                                Map.entry("metadata.namespace", "shop"),
                                Map.entry("spec.nodeName", ""),
                                Map.entry("spec.restartPolicy", ""),
                                Map.entry("spec.schedulerName", ""),
                                Map.entry("spec.serviceAccountName", "legacy"),
                                Map.entry("spec.hostNetwork", "false"),
                                Map.entry("status.phase", ""),
                                Map.entry("status.podIP", "10.244.0.8"),
                                Map.entry("status.podIPs", ""),
                                Map.entry("status.nominatedNodeName", ""))),
                arguments(
                        "cordoned node has no namespace field",
                        "v1",
                        "Node",
                        """
                        {"metadata": {"name": "node-1"}, "spec": {"unschedulable": true}}
                        """,
                        Map.of("metadata.name", "node-1", "spec.unschedulable", "true")),
                arguments(
                        "namespace phase",
                        "v1",
                        "Namespace",
                        """
                        {"metadata": {"name": "shop"}, "status": {"phase": "Terminating"}}
                        """,
                        Map.of("metadata.name", "shop", "status.phase", "Terminating")),
                arguments(
                        "secret type",
                        "v1",
                        "Secret",
                        """
                        {"metadata": {"name": "tls", "namespace": "shop"}, "type": "kubernetes.io/tls"}
                        """,
                        Map.of("metadata.name", "tls", "metadata.namespace", "shop", "type", "kubernetes.io/tls")),
                arguments(
                        "headless service",
                        "v1",
                        "Service",
                        """
                        {"metadata": {"name": "db", "namespace": "shop"}, "spec": {"clusterIP": "None", "type": "ClusterIP"}}
                        """,
                        Map.of(
                                "metadata.name", "db",
                                "metadata.namespace", "shop",
                                "spec.clusterIP", "None",
                                "spec.type", "ClusterIP")),
                arguments(
                        "replication controller without status counts zero replicas",
                        "v1",
                        "ReplicationController",
                        """
                        {"metadata": {"name": "rc", "namespace": "shop"}}
                        """,
                        Map.of("metadata.name", "rc", "metadata.namespace", "shop", "status.replicas", "0")),
                arguments(
                        "job successes come from status.succeeded",
                        "batch/v1",
                        "Job",
                        """
                        {"metadata": {"name": "pi", "namespace": "shop"}, "status": {"succeeded": 2}}
                        """,
                        Map.of("metadata.name", "pi", "metadata.namespace", "shop", "status.successful", "2")),
                arguments(
                        "core event from the kubelet",
                        "v1",
                        "Event",
                        """
                        {"metadata": {"name": "web-1.17", "namespace": "shop"},
                         "involvedObject": {"kind": "Pod", "namespace": "shop", "name": "web-1", "uid": "u1",
                                            "apiVersion": "v1", "resourceVersion": "42",
                                            "fieldPath": "spec.containers{web}"},
                         "reason": "Started", "source": {"component": "kubelet", "host": "node-1"},
                         "reportingComponent": "kubelet", "type": "Normal"}
                        """,
                        Map.ofEntries(
                                Map.entry("metadata.name", "web-1.17"),
                                Map.entry("metadata.namespace", "shop"),
                                Map.entry("involvedObject.kind", "Pod"),
                                Map.entry("involvedObject.namespace", "shop"),
                                Map.entry("involvedObject.name", "web-1"),
                                Map.entry("involvedObject.uid", "u1"),
                                Map.entry("involvedObject.apiVersion", "v1"),
                                Map.entry("involvedObject.resourceVersion", "42"),
                                Map.entry("involvedObject.fieldPath", "spec.containers{web}"),
                                Map.entry("reason", "Started"),
                                Map.entry("reportingComponent", "kubelet"),
                                Map.entry("source", "kubelet"),
                                Map.entry("type", "Normal"))),
                arguments(
                        "core event without a source falls back to the reporter",
                        "v1",
                        "Event",
                        """
                        {"metadata": {"name": "e", "namespace": "shop"}, "reportingComponent": "scheduler"}
                        """,
                        Map.ofEntries(
                                Map.entry("metadata.name", "e"),
                                Map.entry("metadata.namespace", "shop"),
                                Map.entry("involvedObject.kind", ""),
                                Map.entry("involvedObject.namespace", ""),
                                Map.entry("involvedObject.name", ""),
                                Map.entry("involvedObject.uid", ""),
                                Map.entry("involvedObject.apiVersion", ""),
                                Map.entry("involvedObject.resourceVersion", ""),
                                Map.entry("involvedObject.fieldPath", ""),
                                Map.entry("reason", ""),
                                Map.entry("reportingComponent", "scheduler"),
                                Map.entry("source", "scheduler"),
                                Map.entry("type", ""))),
                arguments(
                        "events.k8s.io event",
                        "events.k8s.io/v1",
                        "Event",
                        """
                        {"metadata": {"name": "e", "namespace": "shop"},
                         "regarding": {"kind": "Pod", "namespace": "shop", "name": "web-1", "uid": "u1",
                                       "apiVersion": "v1", "resourceVersion": "7", "fieldPath": ""},
                         "reason": "Scheduled", "reportingController": "default-scheduler", "type": "Normal"}
                        """,
                        Map.ofEntries(
                                Map.entry("metadata.name", "e"),
                                Map.entry("metadata.namespace", "shop"),
                                Map.entry("regarding.kind", "Pod"),
                                Map.entry("regarding.namespace", "shop"),
                                Map.entry("regarding.name", "web-1"),
                                Map.entry("regarding.uid", "u1"),
                                Map.entry("regarding.apiVersion", "v1"),
                                Map.entry("regarding.resourceVersion", "7"),
                                Map.entry("regarding.fieldPath", ""),
                                Map.entry("reason", "Scheduled"),
                                Map.entry("reportingController", "default-scheduler"),
                                Map.entry("source", "default-scheduler"),
                                Map.entry("type", "Normal"))),
                arguments(
                        "kinds without own labels get the metadata ones",
                        "apps/v1",
                        "Deployment",
                        """
                        {"metadata": {"name": "web", "namespace": "shop"}, "spec": {"replicas": 3}}
                        """,
                        Map.of("metadata.name", "web", "metadata.namespace", "shop")),
                arguments(
                        "cluster-scoped kinds without own labels get only the name",
                        "storage.k8s.io/v1",
                        "StorageClass",
                        """
                        {"metadata": {"name": "standard"}}
                        """,
                        Map.of("metadata.name", "standard")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("extraction")
    void extractsTheFieldsKubernetesSelectsOn(
            String description, String apiVersion, String kind, String json, Map<String, String> expected)
            throws JsonProcessingException {
        ResourceType type = CATALOG.byKind(apiVersion, kind).orElseThrow();

        assertThat(FieldExtractor.fields(type, KubeJson.mapper().readTree(json)))
                .isEqualTo(expected);
    }

    @Test
    void everyDeclaredLabelOfEveryBuiltinTypeIsExtracted() throws JsonProcessingException {
        JsonNode empty = KubeJson.mapper().readTree("{}");
        for (ResourceType type : CATALOG.all()) {
            assertThat(FieldExtractor.fields(type, empty).keySet())
                    .as(type.groupResource())
                    .containsAll(type.fieldSelectors())
                    .contains("metadata.name");
        }
    }

    @Test
    void readsSelectableFieldsOfCustomResourcesByPath() throws JsonProcessingException {
        ResourceType widgets = new ResourceType(
                "example.com",
                "v1",
                "Widget",
                "widgets",
                "widget",
                List.of(),
                true,
                List.of("get", "list"),
                List.of(),
                List.of(),
                Set.of("spec.color", "spec.size", "spec.enabled", "status.missing"));
        JsonNode widget = KubeJson.mapper().readTree("""
                        {"metadata": {"name": "w", "namespace": "a"},
                         "spec": {"color": "red", "size": 3, "enabled": false}}
                        """);

        assertThat(FieldExtractor.fields(widgets, widget))
                .containsEntry("spec.color", "red")
                .containsEntry("spec.size", "3")
                .containsEntry("spec.enabled", "false")
                .containsEntry("status.missing", "");
    }

    @Test
    void extractedFieldsDriveFieldSelectors() throws JsonProcessingException {
        ResourceType pods = CATALOG.byKind("v1", "Pod").orElseThrow();
        JsonNode pending = KubeJson.mapper().readTree("""
                        {"metadata": {"name": "p", "namespace": "a"}, "status": {"phase": "Pending"}}
                        """);
        Map<String, String> fields = FieldExtractor.fields(pods, pending);

        assertThat(FieldSelector.parse("spec.nodeName=").matches(fields)).isTrue();
        assertThat(FieldSelector.parse("spec.nodeName!=,status.phase=Pending").matches(fields))
                .isFalse();
        assertThat(FieldSelector.parse("spec.hostNetwork=false,metadata.namespace=a")
                        .matches(fields))
                .isTrue();
    }
}
