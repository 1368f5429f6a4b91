package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.controller.Reconciler;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.Lister;
import io.skiff.component.informer.ObjectKeys;
import io.skiff.kubelet.staticpods.MirrorPodApi;
import io.skiff.kubelet.staticpods.MirrorPods;
import io.skiff.kubelet.staticpods.StaticPods;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one mirror pod in the API for each static pod, by namespace/name key (the mirror pod part of
 * Kubernetes' syncPod and the orphaned mirror pod cleanup of HandlePodCleanups):
 *
 * <ul>
 *   <li>a static pod without a mirror gets one, once this kubelet's Node exists and is not being
 *       deleted;
 *   <li>a mirror that is being deleted, or whose hash is not its static pod's (the manifest
 *       changed), is deleted at once and made again: deleting a mirror pod through the API never
 *       stops the static pod;
 *   <li>a mirror without a static pod is deleted, once every source has been read;
 *   <li>while a static pod of that name is still stopping (its manifest changed or went), its mirror
 *       stays; the end of its cleanup brings the key back.
 * </ul>
 *
 * Reads the desired pods and the pod informer's cache; a failed call is retried with back-off.
 */
final class MirrorPodSync implements Reconciler<String> {

    private static final Logger log = LoggerFactory.getLogger(MirrorPodSync.class);

    /** How soon a key is looked at again while the node or the sources are not ready. */
    static final Duration NOT_READY_RETRY = Duration.ofSeconds(1);

    private final DesiredPods desired;
    private final Lister<Pod> apiPods;
    private final Supplier<Optional<Node>> node;
    private final MirrorPodApi api;

    /**
     * @param apiPods the pods bound to this node as the informer holds them
     * @param node this kubelet's Node, if it is registered
     */
    MirrorPodSync(DesiredPods desired, Lister<Pod> apiPods, Supplier<Optional<Node>> node, MirrorPodApi api) {
        this.desired = desired;
        this.apiPods = apiPods;
        this.node = node;
        this.api = api;
    }

    @Override
    public Result sync(String key) {
        String namespace = ObjectKeys.namespaceOf(key);
        String name = ObjectKeys.nameOf(key);
        List<DesiredPods.Entry> staticPods = desired.staticPods(namespace, name);
        Optional<Pod> mirror = apiPods.get(namespace, name).filter(StaticPods::isMirror);
        if (staticPods.isEmpty()) {
            if (mirror.isEmpty()) {
                return Result.done();
            }
            if (!desired.synced()) {
                return Result.requeueAfter(NOT_READY_RETRY);
            }
            log.info("Deleting orphaned mirror pod {} ({})", key, uid(mirror.get()));
            api.delete(namespace, name, uid(mirror.get()));
            return Result.done();
        }
        if (staticPods.stream().anyMatch(DesiredPods.Entry::removed)) {
            return Result.done();
        }
        Pod staticPod = staticPods.get(0).pod();
        if (mirror.isPresent()) {
            Pod current = mirror.get();
            boolean deleting = current.getMetadata().getDeletionTimestamp() != null;
            if (!deleting && StaticPods.isMirrorOf(current, staticPod)) {
                return Result.done();
            }
            log.info(
                    "Deleting mirror pod {} ({}): {}",
                    key,
                    uid(current),
                    deleting ? "it is being deleted; it will be made again" : "its static pod changed");
            if (!api.delete(namespace, name, uid(current))) {
                // Gone or replaced already: the informer will tell.
                return Result.done();
            }
        }
        Optional<Node> registered = node.get();
        if (registered.isEmpty() || registered.get().getMetadata().getDeletionTimestamp() != null) {
            log.debug("No mirror pod for {} yet: this node is not registered", key);
            return Result.requeueAfter(NOT_READY_RETRY);
        }
        if (api.create(MirrorPods.mirrorOf(staticPod, registered.get()))) {
            log.info(
                    "Created mirror pod {} of static pod {}",
                    key,
                    staticPod.getMetadata().getUid());
        } else if (mirror.isEmpty()
                && apiPods.get(namespace, name)
                        .filter(pod -> !StaticPods.isMirror(pod))
                        .isPresent()) {
            log.warn("Cannot create mirror pod {}: a pod of that name exists that is not a mirror pod", key);
        }
        return Result.done();
    }

    private static String uid(Pod pod) {
        return pod.getMetadata().getUid();
    }
}
