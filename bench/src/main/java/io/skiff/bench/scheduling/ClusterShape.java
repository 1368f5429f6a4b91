package io.skiff.bench.scheduling;

import java.nio.charset.StandardCharsets;

/**
 * The objects of a scheduler_perf-style run: nodes shaped like scheduler_perf's node-default.yaml
 * (4 cpu, 32Gi, 110 pods) spread over zones, and pods like its pod-default.yaml (100m cpu, 500Mi
 * requested), optionally with pod anti-affinity and topology spread, as in its affinity cases.
 */
public final class ClusterShape {

    /** Zones the nodes are spread over (label topology.kubernetes.io/zone). */
    static final int ZONES = 10;

    /** Pods of one spread group must land on distinct nodes and spread evenly over the zones. */
    static final int SPREAD_GROUPS = 100;

    private final String run;
    private final boolean spread;

    public ClusterShape(String run, boolean spread) {
        this.run = run;
        this.spread = spread;
    }

    public String runLabel() {
        return "skiff.io/bench-run=" + run;
    }

    public byte[] node(int index) {
        String name = nodeName(index);
        String json = """
                {"apiVersion":"v1","kind":"Node","metadata":{"name":"%s","labels":{
                "kubernetes.io/hostname":"%s","kubernetes.io/os":"linux","kubernetes.io/arch":"amd64",
                "topology.kubernetes.io/zone":"zone-%d","skiff.io/bench-run":"%s"}},
                "status":{"capacity":{"cpu":"4","memory":"32Gi","pods":"110"},
                "allocatable":{"cpu":"4","memory":"32Gi","pods":"110"},
                "conditions":[{"type":"Ready","status":"True","reason":"KubeletReady"}],
                "phase":"Running"}}""".formatted(name, name, index % ZONES, run);
        return json.getBytes(StandardCharsets.UTF_8);
    }

    public String nodeName(int index) {
        return "bench-" + run + "-node-" + index;
    }

    /** A pod named {@code prefix + index}; its spread group follows from the index. */
    public byte[] pod(String prefix, int index) {
        String group = "g-" + (index % SPREAD_GROUPS);
        String placement = spread ? """
                ,"affinity":{"podAntiAffinity":{"requiredDuringSchedulingIgnoredDuringExecution":[
                {"labelSelector":{"matchLabels":{"group":"%s"}},"topologyKey":"kubernetes.io/hostname"}]}},
                "topologySpreadConstraints":[{"maxSkew":1,"topologyKey":"topology.kubernetes.io/zone",
                "whenUnsatisfiable":"DoNotSchedule","labelSelector":{"matchLabels":{"group":"%s"}}}]""".formatted(group, group) : "";
        String json = """
                {"apiVersion":"v1","kind":"Pod","metadata":{"name":"%s%d","labels":{"group":"%s"}},
                "spec":{"containers":[{"name":"pause","image":"registry.k8s.io/pause:3.10",
                "ports":[{"containerPort":80}],
                "resources":{"requests":{"cpu":"100m","memory":"500Mi"},"limits":{"cpu":"100m","memory":"500Mi"}}}]%s}}""".formatted(prefix, index, group, placement);
        return json.getBytes(StandardCharsets.UTF_8);
    }
}
