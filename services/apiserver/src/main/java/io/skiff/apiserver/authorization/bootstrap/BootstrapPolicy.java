package io.skiff.apiserver.authorization.bootstrap;

import static io.skiff.apiserver.authorization.bootstrap.Rules.rule;

import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.apiserver.authorization.rbac.Subject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The ClusterRoles and ClusterRoleBindings every cluster has, after Kubernetes' bootstrappolicy
 * (policy.go, controller_policy.go), plus the roles of Skiff's own components. Skiff's controller
 * manager runs every controller as one user, {@code system:kube-controller-manager}, so each
 * {@code system:controller:*} role is bound both to its controller's service account (as in
 * Kubernetes) and to that user.
 */
public final class BootstrapPolicy {

    /** A ClusterRole to create; {@code aggregateFrom} is the label of an aggregationRule (or null). */
    public record ClusterRole(String name, Map<String, String> labels, List<PolicyRule> rules, String aggregateFrom) {}

    public record ClusterRoleBinding(String name, String role, List<Subject> subjects) {}

    static final String LEGACY = "";
    static final String APPS = "apps";
    static final String BATCH = "batch";
    static final String POLICY = "policy";
    static final String NETWORKING = "networking.k8s.io";
    static final String STORAGE = "storage.k8s.io";
    static final String COORDINATION = "coordination.k8s.io";
    static final String DISCOVERY = "discovery.k8s.io";
    static final String EVENTS = "events.k8s.io";
    static final String AUTHENTICATION = "authentication.k8s.io";
    static final String AUTHORIZATION = "authorization.k8s.io";
    static final String AUTOSCALING = "autoscaling";
    static final String CERTIFICATES = "certificates.k8s.io";
    static final String RBAC = "rbac.authorization.k8s.io";
    static final String EXTENSIONS = "extensions";

    private static final String[] READ = {"get", "list", "watch"};
    private static final String[] READ_WRITE = {
        "get", "list", "watch", "create", "update", "patch", "delete", "deletecollection"
    };
    private static final String[] WRITE = {"create", "delete", "deletecollection", "patch", "update"};

    public static final String AGGREGATE_TO_ADMIN = "rbac.authorization.k8s.io/aggregate-to-admin";
    public static final String AGGREGATE_TO_EDIT = "rbac.authorization.k8s.io/aggregate-to-edit";
    public static final String AGGREGATE_TO_VIEW = "rbac.authorization.k8s.io/aggregate-to-view";

    public static final String CONTROLLER_MANAGER = "system:kube-controller-manager";
    public static final String SCHEDULER = "system:kube-scheduler";
    public static final String PROXY = "system:kube-proxy";
    public static final String CLUSTER_DNS = "system:skiff:cluster-dns";
    public static final String INGRESS_CONTROLLER = "system:skiff:ingress-controller";

    /** The API server's identity towards kubelets (pods/log, pods/exec), kubeadm's name for it. */
    public static final String KUBELET_API_CLIENT = "kube-apiserver-kubelet-client";

    public static final String AGENT_BOOTSTRAPPERS = "system:bootstrappers:skiff:agents";

    /**
     * ClusterRoles and ClusterRoleBindings (same name) that an earlier Skiff's default policy made
     * and this one no longer does; {@link PolicyReconciler} deletes those still marked as made by
     * it. {@code system:skiff:node-object-watcher} let every node list and watch all ConfigMaps,
     * Secrets, claims and volumes while Skiff's kubelet informed on them all; it now reads each by
     * name, as the node authorizer allows.
     */
    public static final List<String> RETIRED = List.of("system:skiff:node-object-watcher");

    private BootstrapPolicy() {}

    static PolicyRule events() {
        return rule("create", "update", "patch")
                .groups(LEGACY, EVENTS)
                .resources("events")
                .build();
    }

