package io.skiff.kubelet.testing;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.List;

/** Pods bound to the test node, as the API server would have defaulted them. */
public final class TestPods {

    public static final String NODE = "node-1";

    private TestPods() {}

    /** A container running {@code sh -c script} from busybox:1.36 (pulled if not present). */
    public static Container container(String name, String script) {
        return new ContainerBuilder()
                .withName(name)
                .withImage("busybox:1.36")
                .withImagePullPolicy("IfNotPresent")
                .withCommand("sh", "-c", script)
                .build();
    }

    public static Pod pod(
            String name, String restartPolicy, List<Container> initContainers, List<Container> containers) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace("default")
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion("1")
                .endMetadata()
                .withNewSpec()
                .withNodeName(NODE)
                .withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(30L)
                .withInitContainers(initContainers)
                .withContainers(containers)
                .endSpec()
                .withNewStatus()
                .withPhase("Pending")
                .withQosClass("BestEffort")
                .endStatus()
                .build();
    }

    public static Pod pod(String name, String restartPolicy, Container... containers) {
        return pod(name, restartPolicy, List.of(), List.of(containers));
    }
}
