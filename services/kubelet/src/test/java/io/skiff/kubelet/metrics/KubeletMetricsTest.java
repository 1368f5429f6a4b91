package io.skiff.kubelet.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The kubelet's metrics as Prometheus scrapes them: Kubernetes' names, labels and buckets. */
class KubeletMetricsTest {

    private static final long MB = 1024L * 1024;

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KubeletMetrics metrics = new KubeletMetrics(registry, "node-1");

    @Test
    void theNodeNameIsAGaugeOfOneLabelledWithTheNode() {
        assertThat(registry.scrape()).contains("kubelet_node_name{node=\"node-1\"} 1");
    }

    @Test
    void podStartDurationIsAHistogramWithThePodStartupBuckets() {
        metrics.podStarted(Duration.ofMillis(1500));

        String scrape = registry.scrape();

        assertThat(scrape)
                .contains("# TYPE kubelet_pod_start_duration_seconds histogram")
                .contains("kubelet_pod_start_duration_seconds_bucket{le=\"1.0\"} 0")
                .contains("kubelet_pod_start_duration_seconds_bucket{le=\"2.0\"} 1")
                .contains("kubelet_pod_start_duration_seconds_bucket{le=\"3600.0\"} 1")
                .contains("kubelet_pod_start_duration_seconds_count 1")
                .contains("kubelet_pod_start_duration_seconds_sum 1.5");
    }

    @Test
    void aPodSeenRunningOnTheWatchFeedsTheSliAndTotalHistograms() {
        metrics.podStartObserved(Duration.ofSeconds(4), Duration.ofSeconds(25));

        assertThat(registry.scrape())
                .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"4.0\"} 1")
                .contains("kubelet_pod_start_sli_duration_seconds_bucket{le=\"3.0\"} 0")
                .contains("kubelet_pod_start_total_duration_seconds_bucket{le=\"20.0\"} 0")
                .contains("kubelet_pod_start_total_duration_seconds_bucket{le=\"30.0\"} 1");
    }

    @Test
    void plegHistogramsUsePrometheusDefaultBuckets() {
        metrics.plegRelisted(Duration.ofMillis(7));
        metrics.plegRelistInterval(Duration.ofMillis(1002));
        metrics.plegLastSeen(Instant.ofEpochSecond(1_767_323_045L));

        assertThat(registry.scrape())
                .contains("kubelet_pleg_relist_duration_seconds_bucket{le=\"0.005\"} 0")
                .contains("kubelet_pleg_relist_duration_seconds_bucket{le=\"0.01\"} 1")
                .contains("kubelet_pleg_relist_interval_seconds_bucket{le=\"1.0\"} 0")
                .contains("kubelet_pleg_relist_interval_seconds_bucket{le=\"2.5\"} 1")
                .contains("kubelet_pleg_last_seen_seconds 1.767323045E9");
    }

    @Test
    void runningPodsAndContainersByStateFollowTheLastRelist() {
        metrics.runtimeSeen(2, Map.of("running", 3, "exited", 1));
        metrics.runtimeSeen(1, Map.of("running", 1, "created", 1));

        assertThat(registry.scrape())
                .contains("kubelet_running_pods 1")
                .contains("kubelet_running_containers{container_state=\"running\"} 1")
                .contains("kubelet_running_containers{container_state=\"created\"} 1")
                .contains("kubelet_running_containers{container_state=\"exited\"} 0")
                .doesNotContain("container_state=\"unknown\"");
    }

    @Test
    void startsAndTheirErrorsAreCounted() {
        metrics.podStartAttempted();
        metrics.podStartAttempted();
        metrics.podStartFailed();
        metrics.containerStartAttempted(KubeletMetrics.INIT_CONTAINER);
        metrics.containerStartAttempted(KubeletMetrics.CONTAINER);
        metrics.containerStartFailed(KubeletMetrics.CONTAINER, "ErrImagePull");

        assertThat(registry.scrape())
                .contains("kubelet_started_pods_total 2.0")
                .contains("kubelet_started_pods_errors_total 1.0")
                .contains("kubelet_started_containers_total{container_type=\"init_container\"} 1.0")
                .contains("kubelet_started_containers_total{container_type=\"container\"} 1.0")
                .contains(
                        "kubelet_started_containers_errors_total{code=\"ErrImagePull\",container_type=\"container\"} 1.0");
    }

    @Test
    void imagePullsAreLabelledWithTheirSizeRange() {
        metrics.imagePulled(Duration.ofSeconds(3), 2 * MB);
        metrics.imageGarbageCollected(KubeletMetrics.GC_SPACE);

        assertThat(registry.scrape())
                .contains("kubelet_image_pull_duration_seconds_bucket{image_size_in_bytes=\"0-10MB\",le=\"1.0\"} 0")
                .contains("kubelet_image_pull_duration_seconds_bucket{image_size_in_bytes=\"0-10MB\",le=\"5.0\"} 1")
                .contains("kubelet_image_garbage_collected_total{reason=\"space\"} 1.0");
    }

    @Test
    void imageSizeRangesAreKubernetesBuckets() {
        assertThat(KubeletMetrics.imageSizeLabel(0)).isEqualTo("N/A");
        assertThat(KubeletMetrics.imageSizeLabel(1)).isEqualTo("0-10MB");
        assertThat(KubeletMetrics.imageSizeLabel(10 * MB)).isEqualTo("0-10MB");
        assertThat(KubeletMetrics.imageSizeLabel(10 * MB + 1)).isEqualTo("10MB-100MB");
        assertThat(KubeletMetrics.imageSizeLabel(700 * MB)).isEqualTo("500MB-1GB");
        assertThat(KubeletMetrics.imageSizeLabel(200 * 1024 * MB)).isEqualTo("GT100GB");
    }
}
