package io.skiff.apiserver.authorization.bootstrap;

import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.COORDINATION;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.LEGACY;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.user;
import static io.skiff.apiserver.authorization.bootstrap.Rules.rule;

import io.skiff.apiserver.authorization.rbac.PolicyRule;
import io.skiff.apiserver.authorization.rbac.Subject;
import java.util.List;

/**
 * The Roles and RoleBindings every cluster has in its reserved namespaces, after Kubernetes 1.32's
 * bootstrappolicy (namespace_policy.go): leader-election locks of the controller manager and the
 * scheduler, the delegated-authentication reader, and the bootstrap signer's, cloud provider's and
 * token cleaner's rights in kube-system and kube-public.
 */
public final class NamespacePolicy {

    /** A Role to create in a namespace. */
    public record Role(String namespace, String name, List<PolicyRule> rules) {}

    /** A RoleBinding to create in a namespace, of the Role of the same namespace named {@code role}. */
    public record RoleBinding(String namespace, String name, String role, List<Subject> subjects) {}

    public static final String KUBE_SYSTEM = "kube-system";
    public static final String KUBE_PUBLIC = "kube-public";

    private static final String AUTHENTICATION_READER = "extension-apiserver-authentication-reader";
    private static final String CONTROLLER_MANAGER_LOCK = "system::leader-locking-kube-controller-manager";
    private static final String SCHEDULER_LOCK = "system::leader-locking-kube-scheduler";
    private static final String BOOTSTRAP_SIGNER = ControllerRoles.PREFIX + "bootstrap-signer";
    private static final String CLOUD_PROVIDER = ControllerRoles.PREFIX + "cloud-provider";
    private static final String TOKEN_CLEANER = ControllerRoles.PREFIX + "token-cleaner";

    private NamespacePolicy() {}

    /** The namespaces the policy puts objects in, each of which must exist first. */
    public static List<String> namespaces() {
        return List.of(KUBE_SYSTEM, KUBE_PUBLIC);
    }

    public static List<Role> roles() {
        return List.of(
                new Role(
                        KUBE_SYSTEM,
                        AUTHENTICATION_READER,
                        List.of(rule("get", "list", "watch")
                                .groups(LEGACY)
                                .resources("configmaps")
                                .names("extension-apiserver-authentication")
                                .build())),
                new Role(
                        KUBE_SYSTEM,
                        BOOTSTRAP_SIGNER,
                        List.of(rule("get", "list", "watch")
                                .groups(LEGACY)
                                .resources("secrets")
                                .build())),
                new Role(
                        KUBE_SYSTEM,
                        CLOUD_PROVIDER,
                        List.of(rule("create", "get", "list", "watch")
                                .groups(LEGACY)
                                .resources("configmaps")
                                .build())),
                new Role(
                        KUBE_SYSTEM,
                        TOKEN_CLEANER,
                        List.of(
                                rule("get", "list", "watch", "delete")
                                        .groups(LEGACY)
                                        .resources("secrets")
                                        .build(),
                                BootstrapPolicy.events())),
                new Role(
                        KUBE_SYSTEM,
                        CONTROLLER_MANAGER_LOCK,
                        List.of(
                                rule("watch")
                                        .groups(LEGACY)
                                        .resources("configmaps")
                                        .build(),
                                rule("get", "update")
                                        .groups(LEGACY)
                                        .resources("configmaps")
                                        .names("kube-controller-manager")
                                        .build(),
                                rule("get", "watch", "list", "create", "update")
                                        .groups(COORDINATION)
                                        .resources("leases")
                                        .build())),
                new Role(
                        KUBE_SYSTEM,
                        SCHEDULER_LOCK,
                        List.of(
                                rule("watch")
                                        .groups(LEGACY)
                                        .resources("configmaps")
                                        .build(),
                                rule("get", "update")
                                        .groups(LEGACY)
                                        .resources("configmaps")
                                        .names("kube-scheduler")
                                        .build())),
                new Role(
                        KUBE_PUBLIC,
                        BOOTSTRAP_SIGNER,
                        List.of(
                                rule("get", "list", "watch")
                                        .groups(LEGACY)
                                        .resources("configmaps")
                                        .build(),
                                rule("update")
                                        .groups(LEGACY)
                                        .resources("configmaps")
                                        .names("cluster-info")
                                        .build(),
                                BootstrapPolicy.events())));
    }

    public static List<RoleBinding> roleBindings() {
        return List.of(
                new RoleBinding(
                        KUBE_SYSTEM,
                        "system::" + AUTHENTICATION_READER,
                        AUTHENTICATION_READER,
                        List.of(user(BootstrapPolicy.CONTROLLER_MANAGER), user(BootstrapPolicy.SCHEDULER))),
                binding(
                        KUBE_SYSTEM,
                        CONTROLLER_MANAGER_LOCK,
                        user(BootstrapPolicy.CONTROLLER_MANAGER),
                        serviceAccount("kube-controller-manager")),
                binding(KUBE_SYSTEM, SCHEDULER_LOCK, user(BootstrapPolicy.SCHEDULER), serviceAccount("kube-scheduler")),
                binding(KUBE_SYSTEM, BOOTSTRAP_SIGNER, serviceAccount("bootstrap-signer")),
                binding(KUBE_SYSTEM, CLOUD_PROVIDER, serviceAccount("cloud-provider")),
                binding(KUBE_SYSTEM, TOKEN_CLEANER, serviceAccount("token-cleaner")),
                binding(KUBE_PUBLIC, BOOTSTRAP_SIGNER, serviceAccount("bootstrap-signer")));
    }

    private static RoleBinding binding(String namespace, String role, Subject... subjects) {
        return new RoleBinding(namespace, role, role, List.of(subjects));
    }

    /** A service account of kube-system, where the controllers' accounts live. */
    private static Subject serviceAccount(String name) {
        return new Subject("ServiceAccount", name, KUBE_SYSTEM);
    }
}
