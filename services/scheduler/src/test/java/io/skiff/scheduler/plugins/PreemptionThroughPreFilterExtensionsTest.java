package io.skiff.scheduler.plugins;

import static io.skiff.scheduler.testing.PodMaker.in;
import static io.skiff.scheduler.testing.PodMaker.pod;
import static io.skiff.scheduler.testing.PodMaker.term;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraintBuilder;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.NodeInfo;
import io.skiff.scheduler.framework.NodeToStatus;
import io.skiff.scheduler.framework.NominatingInfo;
import io.skiff.scheduler.framework.Plugin;
import io.skiff.scheduler.framework.PostFilterResult;
import io.skiff.scheduler.framework.Snapshot;
import io.skiff.scheduler.framework.Status;
import io.skiff.scheduler.plugins.defaultpreemption.DefaultPreemption;
import io.skiff.scheduler.plugins.defaultpreemption.DefaultPreemptionArgs;
import io.skiff.scheduler.plugins.defaultpreemption.Preemptor;
import io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinity;
import io.skiff.scheduler.plugins.interpodaffinity.InterPodAffinityArgs;
import io.skiff.scheduler.plugins.interpodaffinity.NamespaceLister;
import io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpread;
import io.skiff.scheduler.plugins.podtopologyspread.PodTopologySpreadArgs;
import io.skiff.scheduler.testing.FakeHandle;
import io.skiff.scheduler.testing.NodeMaker;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Preemption evaluating victims through InterPodAffinity's and PodTopologySpread's PreFilter
 * extensions: removing a pod must lift exactly the constraint it caused, on copies only.
 */
class PreemptionThroughPreFilterExtensionsTest {

    private static final String HOSTNAME = "kubernetes.io/hostname";
    private static final NamespaceLister NO_NAMESPACES = new NamespaceLister() {
        @Override
        public Optional<Namespace> get(String name) {
            return Optional.empty();
        }

        @Override
        public List<Namespace> list() {
            return List.of();
        }
    };

    private final List<String> preempted = new CopyOnWriteArrayList<>();
    private final Preemptor preemptor = new Preemptor() {
        @Override
        public void preempt(Pod preemptorPod, Pod victim, String nodeName) {
            preempted.add(victim.getMetadata().getName() + "@" + nodeName);
        }

        @Override
        public void clearNominatedNodeName(Pod pod) {}
    };

    @Test
    void evictsTheLowerPriorityPodThatTheRequiredAntiAffinityAvoids() {
        Pod incoming = pod("preemptor")
                .priority(100)
                .podAntiAffinity(term(in("app", "x"), HOSTNAME))
                .build();
        List<Pod> pods = List.of(
                pod("low-x").node("n1").priority(1).label("app", "x").build(),
                pod("high-x").node("n2").priority(1000).label("app", "x").build());
        List<Node> nodes = List.of(
                NodeMaker.node("n1").label(HOSTNAME, "n1").build(),
                NodeMaker.node("n2").label(HOSTNAME, "n2").build());

        PostFilterResult result = preempt(
                incoming,
                nodes,
                pods,
                handle -> new InterPodAffinity(InterPodAffinityArgs.defaults(), handle, NO_NAMESPACES));

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n1"));
        assertThat(preempted).containsExactly("low-x@n1");
    }

    @Test
    void evictsAsManyLowerPriorityPodsAsTheSpreadConstraintNeeds() {
        // two zones, minDomains 3: the global minimum is 0, so a zone may hold only maxSkew - 1 = 0
        // matching pods before the pod joins it
        Pod incoming = pod("preemptor")
                .priority(100)
                .label("app", "web")
                .spreadConstraint(new TopologySpreadConstraintBuilder()
                        .withMaxSkew(1)
                        .withTopologyKey("zone")
                        .withWhenUnsatisfiable(PodTopologySpread.DO_NOT_SCHEDULE)
                        .withLabelSelector(in("app", "web"))
                        .withMinDomains(3)
                        .build())
                .build();
        List<Pod> pods = List.of(
                pod("low-1").node("n1").priority(1).label("app", "web").build(),
                pod("low-2").node("n1").priority(2).label("app", "web").build(),
                pod("high").node("n2").priority(1000).label("app", "web").build());
        List<Node> nodes = List.of(
                NodeMaker.node("n1").label("zone", "z1").build(),
                NodeMaker.node("n2").label("zone", "z2").build());

        PostFilterResult result = preempt(
                incoming,
                nodes,
                pods,
                handle -> new PodTopologySpread(PodTopologySpreadArgs.listDefaulting(List.of()), handle, null));

        assertThat(result.nominatingInfo()).isEqualTo(NominatingInfo.override("n1"));
        assertThat(preempted).containsExactlyInAnyOrder("low-1@n1", "low-2@n1");
    }

    private PostFilterResult preempt(
            Pod pod, List<Node> nodes, List<Pod> pods, Function<FakeHandle, Plugin> filterPlugin) {
        Snapshot snapshot = Snapshot.of(pods, nodes);
        FakeHandle handle = new FakeHandle(snapshot);
        handle.use(filterPlugin.apply(handle));
        CycleState state = new CycleState();
        assertThat(handle.runPreFilterPlugins(state, pod)).isEqualTo(Status.success());
        NodeToStatus statuses = new NodeToStatus();
        for (NodeInfo nodeInfo : snapshot.nodeInfos()) {
            Status status = handle.runFilterPlugins(state, pod, nodeInfo);
            assertThat(status.code()).isEqualTo(Status.Code.UNSCHEDULABLE);
            statuses.set(nodeInfo.nodeName(), status);
        }
        DefaultPreemption plugin = new DefaultPreemption(DefaultPreemptionArgs.defaults(), handle, List::of, preemptor);
        return plugin.postFilter(state, pod, statuses);
    }
}
