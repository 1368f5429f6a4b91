package io.skiff.apiserver.printing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The column definitions of every kind Skiff serves, as Kubernetes 1.32 declares them: the headers
 * {@code kubectl get} shows, and (marked "wide") those only {@code -o wide} shows.
 */
class ColumnsTest {

    static Stream<Arguments> kinds() {
        return Stream.of(
                kind(
                        "v1",
                        "Pod",
                        "Name",
                        "Ready",
                        "Status",
                        "Restarts",
                        "Age",
                        "IP wide",
                        "Node wide",
                        "Nominated Node wide",
                        "Readiness Gates wide"),
                kind(
                        "v1",
                        "Node",
                        "Name",
                        "Status",
                        "Roles",
                        "Age",
                        "Version",
                        "Internal-IP wide",
                        "External-IP wide",
                        "OS-Image wide",
                        "Kernel-Version wide",
                        "Container-Runtime wide"),
                kind("v1", "Namespace", "Name", "Status", "Age"),
                kind("v1", "Service", "Name", "Type", "Cluster-IP", "External-IP", "Port(s)", "Age", "Selector wide"),
                kind("v1", "Endpoints", "Name", "Endpoints", "Age"),
                kind("v1", "ConfigMap", "Name", "Data", "Age"),
                kind("v1", "Secret", "Name", "Type", "Data", "Age"),
                kind("v1", "ServiceAccount", "Name", "Secrets", "Age"),
                kind(
                        "v1",
                        "Event",
                        "Last Seen",
                        "Type",
                        "Reason",
                        "Object",
                        "Subobject wide",
                        "Source wide",
                        "Message",
                        "First Seen wide",
                        "Count wide",
                        "Name wide"),
                kind(
                        "events.k8s.io/v1",
                        "Event",
                        "Last Seen",
                        "Type",
                        "Reason",
                        "Object",
                        "Subobject wide",
                        "Source wide",
                        "Message",
                        "First Seen wide",
                        "Count wide",
                        "Name wide"),
                kind(
                        "v1",
                        "PersistentVolume",
                        "Name",
                        "Capacity",
                        "Access Modes",
                        "Reclaim Policy",
                        "Status",
                        "Claim",
                        "StorageClass",
                        "VolumeAttributesClass",
                        "Reason",
                        "Age",
                        "VolumeMode wide"),
                kind(
                        "v1",
                        "PersistentVolumeClaim",
                        "Name",
                        "Status",
                        "Volume",
                        "Capacity",
                        "Access Modes",
                        "StorageClass",
                        "VolumeAttributesClass",
                        "Age",
                        "VolumeMode wide"),
                kind(
                        "v1",
                        "ReplicationController",
                        "Name",
                        "Desired",
                        "Current",
                        "Ready",
                        "Age",
                        "Containers wide",
                        "Images wide",
                        "Selector wide"),
                kind("v1", "ResourceQuota", "Name", "Request", "Limit", "Age"),
                kind("v1", "LimitRange", "Name", "Created At"),
                kind(
                        "apps/v1",
                        "Deployment",
                        "Name",
                        "Ready",
                        "Up-to-date",
                        "Available",
                        "Age",
                        "Containers wide",
                        "Images wide",
                        "Selector wide"),
                kind(
                        "apps/v1",
                        "ReplicaSet",
                        "Name",
                        "Desired",
                        "Current",
                        "Ready",
                        "Age",
                        "Containers wide",
                        "Images wide",
                        "Selector wide"),
                kind(
                        "apps/v1",
                        "DaemonSet",
                        "Name",
                        "Desired",
                        "Current",
                        "Ready",
                        "Up-to-date",
                        "Available",
                        "Node Selector",
                        "Age",
                        "Containers wide",
                        "Images wide",
                        "Selector wide"),
                kind("apps/v1", "StatefulSet", "Name", "Ready", "Age", "Containers wide", "Images wide"),
                kind("apps/v1", "ControllerRevision", "Name", "Controller", "Revision", "Age"),
                kind(
                        "batch/v1",
                        "Job",
                        "Name",
                        "Status",
                        "Completions",
                        "Duration",
                        "Age",
                        "Containers wide",
                        "Images wide",
                        "Selector wide"),
                kind(
                        "batch/v1",
                        "CronJob",
                        "Name",
                        "Schedule",
                        "Timezone",
                        "Suspend",
                        "Active",
                        "Last Schedule",
                        "Age",
                        "Containers wide",
                        "Images wide",
                        "Selector wide"),
                kind("networking.k8s.io/v1", "Ingress", "Name", "Class", "Hosts", "Address", "Ports", "Age"),
                kind("networking.k8s.io/v1", "IngressClass", "Name", "Controller", "Parameters", "Age"),
                kind("discovery.k8s.io/v1", "EndpointSlice", "Name", "AddressType", "Ports", "Endpoints", "Age"),
                kind(
                        "policy/v1",
                        "PodDisruptionBudget",
                        "Name",
                        "Min Available",
                        "Max Unavailable",
                        "Allowed Disruptions",
                        "Age"),
                kind("rbac.authorization.k8s.io/v1", "Role", "Name", "Created At"),
                kind("rbac.authorization.k8s.io/v1", "ClusterRole", "Name", "Created At"),
                kind(
                        "rbac.authorization.k8s.io/v1",
                        "RoleBinding",
                        "Name",
                        "Role",
                        "Age",
                        "Users wide",
                        "Groups wide",
                        "ServiceAccounts wide"),
                kind(
                        "rbac.authorization.k8s.io/v1",
                        "ClusterRoleBinding",
                        "Name",
                        "Role",
                        "Age",
                        "Users wide",
                        "Groups wide",
                        "ServiceAccounts wide"),
                kind(
                        "storage.k8s.io/v1",
                        "StorageClass",
                        "Name",
                        "Provisioner",
                        "ReclaimPolicy",
                        "VolumeBindingMode",
                        "AllowVolumeExpansion",
                        "Age"),
                kind(
                        "scheduling.k8s.io/v1",
                        "PriorityClass",
                        "Name",
                        "Value",
                        "Global-Default",
                        "Age",
                        "PreemptionPolicy"),
                kind("coordination.k8s.io/v1", "Lease", "Name", "Holder", "Age"),
                kind(
                        "flowcontrol.apiserver.k8s.io/v1",
                        "FlowSchema",
                        "Name",
                        "PriorityLevel",
                        "MatchingPrecedence",
                        "DistinguisherMethod",
                        "Age",
                        "MissingPL"),
                kind(
                        "flowcontrol.apiserver.k8s.io/v1",
                        "PriorityLevelConfiguration",
                        "Name",
                        "Type",
                        "NominalConcurrencyShares",
                        "Queues",
                        "HandSize",
                        "QueueLengthLimit",
                        "Age"),
                kind(
                        "certificates.k8s.io/v1",
                        "CertificateSigningRequest",
                        "Name",
                        "Age",
                        "SignerName",
                        "Requestor",
                        "RequestedDuration",
                        "Condition"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("kinds")
    void declaresKubernetesColumns(String kind, String apiVersion, List<String> expected) {
        JsonNode columns =
                Tables.table(apiVersion, kind.substring(kind.indexOf(' ') + 1)).path("columnDefinitions");
        List<String> headers = new ArrayList<>();
        columns.forEach(column -> headers.add(
                column.path("name").asText() + (column.path("priority").asInt() == 1 ? " wide" : "")));
        assertThat(headers).isEqualTo(expected);
    }

    @Test
    void everyServedKindHasItsColumnsChecked() {
        List<String> checked =
                kinds().map(arguments -> (String) arguments.get()[0]).toList();
        List<String> served =
                ResourceCatalog.builtin().all().stream().map(ColumnsTest::label).toList();
        assertThat(checked).containsExactlyInAnyOrderElementsOf(served);
    }

    @Test
    void columnsCarryKubernetesTypesAndFormats() {
        assertThat(definition("v1", "Pod", "Name").toString())
                .isEqualTo("{\"name\":\"Name\",\"type\":\"string\",\"format\":\"name\",\"description\":\""
                        + FieldDocs.OBJECT_META_NAME + "\",\"priority\":0}");
        assertThat(definition("v1", "Pod", "Restarts").path("type").asText()).isEqualTo("string");
        assertThat(definition("v1", "Pod", "Node").path("description").asText())
                .startsWith("NodeName indicates in which node this pod is scheduled.");
        assertThat(definition("apps/v1", "ReplicaSet", "Desired").path("type").asText())
                .isEqualTo("integer");
        assertThat(definition("batch/v1", "CronJob", "Suspend").path("type").asText())
                .isEqualTo("boolean");
        assertThat(definition("v1", "Event", "Name").path("format").asText()).isEqualTo("name");
        assertThat(definition("rbac.authorization.k8s.io/v1", "Role", "Created At")
                        .path("type")
                        .asText())
                .isEqualTo("date");
        assertThat(definition("apps/v1", "Deployment", "Age")
                        .path("description")
                        .asText())
                .isEqualTo("CreationTimestamp is a timestamp representing the server time when this object was"
                        + " created. It is not guaranteed to be set in happens-before order across separate"
                        + " operations. Clients may not set this value. It is represented in RFC3339 form and is"
                        + " in UTC.\n\nPopulated by the system. Read-only. Null for lists. More info:"
                        + " https://git.k8s.io/community/contributors/devel/sig-architecture/api-conventions.md"
                        + "#metadata");
    }

    private static JsonNode definition(String apiVersion, String kind, String column) {
        for (JsonNode definition : Tables.table(apiVersion, kind).path("columnDefinitions")) {
            if (definition.path("name").asText().equals(column)) {
                return definition;
            }
        }
        throw new AssertionError("no column " + column + " for " + kind);
    }

    private static Arguments kind(String apiVersion, String kind, String... headers) {
        return Arguments.of(label(Tables.type(apiVersion, kind)), apiVersion, List.of(headers));
    }

    private static String label(ResourceType type) {
        return type.apiVersion() + " " + type.kind();
    }
}
