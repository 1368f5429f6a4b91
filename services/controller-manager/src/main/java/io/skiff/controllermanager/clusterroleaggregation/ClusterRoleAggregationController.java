package io.skiff.controllermanager.clusterroleaggregation;

import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.micrometer.core.instrument.MeterRegistry;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.component.informer.ResourceEventHandler;
import io.skiff.component.informer.SharedIndexInformer;
import io.skiff.component.leaderelection.LeaderWork;
import io.skiff.controllermanager.loop.LeaderControllerLoop;
import io.skiff.model.selector.LabelSelector;
import java.util.List;

/**
 * The ClusterRole aggregation controller's workers, run only while this controller manager leads:
 * any change to any ClusterRole queues every ClusterRole that aggregates, as Kubernetes' does, since
 * a label or rule change anywhere may change what they gather.
 */
public final class ClusterRoleAggregationController implements LeaderWork {

    public static final String NAME = "clusterrole-aggregation-controller";

    private final LeaderControllerLoop loop;
    private final SharedIndexInformer<ClusterRole> clusterRoles;

    ClusterRoleAggregationController(
            SharedIndexInformer<ClusterRole> clusterRoles, ClusterRoleAggregationSync sync, MeterRegistry registry) {
        this.clusterRoles = clusterRoles;
        this.loop = new LeaderControllerLoop(
                "clusterrole-aggregation", sync, List.of(clusterRoles), this::aggregating, registry, 5);
        clusterRoles.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ClusterRole role) {
                enqueueAggregating();
            }

            @Override
            public void onUpdate(ClusterRole oldRole, ClusterRole newRole) {
                enqueueAggregating();
            }

            @Override
            public void onDelete(ClusterRole role, boolean finalStateUnknown) {
                enqueueAggregating();
            }
        });
    }

    private List<String> aggregating() {
        return clusterRoles.lister().list(LabelSelector.everything()).stream()
                .filter(role -> role.getAggregationRule() != null)
                .map(ObjectKeys::keyOf)
                .toList();
    }

    private void enqueueAggregating() {
        aggregating().forEach(loop::enqueue);
    }

    @Override
    public void start() {
        loop.start();
    }

    @Override
    public void stop() {
        loop.stop();
    }
}
