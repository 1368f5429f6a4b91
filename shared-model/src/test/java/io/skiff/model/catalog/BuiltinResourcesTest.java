package io.skiff.model.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BuiltinResourcesTest {

    private static final ResourceCatalog CATALOG = ResourceCatalog.builtin();
    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    static Stream<Arguments> wellKnownTypes() {
        return Stream.of(
                arguments("", "pods", "Pod", "pod", List.of("po"), true, List.of("all")),
                arguments("", "services", "Service", "service", List.of("svc"), true, List.of("all")),
                arguments("", "namespaces", "Namespace", "namespace", List.of("ns"), false, List.of()),
                arguments("", "nodes", "Node", "node", List.of("no"), false, List.of()),
                arguments("", "configmaps", "ConfigMap", "configmap", List.of("cm"), true, List.of()),
                arguments("", "endpoints", "Endpoints", "endpoints", List.of("ep"), true, List.of()),
                arguments(
                        "",
                        "persistentvolumes",
                        "PersistentVolume",
                        "persistentvolume",
                        List.of("pv"),
                        false,
                        List.of()),
                arguments(
                        "",
                        "replicationcontrollers",
                        "ReplicationController",
                        "replicationcontroller",
                        List.of("rc"),
                        true,
                        List.of("all")),
                arguments("apps", "deployments", "Deployment", "deployment", List.of("deploy"), true, List.of("all")),
                arguments("apps", "statefulsets", "StatefulSet", "statefulset", List.of("sts"), true, List.of("all")),
                arguments("apps", "daemonsets", "DaemonSet", "daemonset", List.of("ds"), true, List.of("all")),
                arguments("apps", "replicasets", "ReplicaSet", "replicaset", List.of("rs"), true, List.of("all")),
                arguments("batch", "cronjobs", "CronJob", "cronjob", List.of("cj"), true, List.of("all")),
                arguments("batch", "jobs", "Job", "job", List.of(), true, List.of("all")),
                arguments("networking.k8s.io", "ingresses", "Ingress", "ingress", List.of("ing"), true, List.of()),
                arguments(
                        "policy",
                        "poddisruptionbudgets",
                        "PodDisruptionBudget",
                        "poddisruptionbudget",
                        List.of("pdb"),
                        true,
                        List.of()),
                arguments(
                        "scheduling.k8s.io",
                        "priorityclasses",
                        "PriorityClass",
                        "priorityclass",
                        List.of("pc"),
                        false,
                        List.of()),
                arguments(
                        "storage.k8s.io",
                        "storageclasses",
                        "StorageClass",
                        "storageclass",
                        List.of("sc"),
                        false,
                        List.of()),
                arguments(
                        "rbac.authorization.k8s.io",
                        "clusterroles",
                        "ClusterRole",
                        "clusterrole",
                        List.of(),
                        false,
                        List.of()),
                arguments("coordination.k8s.io", "leases", "Lease", "lease", List.of(), true, List.of()),
                arguments(
                        "discovery.k8s.io",
                        "endpointslices",
                        "EndpointSlice",
                        "endpointslice",
                        List.of(),
                        true,
                        List.of()),
                arguments("events.k8s.io", "events", "Event", "event", List.of("ev"), true, List.of()));
    }

    @ParameterizedTest(name = "{0}/{1}")
    @MethodSource("wellKnownTypes")
    void describesWellKnownTypesAsDiscoveryDoes(
            String group,
            String plural,
            String kind,
            String singular,
            List<String> shortNames,
            boolean namespaced,
            List<String> categories) {
        ResourceType type = CATALOG.byPlural(group, "v1", plural).orElseThrow();

        assertThat(type.kind()).isEqualTo(kind);
        assertThat(type.singular()).isEqualTo(singular);
        assertThat(type.shortNames()).isEqualTo(shortNames);
        assertThat(type.namespaced()).isEqualTo(namespaced);
        assertThat(type.categories()).isEqualTo(categories);
    }

    @Test
    void servesTheSubresourcesControllersAndKubectlUse() {
        assertThat(subresources("", "pods")).contains("status", "binding", "eviction", "log", "exec");
        assertThat(subresources("apps", "deployments")).containsExactly("scale", "status");
        assertThat(subresources("apps", "statefulsets")).containsExactly("scale", "status");
        assertThat(subresources("", "replicationcontrollers")).containsExactly("scale", "status");
        assertThat(subresources("", "serviceaccounts")).containsExactly("token");
        assertThat(subresources("apps", "controllerrevisions")).isEmpty();
    }

    @Test
    void servesAllVerbsExceptCollectionDeleteOfNamespaces() {
        for (ResourceType type : CATALOG.all()) {
            if (type.groupResource().equals("namespaces")) {
                assertThat(type.verbs()).doesNotContain("deletecollection").containsAll(List.of("create", "delete"));
            } else {
                assertThat(type.verbs()).as(type.groupResource()).isEqualTo(ALL_VERBS);
            }
        }
    }

    @Test
    void listsTheFieldSelectorsKubernetesAccepts() {
        assertThat(fieldSelectors("", "pods"))
                .containsExactlyInAnyOrder(
                        "spec.nodeName",
                        "spec.restartPolicy",
                        "spec.schedulerName",
                        "spec.serviceAccountName",
                        "spec.hostNetwork",
                        "status.phase",
                        "status.podIP",
                        "status.podIPs",
                        "status.nominatedNodeName");
        assertThat(fieldSelectors("", "events")).contains("involvedObject.name", "reportingComponent", "source");
        assertThat(fieldSelectors("events.k8s.io", "events")).contains("regarding.name", "reportingController");
        assertThat(fieldSelectors("", "secrets")).containsExactly("type");
        assertThat(fieldSelectors("", "namespaces")).containsExactly("status.phase");
        assertThat(fieldSelectors("", "nodes")).containsExactly("spec.unschedulable");
        assertThat(fieldSelectors("", "services")).containsExactlyInAnyOrder("spec.clusterIP", "spec.type");
        assertThat(fieldSelectors("", "replicationcontrollers")).containsExactly("status.replicas");
        assertThat(fieldSelectors("batch", "jobs")).containsExactly("status.successful");
        assertThat(fieldSelectors("apps", "replicasets")).isEmpty();
        assertThat(fieldSelectors("apps", "deployments")).isEmpty();
    }

    @Test
    void namesEveryTypeUniquelyByPathAndByKind() {
        Set<String> paths = new HashSet<>();
        Set<String> kinds = new HashSet<>();
        for (ResourceType type : CATALOG.all()) {
            assertThat(paths.add(type.apiVersion() + "/" + type.plural()))
                    .as("duplicate path %s", type.plural())
                    .isTrue();
            assertThat(kinds.add(type.apiVersion() + "/" + type.kind()))
                    .as("duplicate kind %s", type.kind())
                    .isTrue();
            assertThat(CATALOG.byKind(type.apiVersion(), type.kind())).contains(type);
        }
    }

    @Test
    void listsGroupsInKubernetesDiscoveryOrder() {
        assertThat(CATALOG.groupVersions().keySet())
                .containsExactly(
                        "",
                        "apps",
                        "events.k8s.io",
                        "batch",
                        "certificates.k8s.io",
                        "networking.k8s.io",
                        "policy",
                        "rbac.authorization.k8s.io",
                        "storage.k8s.io",
                        "scheduling.k8s.io",
                        "coordination.k8s.io",
                        "discovery.k8s.io",
                        "flowcontrol.apiserver.k8s.io");
        assertThat(CATALOG.groupVersions().values()).allMatch(versions -> versions.equals(List.of("v1")));
    }

    @Test
    void listsResourcesAlphabeticallyWithinAGroupVersion() {
        for (String group : CATALOG.groupVersions().keySet()) {
            List<String> plurals = CATALOG.inGroupVersion(group, "v1").stream()
                    .map(ResourceType::plural)
                    .toList();
            assertThat(plurals).as(group).isSorted();
        }
    }

    @Test
    void coversTheCoreTypes() {
        assertThat(CATALOG.inGroupVersion("", "v1").stream().map(ResourceType::plural))
                .containsExactly(
                        "configmaps",
                        "endpoints",
                        "events",
                        "limitranges",
                        "namespaces",
                        "nodes",
                        "persistentvolumeclaims",
                        "persistentvolumes",
                        "pods",
                        "replicationcontrollers",
                        "resourcequotas",
                        "secrets",
                        "serviceaccounts",
                        "services");
    }

    private static List<String> subresources(String group, String plural) {
        return CATALOG.byPlural(group, "v1", plural).orElseThrow().subresources();
    }

    private static Set<String> fieldSelectors(String group, String plural) {
        return CATALOG.byPlural(group, "v1", plural).orElseThrow().fieldSelectors();
    }
}
