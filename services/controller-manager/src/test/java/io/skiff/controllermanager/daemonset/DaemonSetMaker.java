package io.skiff.controllermanager.daemonset;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TaintBuilder;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.DaemonSetBuilder;
import io.skiff.controllermanager.history.ControllerRevisions;
import io.skiff.controllermanager.testing.PodMaker;

/** DaemonSet "agent" in "default" (app=agent), its nodes and pods, for sync fixtures. */
final class DaemonSetMaker {

    private DaemonSetMaker() {}

    static DaemonSet agent() {
        return new DaemonSetBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName("agent")
                .withUid("uid-ds-agent")
                .withGeneration(1L)
                .withResourceVersion("7")
                .addToAnnotations(DaemonPods.TEMPLATE_GENERATION_ANNOTATION, "1")
                .endMetadata()
                .withNewSpec()
                .withNewSelector()
                .addToMatchLabels("app", "agent")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "agent")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("agent")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .endTemplate()
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(1))
                .withMaxSurge(new IntOrString(0))
                .endRollingUpdate()
                .endUpdateStrategy()
                .withRevisionHistoryLimit(10)
                .endSpec()
                .build();
    }

    /** The same DaemonSet with another image: a new template, hence a new revision. */
    static DaemonSet agentWithImage(DaemonSet daemonSet, String image) {
        return new DaemonSetBuilder(daemonSet)
                .editSpec()
                .editTemplate()
                .editSpec()
                .editFirstContainer()
                .withImage(image)
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
                .build();
    }

    static DaemonSet withStrategy(DaemonSet daemonSet, String type, Integer maxUnavailable, Integer maxSurge) {
        DaemonSetBuilder builder = new DaemonSetBuilder(daemonSet);
        if ("OnDelete".equals(type)) {
            return builder.editSpec()
                    .withNewUpdateStrategy()
                    .withType("OnDelete")
                    .endUpdateStrategy()
                    .endSpec()
                    .build();
        }
        return builder.editSpec()
                .withNewUpdateStrategy()
                .withType("RollingUpdate")
                .withNewRollingUpdate()
                .withMaxUnavailable(new IntOrString(maxUnavailable))
                .withMaxSurge(new IntOrString(maxSurge))
                .endRollingUpdate()
                .endUpdateStrategy()
                .endSpec()
                .build();
    }

    static Node node(String name) {
        return new NodeBuilder()
                .withNewMetadata()
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion("1")
                .addToLabels("kubernetes.io/hostname", name)
                .endMetadata()
                .withNewSpec()
                .endSpec()
                .build();
    }

    static Node taintedNode(String name, String key, String effect) {
        Node node = node(name);
        node.getSpec()
                .setTaints(java.util.List.of(
                        new TaintBuilder().withKey(key).withEffect(effect).build()));
        return node;
    }

    /** A pod of {@code daemonSet} bound to {@code node} at revision {@code hash}. */
    static PodMaker pod(String name, DaemonSet daemonSet, String node, String hash) {
        return PodMaker.pod(name)
                .withoutLabels()
                .label("app", "agent")
                .label(ControllerRevisions.REVISION_LABEL, hash)
                .ownedBy(daemonSet)
                .node(node);
    }

    /** The hash the DaemonSet's current template gets (no collisions). */
    static String hashOf(DaemonSet daemonSet) {
        return DaemonSetHistory.templateHash(daemonSet.getSpec().getTemplate(), null);
    }

    static Pod readyPod(String name, DaemonSet daemonSet, String node, String hash) {
        return pod(name, daemonSet, node, hash).readySecondsAgo(600).build();
    }
}
