package io.skiff.kubelet.hollow;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.kubelet.container.RuntimePod;
import io.skiff.kubelet.cri.ContainerStatus;
import io.skiff.kubelet.cri.PodSandboxConfig;
import io.skiff.kubelet.cri.PodSandboxStatus;
import io.skiff.kubelet.status.PodPhases;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The hollow runtime's state machine: what a pod's sandbox and containers would be at a moment,
 * given when the kubelet first saw the pod bound to its node and, if so, when it saw it being
 * deleted. Nothing runs; the answer is computed, so a pod costs no thread and no timer, only the
 * next moment its state changes. The timeline:
 *
 * <ul>
 *   <li>until {@code seen + start-delay} nothing has started;
 *   <li>then the sandbox is ready with the pod's address, init containers have completed (exit 0,
 *       Completed) and every app container runs;
 *   <li>with {@link ExitInstructions} the app containers exit after each run with the given code;
 *       restartPolicy Never, or OnFailure after exit 0, leaves them exited and the pod finished;
 *       Always, or OnFailure after a failure, starts them again at once (attempt + 1, no back-off);
 *   <li>a pod seen being deleted has its running containers stopped at that moment (exit 0,
 *       Completed: a hollow container stops cleanly on SIGTERM) and its sandbox not ready.
 * </ul>
 *
 * The result is what a container runtime would report ({@link RuntimePod}), so the kubelet's own
 * status generation turns it into the pod's status.
 */
final class HollowPodLifecycle {

    /** The runtime name in container IDs: {@code hollow://<id>}. */
    static final String RUNTIME_NAME = "hollow";

    static final String COMPLETED = "Completed";
    static final String ERROR = "Error";

    /** Image IDs computed so far; a cluster has few distinct images, and the cache stops growing past this. */
    private static final int MAX_CACHED_IMAGE_IDS = 1024;

    private final Map<String, String> imageIds = new ConcurrentHashMap<>();

    private final Duration startDelay;

    HollowPodLifecycle(Duration startDelay) {
        this.startDelay = startDelay;
    }

    /**
     * What the runtime holds of a pod at a moment.
     *
     * @param runtime the sandbox and containers; empty before the pod started
     * @param finished the containers exited for good (restartPolicy Never or OnFailure) or were
     *     stopped for the deletion: the pod is terminal for the status
     * @param nextChangeMillis when this view changes next without the pod changing, if ever
     */
    record View(Optional<RuntimePod> runtime, boolean finished, OptionalLong nextChangeMillis) {}

