package io.skiff.apiserver.authorization;

import static org.assertj.core.api.Assertions.assertThat;

import io.skiff.apiserver.authentication.UserInfo;
import io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy;
import io.skiff.apiserver.authorization.bootstrap.NamespacePolicy;
import io.skiff.apiserver.authorization.node.NodeRelations;
import io.skiff.apiserver.authorization.rbac.Binding;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.apiserver.authorization.rbac.RbacPolicy;
import io.skiff.apiserver.authorization.rbac.RoleRef;
import io.skiff.apiserver.authorization.rbac.Subject;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Who may do what under {@code Node,RBAC} with the default policy (its aggregated roles filled as
 * the aggregation controller fills them) and a few bindings of a team: identity × request → allow
 * or deny.
 */
class AuthorizationTableTest {

    private static final UserInfo ADMIN = user("system:admin", "system:masters");
    private static final UserInfo ALICE = user("alice");
    private static final UserInfo VIEWER = user("vic", "viewers");
    private static final UserInfo EDITOR = user("eddie");
    private static final UserInfo BUILDER = user("system:serviceaccount:team:builder", "system:serviceaccounts");
    private static final UserInfo SCHEDULER = user("system:kube-scheduler");
    private static final UserInfo CONTROLLERS = user("system:kube-controller-manager");
    private static final UserInfo PROXY = user("system:kube-proxy");
    private static final UserInfo DNS = user("system:skiff:cluster-dns");
    private static final UserInfo INGRESS = user("system:skiff:ingress-controller");
    private static final UserInfo AGENT = user("system:bootstrap:abcdef", "system:bootstrappers:skiff:agents");
    private static final UserInfo NODE_A = user("system:node:node-a", "system:nodes");
    private static final UserInfo NODES_GROUP_ONLY = user("kubelet", "system:nodes");
    private static final UserInfo BOOTSTRAP_SIGNER = kubeSystemAccount("bootstrap-signer");
    private static final UserInfo TOKEN_CLEANER = kubeSystemAccount("token-cleaner");
    private static final UserInfo CLOUD_PROVIDER = kubeSystemAccount("cloud-provider");
    private static final UserInfo CONTROLLER_MANAGER_ACCOUNT = kubeSystemAccount("kube-controller-manager");
    private static final UserInfo SCHEDULER_ACCOUNT = kubeSystemAccount("kube-scheduler");

    /** Node a runs pod team/web, which mounts secret web-tls and uses claim data (bound to volume pv-1). */
    private static final NodeRelations RELATIONS = (node, kind, namespace, name) -> node.equals("node-a")
            && switch (kind) {
                case SECRET -> namespace.equals("team") && name.equals("web-tls");
                case CONFIG_MAP -> namespace.equals("team") && name.equals("web-config");
                case CLAIM -> namespace.equals("team") && name.equals("data");
                case VOLUME -> name.equals("pv-1");
                case SERVICE_ACCOUNT -> namespace.equals("team") && name.equals("default");
            };

    private static final Authorizer AUTHORIZER = AuthorizationModes.of(
                    List.of("Node", "RBAC"), AuthorizationTableTest::policy, () -> RELATIONS)
            .authorizer();

