package io.skiff.apiserver.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.authentication.UserInfo;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class AuditPolicyTest {

    private static final UserInfo ADMIN =
            new UserInfo("system:admin", null, List.of("system:masters", UserInfo.AUTHENTICATED));
    private static final UserInfo KUBELET =
            new UserInfo("system:node:n1", null, List.of("system:nodes", UserInfo.AUTHENTICATED));

    private static AuditAttributes get(
            UserInfo user, String group, String ns, String resource, String sub, String name) {
        return AuditAttributes.resource(user, name == null ? "list" : "get", group, ns, resource, sub, name);
    }

    private static AuditAttributes secretGet = get(ADMIN, "", "default", "secrets", null, "db");
    private static AuditAttributes podLog = get(KUBELET, "", "default", "pods", "log", "web");
    private static AuditAttributes podStatus = get(KUBELET, "", "default", "pods", "status", "web");
    private static AuditAttributes deployments = get(ADMIN, "apps", "prod", "deployments", null, null);
    private static AuditAttributes nodes = get(KUBELET, "", null, "nodes", null, "n1");
    private static AuditAttributes healthz = AuditAttributes.nonResource(ADMIN, "get", "/healthz");
    private static AuditAttributes healthzVerbose = AuditAttributes.nonResource(ADMIN, "get", "/healthz/etcd");

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("an empty rule matches everything", rule().build(), secretGet, true),
                Arguments.of("an empty rule matches non-resource paths", rule().build(), healthz, true),
                Arguments.of("users by name", rule().users("system:admin").build(), secretGet, true),
                Arguments.of(
                        "users by name, another user",
                        rule().users("system:admin").build(),
                        podLog,
                        false),
                Arguments.of(
                        "userGroups by any group", rule().groups("system:nodes").build(), podLog, true),
                Arguments.of(
                        "userGroups, no group in common",
                        rule().groups("system:nodes").build(),
                        secretGet,
                        false),
                Arguments.of("verbs", rule().verbs("get", "watch").build(), secretGet, true),
                Arguments.of("verbs, another verb", rule().verbs("create").build(), secretGet, false),
                Arguments.of("namespaces", rule().namespaces("default").build(), secretGet, true),
                Arguments.of(
                        "namespaces, another namespace",
                        rule().namespaces("kube-system").build(),
                        secretGet,
                        false),
                Arguments.of(
                        "namespaces with \"\" for cluster-scoped",
                        rule().namespaces("").build(),
                        nodes,
                        true),
                Arguments.of(
                        "namespaces never match non-resource paths",
                        rule().namespaces("").build(),
                        healthz,
                        false),
                Arguments.of("a core resource", rule().resources("", "secrets").build(), secretGet, true),
                Arguments.of(
                        "a core resource, other group",
                        rule().resources("apps", "secrets").build(),
                        secretGet,
                        false),
                Arguments.of(
                        "a group with no resources listed",
                        rule().resources("apps").build(),
                        deployments,
                        true),
                Arguments.of(
                        "resource alone skips subresources",
                        rule().resources("", "pods").build(),
                        podLog,
                        false),
                Arguments.of(
                        "resource/subresource", rule().resources("", "pods/log").build(), podLog, true),
                Arguments.of("*/subresource", rule().resources("", "*/status").build(), podStatus, true),
                Arguments.of(
                        "*/subresource, another one",
                        rule().resources("", "*/status").build(),
                        podLog,
                        false),
                Arguments.of("resource/*", rule().resources("", "pods/*").build(), podLog, true),
                Arguments.of("*", rule().resources("", "*").build(), podStatus, true),
                Arguments.of(
                        "resourceNames",
                        rule().resources("", "secrets").names("db").build(),
                        secretGet,
                        true),
                Arguments.of(
                        "resourceNames, another name",
                        rule().resources("", "secrets").names("other").build(),
                        secretGet,
                        false),
                Arguments.of(
                        "resourceNames never match collections",
                        rule().resources("apps", "deployments").names("web").build(),
                        deployments,
                        false),
                Arguments.of(
                        "resources never match non-resource paths",
                        rule().resources("", "*").build(),
                        healthz,
                        false),
                Arguments.of("nonResourceURLs exact", rule().urls("/healthz").build(), healthz, true),
                Arguments.of(
                        "nonResourceURLs exact, longer path",
                        rule().urls("/healthz").build(),
                        healthzVerbose,
                        false),
                Arguments.of("nonResourceURLs prefix*", rule().urls("/healthz*").build(), healthzVerbose, true),
                Arguments.of("nonResourceURLs *", rule().urls("*").build(), healthz, true),
                Arguments.of(
                        "nonResourceURLs never match resources",
                        rule().urls("*").build(),
                        secretGet,
                        false),
                Arguments.of(
                        "every field must match",
                        rule().groups("system:nodes")
                                .verbs("get")
                                .resources("", "pods/log")
                                .build(),
                        podLog,
                        true),
                Arguments.of(
                        "every field must match, one does not",
                        rule().groups("system:nodes")
                                .verbs("create")
                                .resources("", "pods/log")
                                .build(),
                        podLog,
                        false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void rulesMatchAsKubernetesPolicyCheckerDoes(
            String name, PolicyRule rule, AuditAttributes request, boolean matches) {
        assertThat(rule.matches(request)).isEqualTo(matches);
    }

    @Test
    void theFirstMatchingRuleWinsAndNoMatchMeansNone() {
        AuditPolicy policy = new AuditPolicy(
                List.of(
                        rule().level(AuditLevel.None).urls("/healthz*").build(),
                        rule().level(AuditLevel.Metadata)
                                .resources("", "secrets")
                                .build(),
                        rule().level(AuditLevel.RequestResponse)
                                .namespaces("default")
                                .build()),
                Set.of(),
                false);

        assertThat(policy.evaluate(healthz).level()).isEqualTo(AuditLevel.None);
        assertThat(policy.evaluate(secretGet).level()).isEqualTo(AuditLevel.Metadata);
        assertThat(policy.evaluate(podLog).level()).isEqualTo(AuditLevel.RequestResponse);
        assertThat(policy.evaluate(nodes).level()).isEqualTo(AuditLevel.None);
        assertThat(policy.evaluate(nodes).records(AuditStage.ResponseComplete)).isFalse();
    }

    @Test
    void theMostAnyUserCouldGetLooksPastRulesThatNameUsers() {
        AuditPolicy policy = new AuditPolicy(
                List.of(
                        rule().level(AuditLevel.None).users("system:admin").build(),
                        rule().level(AuditLevel.RequestResponse)
                                .groups("system:nodes")
                                .resources("", "pods/*")
                                .build(),
                        rule().level(AuditLevel.Metadata)
                                .resources("", "pods/*")
                                .build(),
                        rule().level(AuditLevel.Request).build()),
                Set.of(),
                false);

        assertThat(policy.mostForAnyUser(podLog)).isEqualTo(AuditLevel.RequestResponse);
        assertThat(policy.mostForAnyUser(secretGet)).isEqualTo(AuditLevel.Request);
        assertThat(new AuditPolicy(List.of(rule().level(AuditLevel.None).build()), Set.of(), false)
                        .mostForAnyUser(secretGet))
                .isEqualTo(AuditLevel.None);
    }

    @Test
    void omitStagesOfPolicyAndRuleAddUpAndTheRuleDecidesManagedFields() {
        AuditPolicy policy = new AuditPolicy(
                List.of(
                        rule().level(AuditLevel.Request)
                                .users("system:admin")
                                .omit(AuditStage.ResponseStarted)
                                .omitManagedFields(false)
                                .build(),
                        rule().level(AuditLevel.Metadata).build()),
                Set.of(AuditStage.RequestReceived),
                true);

        AuditPolicy.Decision admin = policy.evaluate(secretGet);
        assertThat(admin.omitStages())
                .containsExactlyInAnyOrder(AuditStage.RequestReceived, AuditStage.ResponseStarted);
        assertThat(admin.omitManagedFields()).isFalse();
        assertThat(admin.records(AuditStage.ResponseComplete)).isTrue();
        assertThat(admin.records(AuditStage.RequestReceived)).isFalse();
        AuditPolicy.Decision kubelet = policy.evaluate(podLog);
        assertThat(kubelet.omitStages()).containsExactly(AuditStage.RequestReceived);
        assertThat(kubelet.omitManagedFields()).isTrue();
    }

    static RuleBuilder rule() {
        return new RuleBuilder();
    }

    static final class RuleBuilder {
        private AuditLevel level = AuditLevel.Metadata;
        private List<String> users = List.of();
        private List<String> groups = List.of();
        private List<String> verbs = List.of();
        private String group;
        private List<String> resources = List.of();
        private List<String> names = List.of();
        private List<String> namespaces = List.of();
        private List<String> urls = List.of();
        private Set<AuditStage> omit = Set.of();
        private Boolean omitManagedFields;

        RuleBuilder level(AuditLevel level) {
            this.level = level;
            return this;
        }

        RuleBuilder users(String... users) {
            this.users = List.of(users);
            return this;
        }

        RuleBuilder groups(String... groups) {
            this.groups = List.of(groups);
            return this;
        }

        RuleBuilder verbs(String... verbs) {
            this.verbs = List.of(verbs);
            return this;
        }

        RuleBuilder resources(String group, String... resources) {
            this.group = group;
            this.resources = List.of(resources);
            return this;
        }

        RuleBuilder names(String... names) {
            this.names = List.of(names);
            return this;
        }

        RuleBuilder namespaces(String... namespaces) {
            this.namespaces = List.of(namespaces);
            return this;
        }

        RuleBuilder urls(String... urls) {
            this.urls = List.of(urls);
            return this;
        }

        RuleBuilder omit(AuditStage... stages) {
            this.omit = Set.of(stages);
            return this;
        }

        RuleBuilder omitManagedFields(boolean omit) {
            this.omitManagedFields = omit;
            return this;
        }

        PolicyRule build() {
            List<PolicyRule.GroupResources> groupResources =
                    group == null ? List.of() : List.of(new PolicyRule.GroupResources(group, resources, names));
            return new PolicyRule(
                    level, users, groups, verbs, groupResources, namespaces, urls, omit, omitManagedFields);
        }
    }
}
