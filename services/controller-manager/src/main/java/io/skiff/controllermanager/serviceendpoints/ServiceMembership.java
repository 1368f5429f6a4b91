package io.skiff.controllermanager.serviceendpoints;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.Service;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.controllermanager.pods.ActivePods;
import io.skiff.model.selector.LabelSelector;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Which Services a pod change concerns (GetPodServiceMemberships and GetServicesToUpdateOnPodChange):
 * the keys of the Services whose selector matches the pod, before and after the change.
 */
public final class ServiceMembership {

    private final Lister<Service> services;

    public ServiceMembership(Lister<Service> services) {
        this.services = services;
    }

    /** The Services selecting the pod now. */
    public Set<String> of(Pod pod) {
        return matching(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels());
    }

    /**
     * The Services to sync after a pod update: none for a resync or a change that cannot alter
     * endpoints; when the labels (or hostname/subdomain) changed, those it left and joined, and
     * all of them if its endpoint changed too.
     */
    public Set<String> toUpdateOnChange(Pod oldPod, Pod newPod) {
        if (Objects.equals(
                oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return Set.of();
        }
        boolean labelsChanged = !Objects.equals(labels(oldPod), labels(newPod))
                || !Objects.equals(hostname(oldPod), hostname(newPod))
                || !Objects.equals(subdomain(oldPod), subdomain(newPod));
        boolean endpointChanged = endpointChanged(oldPod, newPod);
        if (!endpointChanged && !labelsChanged) {
            return Set.of();
        }
        Set<String> now = of(newPod);
        if (!labelsChanged) {
            return now;
        }
        Set<String> before = matching(
                newPod.getMetadata().getNamespace(), oldPod.getMetadata().getLabels());
        Set<String> result = new LinkedHashSet<>();
        if (endpointChanged) {
            result.addAll(now);
            result.addAll(before);
            return result;
        }
        // Only the membership moved: the Services it left and those it joined.
        for (String key : now) {
            if (!before.contains(key)) {
                result.add(key);
            }
        }
        for (String key : before) {
            if (!now.contains(key)) {
                result.add(key);
            }
        }
        return result;
    }

    private Set<String> matching(String namespace, Map<String, String> podLabels) {
        Set<String> keys = new HashSet<>();
        for (Service service : services.list(namespace, LabelSelector.everything())) {
            Map<String, String> selector =
                    service.getSpec() == null ? null : service.getSpec().getSelector();
            if (selector == null) {
                // A nil selector selects nothing, not everything.
                continue;
            }
            if (LabelSelector.fromSet(selector).matches(podLabels)) {
                keys.add(ObjectKeys.keyOf(service));
            }
        }
        return keys;
    }

    /** Deletion started, readiness flipped or the IPs changed: what an endpoint shows. */
    private static boolean endpointChanged(Pod oldPod, Pod newPod) {
        if (!Objects.equals(
                oldPod.getMetadata().getDeletionTimestamp(),
                newPod.getMetadata().getDeletionTimestamp())) {
            return true;
        }
        if (ActivePods.isReady(oldPod) != ActivePods.isReady(newPod)) {
            return true;
        }
        return !podIps(oldPod).equals(podIps(newPod));
    }

    private static List<String> podIps(Pod pod) {
        if (pod.getStatus() == null || pod.getStatus().getPodIPs() == null) {
            return List.of();
        }
        return pod.getStatus().getPodIPs().stream().map(PodIP::getIp).toList();
    }

    private static Map<String, String> labels(Pod pod) {
        return pod.getMetadata().getLabels() == null
                ? Map.of()
                : pod.getMetadata().getLabels();
    }

    private static String hostname(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getHostname();
    }

    private static String subdomain(Pod pod) {
        return pod.getSpec() == null ? null : pod.getSpec().getSubdomain();
    }
}
