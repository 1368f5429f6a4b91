package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Image garbage collection by disk thresholds, as the kubelet's image GC manager decides. */
class ImageGarbageCollectorTest {

    private static final long GB = 1_000_000_000L;

    private final InMemoryImages images = new InMemoryImages();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Set<String> inUse = new HashSet<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final KubeletMetrics metrics = new KubeletMetrics(registry, "node-1");
    private final ImageGarbageCollector gc =
            new ImageGarbageCollector(images, () -> Set.copyOf(inUse), ImageGcPolicy.defaults(), clock, metrics);

    @Test
    void belowTheHighThresholdNothingIsRemoved() {
        images.add("sha256:a", 5 * GB);
        images.disk(100 * GB, 16 * GB);
        gc.garbageCollect();
        clock.advance(Duration.ofMinutes(10));

        ImageGarbageCollector.Result result = gc.garbageCollect();

        assertThat(result.removedImages()).isEmpty();
        assertThat(images.ids()).containsExactly("sha256:a");
    }

    @Test
    void overTheHighThresholdUnusedImagesGoLeastRecentlyUsedFirstDownToTheLowThreshold() {
        images.add("sha256:old", 3 * GB);
        images.add("sha256:recent", 3 * GB);
        images.add("sha256:newest", 3 * GB);
        images.add("sha256:running", 10 * GB);
        images.disk(100 * GB, 40 * GB);
        inUse.addAll(Set.of("sha256:old", "sha256:recent", "sha256:newest", "sha256:running"));
        gc.garbageCollect();
        clock.advance(Duration.ofMinutes(1));
        inUse.removeAll(Set.of("sha256:old"));
        gc.garbageCollect();
        clock.advance(Duration.ofMinutes(1));
        inUse.removeAll(Set.of("sha256:recent"));
        gc.garbageCollect();
        clock.advance(Duration.ofMinutes(1));
        inUse.remove("sha256:newest");
        // 87% used: free down to 80%, 7 GB: the two least recently used unused images (6 GB) are not enough alone.
        images.disk(100 * GB, 13 * GB);
        clock.advance(Duration.ofMinutes(5));

        ImageGarbageCollector.Result result = gc.garbageCollect();

        assertThat(result.removedImages()).containsExactly("sha256:old", "sha256:recent", "sha256:newest");
        assertThat(result.freedBytes()).isEqualTo(9 * GB);
        assertThat(images.ids()).containsExactly("sha256:running");
    }

    @Test
    void imagesInUseAreNeverRemovedEvenWhenThatFailsTheGoal() {
        images.add("sha256:running", 10 * GB);
        images.add("sha256:unused", 1 * GB);
        inUse.add("sha256:running");
        observeWithRoomToSpare();
        images.disk(100 * GB, 5 * GB);
        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(gc::garbageCollect)
                .isInstanceOfSatisfying(
                        ImageGcException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageGcException.FREE_DISK_SPACE_FAILED))
                .hasMessage("Failed to garbage collect required amount of images. Attempted to free 15000000000 bytes, "
                        + "but only found 1000000000 bytes eligible to free.");
        assertThat(images.ids()).containsExactly("sha256:running");
    }

    @Test
    void anImageInUseByReferenceCountsAsInUse() {
        images.add("sha256:tagged", 1 * GB, "127.0.0.1:5000/app:1");
        inUse.add("127.0.0.1:5000/app:1");
        observeWithRoomToSpare();
        images.disk(100 * GB, 1 * GB);
        clock.advance(Duration.ofMinutes(5));

        assertThatThrownBy(gc::garbageCollect).isInstanceOf(ImageGcException.class);
        assertThat(images.ids()).containsExactly("sha256:tagged");
    }

    @Test
    void imagesYoungerThanTheMinimumAgeStay() {
        images.add("sha256:just-pulled", 5 * GB);
        observeWithRoomToSpare();
        images.disk(100 * GB, 10 * GB);
        clock.advance(Duration.ofMinutes(1));

        assertThatThrownBy(gc::garbageCollect).isInstanceOf(ImageGcException.class);
        assertThat(images.ids()).containsExactly("sha256:just-pulled");

        clock.advance(Duration.ofMinutes(2));
        gc.deleteUnusedImages();

        assertThat(images.ids()).isEmpty();
    }

    @Test
    void aFileSystemWithoutCapacityIsReported() {
        images.disk(0, 0);

        assertThatThrownBy(gc::garbageCollect)
                .isInstanceOfSatisfying(
                        ImageGcException.class,
                        e -> assertThat(e.reason()).isEqualTo(ImageGcException.INVALID_DISK_CAPACITY))
                .hasMessage("invalid capacity 0 on image filesystem");
    }

    @Test
    void unusedImagesOlderThanTheMaximumAgeGoWhateverTheDiskUsage() {
        ImageGarbageCollector aging = new ImageGarbageCollector(
                images,
                () -> Set.copyOf(inUse),
                new ImageGcPolicy(85, 80, Duration.ofMinutes(2), Duration.ofHours(1)),
                clock,
                metrics);
        images.add("sha256:stale", 1 * GB);
        images.add("sha256:running", 1 * GB);
        images.disk(100 * GB, 90 * GB);
        inUse.add("sha256:running");
        aging.garbageCollect();
        clock.advance(Duration.ofMinutes(59));
        assertThat(aging.garbageCollect().removedImages()).isEmpty();

        clock.advance(Duration.ofMinutes(2));

        assertThat(aging.garbageCollect().removedImages()).containsExactly("sha256:stale");
        assertThat(images.ids()).containsExactly("sha256:running");
    }

    /** A collection while the disk has room: the collector first sees the images now. */
    private void observeWithRoomToSpare() {
        images.disk(100 * GB, 90 * GB);
        assertThat(gc.garbageCollect().removedImages()).isEmpty();
    }

    @Test
    void thresholdsAreValidatedAsTheKubeletDoes() {
        assertThatThrownBy(() -> new ImageGcPolicy(101, 80, Duration.ZERO, Duration.ZERO))
                .hasMessage("invalid HighThresholdPercent 101, must be in range [0-100]");
        assertThatThrownBy(() -> new ImageGcPolicy(80, 85, Duration.ZERO, Duration.ZERO))
                .hasMessage("LowThresholdPercent 85 can not be higher than HighThresholdPercent 80");
    }
}
