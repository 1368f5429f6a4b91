package io.skiff.kubelet.pods;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.skiff.component.events.EventType;
import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImagePullException;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.metrics.KubeletMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/**
 * Makes sure a container's image is on the node before it is created (Kubernetes' image manager
 * EnsureImageExists): imagePullPolicy decides whether to pull (Always; IfNotPresent; Never), failed
 * pulls back off per pod and image (10 s doubling to 5 min), with Kubernetes' events (Pulling,
 * Pulled, Failed, BackOff, ErrImageNeverPull) and waiting reasons (ErrImagePull, ImagePullBackOff,
 * ErrImageNeverPull). Pulls are timed for {@code kubelet_image_pull_duration_seconds} and the pod's
 * start latency.
 */
final class ImagePuller {

    private final ImageService images;
    private final Backoff backoff;
    private final PullSecrets secrets;
    private final PodEvents events;
    private final Clock clock;
    private final KubeletMetrics metrics;
    private final PodStartupLatencyTracker startup;

    ImagePuller(
            ImageService images,
            Backoff backoff,
            PullSecrets secrets,
            PodEvents events,
            Clock clock,
            KubeletMetrics metrics,
            PodStartupLatencyTracker startup) {
        this.images = images;
        this.backoff = backoff;
        this.secrets = secrets;
        this.events = events;
        this.clock = clock;
        this.metrics = metrics;
        this.startup = startup;
    }

    /**
     * The id of the container's image, pulled if its policy asks for it.
     *
     * @throws ContainerStartException ErrImageNeverPull, ImagePullBackOff or ErrImagePull
     */
    String ensureImage(Pod pod, Container container) {
        String image = container.getImage();
        Optional<Image> present = images.imageStatus(image);
        String policy = pullPolicy(container);
        if (!shouldPull(policy, present.isPresent())) {
            if (present.isPresent()) {
                events.container(
                        pod,
                        container,
                        EventType.NORMAL,
                        "Pulled",
                        "Container image \"" + image + "\" already present on machine");
                return present.get().id();
            }
            String message = "Container image \"" + image + "\" is not present with pull policy of Never";
            events.container(pod, container, EventType.WARNING, "ErrImageNeverPull", message);
            throw new ContainerStartException(ContainerStartException.ERR_IMAGE_NEVER_PULL, message);
        }
        String key = backoffKey(pod, image);
        if (backoff.isInBackOffSinceUpdate(key, clock.instant())) {
            String message = "Back-off pulling image \"" + image + "\"";
            events.container(pod, container, EventType.NORMAL, "BackOff", message);
            throw new ContainerStartException(ContainerStartException.IMAGE_PULL_BACK_OFF, message);
        }
        events.container(pod, container, EventType.NORMAL, "Pulling", "Pulling image \"" + image + "\"");
        String uid = pod.getMetadata().getUid();
        startup.pullStarted(uid);
        Instant started = clock.instant();
        String id;
        try {
            id = images.pullImage(image, secrets.credentials(pod));
        } catch (ImagePullException e) {
            startup.pullFinished(uid);
            events.container(
                    pod,
                    container,
                    EventType.WARNING,
                    "Failed",
                    "Failed to pull image \"" + image + "\": " + e.getMessage());
            backoff.next(key, clock.instant());
            throw new ContainerStartException(ContainerStartException.ERR_IMAGE_PULL, e.getMessage());
        }
        startup.pullFinished(uid);
        Duration pulled = Duration.between(started, clock.instant());
        Duration took = pulled.truncatedTo(ChronoUnit.MILLIS);
        long size = images.imageStatus(id).map(Image::sizeBytes).orElse(0L);
        metrics.imagePulled(pulled, size);
        events.container(
                pod,
                container,
                EventType.NORMAL,
                "Pulled",
                "Successfully pulled image \"" + image + "\" in " + GoDurations.format(took) + " ("
                        + GoDurations.format(took) + " including waiting). Image size: " + size + " bytes.");
        return id;
    }

    /** When the pull back-off of the pod's image ends, if it is backing off now. */
    Optional<Instant> backOffEnd(Pod pod, Container container) {
        return backoff.backOffEndSinceUpdate(backoffKey(pod, container.getImage()), clock.instant());
    }

    void forget(String podUid) {
        backoff.forgetPrefix(podUid + "/");
    }

    /** The container's imagePullPolicy, or the API's default for its tag when unset. */
    static String pullPolicy(Container container) {
        String policy = container.getImagePullPolicy();
        if (policy != null && !policy.isEmpty()) {
            return policy;
        }
        return "latest".equals(tag(container.getImage())) ? "Always" : "IfNotPresent";
    }

    /** The reference's tag; "latest" when it has neither tag nor digest, "" with a digest alone. */
    static String tag(String image) {
        String name = image;
        int at = name.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            name = name.substring(0, at);
        }
        int slash = name.lastIndexOf('/');
        int colon = name.lastIndexOf(':');
        if (colon > slash) {
            return name.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }

    private static boolean shouldPull(String policy, boolean present) {
        return switch (policy) {
            case "Never" -> false;
            case "IfNotPresent" -> !present;
            default -> true;
        };
    }

    private static String backoffKey(Pod pod, String image) {
        return pod.getMetadata().getUid() + "/" + image;
    }
}
