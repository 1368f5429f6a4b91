package io.skiff.kubelet.image;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.skiff.kubelet.metrics.KubeletMetrics;
import io.skiff.kubelet.testing.ManualClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The periodic image garbage collection on a disk whose usage the test sets: what it removes, and
 * the Warning events on the node when it cannot reach its goal.
 */
class ImageGarbageCollectionTest {

    private static final long GB = 1_000_000_000L;

    private final InMemoryImages images = new InMemoryImages();
    private final ManualClock clock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final Set<String> inUse = new HashSet<>();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final List<String> events = new ArrayList<>();

    @Test
    void overTheHighThresholdUnusedImagesGoAndImagesInUseStay() {
        ImageGarbageCollection collection = collection(ImageGcPolicy.defaults());
        images.add("sha256:unused", 6 * GB);
        images.add("sha256:running", 10 * GB);
        inUse.add("sha256:running");
        images.disk(100 * GB, 50 * GB);
        collection.collect();
        clock.advance(ImageGarbageCollection.IMAGE_GC_PERIOD);
        images.disk(100 * GB, 14 * GB);

        collection.collect();

        assertThat(images.ids()).containsExactly("sha256:running");
        assertThat(events).isEmpty();
        assertThat(registry.get("kubelet.image.garbage.collected")
                        .tag("reason", "space")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aCollectionShortOfItsGoalIsAnEventEachTimeAndImageGcFailedFromTheSecondInARow() {
        ImageGarbageCollection collection = collection(ImageGcPolicy.defaults());
        images.add("sha256:running", 10 * GB);
        inUse.add("sha256:running");
        images.disk(100 * GB, 5 * GB);
        String failed = "Failed to garbage collect required amount of images. Attempted to free 15000000000 bytes,"
                + " but only found 0 bytes eligible to free.";

        collection.collect();
        assertThat(events).containsExactly("FreeDiskSpaceFailed: " + failed);

        collection.collect();
        assertThat(events)
                .containsExactly(
                        "FreeDiskSpaceFailed: " + failed, "FreeDiskSpaceFailed: " + failed, "ImageGCFailed: " + failed);
        assertThat(images.ids()).containsExactly("sha256:running");
    }

    @Test
    void aSuccessInBetweenMakesTheNextFailureAFirstOneAgain() {
        ImageGarbageCollection collection = collection(ImageGcPolicy.defaults());
        images.disk(0, 0);
        collection.collect();
        images.disk(100 * GB, 90 * GB);
        collection.collect();
        images.disk(0, 0);

        collection.collect();

        assertThat(events)
                .containsExactly(
                        "InvalidDiskCapacity: invalid capacity 0 on image filesystem",
                        "InvalidDiskCapacity: invalid capacity 0 on image filesystem");
    }

    @Test
    void startingCollectsAtOnce() {
        ImageGarbageCollection collection =
                collection(new ImageGcPolicy(85, 80, Duration.ZERO, Duration.ZERO), Duration.ofHours(1));
        images.add("sha256:unused", 20 * GB);
        images.disk(100 * GB, 10 * GB);

        collection.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> images.ids().isEmpty());
        } finally {
            collection.close();
        }
    }

    @Test
    void aHighThresholdOf100WithoutMaximumAgeCollectsNothing() {
        assertThat(new ImageGcPolicy(100, 80, Duration.ofMinutes(2), Duration.ZERO).collects())
                .isFalse();
        assertThat(new ImageGcPolicy(100, 80, Duration.ofMinutes(2), Duration.ofDays(7)).collects())
                .isTrue();
        assertThat(ImageGcPolicy.defaults().collects()).isTrue();
    }

    private ImageGarbageCollection collection(ImageGcPolicy policy) {
        return collection(policy, ImageGarbageCollection.IMAGE_GC_PERIOD);
    }

    private ImageGarbageCollection collection(ImageGcPolicy policy, Duration period) {
        ImageGarbageCollector collector = new ImageGarbageCollector(
                images, () -> Set.copyOf(inUse), policy, clock, new KubeletMetrics(registry, "node-1"));
        return new ImageGarbageCollection(collector, (reason, message) -> events.add(reason + ": " + message), period);
    }
}