    static Stream<Arguments> requests() {
        return Stream.of(
                allow("masters may do anything", ADMIN, resource("delete", "", "nodes", "", "", "n1")),
                allow("masters reach any path", ADMIN, path("post", "/anything")),
                allow("authenticated users read the version", ALICE, path("get", "/version")),
                allow("authenticated users discover groups", ALICE, path("get", "/apis/apps/v1")),
                deny("an unknown path is not discovery", ALICE, path("get", "/foo")),
                allow(
                        "authenticated users review themselves",
                        ALICE,
                        resource("create", "authorization.k8s.io", "selfsubjectaccessreviews", "", "", "")),
                deny("a user with no bindings lists no pods", ALICE, resource("list", "", "pods", "", "default", "")),
                allow("anonymous users read health", UserInfo.ANONYMOUS, path("get", "/healthz")),
                deny("anonymous users list nothing", UserInfo.ANONYMOUS, resource("list", "", "pods", "", "", "")),
                allow("view lists pods in its namespace", VIEWER, resource("list", "", "pods", "", "team", "")),
                allow(
                        "view reads deployment scale",
                        VIEWER,
                        resource("get", "apps", "deployments", "scale", "team", "web")),
                deny("view reads no secrets", VIEWER, resource("get", "", "secrets", "", "team", "s")),
                deny("view creates no pods", VIEWER, resource("create", "", "pods", "", "team", "")),
                deny("a RoleBinding reaches only its namespace", VIEWER, resource("list", "", "pods", "", "other", "")),
                allow("edit creates deployments", EDITOR, resource("create", "apps", "deployments", "", "team", "")),
                allow("edit reads secrets", EDITOR, resource("get", "", "secrets", "", "team", "s")),
                deny(
                        "edit grants no roles",
                        EDITOR,
                        resource("create", "rbac.authorization.k8s.io", "roles", "", "team", "")),
                allow(
                        "a service account bound in its namespace",
                        BUILDER,
                        resource("list", "", "configmaps", "", "team", "")),
                deny(
                        "a service account's binding stays in its namespace",
                        BUILDER,
                        resource("list", "", "configmaps", "", "other", "")),
                allow("the scheduler binds pods", SCHEDULER, resource("create", "", "pods", "binding", "team", "p")),
                allow(
                        "the scheduler renews its own lease",
                        SCHEDULER,
                        resource("update", "coordination.k8s.io", "leases", "", "kube-system", "kube-scheduler")),
                deny(
                        "the scheduler renews no other lease",
                        SCHEDULER,
                        resource("update", "coordination.k8s.io", "leases", "", "kube-system", "other")),
                allow(
                        "the scheduler binds volumes",
                        SCHEDULER,
                        resource("update", "", "persistentvolumes", "", "", "pv-1")),
                deny("the scheduler deletes no nodes", SCHEDULER, resource("delete", "", "nodes", "", "", "n1")),
                allow("controllers watch everything", CONTROLLERS, resource("watch", "batch", "jobs", "", "", "")),
                allow(
                        "controllers update deployment status",
                        CONTROLLERS,
                        resource("update", "apps", "deployments", "status", "team", "web")),
                allow(
                        "controllers read any scale (disruption, */scale)",
                        CONTROLLERS,
                        resource("get", "apps", "statefulsets", "scale", "team", "db")),
                allow(
                        "controllers fill aggregated roles",
                        CONTROLLERS,
                        resource("escalate", "rbac.authorization.k8s.io", "clusterroles", "", "", "view")),
                allow(
                        "garbage collection deletes anything",
                        CONTROLLERS,
                        resource("delete", "apps", "replicasets", "", "team", "r")),
                allow(
                        "the proxy watches endpoint slices",
                        PROXY,
                        resource("watch", "discovery.k8s.io", "endpointslices", "", "", "")),
                deny("the proxy reads no secrets", PROXY, resource("get", "", "secrets", "", "team", "s")),
                allow("cluster DNS watches services", DNS, resource("watch", "", "services", "", "", "")),
                deny("cluster DNS deletes no services", DNS, resource("delete", "", "services", "", "team", "s")),
                allow(
                        "cluster DNS publishes its kube-dns Service",
                        DNS,
                        resource("update", "", "services", "", "kube-system", "kube-dns")),
                allow(
                        "the ingress controller publishes status",
                        INGRESS,
                        resource("update", "networking.k8s.io", "ingresses", "status", "team", "web")),
                allow("the ingress controller reads TLS secrets", INGRESS, resource("list", "", "secrets", "", "", "")),
                deny(
                        "the ingress controller changes no ingress",
                        INGRESS,
                        resource("delete", "networking.k8s.io", "ingresses", "", "team", "web")),
                allow(
                        "joining agents request certificates",
                        AGENT,
                        resource("create", "certificates.k8s.io", "certificatesigningrequests", "", "", "")),
                allow(
                        "joining agents may be auto-approved",
                        AGENT,
                        resource("create", "certificates.k8s.io", "certificatesigningrequests", "nodeclient", "", "")),
                deny("joining agents write no nodes", AGENT, resource("update", "", "nodes", "", "", "n1")),
                allow(
                        "joining agents' proxies read nodes (system:node-proxier)",
                        AGENT,
                        resource("get", "", "nodes", "", "", "n1")),
                allow(
                        "a node reads the secret of its pod",
                        NODE_A,
                        resource("get", "", "secrets", "", "team", "web-tls")),
                allow(
                        "a node watches that secret by name",
                        NODE_A,
                        resource("watch", "", "secrets", "", "team", "web-tls")),
                deny(
                        "a node reads no other pod's secret",
                        NODE_A,
                        resource("get", "", "secrets", "", "other", "db-password")),
                allow(
                        "a node lists that secret by name (fieldSelector=metadata.name=web-tls)",
                        NODE_A,
                        resource("list", "", "secrets", "", "team", "web-tls")),
                deny("a node lists no secrets of a namespace", NODE_A, resource("list", "", "secrets", "", "team", "")),
                deny("a node watches no secrets cluster-wide", NODE_A, resource("watch", "", "secrets", "", "", "")),
                deny(
                        "a node watches no other pod's secret by name",
                        NODE_A,
                        resource("watch", "", "secrets", "", "other", "db-password")),
                allow(
                        "a node watches its pod's configmap by name",
                        NODE_A,
                        resource("watch", "", "configmaps", "", "team", "web-config")),
                deny("a node lists no configmaps", NODE_A, resource("list", "", "configmaps", "", "", "")),
                deny(
                        "a node only gets claims, as Kubernetes' node authorizer",
                        NODE_A,
                        resource("watch", "", "persistentvolumeclaims", "", "team", "data")),
                deny("a node lists no volumes", NODE_A, resource("list", "", "persistentvolumes", "", "", "")),
                deny("a node writes no secrets", NODE_A, resource("update", "", "secrets", "", "team", "web-tls")),
                allow(
                        "a node reads its pod's configmap",
                        NODE_A,
                        resource("get", "", "configmaps", "", "team", "web-config")),
                allow(
                        "a node reads its pod's claim",
                        NODE_A,
                        resource("get", "", "persistentvolumeclaims", "", "team", "data")),
                allow(
                        "a node reads the volume of that claim",
                        NODE_A,
                        resource("get", "", "persistentvolumes", "", "", "pv-1")),
                deny("a node reads no other volume", NODE_A, resource("get", "", "persistentvolumes", "", "", "pv-2")),
                allow(
                        "a node requests tokens for its pods' service account",
                        NODE_A,
                        resource("create", "", "serviceaccounts", "token", "team", "default")),
                deny(
                        "a node requests no token for another account",
                        NODE_A,
                        resource("create", "", "serviceaccounts", "token", "team", "admin")),
                allow(
                        "a node renews its own lease",
                        NODE_A,
                        resource("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "node-a")),
                deny(
                        "a node renews no other node's lease",
                        NODE_A,
                        resource("update", "coordination.k8s.io", "leases", "", "kube-node-lease", "node-b")),
                deny(
                        "a node uses leases only in kube-node-lease",
                        NODE_A,
                        resource("get", "coordination.k8s.io", "leases", "", "kube-system", "node-a")),
                allow("a node reports its status", NODE_A, resource("patch", "", "nodes", "status", "", "node-a")),
                allow(
                        "the API server's kubelet client reaches any kubelet's API (system:kubelet-api-admin)",
                        user("kube-apiserver-kubelet-client"),
                        resource("create", "", "nodes", "proxy", "", "node-a")),
                deny(
                        "a node reaches no kubelet's API, not even its own",
                        NODE_A,
                        resource("create", "", "nodes", "proxy", "", "node-a")),
                deny(
                        "the scheduler reaches no kubelet's API",
                        SCHEDULER,
                        resource("get", "", "nodes", "proxy", "", "n1")),
                allow(
                        "a node reports its pods' status",
                        NODE_A,
                        resource("update", "", "pods", "status", "team", "web")),
                allow("a node creates events", NODE_A, resource("create", "", "events", "", "team", "")),
                deny(
                        "a node deletes no deployments",
                        NODE_A,
                        resource("delete", "apps", "deployments", "", "team", "web")),
                deny(
                        "the nodes group without a node name is no node",
                        NODES_GROUP_ONLY,
                        resource("get", "", "nodes", "", "", "n1")),
                allow(
                        "the scheduler reads the delegated authentication config",
                        SCHEDULER,
                        resource("get", "", "configmaps", "", "kube-system", "extension-apiserver-authentication")),
                allow(
                        "the scheduler takes its configmap lock",
                        SCHEDULER,
                        resource("update", "", "configmaps", "", "kube-system", "kube-scheduler")),
                deny(
                        "the scheduler takes no other configmap",
                        SCHEDULER,
                        resource("update", "", "configmaps", "", "kube-system", "kube-controller-manager")),
                deny(
                        "the scheduler's lock role reaches only kube-system",
                        SCHEDULER,
                        resource("update", "", "configmaps", "", "team", "kube-scheduler")),
                allow(
                        "the scheduler's account takes the scheduler's lock",
                        SCHEDULER_ACCOUNT,
                        resource("get", "", "configmaps", "", "kube-system", "kube-scheduler")),
                allow(
                        "the controller manager's account renews a lease in kube-system",
                        CONTROLLER_MANAGER_ACCOUNT,
                        resource(
                                "update",
                                "coordination.k8s.io",
                                "leases",
                                "",
                                "kube-system",
                                "kube-controller-manager")),
                deny(
                        "the controller manager's account has no lease elsewhere",
                        CONTROLLER_MANAGER_ACCOUNT,
                        resource("update", "coordination.k8s.io", "leases", "", "team", "kube-controller-manager")),
                allow(
                        "the bootstrap signer reads kube-system's secrets",
                        BOOTSTRAP_SIGNER,
                        resource("list", "", "secrets", "", "kube-system", "")),
                deny(
                        "the bootstrap signer reads no other namespace's secrets",
                        BOOTSTRAP_SIGNER,
                        resource("list", "", "secrets", "", "kube-public", "")),
                allow(
                        "the bootstrap signer signs cluster-info in kube-public",
                        BOOTSTRAP_SIGNER,
                        resource("update", "", "configmaps", "", "kube-public", "cluster-info")),
                deny(
                        "the bootstrap signer updates no other configmap",
                        BOOTSTRAP_SIGNER,
                        resource("update", "", "configmaps", "", "kube-public", "other")),
                allow(
                        "the bootstrap signer records events in kube-public",
                        BOOTSTRAP_SIGNER,
                        resource("create", "events.k8s.io", "events", "", "kube-public", "")),
                allow(
                        "the token cleaner deletes kube-system's secrets",
                        TOKEN_CLEANER,
                        resource("delete", "", "secrets", "", "kube-system", "bootstrap-token-abcdef")),
                deny(
                        "the token cleaner deletes no other namespace's secrets",
                        TOKEN_CLEANER,
                        resource("delete", "", "secrets", "", "team", "web-tls")),
                allow(
                        "the cloud provider creates kube-system configmaps",
                        CLOUD_PROVIDER,
                        resource("create", "", "configmaps", "", "kube-system", "")),
                deny(
                        "the cloud provider deletes no configmaps",
                        CLOUD_PROVIDER,
                        resource("delete", "", "configmaps", "", "kube-system", "x")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void decides(String description, UserInfo user, RequestAttributes request, boolean allowed) {
        RequestAttributes asUser = new RequestAttributes(
                user,
                request.verb(),
                request.resourceRequest(),
                request.apiGroup(),
                request.apiVersion(),
                request.resource(),
                request.subresource(),
                request.namespace(),
                request.name(),
                request.path());
        Decision decision = AUTHORIZER.authorize(asUser);
        assertThat(decision.allowed())
                .as(description + ": " + decision.reason())
                .isEqualTo(allowed);
    }

    private static Arguments allow(String description, UserInfo user, RequestAttributes request) {
        return Arguments.of(description, user, request, true);
    }

    private static Arguments deny(String description, UserInfo user, RequestAttributes request) {
        return Arguments.of(description, user, request, false);
    }

    private static RequestAttributes resource(
            String verb, String group, String resource, String subresource, String namespace, String name) {
        return RequestAttributes.resource(null, verb, group, resource, subresource, namespace, name);
    }

    private static RequestAttributes path(String verb, String path) {
        return RequestAttributes.nonResource(null, verb, path);
    }

    private static UserInfo kubeSystemAccount(String name) {
        return user(
                "system:serviceaccount:kube-system:" + name,
                "system:serviceaccounts",
                "system:serviceaccounts:kube-system");
    }

    static UserInfo user(String name, String... groups) {
        List<String> all = new ArrayList<>(List.of(groups));
        all.add(UserInfo.AUTHENTICATED);
        return new UserInfo(name, null, all);
    }

    /** The default policy, aggregated, plus the team's bindings. */
    static RbacPolicy policy() {
        Map<String, List<PolicyRule>> clusterRoles = new HashMap<>();
        for (BootstrapPolicy.ClusterRole role : BootstrapPolicy.clusterRoles()) {
            clusterRoles.put(role.name(), role.rules());
        }
        for (BootstrapPolicy.ClusterRole role : BootstrapPolicy.clusterRoles()) {
            if (role.aggregateFrom() != null) {
                clusterRoles.put(role.name(), aggregate(role.aggregateFrom(), Set.of()));
            }
        }
        List<Binding> clusterBindings = new ArrayList<>();
        for (BootstrapPolicy.ClusterRoleBinding binding : BootstrapPolicy.clusterRoleBindings()) {
            clusterBindings.add(new Binding(
                    binding.name(), "", new RoleRef(RBAC, "ClusterRole", binding.role()), binding.subjects()));
        }
        List<Binding> roleBindings = new ArrayList<>(List.of(
                new Binding(
                        "viewers",
                        "team",
                        new RoleRef(RBAC, "ClusterRole", "view"),
                        List.of(new Subject("Group", "viewers", ""))),
                new Binding(
                        "eddie",
                        "team",
                        new RoleRef(RBAC, "ClusterRole", "edit"),
                        List.of(new Subject("User", "eddie", ""))),
                new Binding(
                        "builder",
                        "team",
                        new RoleRef(RBAC, "Role", "config-reader"),
                        List.of(new Subject("ServiceAccount", "builder", "")))));
        Map<String, List<PolicyRule>> roles = new HashMap<>(Map.of(
                "team/config-reader",
                List.of(PolicyRule.resources(List.of("get", "list"), List.of(""), List.of("configmaps")))));
        for (NamespacePolicy.Role role : NamespacePolicy.roles()) {
            roles.put(role.namespace() + "/" + role.name(), role.rules());
        }
        for (NamespacePolicy.RoleBinding binding : NamespacePolicy.roleBindings()) {
            roleBindings.add(new Binding(
                    binding.name(),
                    binding.namespace(),
                    new RoleRef(RBAC, "Role", binding.role()),
                    binding.subjects()));
        }
        return new RbacPolicy(clusterRoles, roles, clusterBindings, roleBindings);
    }

    private static final String RBAC = "rbac.authorization.k8s.io";

    /** What the aggregation controller gathers for a label, following roles that aggregate in turn. */
    private static List<PolicyRule> aggregate(String label, Set<String> seen) {
        List<PolicyRule> rules = new ArrayList<>();
        for (BootstrapPolicy.ClusterRole role : BootstrapPolicy.clusterRoles()) {
            if ("true".equals(role.labels().get(label)) && !seen.contains(role.name())) {
                List<PolicyRule> own = role.aggregateFrom() == null
                        ? role.rules()
                        : aggregate(role.aggregateFrom(), union(seen, role.name()));
                own.stream().filter(r -> !rules.contains(r)).forEach(rules::add);
            }
        }
        return rules;
    }

    private static Set<String> union(Set<String> set, String element) {
        Set<String> result = new java.util.HashSet<>(set);
        result.add(element);
        return result;
    }
}
