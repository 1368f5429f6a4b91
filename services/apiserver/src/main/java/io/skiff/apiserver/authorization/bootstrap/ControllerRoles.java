package io.skiff.apiserver.authorization.bootstrap;

import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.APPS;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.BATCH;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.DISCOVERY;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.EVENTS;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.LEGACY;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.POLICY;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.RBAC;
import static io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.STORAGE;
import static io.skiff.apiserver.authorization.bootstrap.Rules.rule;

import io.skiff.apiserver.authorization.bootstrap.BootstrapPolicy.ClusterRole;
import io.skiff.apiserver.authorization.rbac.PolicyRule;
import java.util.List;
import java.util.Map;

/**
 * The {@code system:controller:*} roles of the controllers Skiff's controller manager runs, as
 * Kubernetes' controller_policy.go grants them.
 */
final class ControllerRoles {

    static final String PREFIX = "system:controller:";

    private ControllerRoles() {}

    private static PolicyRule events() {
        return rule("create", "update", "patch")
                .groups(LEGACY, EVENTS)
                .resources("events")
                .build();
    }

    static List<ClusterRole> roles() {
        return List.of(
                controller(
                        "clusterrole-aggregation-controller",
                        rule("escalate", "get", "list", "watch", "update", "patch")
                                .groups(RBAC)
                                .resources("clusterroles")
                                .build()),
                controller(
                        "cronjob-controller",
                        rule("get", "list", "watch", "update")
                                .groups(BATCH)
                                .resources("cronjobs")
                                .build(),
                        rule("get", "list", "watch", "create", "update", "delete", "patch")
                                .groups(BATCH)
                                .resources("jobs")
                                .build(),
                        rule("update")
                                .groups(BATCH)
                                .resources("cronjobs/status")
                                .build(),
                        rule("update")
                                .groups(BATCH)
                                .resources("cronjobs/finalizers")
                                .build(),
                        rule("list", "delete").groups(LEGACY).resources("pods").build(),
                        events()),
                controller(
                        "daemon-set-controller",
                        rule("get", "list", "watch")
                                .groups(APPS)
                                .resources("daemonsets")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("daemonsets/status")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("daemonsets/finalizers")
                                .build(),
                        rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                        rule("list", "watch", "create", "delete", "patch")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        rule("create").groups(LEGACY).resources("pods/binding").build(),
                        rule("get", "list", "watch", "create", "delete", "update", "patch")
                                .groups(APPS)
                                .resources("controllerrevisions")
                                .build(),
                        events()),
                controller(
                        "deployment-controller",
                        rule("get", "list", "watch", "update")
                                .groups(APPS)
                                .resources("deployments")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("deployments/status")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("deployments/finalizers")
                                .build(),
                        rule("get", "list", "watch", "create", "update", "patch", "delete")
                                .groups(APPS)
                                .resources("replicasets")
                                .build(),
                        rule("get", "list", "watch", "update")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        events()),
                controller(
                        "disruption-controller",
                        rule("get", "list", "watch")
                                .groups(APPS)
                                .resources("deployments")
                                .build(),
                        rule("get", "list", "watch")
                                .groups(APPS)
                                .resources("replicasets")
                                .build(),
                        rule("get", "list", "watch")
                                .groups(LEGACY)
                                .resources("replicationcontrollers")
                                .build(),
                        rule("get", "list", "watch")
                                .groups(POLICY)
                                .resources("poddisruptionbudgets")
                                .build(),
                        rule("get", "list", "watch")
                                .groups(APPS)
                                .resources("statefulsets")
                                .build(),
                        rule("update")
                                .groups(POLICY)
                                .resources("poddisruptionbudgets/status")
                                .build(),
                        rule("get").groups("*").resources("*/scale").build(),
                        rule("patch", "update")
                                .groups(LEGACY)
                                .resources("pods/status")
                                .build(),
                        events()),
                controller(
                        "endpoint-controller",
                        rule("get", "list", "watch")
                                .groups(LEGACY)
                                .resources("services", "pods")
                                .build(),
                        rule("get", "list", "create", "update", "delete")
                                .groups(LEGACY)
                                .resources("endpoints")
                                .build(),
                        rule("create")
                                .groups(LEGACY)
                                .resources("endpoints/restricted")
                                .build(),
                        events()),
                controller(
                        "endpointslice-controller",
                        rule("get", "list", "watch")
                                .groups(LEGACY)
                                .resources("services", "pods", "nodes")
                                .build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("services/finalizers")
                                .build(),
                        rule("get", "list", "watch", "create", "update", "delete")
                                .groups(DISCOVERY)
                                .resources("endpointslices")
                                .build(),
                        events()),
                controller(
                        "generic-garbage-collector",
                        rule("get", "list", "watch", "patch", "update", "delete")
                                .groups("*")
                                .resources("*")
                                .build()),
                controller(
                        "job-controller",
                        rule("get", "list", "watch", "update", "patch")
                                .groups(BATCH)
                                .resources("jobs")
                                .build(),
                        rule("update").groups(BATCH).resources("jobs/status").build(),
                        rule("update")
                                .groups(BATCH)
                                .resources("jobs/finalizers")
                                .build(),
                        rule("list", "watch", "create", "delete", "patch")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        events()),
                controller(
                        "namespace-controller",
                        rule("get", "list", "watch", "delete")
                                .groups(LEGACY)
                                .resources("namespaces")
                                .build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("namespaces/finalize", "namespaces/status")
                                .build(),
                        rule("get", "list", "delete", "deletecollection")
                                .groups("*")
                                .resources("*")
                                .build()),
                controller(
                        "node-controller",
                        rule("get", "list", "update", "delete", "patch")
                                .groups(LEGACY)
                                .resources("nodes")
                                .build(),
                        rule("patch", "update")
                                .groups(LEGACY)
                                .resources("nodes/status")
                                .build(),
                        rule("patch", "update")
                                .groups(LEGACY)
                                .resources("pods/status")
                                .build(),
                        rule("list", "delete").groups(LEGACY).resources("pods").build(),
                        events()),
                controller(
                        "persistent-volume-binder",
                        rule("get", "list", "watch", "update", "create", "delete")
                                .groups(LEGACY)
                                .resources("persistentvolumes")
                                .build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("persistentvolumes/status")
                                .build(),
                        rule("get", "list", "watch", "update")
                                .groups(LEGACY)
                                .resources("persistentvolumeclaims")
                                .build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("persistentvolumeclaims/status")
                                .build(),
                        rule("get", "list", "watch", "delete")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        rule("get", "list", "watch")
                                .groups(STORAGE)
                                .resources("storageclasses")
                                .build(),
                        rule("get", "create", "delete")
                                .groups(LEGACY)
                                .resources("endpoints", "services")
                                .build(),
                        rule("get").groups(LEGACY).resources("secrets").build(),
                        rule("get", "list").groups(LEGACY).resources("nodes").build(),
                        rule("watch", "create", "update", "patch")
                                .groups(LEGACY, EVENTS)
                                .resources("events")
                                .build()),
                controller(
                        "pod-garbage-collector",
                        rule("list", "watch", "delete")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        rule("get", "list").groups(LEGACY).resources("nodes").build(),
                        rule("patch").groups(LEGACY).resources("pods/status").build()),
                controller(
                        "replicaset-controller",
                        rule("get", "list", "watch", "update")
                                .groups(APPS)
                                .resources("replicasets")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("replicasets/status")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("replicasets/finalizers")
                                .build(),
                        rule("list", "watch", "patch", "create", "delete")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        events()),
                controller(
                        "replication-controller",
                        rule("get", "list", "watch", "update")
                                .groups(LEGACY)
                                .resources("replicationcontrollers")
                                .build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("replicationcontrollers/status")
                                .build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("replicationcontrollers/finalizers")
                                .build(),
                        rule("list", "watch", "patch", "create", "delete")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        events()),
                controller(
                        "resourcequota-controller",
                        rule("list", "watch").groups("*").resources("*").build(),
                        rule("update")
                                .groups(LEGACY)
                                .resources("resourcequotas/status")
                                .build(),
                        events()),
                controller(
                        "root-ca-cert-publisher",
                        rule("create", "update")
                                .groups(LEGACY)
                                .resources("configmaps")
                                .build(),
                        events()),
                controller(
                        "route-controller",
                        rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                        rule("patch").groups(LEGACY).resources("nodes/status").build(),
                        events()),
                controller(
                        "service-account-controller",
                        rule("create")
                                .groups(LEGACY)
                                .resources("serviceaccounts")
                                .build(),
                        events()),
                controller(
                        "service-controller",
                        rule("get", "list", "watch")
                                .groups(LEGACY)
                                .resources("services")
                                .build(),
                        rule("patch", "update")
                                .groups(LEGACY)
                                .resources("services/status")
                                .build(),
                        rule("list", "watch").groups(LEGACY).resources("nodes").build(),
                        events()),
                controller(
                        "statefulset-controller",
                        rule("list", "watch").groups(LEGACY).resources("pods").build(),
                        rule("get", "list", "watch")
                                .groups(APPS)
                                .resources("statefulsets")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("statefulsets/status")
                                .build(),
                        rule("update")
                                .groups(APPS)
                                .resources("statefulsets/finalizers")
                                .build(),
                        rule("get", "create", "delete", "update", "patch")
                                .groups(LEGACY)
                                .resources("pods")
                                .build(),
                        rule("get", "create", "delete", "update", "patch", "list", "watch")
                                .groups(APPS)
                                .resources("controllerrevisions")
                                .build(),
                        rule("get", "create")
                                .groups(LEGACY)
                                .resources("persistentvolumeclaims")
                                .build(),
                        rule("update", "delete")
                                .groups(LEGACY)
                                .resources("persistentvolumeclaims")
                                .build(),
                        events()),
                controller(
                        "ttl-after-finished-controller",
                        rule("get", "list", "watch", "delete")
                                .groups(BATCH)
                                .resources("jobs")
                                .build(),
                        events()),
                controller(
                        "node-ipam-controller",
                        rule("get", "list", "watch", "update", "patch")
                                .groups(LEGACY)
                                .resources("nodes")
                                .build(),
                        rule("patch", "update")
                                .groups(LEGACY)
                                .resources("nodes/status")
                                .build(),
                        events()));
    }

    private static ClusterRole controller(String name, PolicyRule... rules) {
        return new ClusterRole(PREFIX + name, Map.of(), List.of(rules), null);
    }
}
