package io.skiff.apiserver.authorization.bootstrap;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.model.json.KubeJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** How the default policy is brought up to date over what a cluster already has. */
class PolicyReconcilerTest {

    @Test
    void aRoleKeepsWhatWasAddedAndGetsTheRulesItLacks() {
        ObjectNode expected = PolicyReconciler.toJson(new BootstrapPolicy.ClusterRole(
                "r",
                Map.of(),
                List.of(PolicyRule.resources(List.of("get", "list"), List.of(""), List.of("pods"))),
                null));
        ObjectNode existing = json("""
                {"apiVersion":"rbac.authorization.k8s.io/v1","kind":"ClusterRole",
                 "metadata":{"name":"r","labels":{"mine":"yes"}},
                 "rules":[{"verbs":["get"],"apiGroups":[""],"resources":["pods"]},
                          {"verbs":["get"],"apiGroups":[""],"resources":["secrets"]}]}""");

        ObjectNode reconciled = PolicyReconciler.reconciled(expected, existing);

        assertThat(reconciled.at("/metadata/labels").toString())
                .isEqualTo("{\"mine\":\"yes\",\"kubernetes.io/bootstrapping\":\"rbac-defaults\"}");
        assertThat(reconciled
                        .at("/metadata/annotations/rbac.authorization.kubernetes.io~1autoupdate")
                        .asText())
                .isEqualTo("true");
        assertThat(PolicyRule.listFrom(reconciled.get("rules")))
                .containsExactly(
                        PolicyRule.resources(List.of("get"), List.of(""), List.of("pods")),
                        PolicyRule.resources(List.of("get"), List.of(""), List.of("secrets")),
                        PolicyRule.resources(List.of("list"), List.of(""), List.of("pods")));
    }

    @Test
    void anAggregatedRoleKeepsItsGatheredRulesAndABindingGetsMissingSubjects() {
        ObjectNode view = PolicyReconciler.toJson(
                new BootstrapPolicy.ClusterRole("view", Map.of(), List.of(), BootstrapPolicy.AGGREGATE_TO_VIEW));
        ObjectNode filled = view.deepCopy();
        filled.putArray("rules")
                .add(PolicyRule.resources(List.of("get"), List.of(""), List.of("pods"))
                        .toJson());
        assertThat(PolicyReconciler.reconciled(view, filled)).isEqualTo(filled);

        ObjectNode binding = PolicyReconciler.toJson(new BootstrapPolicy.ClusterRoleBinding(
                "system:discovery", "system:discovery", List.of(BootstrapPolicy.group("system:authenticated"))));
        ObjectNode emptied = binding.deepCopy();
        emptied.remove("subjects");
        assertThat(PolicyReconciler.reconciled(binding, emptied).get("subjects"))
                .isEqualTo(binding.get("subjects"));
    }

    @Test
    void aRetiredRoleIsDeletedOnlyWhileItIsTheDefaultPolicysOwn() {
        assertThat(PolicyReconciler.retirable(json("""
                        {"metadata":{"name":"system:skiff:node-object-watcher",
                                     "labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},
                                     "annotations":{"rbac.authorization.kubernetes.io/autoupdate":"true"}}}"""))).isTrue();
        assertThat(PolicyReconciler.retirable(json("""
                        {"metadata":{"name":"system:skiff:node-object-watcher",
                                     "labels":{"kubernetes.io/bootstrapping":"rbac-defaults"},
                                     "annotations":{"rbac.authorization.kubernetes.io/autoupdate":"false"}}}""")))
                .as("opted out of updates")
                .isFalse();
        assertThat(PolicyReconciler.retirable(json("""
                        {"metadata":{"name":"system:skiff:node-object-watcher"}}""")))
                .as("the cluster's own object of that name")
                .isFalse();
    }

    @Test
    void namespacedRolesAndBindingsAreWrittenInTheirNamespaces() {
        NamespacePolicy.Role role = NamespacePolicy.roles().stream()
                .filter(r -> r.name().equals("system::leader-locking-kube-scheduler"))
                .findFirst()
                .orElseThrow();
        ObjectNode roleJson = PolicyReconciler.toJson(role);
        assertThat(roleJson.path("kind").asText()).isEqualTo("Role");
        assertThat(roleJson.at("/metadata/namespace").asText()).isEqualTo("kube-system");
        assertThat(roleJson.at("/metadata/labels/kubernetes.io~1bootstrapping").asText())
                .isEqualTo("rbac-defaults");
        assertThat(roleJson.path("rules").toString())
                .isEqualTo("[{\"verbs\":[\"watch\"],\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"]},"
                        + "{\"verbs\":[\"get\",\"update\"],\"apiGroups\":[\"\"],\"resources\":[\"configmaps\"],"
                        + "\"resourceNames\":[\"kube-scheduler\"]}]");

        NamespacePolicy.RoleBinding binding = NamespacePolicy.roleBindings().stream()
                .filter(b -> b.name().equals("system::leader-locking-kube-scheduler"))
                .findFirst()
                .orElseThrow();
        ObjectNode bindingJson = PolicyReconciler.toJson(binding);
        assertThat(bindingJson.path("kind").asText()).isEqualTo("RoleBinding");
        assertThat(bindingJson.at("/metadata/namespace").asText()).isEqualTo("kube-system");
        assertThat(bindingJson.path("roleRef").toString())
                .isEqualTo("{\"apiGroup\":\"rbac.authorization.k8s.io\",\"kind\":\"Role\","
                        + "\"name\":\"system::leader-locking-kube-scheduler\"}");
        assertThat(bindingJson.path("subjects").toString())
                .isEqualTo(
                        "[{\"kind\":\"User\",\"apiGroup\":\"rbac.authorization.k8s.io\",\"name\":\"system:kube-scheduler\"},"
                                + "{\"kind\":\"ServiceAccount\",\"name\":\"kube-scheduler\",\"namespace\":\"kube-system\"}]");
    }

    @Test
    void everyNamespacedBindingNamesARoleOfItsNamespace() {
        for (NamespacePolicy.RoleBinding binding : NamespacePolicy.roleBindings()) {
            assertThat(NamespacePolicy.roles())
                    .as(binding.namespace() + "/" + binding.name())
                    .anyMatch(role -> role.namespace().equals(binding.namespace())
                            && role.name().equals(binding.role()));
        }
        assertThat(NamespacePolicy.roles())
                .allMatch(role -> NamespacePolicy.namespaces().contains(role.namespace()));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
