package io.skiff.kubelet.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The kubelet's own Prometheus metrics, with the names, labels, help texts and buckets of
 * Kubernetes' pkg/kubelet/metrics (the prober's live with the prober). Micrometer adds the
 * Prometheus suffixes: a timer {@code kubelet.pod.start.duration} is scraped as the histogram
 * {@code kubelet_pod_start_duration_seconds}, a counter {@code kubelet.started.pods} as {@code
 * kubelet_started_pods_total}.
 */
public final class KubeletMetrics {

    /** The container_type of an app container. */
    public static final String CONTAINER = "container";

    /** The container_type of an init container. */
    public static final String INIT_CONTAINER = "init_container";

    /** The reason label of images removed because they were unused for too long. */
    public static final String GC_AGE = "age";

    /** The reason label of images removed to bring disk usage under the threshold. */
    public static final String GC_SPACE = "space";

    /** Prometheus' default buckets (client_golang's DefBuckets), for histograms that name no others. */
    public static final Duration[] DEFAULT_BUCKETS = seconds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10);

    static final Duration[] POD_STARTUP_BUCKETS = seconds(
            0.5, 1, 2, 3, 4, 5, 6, 8, 10, 20, 30, 45, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700,
            3600);

    static final Duration[] IMAGE_PULL_BUCKETS =
            seconds(1, 5, 10, 20, 30, 60, 120, 180, 240, 300, 360, 480, 600, 900, 1200, 1800, 2700, 3600);

    private static final long MB = 1024L * 1024;
    private static final long GB = 1024 * MB;

    /** The image_size_in_bytes label: the lower bound of each range and its label. */
    private static final long[] IMAGE_SIZE_BOUNDS = {
        0, 10 * MB, 100 * MB, 500 * MB, GB, 5 * GB, 10 * GB, 20 * GB, 30 * GB, 40 * GB, 60 * GB, 100 * GB
    };

    private static final String[] IMAGE_SIZE_LABELS = {
        "0-10MB",
        "10MB-100MB",
        "100MB-500MB",
        "500MB-1GB",
        "1GB-5GB",
        "5GB-10GB",
        "10GB-20GB",
        "20GB-30GB",
        "30GB-40GB",
        "40GB-60GB",
        "60GB-100GB",
        "GT100GB"
    };

    private final MeterRegistry registry;
    private final Timer podStartDuration;
    private final Timer podStartSliDuration;
    private final Timer podStartTotalDuration;
    private final Timer plegRelistDuration;
    private final Timer plegRelistInterval;
    private final AtomicLong plegLastSeen = new AtomicLong();
    private final AtomicInteger runningPods = new AtomicInteger();
    private final Map<String, AtomicInteger> runningContainers = new ConcurrentHashMap<>();
    private final Counter startedPods;
    private final Counter startedPodsErrors;

    public KubeletMetrics(MeterRegistry registry, String nodeName) {
        this.registry = registry;
        Gauge.builder("kubelet.node.name", () -> 1)
                .description("The node's name. The count is always 1.")
                .tag("node", nodeName)
                .register(registry);
        this.podStartDuration = histogram(
                "kubelet.pod.start.duration",
                "Duration in seconds from kubelet seeing a pod for the first time to the pod starting to run",
                POD_STARTUP_BUCKETS);
        this.podStartSliDuration = histogram(
                "kubelet.pod.start.sli.duration",
                "Duration in seconds to start a pod, excluding time to pull images and run init containers, measured"
                        + " from pod creation timestamp to when all its containers are reported as started and observed"
                        + " via watch",
                POD_STARTUP_BUCKETS);
        this.podStartTotalDuration = histogram(
                "kubelet.pod.start.total.duration",
                "Duration in seconds to start a pod since creation, including time to pull images and run init"
                        + " containers, measured from pod creation timestamp to when all its containers are reported"
                        + " as started and observed via watch",
                POD_STARTUP_BUCKETS);
        this.plegRelistDuration = histogram(
                "kubelet.pleg.relist.duration", "Duration in seconds for relisting pods in PLEG.", DEFAULT_BUCKETS);
        this.plegRelistInterval = histogram(
                "kubelet.pleg.relist.interval", "Interval in seconds between relisting in PLEG.", DEFAULT_BUCKETS);
        Gauge.builder("kubelet.pleg.last.seen", plegLastSeen, AtomicLong::get)
                .description("Timestamp in seconds when PLEG was last seen active.")
                .baseUnit("seconds")
                .register(registry);
        Gauge.builder("kubelet.running.pods", runningPods, AtomicInteger::get)
                .description("Number of pods that have a running pod sandbox")
                .register(registry);
        this.startedPods = Counter.builder("kubelet.started.pods")
                .description("Cumulative number of pods started")
                .register(registry);
        this.startedPodsErrors = Counter.builder("kubelet.started.pods.errors")
                .description("Cumulative number of errors when starting pods")
                .register(registry);
    }

    /** From the kubelet first seeing a pod to its phase turning Running. */
    public void podStarted(Duration sinceFirstSeen) {
        podStartDuration.record(sinceFirstSeen);
    }

    /**
     * A pod seen running through the watch: {@code sli} leaves out the image pulls, {@code total}
     * counts everything since the pod's creation.
     */
    public void podStartObserved(Duration sli, Duration total) {
        podStartSliDuration.record(sli);
        podStartTotalDuration.record(total);
    }

    /** One relist of the PLEG: how long it took, and how long since the previous one began. */
    public void plegRelisted(Duration took) {
        plegRelistDuration.record(took);
    }

    public void plegRelistInterval(Duration sincePrevious) {
        plegRelistInterval.record(sincePrevious);
    }

    public void plegLastSeen(Instant relistTime) {
        plegLastSeen.set(relistTime.getEpochSecond());
    }

    /**
     * What the last relist saw: the pods with a running sandbox, and the containers by state
     * (created, running, exited, unknown). A state seen before and absent now reads 0.
     */
    public void runtimeSeen(int podsWithRunningSandbox, Map<String, Integer> containersByState) {
        runningPods.set(podsWithRunningSandbox);
        containersByState.keySet().forEach(this::runningContainersGauge);
        runningContainers.forEach((state, count) -> count.set(containersByState.getOrDefault(state, 0)));
    }

    private AtomicInteger runningContainersGauge(String state) {
        return runningContainers.computeIfAbsent(state, s -> {
            AtomicInteger count = new AtomicInteger();
            Gauge.builder("kubelet.running.containers", count, AtomicInteger::get)
                    .description("Number of containers currently running")
                    .tag("container_state", s)
                    .register(registry);
            return count;
        });
    }

    /** A sandbox is about to be created for a pod (RunPodSandbox). */
    public void podStartAttempted() {
        startedPods.increment();
    }

    public void podStartFailed() {
        startedPodsErrors.increment();
    }

    /** A container start is attempted: {@code containerType} is {@link #CONTAINER} or {@link #INIT_CONTAINER}. */
    public void containerStartAttempted(String containerType) {
        Counter.builder("kubelet.started.containers")
                .description("Cumulative number of containers started")
                .tag("container_type", containerType)
                .register(registry)
                .increment();
    }

    /** A container start failed with {@code code}, the waiting reason (ErrImagePull, CreateContainerError, ...). */
    public void containerStartFailed(String containerType, String code) {
        Counter.builder("kubelet.started.containers.errors")
                .description("Cumulative number of errors when starting containers")
                .tag("container_type", containerType)
                .tag("code", code)
                .register(registry)
                .increment();
    }

    /** An image was pulled in {@code took}; it is {@code sizeBytes} big. */
    public void imagePulled(Duration took, long sizeBytes) {
        Timer.builder("kubelet.image.pull.duration")
                .description("Duration in seconds to pull an image.")
                .tag("image_size_in_bytes", imageSizeLabel(sizeBytes))
                .serviceLevelObjectives(IMAGE_PULL_BUCKETS)
                .register(registry)
                .record(took);
    }

    /** An image was garbage collected for {@code reason}: {@link #GC_AGE} or {@link #GC_SPACE}. */
    public void imageGarbageCollected(String reason) {
        Counter.builder("kubelet.image.garbage.collected")
                .description(
                        "Total number of images garbage collected by the kubelet, whether through disk usage or image age.")
                .tag("reason", reason)
                .register(registry)
                .increment();
    }

    /**
     * The image_size_in_bytes label of an image of {@code sizeBytes} (GetImageSizeBucket): the range
     * whose lower bound it exceeds, "N/A" when the size is unknown (0).
     */
    static String imageSizeLabel(long sizeBytes) {
        if (sizeBytes <= 0) {
            return "N/A";
        }
        int i = IMAGE_SIZE_BOUNDS.length - 1;
        while (sizeBytes <= IMAGE_SIZE_BOUNDS[i]) {
            i--;
        }
        return IMAGE_SIZE_LABELS[i];
    }

    private Timer histogram(String name, String help, Duration[] buckets) {
        return Timer.builder(name)
                .description(help)
                .serviceLevelObjectives(buckets)
                .register(registry);
    }

    private static Duration[] seconds(double... bounds) {
        return Arrays.stream(bounds)
                .mapToObj(s -> Duration.ofNanos(Math.round(s * 1_000_000_000L)))
                .toArray(Duration[]::new);
    }
}
