package io.skiff.kubelet.testing;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.kubelet.status.PodStatusApi;
import io.skiff.model.api.Statuses;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Pods held in memory as an API server would: status writes need the current resourceVersion and
 * bump it; the final delete honours the UID precondition. Records the writes it accepted.
 */
public final class InMemoryPodStatusApi implements PodStatusApi {

    private final Map<String, Pod> pods = new ConcurrentHashMap<>();
    private final List<String> writes = new ArrayList<>();
    private long revision = 100;

    public synchronized void put(Pod pod) {
        Pod stored = new PodBuilder(pod)
                .editMetadata()
                .withResourceVersion(Long.toString(++revision))
                .endMetadata()
                .build();
        pods.put(key(pod.getMetadata().getNamespace(), pod.getMetadata().getName()), stored);
    }

    @Override
    public synchronized Optional<Pod> get(String namespace, String name) {
        return Optional.ofNullable(pods.get(key(namespace, name))).map(p -> new PodBuilder(p).build());
    }

    @Override
    public synchronized Pod updateStatus(Pod pod) {
        String key = key(pod.getMetadata().getNamespace(), pod.getMetadata().getName());
        Pod current = pods.get(key);
        if (current == null) {
            throw Statuses.notFound("", "pods", pod.getMetadata().getName());
        }
        if (!current.getMetadata().getResourceVersion().equals(pod.getMetadata().getResourceVersion())) {
            throw Statuses.conflict("", "pods", pod.getMetadata().getName(), "the object has been modified");
        }
        Pod updated = new PodBuilder(current)
                .withStatus(pod.getStatus())
                .editMetadata()
                .withResourceVersion(Long.toString(++revision))
                .endMetadata()
                .build();
        pods.put(key, updated);
        writes.add(
                "status " + pod.getMetadata().getName() + " " + pod.getStatus().getPhase());
        return updated;
    }

    @Override
    public synchronized void deleteTerminated(String namespace, String name, String uid) {
        Pod current = pods.get(key(namespace, name));
        if (current != null && current.getMetadata().getUid().equals(uid)) {
            pods.remove(key(namespace, name));
            writes.add("delete " + name + " uid=" + uid);
        }
    }

    public synchronized List<String> writes() {
        return List.copyOf(writes);
    }

    private static String key(String namespace, String name) {
        return namespace + "/" + name;
    }
}
