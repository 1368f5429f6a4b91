package io.skiff.model.catalog;

import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The built-in Kubernetes resource types Skiff serves, described as Kubernetes 1.32 discovery
 * describes them.
 *
 * <p>Groups come in the order kube-apiserver lists them (highest group priority first, as in
 * kube-aggregator's priority table: core, apps, events.k8s.io, batch, certificates.k8s.io,
 * networking.k8s.io, policy,
 * rbac.authorization.k8s.io, storage.k8s.io, scheduling.k8s.io, coordination.k8s.io,
 * discovery.k8s.io, flowcontrol.apiserver.k8s.io); within a group-version, resources are alphabetical, as in an
 * APIResourceList. Singular names are the lower-cased kind, which is what discovery reports for
 * built-in types since 1.27.
 *
 * <p>Field selectors list the labels each kind's field-label conversion accepts besides the
 * metadata ones. ReplicaSets are deliberately absent there: their storage computes {@code
 * status.replicas} but apps/v1 registers no conversion for it, so Kubernetes rejects it
 * (kubernetes/kubernetes#135136).
 */
final class BuiltinResources {

    private static final List<String> ALL_VERBS =
            List.of("create", "delete", "deletecollection", "get", "list", "patch", "update", "watch");

    /** Namespaces cannot be deleted as a collection: each deletion runs the namespace lifecycle. */
    private static final List<String> NO_COLLECTION_DELETE =
            List.of("create", "delete", "get", "list", "patch", "update", "watch");

    private static final List<ResourceType> TYPES = List.of(
            // core/v1
            type("", "ConfigMap", "configmaps").shortNames("cm").build(),
            type("", "Endpoints", "endpoints").shortNames("ep").build(),
            type("", "Event", "events")
                    .shortNames("ev")
                    .fieldSelectors(
                            "involvedObject.kind",
                            "involvedObject.namespace",
                            "involvedObject.name",
                            "involvedObject.uid",
                            "involvedObject.apiVersion",
                            "involvedObject.resourceVersion",
                            "involvedObject.fieldPath",
                            "reason",
                            "reportingComponent",
                            "source",
                            "type")
                    .build(),
            type("", "LimitRange", "limitranges").shortNames("limits").build(),
            type("", "Namespace", "namespaces")
                    .clusterScoped()
                    .shortNames("ns")
                    .verbs(NO_COLLECTION_DELETE)
                    .subresources("finalize", "status")
                    .fieldSelectors("status.phase")
                    .build(),
            type("", "Node", "nodes")
                    .clusterScoped()
                    .shortNames("no")
                    .subresources("status")
                    .fieldSelectors("spec.unschedulable")
                    .build(),
            type("", "PersistentVolumeClaim", "persistentvolumeclaims")
                    .shortNames("pvc")
                    .subresources("status")
                    .build(),
            type("", "PersistentVolume", "persistentvolumes")
                    .clusterScoped()
                    .shortNames("pv")
                    .subresources("status")
                    .build(),
            type("", "Pod", "pods")
                    .shortNames("po")
                    .categories("all")
                    .subresources("binding", "eviction", "exec", "log", "status")
                    .fieldSelectors(
                            "spec.nodeName",
                            "spec.restartPolicy",
                            "spec.schedulerName",
                            "spec.serviceAccountName",
                            "spec.hostNetwork",
                            "status.phase",
                            "status.podIP",
                            "status.podIPs",
                            "status.nominatedNodeName")
                    .build(),
            type("", "ReplicationController", "replicationcontrollers")
                    .shortNames("rc")
                    .categories("all")
                    .subresources("scale", "status")
                    .fieldSelectors("status.replicas")
                    .build(),
            type("", "ResourceQuota", "resourcequotas")
                    .shortNames("quota")
                    .subresources("status")
                    .build(),
            type("", "Secret", "secrets").fieldSelectors("type").build(),
            type("", "ServiceAccount", "serviceaccounts")
                    .shortNames("sa")
                    .subresources("token")
                    .build(),
            type("", "Service", "services")
                    .shortNames("svc")
                    .categories("all")
                    .subresources("status")
                    .fieldSelectors("spec.clusterIP", "spec.type")
                    .build(),
            // apps/v1
            type("apps", "ControllerRevision", "controllerrevisions").build(),
            type("apps", "DaemonSet", "daemonsets")
                    .shortNames("ds")
                    .categories("all")
                    .subresources("status")
                    .build(),
            type("apps", "Deployment", "deployments")
                    .shortNames("deploy")
                    .categories("all")
                    .subresources("scale", "status")
                    .build(),
            type("apps", "ReplicaSet", "replicasets")
                    .shortNames("rs")
                    .categories("all")
                    .subresources("scale", "status")
                    .build(),
            type("apps", "StatefulSet", "statefulsets")
                    .shortNames("sts")
                    .categories("all")
                    .subresources("scale", "status")
                    .build(),
            // events.k8s.io/v1: same objects as core events, selected by their events.k8s.io names
            type("events.k8s.io", "Event", "events")
                    .shortNames("ev")
                    .fieldSelectors(
                            "regarding.kind",
                            "regarding.namespace",
                            "regarding.name",
                            "regarding.uid",
                            "regarding.apiVersion",
                            "regarding.resourceVersion",
                            "regarding.fieldPath",
                            "reason",
                            "reportingController",
                            "source",
                            "type")
                    .build(),
            // batch/v1
            type("batch", "CronJob", "cronjobs")
                    .shortNames("cj")
                    .categories("all")
                    .subresources("status")
                    .build(),
            type("batch", "Job", "jobs")
                    .categories("all")
                    .subresources("status")
                    .fieldSelectors("status.successful")
                    .build(),
            // certificates.k8s.io/v1
            type("certificates.k8s.io", "CertificateSigningRequest", "certificatesigningrequests")
                    .clusterScoped()
                    .shortNames("csr")
                    .subresources("approval", "status")
                    .fieldSelectors("spec.signerName")
                    .build(),
            // networking.k8s.io/v1
            type("networking.k8s.io", "IngressClass", "ingressclasses")
                    .clusterScoped()
                    .build(),
            type("networking.k8s.io", "Ingress", "ingresses")
                    .shortNames("ing")
                    .subresources("status")
                    .build(),
            // policy/v1
            type("policy", "PodDisruptionBudget", "poddisruptionbudgets")
                    .shortNames("pdb")
                    .subresources("status")
                    .build(),
            // rbac.authorization.k8s.io/v1
            type("rbac.authorization.k8s.io", "ClusterRoleBinding", "clusterrolebindings")
                    .clusterScoped()
                    .build(),
            type("rbac.authorization.k8s.io", "ClusterRole", "clusterroles")
                    .clusterScoped()
                    .build(),
            type("rbac.authorization.k8s.io", "RoleBinding", "rolebindings").build(),
            type("rbac.authorization.k8s.io", "Role", "roles").build(),
            // storage.k8s.io/v1
            type("storage.k8s.io", "StorageClass", "storageclasses")
                    .clusterScoped()
                    .shortNames("sc")
                    .build(),
            // scheduling.k8s.io/v1
            type("scheduling.k8s.io", "PriorityClass", "priorityclasses")
                    .clusterScoped()
                    .shortNames("pc")
                    .build(),
            // coordination.k8s.io/v1
            type("coordination.k8s.io", "Lease", "leases").build(),
            // discovery.k8s.io/v1
            type("discovery.k8s.io", "EndpointSlice", "endpointslices").build(),
            // flowcontrol.apiserver.k8s.io/v1
            type("flowcontrol.apiserver.k8s.io", "FlowSchema", "flowschemas")
                    .clusterScoped()
                    .subresources("status")
                    .build(),
            type("flowcontrol.apiserver.k8s.io", "PriorityLevelConfiguration", "prioritylevelconfigurations")
                    .clusterScoped()
                    .subresources("status")
                    .build());

    private BuiltinResources() {}

    static List<ResourceType> all() {
        return TYPES;
    }

    private static Entry type(String group, String kind, String plural) {
        return new Entry(group, kind, plural);
    }

    /** Collects one catalog entry; every built-in type here is served at version v1. */
    private static final class Entry {
        private final String group;
        private final String kind;
        private final String plural;
        private boolean namespaced = true;
        private List<String> shortNames = List.of();
        private List<String> verbs = ALL_VERBS;
        private List<String> categories = List.of();
        private List<String> subresources = List.of();
        private Set<String> fieldSelectors = Set.of();

        private Entry(String group, String kind, String plural) {
            this.group = group;
            this.kind = kind;
            this.plural = plural;
        }

        Entry clusterScoped() {
            namespaced = false;
            return this;
        }

        Entry shortNames(String... names) {
            shortNames = List.of(names);
            return this;
        }

        Entry verbs(List<String> served) {
            verbs = served;
            return this;
        }

        Entry categories(String... names) {
            categories = List.of(names);
            return this;
        }

        Entry subresources(String... names) {
            subresources = List.of(names);
            return this;
        }

        Entry fieldSelectors(String... labels) {
            fieldSelectors = Set.of(labels);
            return this;
        }

        ResourceType build() {
            return new ResourceType(
                    group,
                    "v1",
                    kind,
                    plural,
                    kind.toLowerCase(Locale.ROOT),
                    shortNames,
                    namespaced,
                    verbs,
                    categories,
                    subresources,
                    fieldSelectors);
        }
    }
}