    /**
     * @param seenMillis when the kubelet first saw the pod bound to its node
     * @param deletionSeenMillis when it first saw the pod's deletionTimestamp, or 0
     * @param podIp the pod's address (ignored for host-network pods)
     */
    View at(Pod pod, long seenMillis, long deletionSeenMillis, String podIp, long nowMillis) {
        long start = seenMillis + startDelay.toMillis();
        boolean deleting = deletionSeenMillis > 0;
        long horizon = deleting ? Math.min(nowMillis, deletionSeenMillis) : nowMillis;
        if (horizon < start) {
            return new View(Optional.empty(), deleting, deleting ? OptionalLong.empty() : OptionalLong.of(start));
        }
        String uid = pod.getMetadata().getUid();
        String sandboxId = id(uid, "sandbox", 0);
        List<ContainerStatus> containers = new ArrayList<>();
        for (Container init : orEmpty(pod.getSpec().getInitContainers())) {
            containers.add(exited(uid, sandboxId, init, 0, start, start, 0));
        }

        Optional<ExitInstructions> exit = ExitInstructions.of(pod);
        String policy = PodPhases.restartPolicy(pod);
        boolean restarts = exit.isPresent()
                && ("Always".equals(policy)
                        || ("OnFailure".equals(policy) && exit.get().code() != 0));
        int attempt = 0;
        long runStart = start;
        boolean exitedForGood = false;
        OptionalLong next = OptionalLong.empty();
        if (exit.isPresent()) {
            long run = exit.get().after().toMillis();
            if (restarts) {
                attempt = (int) Math.min(Integer.MAX_VALUE, (horizon - start) / run);
                runStart = start + attempt * run;
                next = OptionalLong.of(runStart + run);
            } else if (horizon >= start + run) {
                exitedForGood = true;
            } else {
                next = OptionalLong.of(start + run);
            }
        }
        for (Container container : orEmpty(pod.getSpec().getContainers())) {
            if (attempt > 0) {
                long previousStart = runStart - exit.get().after().toMillis();
                containers.add(exited(
                        uid,
                        sandboxId,
                        container,
                        attempt - 1,
                        previousStart,
                        runStart,
                        exit.get().code()));
            }
            if (exitedForGood) {
                containers.add(exited(
                        uid,
                        sandboxId,
                        container,
                        0,
                        start,
                        start + exit.get().after().toMillis(),
                        exit.get().code()));
            } else if (deleting) {
                containers.add(exited(uid, sandboxId, container, attempt, runStart, deletionSeenMillis, 0));
            } else {
                containers.add(running(uid, sandboxId, container, attempt, runStart));
            }
        }
        boolean finished = deleting || exitedForGood;
        boolean hostNetwork = Boolean.TRUE.equals(pod.getSpec().getHostNetwork());
        PodSandboxStatus sandbox = new PodSandboxStatus(
                sandboxId,
                new PodSandboxConfig.PodSandboxMetadata(
                        pod.getMetadata().getName(), uid, pod.getMetadata().getNamespace(), 0),
                finished ? PodSandboxStatus.SandboxState.NOTREADY : PodSandboxStatus.SandboxState.READY,
                Instant.ofEpochMilli(start),
                hostNetwork || podIp == null ? List.of() : List.of(podIp),
                Map.of());
        return new View(
                Optional.of(new RuntimePod(uid, List.of(sandbox), containers)),
                finished,
                finished ? OptionalLong.empty() : next);
    }

    private ContainerStatus running(
            String uid, String sandboxId, Container container, int attempt, long startedMillis) {
        Instant started = Instant.ofEpochMilli(startedMillis);
        return new ContainerStatus(
                id(uid, container.getName(), attempt),
                sandboxId,
                container.getName(),
                attempt,
                ContainerStatus.ContainerState.RUNNING,
                imageId(container.getImage()),
                started,
                started,
                null,
                0,
                "",
                "",
                "",
                Map.of());
    }

    private ContainerStatus exited(
            String uid,
            String sandboxId,
            Container container,
            int attempt,
            long startedMillis,
            long finishedMillis,
            int exitCode) {
        Instant started = Instant.ofEpochMilli(startedMillis);
        return new ContainerStatus(
                id(uid, container.getName(), attempt),
                sandboxId,
                container.getName(),
                attempt,
                ContainerStatus.ContainerState.EXITED,
                imageId(container.getImage()),
                started,
                started,
                Instant.ofEpochMilli(finishedMillis),
                exitCode,
                exitCode == 0 ? COMPLETED : ERROR,
                "",
                "",
                Map.of());
    }

    /** A stable container (or sandbox) ID: 64 hex digits from the pod, the name and the attempt. */
    static String id(String podUid, String name, int attempt) {
        return sha256(podUid + "/" + name + "/" + attempt);
    }

    /** The image as pinned by digest, as runtimes report imageID: {@code <image>@sha256:<hex>}. */
    String imageId(String image) {
        String name = image == null ? "" : image;
        String cached = imageIds.get(name);
        if (cached != null) {
            return cached;
        }
        String repository = name.contains("@") ? name.substring(0, name.indexOf('@')) : name;
        String id = repository + "@sha256:" + sha256(name);
        if (imageIds.size() < MAX_CACHED_IMAGE_IDS) {
            imageIds.put(name, id);
        }
        return id;
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of()
                    .formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
