package io.skiff.apiserver.authorization.rbac;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.admission.Attributes;
import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.authorization.AuthorizationModes;
import io.skiff.model.api.ApiException;
import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import io.skiff.model.json.KubeJson;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** RBAC's escalation prevention on writes of roles and bindings. */
class EscalationCheckTest {

    private static final String RBAC = "rbac.authorization.k8s.io";
    private static final ResourceType ROLES = type("roles");
    private static final ResourceType CLUSTER_ROLES = type("clusterroles");
    private static final ResourceType ROLE_BINDINGS = type("rolebindings");

    private static final UserInfo LEAD = new UserInfo("lead", null, List.of("leads", "system:authenticated"));
    private static final UserInfo MASTER = new UserInfo("root", null, List.of("system:masters"));
    private static final UserInfo ESCALATOR = new UserInfo("esc", null, List.of("system:authenticated"));

    /** The lead may read and write pods and write roles and bindings in team; esc may escalate roles there. */
    private static final RbacPolicy POLICY = new RbacPolicy(
            Map.of(
                    "pod-admin",
                    List.of(
                            PolicyRule.resources(List.of("*"), List.of(""), List.of("pods")),
                            PolicyRule.resources(
                                    List.of("create", "update"), List.of(RBAC), List.of("roles", "rolebindings"))),
                    "escalator",
                    List.of(PolicyRule.resources(List.of("escalate"), List.of(RBAC), List.of("roles"))),
                    "secret-reader",
                    List.of(PolicyRule.resources(List.of("get"), List.of(""), List.of("secrets")))),
            Map.of(),
            List.of(),
            List.of(
                    new Binding(
                            "leads",
                            "team",
                            new RoleRef(RBAC, "ClusterRole", "pod-admin"),
                            List.of(new Subject("Group", "leads", ""))),
                    new Binding(
                            "esc",
                            "team",
                            new RoleRef(RBAC, "ClusterRole", "escalator"),
                            List.of(new Subject("User", "esc", "")))));

    private final EscalationCheck check = new EscalationCheck(
            () -> POLICY,
            AuthorizationModes.of(List.of("RBAC"), () -> POLICY, () -> (n, k, ns, name) -> false)
                    .authorizer());

    @Test
    void aRoleWithinWhatTheWriterHoldsIsAccepted() {
        assertThatCode(() -> check.validate(create(ROLES, role("pods-get", "\"\"", "pods", "\"get\",\"list\""), LEAD)))
                .doesNotThrowAnyException();
    }

    @Test
    void aRoleGrantingMoreIsRefusedWithTheMissingRules() {
        assertThatThrownBy(() ->
                        check.validate(create(ROLES, role("secrets", "\"\"", "secrets", "\"get\",\"list\""), LEAD)))
                .isInstanceOf(ApiException.class)
                .hasMessage("roles.rbac.authorization.k8s.io \"secrets\" is forbidden: user \"lead\""
                        + " (groups=[\"leads\" \"system:authenticated\"]) is attempting to grant RBAC permissions not"
                        + " currently held:\n{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\" \"list\"]}")
                .extracting(e -> ((ApiException) e).code())
                .isEqualTo(403);
    }

    @Test
    void escalateOnRolesAndSystemMastersSkipTheCheck() {
        Attributes secrets = create(ROLES, role("secrets", "\"\"", "secrets", "\"get\""), ESCALATOR);
        assertThatCode(() -> check.validate(secrets)).doesNotThrowAnyException();
        assertThatCode(() -> check.validate(create(ROLES, role("all", "\"*\"", "*", "\"*\""), MASTER)))
                .doesNotThrowAnyException();
    }

    @Test
    void aBindingToARoleTheWriterDoesNotHoldIsRefused() {
        assertThatThrownBy(() -> check.validate(create(ROLE_BINDINGS, binding("read-secrets", "secret-reader"), LEAD)))
                .hasMessageStartingWith(
                        "rolebindings.rbac.authorization.k8s.io \"read-secrets\" is forbidden: user" + " \"lead\"")
                .hasMessageEndingWith("{APIGroups:[\"\"], Resources:[\"secrets\"], Verbs:[\"get\"]}");
        assertThatCode(() -> check.validate(create(ROLE_BINDINGS, binding("pods", "pod-admin"), LEAD)))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> check.validate(create(ROLE_BINDINGS, binding("ghost", "ghost"), LEAD)))
                .hasMessage("rolebindings.rbac.authorization.k8s.io \"ghost\" is forbidden:"
                        + " clusterrole.rbac.authorization.k8s.io \"ghost\" not found");
    }

    @Test
    void anAggregatingClusterRoleNeedsClusterAdmin() {
        ObjectNode aggregating = json("""
                {"metadata":{"name":"agg"},"aggregationRule":{"clusterRoleSelectors":[{"matchLabels":{"a":"b"}}]}}""");
        assertThatThrownBy(() -> check.validate(new Attributes(
                        io.skiff.apiserver.admission.Operation.CREATE,
                        CLUSTER_ROLES,
                        "",
                        "",
                        "agg",
                        aggregating,
                        null,
                        false,
                        LEAD)))
                .hasMessage("clusterroles.rbac.authorization.k8s.io \"agg\" is forbidden: must have cluster-admin"
                        + " privileges to use the aggregationRule");
    }

    @Test
    void writesWithoutAUserAreTheApiServersOwn() {
        assertThatCode(() -> check.validate(create(ROLES, role("all", "\"*\"", "*", "\"*\""), null)))
                .doesNotThrowAnyException();
    }

    private static Attributes create(ResourceType type, ObjectNode object, UserInfo user) {
        return Attributes.create(type, "team", object, false).by(user);
    }

    private static ObjectNode role(String name, String group, String resource, String verbs) {
        return json("""
                {"metadata":{"name":"%s"},"rules":[{"apiGroups":[%s],"resources":["%s"],"verbs":[%s]}]}""".formatted(name, group, resource, verbs));
    }

    private static ObjectNode binding(String name, String clusterRole) {
        return json("""
                {"metadata":{"name":"%s"},"roleRef":{"apiGroup":"%s","kind":"ClusterRole","name":"%s"},
                 "subjects":[{"kind":"User","name":"someone"}]}""".formatted(name, RBAC, clusterRole));
    }

    private static ObjectNode json(String text) {
        try {
            return (ObjectNode) KubeJson.mapper().readTree(text);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static ResourceType type(String plural) {
        return ResourceCatalog.builtin().byPlural(RBAC, "v1", plural).orElseThrow();
    }
}
