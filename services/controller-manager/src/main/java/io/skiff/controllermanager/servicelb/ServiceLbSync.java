package io.skiff.controllermanager.servicelb;

import io.fabric8.kubernetes.api.model.LoadBalancerIngress;
import io.fabric8.kubernetes.api.model.LoadBalancerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServiceStatus;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * One sync of one Service: a LoadBalancer Service without a loadBalancerClass gets the addresses of
 * the Ready, schedulable nodes in status.loadBalancer.ingress (see {@link LoadBalancerAddresses}); a
 * Service that is no longer of type LoadBalancer loses them. Events as Kubernetes' service
 * controller records them: EnsuringLoadBalancer / EnsuredLoadBalancer, DeletingLoadBalancer /
 * DeletedLoadBalancer, UnAvailableLoadBalancer when no node qualifies, SyncLoadBalancerFailed.
 */
final class ServiceLbSync implements Reconciler<String> {

    static final String LOAD_BALANCER = "LoadBalancer";

    private final Lister<Service> services;
    private final Lister<Node> nodes;
    private final ServiceStatusWrites writes;
    private final EventRecorder events;
    private final Duration timeout;

    ServiceLbSync(
            Lister<Service> services,
            Lister<Node> nodes,
            ServiceStatusWrites writes,
            EventRecorder events,
            Duration timeout) {
        this.services = services;
        this.nodes = nodes;
        this.writes = writes;
        this.events = events;
        this.timeout = timeout;
    }

    /** Whether this controller provides the Service's load balancer. */
    static boolean wantsLoadBalancer(Service service) {
        return service.getSpec() != null
                && LOAD_BALANCER.equals(service.getSpec().getType())
                && service.getSpec().getLoadBalancerClass() == null
                && service.getMetadata().getDeletionTimestamp() == null;
    }

    @Override
    public Result sync(String key) {
        Optional<Service> found = services.get(ObjectKeys.namespaceOf(key), ObjectKeys.nameOf(key));
        if (found.isEmpty()) {
            return Result.done();
        }
        Service service = found.get();
        List<LoadBalancerIngress> current = ingress(service);
        if (wantsLoadBalancer(service)) {
            List<LoadBalancerIngress> wanted = LoadBalancerAddresses.of(nodes.list(LabelSelector.everything()));
            if (wanted.isEmpty()) {
                events.event(
                        service,
                        EventType.WARNING,
                        "UnAvailableLoadBalancer",
                        "There are no available nodes for LoadBalancer");
            }
            if (sameIngress(current, wanted)) {
                return Result.done();
            }
            events.event(service, EventType.NORMAL, "EnsuringLoadBalancer", "Ensuring load balancer");
            write(service, wanted);
            events.event(service, EventType.NORMAL, "EnsuredLoadBalancer", "Ensured load balancer");
            return Result.done();
        }
        boolean ours = service.getSpec() == null || service.getSpec().getLoadBalancerClass() == null;
        if (current.isEmpty() || !ours || isLoadBalancer(service)) {
            // Nothing published, or another controller's (loadBalancerClass), or a Service being deleted.
            return Result.done();
        }
        events.event(service, EventType.NORMAL, "DeletingLoadBalancer", "Deleting load balancer");
        write(service, List.of());
        events.event(service, EventType.NORMAL, "DeletedLoadBalancer", "Deleted load balancer");
        return Result.done();
    }

    private void write(Service service, List<LoadBalancerIngress> ingress) {
        Service updated = new ServiceBuilder(service)
                .withStatus(new ServiceStatus(
                        service.getStatus() == null ? null : service.getStatus().getConditions(),
                        new LoadBalancerStatus(ingress.isEmpty() ? null : ingress)))
                .build();
        try {
            writes.updateStatus(updated).block(timeout);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return;
            }
            events.event(
                    service,
                    EventType.WARNING,
                    "SyncLoadBalancerFailed",
                    "Error syncing load balancer: %s",
                    e.getMessage());
            throw e;
        }
    }

    private static boolean isLoadBalancer(Service service) {
        return service.getSpec() != null
                && LOAD_BALANCER.equals(service.getSpec().getType());
    }

    private static List<LoadBalancerIngress> ingress(Service service) {
        if (service.getStatus() == null
                || service.getStatus().getLoadBalancer() == null
                || service.getStatus().getLoadBalancer().getIngress() == null) {
            return List.of();
        }
        return service.getStatus().getLoadBalancer().getIngress();
    }

    private static boolean sameIngress(List<LoadBalancerIngress> current, List<LoadBalancerIngress> wanted) {
        if (current.size() != wanted.size()) {
            return false;
        }
        for (int i = 0; i < current.size(); i++) {
            LoadBalancerIngress a = current.get(i);
            LoadBalancerIngress b = wanted.get(i);
            if (!Objects.equals(a.getIp(), b.getIp())
                    || !Objects.equals(a.getIpMode(), b.getIpMode())
                    || a.getHostname() != null) {
                return false;
            }
        }
        return true;
    }
}
