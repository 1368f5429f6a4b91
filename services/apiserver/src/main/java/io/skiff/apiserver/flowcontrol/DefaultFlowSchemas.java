package io.skiff.apiserver.flowcontrol;

import static io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher.BY_NAMESPACE;
import static io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher.BY_USER;
import static io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher.NONE;

import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Kubernetes' (v1.32) mandatory and suggested flow schemas, in matching order, plus one for Skiff's
 * own components whose Kubernetes counterparts run as kube-system service accounts (kube-proxy,
 * the cluster DNS, the ingress controller) and so would land in workload-high there too.
 */
public final class DefaultFlowSchemas {

    static final Set<String> PROBE_PATHS = Set.of("/healthz", "/readyz", "/livez");
    private static final Set<String> LEADER_ELECTION_VERBS = Set.of("get", "create", "update");
    private static final Set<String> CONTROL_PLANE_USERS =
            Set.of("system:kube-controller-manager", "system:kube-scheduler");
    private static final Set<String> SKIFF_COMPONENTS =
            Set.of("system:kube-proxy", "system:skiff:cluster-dns", "system:skiff:ingress-controller");

    private DefaultFlowSchemas() {}

    public static List<FlowSchema> all() {
        return List.of(
                        new FlowSchema("exempt", 1, PriorityLevel.EXEMPT, NONE, inGroup("system:masters")),
                        new FlowSchema(
                                "probes",
                                2,
                                PriorityLevel.EXEMPT,
                                NONE,
                                request -> !request.isResourceRequest() && PROBE_PATHS.contains(request.path())),
                        new FlowSchema(
                                "system-leader-election",
                                100,
                                PriorityLevel.LEADER_ELECTION,
                                BY_USER,
                                request -> (CONTROL_PLANE_USERS.contains(
                                                        request.user().name())
                                                || "kube-system".equals(request.serviceAccountNamespace()))
                                        && leaderElection(request)),
                        new FlowSchema(
                                "system-node-high",
                                400,
                                PriorityLevel.NODE_HIGH,
                                BY_USER,
                                inGroup("system:nodes")
                                        .and(request -> resource(request, "", "nodes")
                                                || resource(request, "coordination.k8s.io", "leases"))),
                        new FlowSchema("system-nodes", 500, PriorityLevel.SYSTEM, BY_USER, inGroup("system:nodes")),
                        new FlowSchema(
                                "kube-controller-manager",
                                800,
                                PriorityLevel.WORKLOAD_HIGH,
                                BY_NAMESPACE,
                                user("system:kube-controller-manager")),
                        new FlowSchema(
                                "kube-scheduler",
                                800,
                                PriorityLevel.WORKLOAD_HIGH,
                                BY_NAMESPACE,
                                user("system:kube-scheduler")),
                        new FlowSchema(
                                "skiff-system-components",
                                850,
                                PriorityLevel.WORKLOAD_HIGH,
                                BY_NAMESPACE,
                                request ->
                                        SKIFF_COMPONENTS.contains(request.user().name())),
                        new FlowSchema(
                                "kube-system-service-accounts",
                                900,
                                PriorityLevel.WORKLOAD_HIGH,
                                BY_NAMESPACE,
                                request -> "kube-system".equals(request.serviceAccountNamespace())),
                        new FlowSchema(
                                "service-accounts",
                                9000,
                                PriorityLevel.WORKLOAD_LOW,
                                BY_USER,
                                inGroup("system:serviceaccounts")),
                        new FlowSchema(
                                "global-default",
                                9900,
                                PriorityLevel.GLOBAL_DEFAULT,
                                BY_USER,
                                inGroup("system:authenticated").or(inGroup("system:unauthenticated"))),
                        new FlowSchema("catch-all", 10000, PriorityLevel.CATCH_ALL, BY_USER, request -> true))
                .stream()
                .sorted(Comparator.comparingInt(FlowSchema::matchingPrecedence))
                .toList();
    }

    private static Predicate<FlowRequest> inGroup(String group) {
        return request -> request.user().groups().contains(group);
    }

    private static Predicate<FlowRequest> user(String name) {
        return request -> request.user().name().equals(name);
    }

    private static boolean leaderElection(FlowRequest request) {
        return LEADER_ELECTION_VERBS.contains(request.verb())
                && (resource(request, "", "endpoints", "configmaps")
                        || resource(request, "coordination.k8s.io", "leases"));
    }

    private static boolean resource(FlowRequest request, String group, String... resources) {
        return request.isResourceRequest()
                && group.equals(request.apiGroup())
                && Set.of(resources).contains(request.resource());
    }
}
