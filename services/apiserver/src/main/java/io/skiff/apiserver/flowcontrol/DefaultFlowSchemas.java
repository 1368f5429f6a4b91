package io.skiff.apiserver.flowcontrol;

import static io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher.BY_NAMESPACE;
import static io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher.BY_USER;
import static io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher.NONE;
import static io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.ALL;

import io.skiff.apiserver.flowcontrol.FlowSchema.Distinguisher;
import io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.NonResourcePolicyRule;
import io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.ResourcePolicyRule;
import io.skiff.apiserver.flowcontrol.PolicyRulesWithSubjects.Subject;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Kubernetes' (v1.32) mandatory and suggested flow schemas (apiserver's flowcontrol bootstrap
 * configuration), in matching order, plus one for Skiff's own components whose Kubernetes
 * counterparts run as kube-system service accounts (kube-proxy, the cluster DNS, the ingress
 * controller) and so would land in workload-high there too. The one source of both the filter's
 * classification and the FlowSchema objects the API serves.
 */
public final class DefaultFlowSchemas {

    /** The schemas kube-apiserver always keeps as they are here, whatever users do to them. */
    public static final Set<String> MANDATORY = Set.of("exempt", "catch-all");

    private static final String KUBE_SYSTEM = "kube-system";
    private static final String CONTROLLER_MANAGER = "system:kube-controller-manager";
    private static final String SCHEDULER = "system:kube-scheduler";
    private static final List<String> LEADER_ELECTION_VERBS = List.of("get", "create", "update");

    private static final ResourcePolicyRule ALL_RESOURCES =
            new ResourcePolicyRule(List.of(ALL), List.of(ALL), List.of(ALL), true, List.of(ALL));
    private static final NonResourcePolicyRule ALL_PATHS = new NonResourcePolicyRule(List.of(ALL), List.of(ALL));

    private DefaultFlowSchemas() {}

    public static List<FlowSchema> all() {
        List<FlowSchema> schemas = new ArrayList<>(List.of(
                everything("exempt", PriorityLevel.EXEMPT, 1, NONE, Subject.group("system:masters")),
                schema(
                        "probes",
                        PriorityLevel.EXEMPT,
                        2,
                        NONE,
                        new PolicyRulesWithSubjects(
                                List.of(Subject.group("system:unauthenticated"), Subject.group("system:authenticated")),
                                List.of(),
                                List.of(new NonResourcePolicyRule(
                                        List.of("get"), List.of("/healthz", "/readyz", "/livez"))))),
                schema(
                        "system-leader-election",
                        PriorityLevel.LEADER_ELECTION,
                        100,
                        BY_USER,
                        new PolicyRulesWithSubjects(
                                List.of(
                                        Subject.user(CONTROLLER_MANAGER),
                                        Subject.user(SCHEDULER),
                                        Subject.serviceAccount(KUBE_SYSTEM, ALL)),
                                List.of(
                                        leaderElection("", List.of("endpoints", "configmaps"), KUBE_SYSTEM),
                                        leaderElection("coordination.k8s.io", List.of("leases"), ALL)),
                                List.of())),
                schema(
                        "endpoint-controller",
                        PriorityLevel.WORKLOAD_HIGH,
                        150,
                        BY_USER,
                        new PolicyRulesWithSubjects(
                                List.of(
                                        Subject.user(CONTROLLER_MANAGER),
                                        Subject.serviceAccount(KUBE_SYSTEM, "endpoint-controller"),
                                        Subject.serviceAccount(KUBE_SYSTEM, "endpointslicemirroring-controller")),
                                List.of(new ResourcePolicyRule(
                                        List.of("get", "create", "update"),
                                        List.of(""),
                                        List.of("endpoints"),
                                        false,
                                        List.of(ALL))),
                                List.of())),
                schema(
                        "workload-leader-election",
                        PriorityLevel.LEADER_ELECTION,
                        200,
                        BY_USER,
                        new PolicyRulesWithSubjects(
                                List.of(Subject.serviceAccount(KUBE_SYSTEM, ALL)),
                                List.of(
                                        leaderElection("", List.of("endpoints", "configmaps"), ALL),
                                        leaderElection("coordination.k8s.io", List.of("leases"), ALL)),
                                List.of())),
                schema(
                        "system-node-high",
                        PriorityLevel.NODE_HIGH,
                        400,
                        BY_USER,
                        new PolicyRulesWithSubjects(
                                List.of(Subject.group("system:nodes")),
                                List.of(
                                        new ResourcePolicyRule(
                                                List.of(ALL),
                                                List.of(""),
                                                List.of("nodes", "nodes/status"),
                                                true,
                                                List.of()),
                                        new ResourcePolicyRule(
                                                List.of(ALL),
                                                List.of("coordination.k8s.io"),
                                                List.of("leases"),
                                                false,
                                                List.of(ALL))),
                                List.of())),
                everything("system-nodes", PriorityLevel.SYSTEM, 500, BY_USER, Subject.group("system:nodes")),
                everything(
                        "kube-controller-manager",
                        PriorityLevel.WORKLOAD_HIGH,
                        800,
                        BY_NAMESPACE,
                        Subject.user(CONTROLLER_MANAGER)),
                everything("kube-scheduler", PriorityLevel.WORKLOAD_HIGH, 800, BY_NAMESPACE, Subject.user(SCHEDULER)),
                everything(
                        "skiff-system-components",
                        PriorityLevel.WORKLOAD_HIGH,
                        850,
                        BY_NAMESPACE,
                        Subject.user("system:kube-proxy"),
                        Subject.user("system:skiff:cluster-dns"),
                        Subject.user("system:skiff:ingress-controller")),
                everything(
                        "kube-system-service-accounts",
                        PriorityLevel.WORKLOAD_HIGH,
                        900,
                        BY_NAMESPACE,
                        Subject.serviceAccount(KUBE_SYSTEM, ALL)),
                everything(
                        "service-accounts",
                        PriorityLevel.WORKLOAD_LOW,
                        9000,
                        BY_USER,
                        Subject.group("system:serviceaccounts")),
                everything(
                        "global-default",
                        PriorityLevel.GLOBAL_DEFAULT,
                        9900,
                        BY_USER,
                        Subject.group("system:unauthenticated"),
                        Subject.group("system:authenticated")),
                everything(
                        "catch-all",
                        PriorityLevel.CATCH_ALL,
                        10000,
                        BY_USER,
                        Subject.group("system:unauthenticated"),
                        Subject.group("system:authenticated"))));
        // kube-apiserver orders schemas by precedence, then name.
        schemas.sort(Comparator.comparingInt(FlowSchema::matchingPrecedence).thenComparing(FlowSchema::name));
        return List.copyOf(schemas);
    }

    private static FlowSchema schema(
            String name, String level, int precedence, Distinguisher distinguisher, PolicyRulesWithSubjects rule) {
        return new FlowSchema(name, precedence, level, distinguisher, List.of(rule));
    }

    /** A schema that takes every request of its subjects, as the bootstrap's NewFSAll. */
    private static FlowSchema everything(
            String name, String level, int precedence, Distinguisher distinguisher, Subject... subjects) {
        return schema(
                name,
                level,
                precedence,
                distinguisher,
                new PolicyRulesWithSubjects(List.of(subjects), List.of(ALL_RESOURCES), List.of(ALL_PATHS)));
    }

    private static ResourcePolicyRule leaderElection(String group, List<String> resources, String namespace) {
        return new ResourcePolicyRule(LEADER_ELECTION_VERBS, List.of(group), resources, false, List.of(namespace));
    }
}
