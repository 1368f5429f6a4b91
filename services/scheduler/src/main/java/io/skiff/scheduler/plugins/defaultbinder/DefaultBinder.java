package io.skiff.scheduler.plugins.defaultbinder;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.scheduler.framework.Bind;
import io.skiff.scheduler.framework.CycleState;
import io.skiff.scheduler.framework.Plugins;
import io.skiff.scheduler.framework.Status;

/** Binds pods through the pods/binding subresource, as Kubernetes' DefaultBinder. */
public final class DefaultBinder implements Bind {

    private final PodBinder binder;

    public DefaultBinder(PodBinder binder) {
        this.binder = binder;
    }

    @Override
    public String name() {
        return Plugins.DEFAULT_BINDER;
    }

    @Override
    public Status bind(CycleState state, Pod pod, String nodeName) {
        try {
            binder.bind(binding(pod, nodeName));
            return Status.success();
        } catch (RuntimeException e) {
            return Status.error(e);
        }
    }

    /** The Binding of the pod (name, namespace and UID, so a recreated pod is not bound by mistake) to the node. */
    static Binding binding(Pod pod, String nodeName) {
        return new BindingBuilder()
                .withNewMetadata()
                .withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid())
                .endMetadata()
                .withNewTarget()
                .withKind("Node")
                .withName(nodeName)
                .endTarget()
                .build();
    }
}
