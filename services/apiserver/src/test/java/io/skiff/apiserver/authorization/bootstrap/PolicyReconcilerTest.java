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

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
