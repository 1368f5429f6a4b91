package io.skiff.apiserver.validation;

import static io.skiff.apiserver.validation.TestObjects.Expected.cause;
import static io.skiff.apiserver.validation.TestObjects.assertCauses;
import static io.skiff.apiserver.validation.TestObjects.type;
import static io.skiff.apiserver.validation.TestObjects.with;
import static io.skiff.apiserver.validation.TestObjects.yaml;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.apiserver.validation.TestObjects.Expected;
import io.skiff.model.catalog.ResourceType;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Namespaces, Nodes, PriorityClasses, Leases, Events and RBAC. */
class ClusterValidationTest {

    private static final ObjectValidation VALIDATION = ObjectValidation.builtin();
    private static final ResourceType NAMESPACES = type("", "Namespace", false);
    private static final ResourceType NODES = type("", "Node", false);
    private static final ResourceType PRIORITY_CLASSES = type("scheduling.k8s.io", "PriorityClass", false);
    private static final ResourceType LEASES = type("coordination.k8s.io", "Lease", true);
    private static final ResourceType EVENTS = type("", "Event", true);
    private static final ResourceType NEW_EVENTS = type("events.k8s.io", "Event", true);
    private static final ResourceType ROLES = type("rbac.authorization.k8s.io", "Role", true);
    private static final ResourceType CLUSTER_ROLES = type("rbac.authorization.k8s.io", "ClusterRole", false);
    private static final ResourceType ROLE_BINDINGS = type("rbac.authorization.k8s.io", "RoleBinding", true);
    private static final ResourceType CLUSTER_ROLE_BINDINGS =
            type("rbac.authorization.k8s.io", "ClusterRoleBinding", false);
    private static final String REQUIRED = Causes.REQUIRED;
    private static final String INVALID = Causes.INVALID;
    private static final String NOT_SUPPORTED = Causes.NOT_SUPPORTED;
    private static final String FORBIDDEN = Causes.FORBIDDEN;

    static final ObjectNode NODE = yaml("""
            apiVersion: v1
            kind: Node
            metadata: {name: node-1, labels: {kubernetes.io/hostname: node-1}}
            spec:
              podCIDRs: [10.244.1.0/24]
              taints: [{key: dedicated, value: gpu, effect: NoSchedule}]
            status:
              capacity: {cpu: "4", memory: 8Gi, pods: "110"}
              allocatable: {cpu: 3800m, memory: 7Gi, pods: "110"}
              addresses: [{type: InternalIP, address: 10.0.0.5}]
            """);
    static final ObjectNode LEASE = yaml("""
            metadata: {name: scheduler, namespace: kube-system}
            spec: {holderIdentity: skiff-1, leaseDurationSeconds: 15, leaseTransitions: 2}
            """);
    static final ObjectNode EVENT = yaml("""
            metadata: {name: web.17a3b, namespace: default}
            involvedObject: {kind: Pod, name: web, namespace: default}
            reason: Scheduled
            message: assigned
            type: Normal
            """);
    static final ObjectNode NEW_EVENT = yaml("""
            metadata: {name: web.17a3c, namespace: default}
            regarding: {kind: Pod, name: web, namespace: default}
            eventTime: "2025-01-01T00:00:00.000000Z"
            reportingController: skiff.io/scheduler
            reportingInstance: scheduler-1
            action: Binding
            reason: Scheduled
            note: assigned
            type: Normal
            """);
    static final ObjectNode ROLE = yaml("""
            metadata: {name: reader, namespace: default}
            rules:
            - {apiGroups: [""], resources: [pods], verbs: [get, list, watch]}
            """);
    static final ObjectNode BINDING = yaml("""
            metadata: {name: read-pods, namespace: default}
            roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
            subjects:
            - {kind: ServiceAccount, name: builder}
            - {kind: User, name: alice}
            """);

