package io.skiff.controllermanager.testing;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.skiff.controllermanager.pods.PodControl;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * Records a pod controller's writes, in order in {@link #calls} and by kind, and answers them as the
 * API server would: a created pod gets its name (generateName plus "x" and the attempt number,
 * unless it has one), a uid and a resourceVersion; a status write is stored under a new
 * resourceVersion. Creations fail once {@link #failCreatesAfter} have succeeded, status writes
 * with a conflict while {@link #statusConflicts} last. Extended by controllers whose port has more calls.
 *
 * @param <O> the owner's kind
 */
public class RecordingPodControl<O extends HasMetadata> implements PodControl<O> {

    public record PatchCall(String name, Map<String, Object> body) {}

    /** "create NAME", "delete NAME", "patch NAME" and "status", in the order the controller made them. */
    public final List<String> calls = new ArrayList<>();

    public final List<Pod> created = new ArrayList<>();
    public final List<String> deleted = new ArrayList<>();
    public final List<PatchCall> patched = new ArrayList<>();

    /** The status writes as the controller sent them, conflicting ones included. */
    public final List<O> statusUpdates = new ArrayList<>();

    public final AtomicInteger createAttempts = new AtomicInteger();
    public int failCreatesAfter = Integer.MAX_VALUE;
    public int statusConflicts;

    /** What {@link #freshOwner} reads from the API server; null for an owner that is gone. */
    public O fresh;

    private long resourceVersion = 100;

    @Override
    public synchronized Mono<Pod> createPod(String namespace, Pod pod) {
        int attempt = createAttempts.incrementAndGet();
        if (attempt > failCreatesAfter) {
            return Mono.error(new IllegalStateException("pods is forbidden: exceeded quota"));
        }
        String name = pod.getMetadata().getName() != null
                ? pod.getMetadata().getName()
                : pod.getMetadata().getGenerateName() + "x" + attempt;
        Pod stored = new PodBuilder(pod)
                .editMetadata()
                .withName(name)
                .withUid("uid-" + name)
                .withResourceVersion(nextResourceVersion())
                .endMetadata()
                .build();
        created.add(stored);
        calls.add("create " + name);
        return Mono.just(stored);
    }

    @Override
    public synchronized Mono<Void> deletePod(String namespace, String name) {
        deleted.add(name);
        calls.add("delete " + name);
        return Mono.empty();
    }

    @Override
    public synchronized Mono<Pod> patchPod(String namespace, String name, Map<String, Object> strategicMergePatch) {
        patched.add(new PatchCall(name, strategicMergePatch));
        calls.add("patch " + name);
        return Mono.just(new Pod());
    }

    @Override
    public synchronized Mono<O> freshOwner(String namespace, String name) {
        return Mono.justOrEmpty(fresh);
    }

    @Override
    public synchronized Mono<O> updateStatus(O owner) {
        statusUpdates.add(copy(owner));
        calls.add("status");
        if (statusConflicts > 0) {
            statusConflicts--;
            return Mono.error(Statuses.staleResourceVersion(
                    HasMetadata.getGroup(owner.getClass()),
                    HasMetadata.getPlural(owner.getClass()),
                    owner.getMetadata().getName()));
        }
        O stored = copy(owner);
        stored.getMetadata().setResourceVersion(nextResourceVersion());
        return Mono.just(stored);
    }

    public synchronized O lastStatus() {
        return statusUpdates.get(statusUpdates.size() - 1);
    }

    /** The names of the created pods, in creation order. */
    public synchronized List<String> createdNames() {
        return created.stream().map(pod -> pod.getMetadata().getName()).toList();
    }

    /** The last pod created under {@code name}. */
    public synchronized Pod lastCreated(String name) {
        for (int i = created.size() - 1; i >= 0; i--) {
            if (name.equals(created.get(i).getMetadata().getName())) {
                return created.get(i);
            }
        }
        throw new IllegalArgumentException("no pod " + name + " was created");
    }

    private String nextResourceVersion() {
        return Long.toString(++resourceVersion);
    }

    @SuppressWarnings("unchecked")
    private static <T extends HasMetadata> T copy(T object) {
        return (T) KubeJson.mapper().convertValue(object, object.getClass());
    }
}
