package io.skiff.controllermanager.endpointslice;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.skiff.component.client.ApiErrors;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.serviceendpoints.EndpointPods;
import io.skiff.controllermanager.serviceendpoints.ServiceEndpoints;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Turns a Service's existing slices into the desired ones with as few writes as it can (the
 * k8s.io/endpointslice Reconciler): per address type and per set of ports, endpoints that stay are
 * updated in place, slices that lost endpoints are refilled before new ones are made, a slice left
 * empty is deleted (or, rather than deleting one slice and creating another, reused), and a Service
 * without endpoints keeps one empty placeholder slice.
 */
final class SliceReconciler {

    static final String NAMESPACE_TERMINATING_CAUSE = "NamespaceTerminating";

    private final Lister<Node> nodes;
    private final EndpointSliceWriter writer;
    private final EndpointSliceTracker tracker;
    private final int maxEndpointsPerSlice;
    private final Duration timeout;

    SliceReconciler(
            Lister<Node> nodes,
            EndpointSliceWriter writer,
            EndpointSliceTracker tracker,
            int maxEndpointsPerSlice,
            Duration timeout) {
        this.nodes = nodes;
        this.writer = writer;
        this.tracker = tracker;
        this.maxEndpointsPerSlice = maxEndpointsPerSlice;
        this.timeout = timeout;
    }

    /** The writes one reconcile of one address type decided on. */
    record Plan(List<EndpointSlice> toCreate, List<EndpointSlice> toUpdate, List<EndpointSlice> toDelete) {}