    /** The rules the Node authorizer applies to nodes beyond the objects it relates to them. */
    public static List<PolicyRule> nodeRules() {
        return List.of(
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create")
                        .groups(AUTHORIZATION)
                        .resources("subjectaccessreviews", "localsubjectaccessreviews")
                        .build(),
                rule(READ).groups(LEGACY).resources("services").build(),
                rule("create", "get", "list", "watch")
                        .groups(LEGACY)
                        .resources("nodes")
                        .build(),
                rule("update", "patch").groups(LEGACY).resources("nodes/status").build(),
                rule("update", "patch").groups(LEGACY).resources("nodes").build(),
                rule("create", "update", "patch")
                        .groups(LEGACY)
                        .resources("events")
                        .build(),
                rule(READ).groups(LEGACY).resources("pods").build(),
                rule("create", "delete").groups(LEGACY).resources("pods").build(),
                rule("update", "patch").groups(LEGACY).resources("pods/status").build(),
                rule("create").groups(LEGACY).resources("pods/eviction").build(),
                rule(READ).groups(LEGACY).resources("secrets", "configmaps").build(),
                rule("get")
                        .groups(LEGACY)
                        .resources("persistentvolumeclaims", "persistentvolumes")
                        .build(),
                rule("get").groups(LEGACY).resources("endpoints").build(),
                rule("create", "get", "list", "watch")
                        .groups(CERTIFICATES)
                        .resources("certificatesigningrequests")
                        .build(),
                rule("get", "create", "update", "patch", "delete")
                        .groups(COORDINATION)
                        .resources("leases")
                        .build(),
                rule("get").groups(STORAGE).resources("volumeattachments").build(),
                rule("create").groups(LEGACY).resources("serviceaccounts/token").build(),
                rule("get", "update", "patch")
                        .groups(LEGACY)
                        .resources("persistentvolumeclaims/status")
                        .build(),
                rule("get", "create", "update", "patch", "delete")
                        .groups(STORAGE)
                        .resources("csinodes")
                        .build(),
                rule(READ).groups(STORAGE).resources("csidrivers").build(),
                rule(READ).groups("node.k8s.io").resources("runtimeclasses").build());
    }

