package io.skiff.apiserver.flowcontrol;

import java.util.List;

/**
 * A priority level as Kubernetes' PriorityLevelConfiguration: its share of the server's
 * concurrency and how requests beyond it wait.
 *
 * @param name the level's name, as Kubernetes' default configuration names it
 * @param nominalConcurrencyShares this level's part of the server's concurrency limit, in shares
 *     of the sum over all limited levels
 * @param lendablePercent the part of its seats Kubernetes lets other levels borrow (published in
 *     the object; Skiff's levels do not lend)
 * @param queues how many fair queues waiting requests are spread over; 0 rejects at once when
 *     every seat is taken (Kubernetes' {@code Reject} limit response)
 * @param handSize how many queues a flow is dealt (shuffle sharding); it joins the shortest
 * @param queueLengthLimit requests one queue holds before a newcomer is rejected
 * @param exempt never limited (system:masters, health probes)
 */
public record PriorityLevel(
        String name,
        int nominalConcurrencyShares,
        int lendablePercent,
        int queues,
        int handSize,
        int queueLengthLimit,
        boolean exempt) {

    public static final String EXEMPT = "exempt";
    public static final String SYSTEM = "system";
    public static final String NODE_HIGH = "node-high";
    public static final String LEADER_ELECTION = "leader-election";
    public static final String WORKLOAD_HIGH = "workload-high";
    public static final String WORKLOAD_LOW = "workload-low";
    public static final String GLOBAL_DEFAULT = "global-default";
    public static final String CATCH_ALL = "catch-all";

    /** The levels kube-apiserver always keeps as they are here, whatever users do to them. */
    public static final java.util.Set<String> MANDATORY = java.util.Set.of(EXEMPT, CATCH_ALL);

    /** Kubernetes' (v1.32) mandatory and suggested priority levels. */
    public static List<PriorityLevel> defaults() {
        return List.of(
                new PriorityLevel(EXEMPT, 0, 0, 0, 0, 0, true),
                new PriorityLevel(SYSTEM, 30, 33, 64, 6, 50, false),
                new PriorityLevel(NODE_HIGH, 40, 25, 64, 6, 50, false),
                new PriorityLevel(LEADER_ELECTION, 10, 0, 16, 4, 50, false),
                new PriorityLevel(WORKLOAD_HIGH, 40, 50, 128, 6, 50, false),
                new PriorityLevel(WORKLOAD_LOW, 100, 90, 128, 6, 50, false),
                new PriorityLevel(GLOBAL_DEFAULT, 20, 50, 128, 6, 50, false),
                new PriorityLevel(CATCH_ALL, 5, 0, 0, 0, 0, false));
    }

    /**
     * The seats this level gets of {@code serverConcurrencyLimit}: its shares of the shares of all
     * limited levels, rounded up, as Kubernetes' nominal concurrency limit.
     */
    public int seats(int serverConcurrencyLimit, int totalShares) {
        return (int) Math.ceil((double) serverConcurrencyLimit * nominalConcurrencyShares / totalShares);
    }
}