    /**
     * Reconciles the Service's slices; failures of single steps are collected and thrown together
     * at the end, after everything else was tried.
     */
    void reconcile(Service service, List<Pod> pods, List<EndpointSlice> existing, Optional<Instant> triggerTime) {
        List<String> errors = new ArrayList<>();
        Set<String> addressTypes = SliceEndpoints.addressTypes(service);
        List<EndpointSlice> wrongType = new ArrayList<>();
        Map<String, List<EndpointSlice>> byType = new LinkedHashMap<>();
        for (EndpointSlice slice : existing) {
            if (addressTypes.contains(slice.getAddressType())) {
                byType.computeIfAbsent(slice.getAddressType(), t -> new ArrayList<>())
                        .add(slice);
            } else {
                wrongType.add(slice);
            }
        }
        for (String addressType : addressTypes) {
            try {
                Plan plan = plan(service, pods, byType.getOrDefault(addressType, List.of()), addressType, errors);
                apply(service, plan, triggerTime);
            } catch (RuntimeException e) {
                errors.add(e.getMessage());
            }
        }
        for (EndpointSlice slice : wrongType) {
            try {
                delete(service, slice);
            } catch (RuntimeException e) {
                errors.add("error deleting " + slice.getMetadata().getName() + " EndpointSlice for Service "
                        + service.getMetadata().getNamespace() + "/"
                        + service.getMetadata().getName() + ": "
                        + e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalStateException(errors.size() == 1 ? errors.get(0) : errors.toString());
        }
    }

    /** What to create, update and delete for one address type (reconcileByAddressType). */
    Plan plan(Service service, List<Pod> pods, List<EndpointSlice> existing, String addressType, List<String> errors) {
        List<EndpointSlice> toCreate = new ArrayList<>();
        List<EndpointSlice> toUpdate = new ArrayList<>();
        List<EndpointSlice> toDelete = new ArrayList<>();

        Map<String, List<EndpointSlice>> existingByPorts = new LinkedHashMap<>();
        for (EndpointSlice slice : existing) {
            if (SliceEndpoints.ownedBy(slice, service)) {
                existingByPorts
                        .computeIfAbsent(SliceEndpoints.portMapKey(slice.getPorts()), k -> new ArrayList<>())
                        .add(slice);
            } else {
                toDelete.add(slice);
            }
        }

        Map<String, List<EndpointPort>> desiredPorts = new LinkedHashMap<>();
        Map<String, EndpointSet> desiredByPorts = new LinkedHashMap<>();
        for (Pod pod : pods) {
            if (!EndpointPods.shouldBeInEndpoints(pod, true)) {
                continue;
            }
            List<EndpointPort> ports = SliceEndpoints.endpointPorts(service, pod);
            String key = SliceEndpoints.portMapKey(ports);
            desiredPorts.putIfAbsent(key, ports);
            EndpointSet set = desiredByPorts.computeIfAbsent(key, k -> new EndpointSet());
            String nodeName = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
            Optional<Node> node = nodeName == null ? Optional.empty() : nodes.get(nodeName);
            if (node.isEmpty() && !ServiceEndpoints.publishNotReadyAddresses(service)) {
                // Requeue to retry, but publish the other endpoints meanwhile.
                errors.add("skipping Pod " + pod.getMetadata().getName() + " for Service "
                        + service.getMetadata().getNamespace() + "/"
                        + service.getMetadata().getName() + ": Node "
                        + (nodeName == null ? "" : nodeName) + " Not Found");
                continue;
            }
            Endpoint endpoint = SliceEndpoints.podToEndpoint(pod, node.orElse(null), service, addressType);
            if (!endpoint.getAddresses().isEmpty()) {
                set.insert(endpoint);
            }
        }

        for (Map.Entry<String, EndpointSet> desired : desiredByPorts.entrySet()) {
            Plan byPorts = planForPorts(
                    service,
                    existingByPorts.getOrDefault(desired.getKey(), List.of()),
                    desired.getValue(),
                    desiredPorts.get(desired.getKey()),
                    addressType);
            toCreate.addAll(byPorts.toCreate());
            toUpdate.addAll(byPorts.toUpdate());
            toDelete.addAll(byPorts.toDelete());
        }
        for (Map.Entry<String, List<EndpointSlice>> slices : existingByPorts.entrySet()) {
            if (!desiredByPorts.containsKey(slices.getKey())) {
                toDelete.addAll(slices.getValue());
            }
        }

        if (existing.size() == toDelete.size() && toCreate.isEmpty()) {
            // No endpoints at all: keep exactly one empty placeholder slice.
            EndpointSlice placeholder = SliceEndpoints.newSlice(service, List.of(), addressType);
            if (toDelete.size() == 1 && isPlaceholderLike(toDelete.get(0), placeholder)) {
                toDelete.clear();
            } else {
                toCreate.add(placeholder);
            }
        }
        return new Plan(toCreate, toUpdate, toDelete);
    }

    /**
     * One set of ports (reconcileByPortMapping): keep desired endpoints where they are (updating
     * those that changed), fill the slices being updated anyway, then put what is left into the
     * unchanged slice it fills best, or new slices.
     */
    private Plan planForPorts(
            Service service,
            List<EndpointSlice> existing,
            EndpointSet desired,
            List<EndpointPort> ports,
            String addressType) {
        Map<String, EndpointSlice> byName = new HashMap<>();
        Set<String> unchanged = new LinkedHashSet<>();
        Set<String> toUpdate = new LinkedHashSet<>();
        Set<String> toDelete = new LinkedHashSet<>();

        for (EndpointSlice slice : existing) {
            String name = slice.getMetadata().getName();
            byName.put(name, slice);
            List<Endpoint> kept = new ArrayList<>();
            boolean endpointUpdated = false;
            for (Endpoint endpoint : orEmpty(slice.getEndpoints())) {
                Endpoint wanted = desired.get(endpoint);
                if (wanted != null) {
                    kept.add(wanted);
                    if (!SliceEndpoints.equalBeyondIdentity(wanted, endpoint)) {
                        endpointUpdated = true;
                    }
                    desired.delete(endpoint);
                }
            }
            SliceEndpoints.Labels labels = SliceEndpoints.labels(slice, service);
            if (endpointUpdated || kept.size() != orEmpty(slice.getEndpoints()).size()) {
                if (kept.isEmpty()) {
                    toDelete.add(name);
                } else {
                    EndpointSlice copy = copy(slice);
                    copy.setEndpoints(kept);
                    copy.getMetadata().setLabels(labels.labels());
                    byName.put(name, copy);
                    toUpdate.add(name);
                }
            } else if (labels.changed()) {
                EndpointSlice copy = copy(slice);
                copy.getMetadata().setLabels(labels.labels());
                byName.put(name, copy);
                toUpdate.add(name);
            } else {
                unchanged.add(name);
            }
        }

        if (desired.size() > 0 && !toUpdate.isEmpty()) {
            List<EndpointSlice> updating = new ArrayList<>();
            toUpdate.forEach(name -> updating.add(byName.get(name)));
            // Fullest first, so that endpoints gather in few slices.
            updating.sort(Comparator.comparingInt(SliceEndpoints::sizeOf).reversed());
            for (EndpointSlice slice : updating) {
                while (desired.size() > 0 && SliceEndpoints.sizeOf(slice) < maxEndpointsPerSlice) {
                    slice.getEndpoints().add(desired.pop());
                }
            }
        }

        List<EndpointSlice> toCreate = new ArrayList<>();
        while (desired.size() > 0) {
            EndpointSlice sliceToFill = null;
            if (desired.size() < maxEndpointsPerSlice && !unchanged.isEmpty()) {
                List<EndpointSlice> candidates = new ArrayList<>();
                unchanged.forEach(name -> candidates.add(byName.get(name)));
                sliceToFill = SliceEndpoints.sliceToFill(candidates, desired.size(), maxEndpointsPerSlice);
            }
            if (sliceToFill == null) {
                sliceToFill = SliceEndpoints.newSlice(service, ports, addressType);
            } else {
                sliceToFill = copy(sliceToFill);
                byName.put(sliceToFill.getMetadata().getName(), sliceToFill);
            }
            while (desired.size() > 0 && SliceEndpoints.sizeOf(sliceToFill) < maxEndpointsPerSlice) {
                sliceToFill.getEndpoints().add(desired.pop());
            }
            String name = sliceToFill.getMetadata().getName();
            if (name != null && !name.isEmpty()) {
                toUpdate.add(name);
                unchanged.remove(name);
            } else {
                toCreate.add(sliceToFill);
            }
        }
        List<EndpointSlice> updates = new ArrayList<>();
        toUpdate.forEach(name -> updates.add(byName.get(name)));
        List<EndpointSlice> deletes = new ArrayList<>();
        toDelete.forEach(name -> deletes.add(byName.get(name)));
        return new Plan(toCreate, updates, deletes);
    }

    /**
     * Carries the plan out (finalize): creations become updates of slices about to be deleted
     * where possible, no creations for a Service being deleted, creations stop quietly once the
     * namespace is being deleted.
     */
    private void apply(Service service, Plan plan, Optional<Instant> triggerTime) {
        List<EndpointSlice> toCreate = new ArrayList<>(plan.toCreate());
        List<EndpointSlice> toUpdate = new ArrayList<>(plan.toUpdate());
        List<EndpointSlice> toDelete = new ArrayList<>(plan.toDelete());
        for (int i = 0; i < toDelete.size() && !toCreate.isEmpty(); ) {
            EndpointSlice doomed = toDelete.get(i);
            EndpointSlice created = toCreate.get(toCreate.size() - 1);
            if (Objects.equals(doomed.getAddressType(), created.getAddressType())
                    && SliceEndpoints.ownedBy(doomed, service)) {
                created.getMetadata().setName(doomed.getMetadata().getName());
                toCreate.remove(toCreate.size() - 1);
                toUpdate.add(created);
                toDelete.remove(i);
            } else {
                i++;
            }
        }
        String serviceName = service.getMetadata().getNamespace() + "/"
                + service.getMetadata().getName();
        if (service.getMetadata().getDeletionTimestamp() == null) {
            for (EndpointSlice slice : toCreate) {
                withTriggerTime(slice, triggerTime);
                EndpointSlice created;
                try {
                    created = writer.create(slice).block(timeout);
                } catch (RuntimeException e) {
                    if (ApiErrors.hasStatusCause(e, NAMESPACE_TERMINATING_CAUSE)) {
                        return;
                    }
                    throw new IllegalStateException(
                            "failed to create EndpointSlice for Service " + serviceName + ": " + e.getMessage(), e);
                }
                if (created != null) {
                    tracker.update(created);
                }
            }
        }
        for (EndpointSlice slice : toUpdate) {
            withTriggerTime(slice, triggerTime);
            EndpointSlice updated;
            try {
                updated = writer.update(slice).block(timeout);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "failed to update " + slice.getMetadata().getName() + " EndpointSlice for Service "
                                + serviceName + ": " + e.getMessage(),
                        e);
            }
            if (updated != null) {
                tracker.update(updated);
            }
        }
        for (EndpointSlice slice : toDelete) {
            try {
                delete(service, slice);
            } catch (RuntimeException e) {
                throw new IllegalStateException(
                        "failed to delete " + slice.getMetadata().getName() + " EndpointSlice for Service "
                                + serviceName + ": " + e.getMessage(),
                        e);
            }
        }
    }

    private void delete(Service service, EndpointSlice slice) {
        try {
            writer.delete(
                            service.getMetadata().getNamespace(),
                            slice.getMetadata().getName())
                    .block(timeout);
        } catch (RuntimeException e) {
            if (ApiErrors.isNotFound(e)) {
                return;
            }
            throw e;
        }
        tracker.expectDeletion(slice);
    }

    /** An existing slice that is already what a new placeholder would be: same namespace, labels and content. */
    private static boolean isPlaceholderLike(EndpointSlice existing, EndpointSlice placeholder) {
        return Objects.equals(
                        existing.getMetadata().getNamespace(),
                        placeholder.getMetadata().getNamespace())
                && Objects.equals(labelsOf(existing), labelsOf(placeholder))
                && Objects.equals(existing.getAddressType(), placeholder.getAddressType())
                && orEmpty(existing.getEndpoints()).isEmpty()
                && orEmpty(existing.getPorts()).isEmpty();
    }

    private static Map<String, String> labelsOf(EndpointSlice slice) {
        return slice.getMetadata().getLabels() == null
                ? Map.of()
                : slice.getMetadata().getLabels();
    }

    private static void withTriggerTime(EndpointSlice slice, Optional<Instant> triggerTime) {
        Map<String, String> annotations = slice.getMetadata().getAnnotations() == null
                ? new HashMap<>()
                : new HashMap<>(slice.getMetadata().getAnnotations());
        if (triggerTime.isPresent()) {
            annotations.put(
                    ServiceEndpoints.LAST_CHANGE_TRIGGER_TIME_ANNOTATION,
                    ServiceEndpoints.formatTriggerTime(triggerTime.get()));
        } else {
            annotations.remove(ServiceEndpoints.LAST_CHANGE_TRIGGER_TIME_ANNOTATION);
        }
        slice.getMetadata().setAnnotations(annotations);
    }

    private static EndpointSlice copy(EndpointSlice slice) {
        EndpointSlice copy = new EndpointSliceBuilder(slice).build();
        copy.setEndpoints(new ArrayList<>(orEmpty(copy.getEndpoints())));
        return copy;
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