    public static List<ClusterRole> clusterRoles() {
        List<ClusterRole> roles = new ArrayList<>();
        roles.add(role(
                "cluster-admin",
                rule("*").groups("*").resources("*").build(),
                rule("*").urls("*")));
        roles.add(role(
                "system:discovery",
                rule("get")
                        .urls(
                                "/healthz",
                                "/livez",
                                "/readyz",
                                "/version",
                                "/version/",
                                "/openapi",
                                "/openapi/*",
                                "/api",
                                "/api/*",
                                "/apis",
                                "/apis/*")));
        roles.add(role(
                "system:monitoring",
                rule("get")
                        .urls(
                                "/metrics",
                                "/metrics/slis",
                                "/livez",
                                "/readyz",
                                "/healthz",
                                "/livez/*",
                                "/readyz/*",
                                "/healthz/*")));
        roles.add(role(
                "system:basic-user",
                rule("create")
                        .groups(AUTHORIZATION)
                        .resources("selfsubjectaccessreviews", "selfsubjectrulesreviews")
                        .build(),
                rule("create")
                        .groups(AUTHENTICATION)
                        .resources("selfsubjectreviews")
                        .build()));
        roles.add(role(
                "system:public-info-viewer",
                rule("get").urls("/healthz", "/livez", "/readyz", "/version", "/version/")));
        roles.add(new ClusterRole("admin", Map.of(), List.of(), AGGREGATE_TO_ADMIN));
        roles.add(new ClusterRole("edit", Map.of(AGGREGATE_TO_ADMIN, "true"), List.of(), AGGREGATE_TO_EDIT));
        roles.add(new ClusterRole("view", Map.of(AGGREGATE_TO_EDIT, "true"), List.of(), AGGREGATE_TO_VIEW));
        roles.add(new ClusterRole(
                "system:aggregate-to-admin",
                Map.of(AGGREGATE_TO_ADMIN, "true"),
                List.of(
                        rule("create")
                                .groups(AUTHORIZATION)
                                .resources("localsubjectaccessreviews")
                                .build(),
                        rule(READ_WRITE)
                                .groups(RBAC)
                                .resources("rolebindings", "roles")
                                .build()),
                null));
        roles.add(new ClusterRole("system:aggregate-to-edit", Map.of(AGGREGATE_TO_EDIT, "true"), editRules(), null));
        roles.add(new ClusterRole("system:aggregate-to-view", Map.of(AGGREGATE_TO_VIEW, "true"), viewRules(), null));
        roles.add(new ClusterRole("system:node", Map.of(), nodeRules(), null));
        roles.add(role(
                "system:node-proxier",
                rule("list", "watch")
                        .groups(LEGACY)
                        .resources("services", "endpoints")
                        .build(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                events(),
                rule("list", "watch")
                        .groups(DISCOVERY)
                        .resources("endpointslices")
                        .build()));
        // Full access to the kubelet API (Kubernetes' system:kubelet-api-admin), for the API
        // server's kubelet client.
        roles.add(role(
                "system:kubelet-api-admin",
                rule("get", "list", "watch").groups(LEGACY).resources("nodes").build(),
                rule("proxy").groups(LEGACY).resources("nodes").build(),
                rule("*")
                        .groups(LEGACY)
                        .resources("nodes/proxy", "nodes/metrics", "nodes/stats", "nodes/log")
                        .build()));
        roles.add(role(
                "system:node-bootstrapper",
                rule("create", "get", "list", "watch")
                        .groups(CERTIFICATES)
                        .resources("certificatesigningrequests")
                        .build()));
        roles.add(role(
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                rule("create")
                        .groups(CERTIFICATES)
                        .resources("certificatesigningrequests/nodeclient")
                        .build()));
        roles.add(role(
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                rule("create")
                        .groups(CERTIFICATES)
                        .resources("certificatesigningrequests/selfnodeclient")
                        .build()));
        roles.add(role(
                "system:kube-scheduler",
                events(),
                rule("create").groups(COORDINATION).resources("leases").build(),
                rule("get", "update")
                        .groups(COORDINATION)
                        .resources("leases")
                        .names("kube-scheduler")
                        .build(),
                rule(READ).groups(LEGACY).resources("nodes").build(),
                rule("get", "list", "watch", "delete")
                        .groups(LEGACY)
                        .resources("pods")
                        .build(),
                rule("create")
                        .groups(LEGACY)
                        .resources("pods/binding", "bindings")
                        .build(),
                rule("patch", "update").groups(LEGACY).resources("pods/status").build(),
                rule(READ)
                        .groups(LEGACY)
                        .resources("services", "replicationcontrollers")
                        .build(),
                rule(READ).groups(APPS, EXTENSIONS).resources("replicasets").build(),
                rule(READ).groups(APPS).resources("statefulsets").build(),
                rule(READ).groups(POLICY).resources("poddisruptionbudgets").build(),
                rule(READ)
                        .groups(LEGACY)
                        .resources("persistentvolumeclaims", "persistentvolumes")
                        .build(),
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create")
                        .groups(AUTHORIZATION)
                        .resources("subjectaccessreviews")
                        .build(),
                rule(READ).groups(STORAGE).resources("csinodes").build(),
                rule(READ).groups(LEGACY).resources("namespaces").build(),
                rule(READ).groups(STORAGE).resources("csidrivers").build(),
                rule(READ).groups(STORAGE).resources("csistoragecapacities").build()));
        roles.add(role(
                "system:volume-scheduler",
                rule("get", "list", "watch", "patch", "update")
                        .groups(LEGACY)
                        .resources("persistentvolumes")
                        .build(),
                rule(READ).groups(STORAGE).resources("storageclasses").build(),
                rule("get", "list", "watch", "patch", "update")
                        .groups(LEGACY)
                        .resources("persistentvolumeclaims")
                        .build()));
        roles.add(role(
                "system:kube-controller-manager",
                events(),
                rule("create").groups(COORDINATION).resources("leases").build(),
                rule("get", "update")
                        .groups(COORDINATION)
                        .resources("leases")
                        .names("kube-controller-manager")
                        .build(),
                rule("create")
                        .groups(LEGACY)
                        .resources("secrets", "serviceaccounts")
                        .build(),
                rule("delete").groups(LEGACY).resources("secrets").build(),
                rule("get")
                        .groups(LEGACY)
                        .resources("configmaps", "namespaces", "secrets", "serviceaccounts")
                        .build(),
                rule("update")
                        .groups(LEGACY)
                        .resources("secrets", "serviceaccounts")
                        .build(),
                rule("create").groups(AUTHENTICATION).resources("tokenreviews").build(),
                rule("create")
                        .groups(AUTHORIZATION)
                        .resources("subjectaccessreviews")
                        .build(),
                rule("list", "watch").groups("*").resources("*").build(),
                rule("create").groups(LEGACY).resources("serviceaccounts/token").build()));
        roles.add(role(
                CLUSTER_DNS,
                rule("list", "watch")
                        .groups(LEGACY)
                        .resources("endpoints", "services", "pods", "namespaces")
                        .build(),
                rule("list", "watch")
                        .groups(DISCOVERY)
                        .resources("endpointslices")
                        .build(),
                rule("get").groups(LEGACY).resources("nodes").build(),
                // Skiff's DNS publishes its own kube-system/kube-dns Service and EndpointSlice,
                // which in Kubernetes an installer's manifests create.
                rule("get", "create", "update")
                        .groups(LEGACY)
                        .resources("services")
                        .build(),
                rule("get", "create", "update")
                        .groups(DISCOVERY)
                        .resources("endpointslices")
                        .build()));
        roles.add(role(
                INGRESS_CONTROLLER,
                rule(READ)
                        .groups(NETWORKING)
                        .resources("ingresses", "ingressclasses")
                        .build(),
                // It creates its default IngressClass, which in Kubernetes its chart does.
                rule("create").groups(NETWORKING).resources("ingressclasses").build(),
                rule("update", "patch")
                        .groups(NETWORKING)
                        .resources("ingresses/status")
                        .build(),
                rule(READ)
                        .groups(LEGACY)
                        .resources("services", "endpoints", "secrets", "configmaps", "nodes", "pods")
                        .build(),
                rule(READ).groups(DISCOVERY).resources("endpointslices").build(),
                events(),
                rule("get", "list", "watch", "create", "update")
                        .groups(COORDINATION)
                        .resources("leases")
                        .build()));
        roles.add(role(
                "system:service-account-issuer-discovery",
                rule("get")
                        .urls(
                                "/.well-known/openid-configuration",
                                "/.well-known/openid-configuration/",
                                "/openid/v1/jwks",
                                "/openid/v1/jwks/")));
        roles.addAll(ControllerRoles.roles());
        return roles;
    }

    public static List<ClusterRoleBinding> clusterRoleBindings() {
        List<ClusterRoleBinding> bindings = new ArrayList<>();
        bindings.add(binding("cluster-admin", group("system:masters")));
        bindings.add(binding("system:monitoring", group("system:monitoring")));
        bindings.add(binding("system:discovery", group("system:authenticated")));
        bindings.add(binding("system:basic-user", group("system:authenticated")));
        bindings.add(
                binding("system:public-info-viewer", group("system:authenticated"), group("system:unauthenticated")));
        bindings.add(binding("system:node-proxier", user(PROXY)));
        bindings.add(binding("system:kube-controller-manager", user(CONTROLLER_MANAGER)));
        bindings.add(binding("system:kube-scheduler", user(SCHEDULER)));
        bindings.add(binding("system:volume-scheduler", user(SCHEDULER)));
        bindings.add(new ClusterRoleBinding("system:node", "system:node", List.of()));
        bindings.add(binding("system:service-account-issuer-discovery", group("system:serviceaccounts")));
        // The user of the API server's kubelet client certificate, as kubeadm names it.
        bindings.add(new ClusterRoleBinding(
                "skiff:kube-apiserver-kubelet-client", "system:kubelet-api-admin", List.of(user(KUBELET_API_CLIENT))));
        bindings.add(binding(CLUSTER_DNS, user(CLUSTER_DNS)));
        bindings.add(binding(INGRESS_CONTROLLER, user(INGRESS_CONTROLLER)));
        bindings.add(new ClusterRoleBinding(
                "skiff:agent-bootstrap", "system:node-bootstrapper", List.of(group(AGENT_BOOTSTRAPPERS))));
        // An agent's proxy speaks with its join token, as kube-proxy with its service account.
        bindings.add(new ClusterRoleBinding(
                "skiff:agent-proxier", "system:node-proxier", List.of(group(AGENT_BOOTSTRAPPERS))));
        bindings.add(new ClusterRoleBinding(
                "skiff:node-autoapprove-bootstrap",
                "system:certificates.k8s.io:certificatesigningrequests:nodeclient",
                List.of(group(AGENT_BOOTSTRAPPERS))));
        bindings.add(new ClusterRoleBinding(
                "skiff:node-autoapprove-certificate-rotation",
                "system:certificates.k8s.io:certificatesigningrequests:selfnodeclient",
                List.of(group("system:nodes"))));
        for (ClusterRole role : ControllerRoles.roles()) {
            String controller = role.name().substring(ControllerRoles.PREFIX.length());
            bindings.add(binding(
                    role.name(), new Subject("ServiceAccount", controller, "kube-system"), user(CONTROLLER_MANAGER)));
        }
        return bindings;
    }

    private static List<PolicyRule> viewRules() {
        return List.of(
                rule(READ)
                        .groups(LEGACY)
                        .resources(
                                "pods",
                                "replicationcontrollers",
                                "replicationcontrollers/scale",
                                "serviceaccounts",
                                "services",
                                "services/status",
                                "endpoints",
                                "persistentvolumeclaims",
                                "persistentvolumeclaims/status",
                                "configmaps")
                        .build(),
                rule(READ)
                        .groups(LEGACY)
                        .resources(
                                "limitranges",
                                "resourcequotas",
                                "bindings",
                                "events",
                                "pods/status",
                                "resourcequotas/status",
                                "namespaces/status",
                                "replicationcontrollers/status",
                                "pods/log")
                        .build(),
                rule(READ).groups(LEGACY).resources("namespaces").build(),
                rule(READ).groups(DISCOVERY).resources("endpointslices").build(),
                rule(READ)
                        .groups(APPS)
                        .resources(
                                "controllerrevisions",
                                "statefulsets",
                                "statefulsets/status",
                                "statefulsets/scale",
                                "daemonsets",
                                "daemonsets/status",
                                "deployments",
                                "deployments/status",
                                "deployments/scale",
                                "replicasets",
                                "replicasets/status",
                                "replicasets/scale")
                        .build(),
                rule(READ)
                        .groups(AUTOSCALING)
                        .resources("horizontalpodautoscalers", "horizontalpodautoscalers/status")
                        .build(),
                rule(READ)
                        .groups(BATCH)
                        .resources("jobs", "cronjobs", "cronjobs/status", "jobs/status")
                        .build(),
                rule(READ)
                        .groups(EXTENSIONS)
                        .resources(
                                "daemonsets",
                                "daemonsets/status",
                                "deployments",
                                "deployments/scale",
                                "deployments/status",
                                "ingresses",
                                "ingresses/status",
                                "replicasets",
                                "replicasets/scale",
                                "replicasets/status",
                                "replicationcontrollers/scale",
                                "networkpolicies")
                        .build(),
                rule(READ)
                        .groups(POLICY)
                        .resources("poddisruptionbudgets", "poddisruptionbudgets/status")
                        .build(),
                rule(READ)
                        .groups(NETWORKING)
                        .resources("ingresses", "ingresses/status", "networkpolicies")
                        .build());
    }

    private static List<PolicyRule> editRules() {
        return List.of(
                rule(WRITE)
                        .groups(LEGACY)
                        .resources("pods", "pods/attach", "pods/proxy", "pods/exec", "pods/portforward")
                        .build(),
                rule("create").groups(LEGACY).resources("pods/eviction").build(),
                rule(WRITE)
                        .groups(LEGACY)
                        .resources(
                                "replicationcontrollers",
                                "replicationcontrollers/scale",
                                "services",
                                "services/proxy",
                                "persistentvolumeclaims",
                                "configmaps",
                                "secrets",
                                "events")
                        .build(),
                rule("impersonate").groups(LEGACY).resources("serviceaccounts").build(),
                rule(WRITE)
                        .groups(APPS)
                        .resources(
                                "statefulsets",
                                "statefulsets/scale",
                                "daemonsets",
                                "deployments",
                                "deployments/scale",
                                "deployments/rollback",
                                "replicasets",
                                "replicasets/scale")
                        .build(),
                rule(WRITE)
                        .groups(AUTOSCALING)
                        .resources("horizontalpodautoscalers")
                        .build(),
                rule(WRITE).groups(BATCH).resources("jobs", "cronjobs").build(),
                rule(WRITE)
                        .groups(EXTENSIONS)
                        .resources(
                                "daemonsets",
                                "deployments",
                                "deployments/scale",
                                "deployments/rollback",
                                "ingresses",
                                "replicasets",
                                "replicasets/scale",
                                "replicationcontrollers/scale",
                                "networkpolicies")
                        .build(),
                rule(WRITE).groups(POLICY).resources("poddisruptionbudgets").build(),
                rule(WRITE)
                        .groups(NETWORKING)
                        .resources("ingresses", "networkpolicies")
                        .build(),
                rule(READ_WRITE).groups(COORDINATION).resources("leases").build(),
                rule(READ).groups(LEGACY).resources("secrets").build(),
                rule("create").groups(LEGACY).resources("serviceaccounts/token").build());
    }

    private static ClusterRole role(String name, PolicyRule... rules) {
        return new ClusterRole(name, Map.of(), List.of(rules), null);
    }

    private static ClusterRoleBinding binding(String role, Subject... subjects) {
        return new ClusterRoleBinding(role, role, List.of(subjects));
    }

    static Subject user(String name) {
        return new Subject("User", name, "");
    }

    static Subject group(String name) {
        return new Subject("Group", name, "");
    }
}
