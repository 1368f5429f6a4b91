package io.skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.skiff.apiserver.authentication.UserInfo;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditPolicyFileTest {

    private static final String HEADER = "apiVersion: audit.k8s.io/v1\nkind: Policy\n";

    @Test
    void readsKubernetesDocumentedExamplePolicy() {
        AuditPolicy policy = AuditPolicyFile.parse(HEADER + """
                omitStages:
                  - "RequestReceived"
                rules:
                  - level: RequestResponse
                    resources:
                    - group: ""
                      resources: ["pods"]
                  - level: Metadata
                    resources:
                    - group: ""
                      resources: ["pods/log", "pods/status"]
                  - level: None
                    resources:
                    - group: ""
                      resources: ["configmaps"]
                      resourceNames: ["controller-leader"]
                  - level: None
                    users: ["system:kube-proxy"]
                    verbs: ["watch"]
                    resources:
                    - group: ""
                      resources: ["endpoints", "services"]
                  - level: None
                    userGroups: ["system:authenticated"]
                    nonResourceURLs:
                    - "/api*"
                    - "/version"
                  - level: Request
                    resources:
                    - group: ""
                      resources: ["configmaps"]
                    namespaces: ["kube-system"]
                  - level: Metadata
                    resources:
                    - group: ""
                      resources: ["secrets", "configmaps"]
                  - level: Request
                    resources:
                    - group: ""
                    - group: "extensions"
                  - level: Metadata
                    omitStages:
                      - "RequestReceived"
                """);
        UserInfo admin = new UserInfo("system:admin", null, List.of(UserInfo.AUTHENTICATED));

        assertThat(policy.rules()).hasSize(9);
        assertThat(policy.omitStages()).containsExactly(AuditStage.RequestReceived);
        assertThat(level(policy, AuditAttributes.resource(admin, "get", "", "default", "pods", null, "web")))
                .isEqualTo(AuditLevel.RequestResponse);
        assertThat(level(policy, AuditAttributes.resource(admin, "get", "", "default", "pods", "log", "web")))
                .isEqualTo(AuditLevel.Metadata);
        assertThat(level(
                        policy,
                        AuditAttributes.resource(
                                admin, "update", "", "kube-system", "configmaps", null, "controller-leader")))
                .isEqualTo(AuditLevel.None);
        assertThat(level(policy, AuditAttributes.resource(admin, "get", "", "kube-system", "configmaps", null, "x")))
                .isEqualTo(AuditLevel.Request);
        assertThat(level(policy, AuditAttributes.resource(admin, "get", "", "default", "secrets", null, "x")))
                .isEqualTo(AuditLevel.Metadata);
        assertThat(level(policy, AuditAttributes.nonResource(admin, "get", "/apis/apps/v1")))
                .isEqualTo(AuditLevel.None);
        assertThat(level(
                        policy,
                        AuditAttributes.resource(admin, "create", "apps", "default", "deployments", null, null)))
                .isEqualTo(AuditLevel.Metadata);
    }

    private static AuditLevel level(AuditPolicy policy, AuditAttributes request) {
        return policy.evaluate(request).level();
    }

    static Stream<Arguments> invalidPolicies() {
        return Stream.of(
                Arguments.of("not YAML", "{{{", "not valid YAML"),
                Arguments.of(
                        "another kind", "apiVersion: v1\nkind: ConfigMap\n", "expected apiVersion audit.k8s.io/v1"),
                Arguments.of("no rules", HEADER + "rules: []\n", "loaded illegal policy with 0 rules"),
                Arguments.of(
                        "a rule without level", HEADER + "rules:\n- users: [a]\n", "rules[0].level: Required value"),
                Arguments.of(
                        "an unknown level",
                        HEADER + "rules:\n- level: Everything\n",
                        "rules[0].level: Unsupported value: \"Everything\""),
                Arguments.of(
                        "an unknown stage",
                        HEADER + "omitStages: [Later]\nrules:\n- level: None\n",
                        "omitStages: Unsupported value: \"Later\""),
                Arguments.of(
                        "resources and nonResourceURLs in one rule",
                        HEADER + "rules:\n- level: None\n  namespaces: [a]\n  nonResourceURLs: [/x]\n",
                        "rules cannot apply to both regular resources and non-resource URLs"),
                Arguments.of(
                        "a relative non-resource URL",
                        HEADER + "rules:\n- level: None\n  nonResourceURLs: [healthz]\n",
                        "must begin with a '/' character"),
                Arguments.of(
                        "a wildcard inside a non-resource URL",
                        HEADER + "rules:\n- level: None\n  nonResourceURLs: [\"/a*/b\"]\n",
                        "must be the final character"),
                Arguments.of(
                        "users not a list",
                        HEADER + "rules:\n- level: None\n  users: admin\n",
                        "rules[0].users: Invalid value: expected a list"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidPolicies")
    void invalidPoliciesAreRefusedWithTheReason(String name, String text, String reason) {
        assertThatThrownBy(() -> AuditPolicyFile.parse(text))
                .isInstanceOf(InvalidAuditPolicyException.class)
                .hasMessageContaining(reason);
    }
}
