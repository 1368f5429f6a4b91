package io.skiff.controllermanager.endpoints;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.events.EventRecorder;
import io.skiff.component.events.EventType;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.serviceendpoints.ServiceEndpoints;
import io.skiff.controllermanager.serviceendpoints.TriggerTimeTracker;
import io.skiff.model.selector.LabelSelector;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One sync of one Service's Endpoints (endpoints_controller.go syncService): the Endpoints of the
 * same name list the selected pods' addresses, ready and not ready, with the Service's ports
 * resolved on each pod, the Service's labels, the headless label and the trigger-time and
 * over-capacity annotations. A Service that is gone loses its Endpoints; one without a selector
 * (or an ExternalName) is left to whoever manages its Endpoints.
 */
final class EndpointsSync implements Reconciler<String> {

    /** Why a create in a namespace being deleted was refused; such creates are dropped. */
    static final String NAMESPACE_TERMINATING_CAUSE = "NamespaceTerminating";

    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<Endpoints> endpoints;
    private final EndpointsWriter writer;
    private final EventRecorder events;
    private final TriggerTimeTracker triggerTimes;
    private final StaleEndpoints stale = new StaleEndpoints();
    private final Duration timeout;

    EndpointsSync(
            Lister<Service> services,
            Lister<Pod> pods,
            Lister<Endpoints> endpoints,
            EndpointsWriter writer,
            EventRecorder events,
            TriggerTimeTracker triggerTimes,
            Duration timeout) {
        this.services = services;
        this.pods = pods;
        this.endpoints = endpoints;
        this.writer = writer;
        this.events = events;
        this.triggerTimes = triggerTimes;
        this.timeout = timeout;
    }

    @Override
    public Result sync(String key) {
        String namespace = ObjectKeys.namespaceOf(key);
        String name = ObjectKeys.nameOf(key);
        Optional<Service> cached = services.get(namespace, name);
        if (cached.isEmpty()) {
            deleteEndpoints(namespace, name);
            triggerTimes.forget(key);
            stale.forget(key);
            return Result.done();
        }
        Service service = cached.get();
        if (!ServiceEndpoints.selectsPods(service)) {
            return Result.done();
        }
        List<Pod> selected =
                pods.list(namespace, LabelSelector.fromSet(service.getSpec().getSelector()));
        // Observed on every sync, and remembered by every one that succeeds, even writing nothing.
        TriggerTimeTracker.Observation observed = triggerTimes.observe(service, selected);
        List<EndpointSubset> subsets = EndpointSubsets.forService(service, selected);

        Optional<Endpoints> current = endpoints.get(namespace, name);
        if (current.isPresent() && stale.isStale(current.get())) {
            throw new IllegalStateException("endpoints informer cache is out of date, resource version "
                    + current.get().getMetadata().getResourceVersion() + " already processed for endpoints " + key);
        }
        boolean create = current.isEmpty();
        if (!create && upToDate(current.get(), service, subsets)) {
            triggerTimes.remember(observed);
            return Result.done();
        }
        Endpoints desired = desired(current, service, subsets, observed.triggerTime());
        try {
            if (create) {
                writer.create(desired).block(timeout);
            } else {
                Endpoints updated = writer.update(desired).block(timeout);
                if (updated != null
                        && !updated.getMetadata()
                                .getResourceVersion()
                                .equals(current.get().getMetadata().getResourceVersion())) {
                    stale.replaced(current.get());
                }
            }
        } catch (RuntimeException e) {
            if (create && ApiErrors.isForbidden(e) && ApiErrors.hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) {
                // The namespace is going away; creates there will keep failing.
                triggerTimes.remember(observed);
                return Result.done();
            }
            if (create) {
                events.event(
                        desired,
                        EventType.WARNING,
                        "FailedToCreateEndpoint",
                        "Failed to create endpoint for service %s/%s: %s",
                        namespace,
                        name,
                        e.getMessage());
            } else {
                events.event(
                        desired,
                        EventType.WARNING,
                        "FailedToUpdateEndpoint",
                        "Failed to update endpoint %s/%s: %s",
                        namespace,
                        name,
                        e.getMessage());
            }
            throw e;
        }
        triggerTimes.remember(observed);
        return Result.done();
    }

    private void deleteEndpoints(String namespace, String name) {
        try {
            writer.delete(namespace, name).block(timeout);
        } catch (RuntimeException e) {
            if (!ApiErrors.isNotFound(e)) {
                throw e;
            }
        }
    }

    /** Same subsets, the Service's labels (the headless label aside) and a correct capacity annotation. */
    private static boolean upToDate(Endpoints current, Service service, List<EndpointSubset> subsets) {
        Map<String, String> compareLabels = copy(current.getMetadata().getLabels());
        compareLabels.remove(ServiceEndpoints.HEADLESS_LABEL);
        return EndpointSubsets.sameIgnoringResourceVersion(current.getSubsets(), subsets)
                && compareLabels.equals(copy(service.getMetadata().getLabels()))
                && capacityAnnotationSetCorrectly(current);
    }

    /** Over capacity means it must be truncated (and annotated) again; under, no annotation. */
    private static boolean capacityAnnotationSetCorrectly(Endpoints current) {
        if (EndpointSubsets.addressCount(current.getSubsets()) > EndpointSubsets.MAX_CAPACITY) {
            return false;
        }
        Map<String, String> annotations = current.getMetadata().getAnnotations();
        return annotations == null || !annotations.containsKey(EndpointSubsets.OVER_CAPACITY_ANNOTATION);
    }

    private static Endpoints desired(
            Optional<Endpoints> current, Service service, List<EndpointSubset> subsets, Optional<Instant> triggerTime) {
        Endpoints desired = current.map(e -> new EndpointsBuilder(e).build())
                .orElseGet(() -> new EndpointsBuilder()
                        .withNewMetadata()
                        .withNamespace(service.getMetadata().getNamespace())
                        .withName(service.getMetadata().getName())
                        .endMetadata()
                        .build());
        desired.setSubsets(subsets.isEmpty() ? null : subsets);
        Map<String, String> labels = copy(service.getMetadata().getLabels());
        if (ServiceEndpoints.isServiceIpSet(service)) {
            labels.remove(ServiceEndpoints.HEADLESS_LABEL);
        } else {
            labels.put(ServiceEndpoints.HEADLESS_LABEL, "");
        }
        desired.getMetadata().setLabels(labels);
        Map<String, String> annotations = copy(desired.getMetadata().getAnnotations());
        if (triggerTime.isPresent()) {
            annotations.put(
                    ServiceEndpoints.LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
                    ServiceEndpoints.formatTriggerTime(triggerTime.get()));
        } else {
            annotations.remove(ServiceEndpoints.LAST_CHANGE_TRIGGER_TIME_ANNOTATION);
        }
        if (desired.getSubsets() != null && EndpointSubsets.truncate(desired.getSubsets())) {
            annotations.put(EndpointSubsets.OVER_CAPACITY_ANNOTATION, EndpointSubsets.TRUNCATED);
        } else {
            annotations.remove(EndpointSubsets.OVER_CAPACITY_ANNOTATION);
        }
        desired.getMetadata().setAnnotations(annotations);
        return desired;
    }

    private static Map<String, String> copy(Map<String, String> map) {
        return map == null ? new HashMap<>() : new HashMap<>(map);
    }
}