    static Stream<Arguments> creates() {
        ObjectNode clusterBinding = with(with(BINDING, "metadata.namespace", null), "roleRef.kind", "ClusterRole");
        return Stream.of(
                create(
                        "a namespace with the Kubernetes finalizer",
                        NAMESPACES,
                        yaml("{metadata: {name: team-a}, spec: {finalizers: [kubernetes]}}")),
                create(
                        "a namespace with an unprefixed finalizer",
                        NAMESPACES,
                        yaml("{metadata: {name: team-a}, spec: {finalizers: [cleanup]}}"),
                        cause("spec.finalizers", INVALID)),
                create("a node", NODES, NODE),
                create(
                        "a taint without an effect",
                        NODES,
                        with(NODE, "spec.taints[0].effect", null),
                        cause("spec.taints[0].effect", REQUIRED)),
                create(
                        "a taint with an unknown effect",
                        NODES,
                        with(NODE, "spec.taints[0].effect", "NoRun"),
                        cause(
                                "spec.taints[0].effect",
                                NOT_SUPPORTED,
                                "Unsupported value: \"NoRun\": supported values:"
                                        + " \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"")),
                create(
                        "two taints with one key and effect",
                        NODES,
                        with(NODE, "spec.taints[1]", "{key: dedicated, value: other, effect: NoSchedule}"),
                        cause("spec.taints[1]", Causes.DUPLICATE)),
                create(
                        "a pod CIDR that is not a CIDR",
                        NODES,
                        with(NODE, "spec.podCIDRs[0]", "10.244.1.0"),
                        cause(
                                "spec.podCIDRs[0]",
                                INVALID,
                                "Invalid value: \"10.244.1.0\": must be a valid CIDR value, (e.g. 10.9.8.0/24 or 2001:db8::/64)")),
                create(
                        "two IPv4 pod CIDRs",
                        NODES,
                        with(NODE, "spec.podCIDRs[1]", "10.245.1.0/24"),
                        cause("spec.podCIDRs", INVALID)),
                create(
                        "a negative capacity",
                        NODES,
                        with(NODE, "status.capacity.cpu", "-1"),
                        cause("status.capacity.cpu", INVALID)),
                create(
                        "a fractional pod capacity",
                        NODES,
                        with(NODE, "status.capacity.pods", "1.5"),
                        cause("status.capacity.pods", INVALID, "Invalid value: \"1.5\": must be an integer")),
                create("a priority class", PRIORITY_CLASSES, yaml("{metadata: {name: high}, value: 100000}")),
                create(
                        "the system node critical priority class",
                        PRIORITY_CLASSES,
                        yaml("{metadata: {name: system-node-critical}, value: 2000001000}")),
                create(
                        "an unknown system priority class",
                        PRIORITY_CLASSES,
                        yaml("{metadata: {name: system-special}, value: 10}"),
                        cause(
                                "metadata.name",
                                FORBIDDEN,
                                "Forbidden: priority class names with 'system-' prefix are reserved"
                                        + " for system use only. error: system-special is not a known system priority class")),
                create(
                        "a user priority above a billion",
                        PRIORITY_CLASSES,
                        yaml("{metadata: {name: huge}, value: 1000000001}"),
                        cause(
                                "value",
                                FORBIDDEN,
                                "Forbidden: maximum allowed value of a user defined priority is 1000000000")),
                create(
                        "an unknown preemption policy",
                        PRIORITY_CLASSES,
                        yaml("{metadata: {name: high}, value: 1, preemptionPolicy: Always}"),
                        cause("preemptionPolicy", NOT_SUPPORTED)),
                create("a lease", LEASES, LEASE),
                create(
                        "a lease of zero seconds",
                        LEASES,
                        with(LEASE, "spec.leaseDurationSeconds", 0),
                        cause("spec.leaseDurationSeconds", INVALID, "Invalid value: 0: must be greater than 0")),
                create(
                        "negative lease transitions",
                        LEASES,
                        with(LEASE, "spec.leaseTransitions", -1),
                        cause("spec.leaseTransitions", INVALID)),
                create("an event", EVENTS, EVENT),
                create(
                        "an event about an object in another namespace",
                        EVENTS,
                        with(EVENT, "involvedObject.namespace", "prod"),
                        cause(
                                "involvedObject.namespace",
                                INVALID,
                                "Invalid value: \"prod\": does not match event.namespace")),
                create(
                        "an event about a node in the default namespace",
                        EVENTS,
                        with(EVENT, "involvedObject", "{kind: Node, name: node-1}")),
                create(
                        "a new-style event without a reporting controller",
                        EVENTS,
                        with(with(EVENT, "eventTime", "2025-01-01T00:00:00.000000Z"), "reportingInstance", "x"),
                        cause("reportingController", REQUIRED),
                        cause("reportingController", INVALID, "Invalid value: \"\": name part must be non-empty"),
                        cause("reportingController", INVALID),
                        cause("action", REQUIRED)),
                create("an events.k8s.io event", NEW_EVENTS, NEW_EVENT),
                create(
                        "an events.k8s.io event without event time",
                        NEW_EVENTS,
                        with(NEW_EVENT, "eventTime", null),
                        cause("eventTime", REQUIRED)),
                create(
                        "an events.k8s.io event of an unknown type",
                        NEW_EVENTS,
                        with(NEW_EVENT, "type", "Info"),
                        cause("type", INVALID, "Invalid value: \"\": has invalid value: Info")),
                create(
                        "an events.k8s.io event with a deprecated count",
                        NEW_EVENTS,
                        with(NEW_EVENT, "deprecatedCount", 3),
                        cause("count", INVALID, "Invalid value: \"\": needs to be unset")),
                create("a role", ROLES, ROLE),
                create(
                        "a rule without verbs",
                        ROLES,
                        with(ROLE, "rules[0].verbs", "[]"),
                        cause("rules[0].verbs", REQUIRED, "Required value: verbs must contain at least one value")),
                create(
                        "a rule without resources",
                        ROLES,
                        with(ROLE, "rules[0].resources", null),
                        cause(
                                "rules[0].resources",
                                REQUIRED,
                                "Required value: resource rules must supply at least one resource")),
                create(
                        "a namespaced rule on URLs",
                        ROLES,
                        with(ROLE, "rules[0]", "{nonResourceURLs: [/healthz], verbs: [get]}"),
                        cause(
                                "rules[0].nonResourceURLs",
                                INVALID,
                                "Invalid value: [\"/healthz\"]: namespaced rules cannot apply to non-resource URLs")),
                create(
                        "a cluster rule on URLs",
                        CLUSTER_ROLES,
                        yaml("{metadata: {name: health}, rules: [{nonResourceURLs: [/healthz], verbs: [get]}]}")),
                create(
                        "an aggregation rule without selectors",
                        CLUSTER_ROLES,
                        yaml("{metadata: {name: agg}, aggregationRule: {}}"),
                        cause("aggregationRule.clusterRoleSelectors", REQUIRED)),
                create("a role binding", ROLE_BINDINGS, BINDING),
                create(
                        "a binding to an unknown kind of role",
                        ROLE_BINDINGS,
                        with(BINDING, "roleRef.kind", "Policy"),
                        cause(
                                "roleRef.kind",
                                NOT_SUPPORTED,
                                "Unsupported value: \"Policy\": supported values: \"Role\", \"ClusterRole\"")),
                create(
                        "a binding without a role name",
                        ROLE_BINDINGS,
                        with(BINDING, "roleRef.name", null),
                        cause("roleRef.name", REQUIRED)),
                create(
                        "a binding with a role in another group",
                        ROLE_BINDINGS,
                        with(BINDING, "roleRef.apiGroup", "example.com"),
                        cause("roleRef.apiGroup", NOT_SUPPORTED)),
                create(
                        "a subject of an unknown kind",
                        ROLE_BINDINGS,
                        with(BINDING, "subjects[0].kind", "Robot"),
                        cause("subjects[0].kind", NOT_SUPPORTED)),
                create(
                        "a cluster role binding",
                        CLUSTER_ROLE_BINDINGS,
                        with(clusterBinding, "subjects[0].namespace", "ci")),
                create(
                        "a cluster role binding to a role",
                        CLUSTER_ROLE_BINDINGS,
                        with(with(clusterBinding, "roleRef.kind", "Role"), "subjects[0].namespace", "ci"),
                        cause("roleRef.kind", NOT_SUPPORTED)),
                create(
                        "a cluster-wide service account subject without namespace",
                        CLUSTER_ROLE_BINDINGS,
                        clusterBinding,
                        cause("subjects[0].namespace", REQUIRED)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("creates")
    void validatesOnCreate(String name, ResourceType type, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateCreate(type, object), expected);
    }

    static Stream<Arguments> updates() {
        ObjectNode priority = yaml("{metadata: {name: high}, value: 100}");
        return Stream.of(
                update("a node that gets its first pod CIDR", NODES, with(NODE, "spec.podCIDRs", null), NODE),
                update(
                        "a node with a new pod CIDR",
                        NODES,
                        NODE,
                        with(NODE, "spec.podCIDRs[0]", "10.244.2.0/24"),
                        cause(
                                "spec.podCIDRs",
                                FORBIDDEN,
                                "Forbidden: node updates may not change podCIDR except from \"\" to valid")),
                update(
                        "a node with a new provider ID",
                        NODES,
                        with(NODE, "spec.providerID", "aws:///a"),
                        with(NODE, "spec.providerID", "aws:///b"),
                        cause("spec.providerID", FORBIDDEN)),
                update(
                        "a priority class with a new value",
                        PRIORITY_CLASSES,
                        priority,
                        with(priority, "value", 200),
                        cause("value", FORBIDDEN, "Forbidden: may not be changed in an update.")),
                update(
                        "a binding with a new subject",
                        ROLE_BINDINGS,
                        BINDING,
                        with(BINDING, "subjects[2]", "{kind: Group, name: admins}")),
                update(
                        "a binding with a new role",
                        ROLE_BINDINGS,
                        BINDING,
                        with(BINDING, "roleRef.name", "writer"),
                        cause("roleRef", INVALID)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("updates")
    void validatesOnUpdate(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateUpdate(type, object, old), expected);
    }

    static Stream<Arguments> statusUpdates() {
        ObjectNode namespace = yaml("{metadata: {name: team-a}, status: {phase: Active}}");
        ObjectNode deleting = with(namespace, "metadata.deletionTimestamp", "2025-01-01T00:00:00Z");
        return Stream.of(
                update("an active namespace", NAMESPACES, namespace, namespace),
                update(
                        "a terminating namespace being deleted",
                        NAMESPACES,
                        deleting,
                        with(deleting, "status.phase", "Terminating")),
                update(
                        "a terminating namespace not being deleted",
                        NAMESPACES,
                        namespace,
                        with(namespace, "status.phase", "Terminating"),
                        cause(
                                "status.phase",
                                INVALID,
                                "Invalid value: \"Terminating\": may only be 'Active' if `deletionTimestamp` is empty")),
                update(
                        "node status with duplicate addresses",
                        NODES,
                        NODE,
                        with(NODE, "status.addresses[1]", "{type: InternalIP, address: 10.0.0.5}"),
                        cause("status.addresses[1]", Causes.DUPLICATE)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("statusUpdates")
    void validatesStatus(String name, ResourceType type, ObjectNode old, ObjectNode object, List<Expected> expected) {
        assertCauses(VALIDATION.validateStatusUpdate(type, object, old), expected);
    }

    static Arguments create(String name, ResourceType type, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, object, List.of(expected));
    }

    static Arguments update(String name, ResourceType type, ObjectNode old, ObjectNode object, Expected... expected) {
        return Arguments.of(name, type, old, object, List.of(expected));
    }
}
