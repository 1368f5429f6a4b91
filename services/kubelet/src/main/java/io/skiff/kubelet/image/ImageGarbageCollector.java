package io.skiff.kubelet.image;

import io.skiff.kubelet.cri.Image;
import io.skiff.kubelet.cri.ImageFsInfo;
import io.skiff.kubelet.cri.ImageService;
import io.skiff.kubelet.metrics.KubeletMetrics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Kubernetes' image garbage collection (the kubelet's realImageGCManager), for the kubelet to
 * run every five minutes: when the image file system is at least {@code highThresholdPercent}
 * full, unused images are removed, least recently used first, until usage is back at
 * {@code lowThresholdPercent}. An image in use by a container is never removed, nor one first
 * seen less than {@code minimumAge} ago. Like the kubelet, it learns when images were last used
 * by observing them at each collection; its records live in memory. Each image removed counts in
 * {@code kubelet_image_garbage_collected_total}, by reason (age or space).
 */
public final class ImageGarbageCollector {

    private static final Logger log = LoggerFactory.getLogger(ImageGarbageCollector.class);

    private final ImageService images;
    private final Supplier<Set<String>> inUse;
    private final ImageGcPolicy policy;
    private final Clock clock;
    private final KubeletMetrics metrics;
    private final Instant began;
    private final Map<String, Record> records = new HashMap<>();

    /** When an image was first seen and last seen in use, and its size. */
    private static final class Record {
        Instant firstDetected;
        Instant lastUsed = Instant.EPOCH;
        long size;
    }

    /** What one collection removed. */
    public record Result(List<String> removedImages, long freedBytes) {

        public Result {
            removedImages = List.copyOf(removedImages);
        }
    }

    /**
     * @param inUse the ids (or references) of the images the node's containers use, asked at
     *     every collection
     */
    public ImageGarbageCollector(
            ImageService images,
            Supplier<Set<String>> inUse,
            ImageGcPolicy policy,
            Clock clock,
            KubeletMetrics metrics) {
        this.images = images;
        this.inUse = inUse;
        this.policy = policy;
        this.clock = clock;
        this.metrics = metrics;
        this.began = clock.instant();
    }

    public ImageGcPolicy policy() {
        return policy;
    }

    /**
     * One collection by age and disk usage.
     *
     * @throws ImageGcException when the file system reports no capacity, or not enough could be freed
     */
    public synchronized Result garbageCollect() {
        Instant now = clock.instant();
        List<Candidate> candidates = detect(now);
        List<String> removed = new ArrayList<>();
        long freed = freeOldImages(candidates, now, removed);

        ImageFsInfo fs = images.imageFsInfo();
        long capacity = fs.capacityBytes();
        long available = Math.min(fs.availableBytes(), capacity);
        if (capacity <= 0) {
            throw new ImageGcException(
                    ImageGcException.INVALID_DISK_CAPACITY, "invalid capacity " + capacity + " on image filesystem");
        }
        int usagePercent = 100 - (int) (available * 100 / capacity);
        if (usagePercent >= policy.highThresholdPercent()) {
            long amountToFree = capacity * (100 - policy.lowThresholdPercent()) / 100 - available;
            log.info(
                    "Disk usage on image filesystem is over the high threshold, trying to free bytes down to the low threshold: usage={} highThreshold={} amountToFree={} lowThreshold={}",
                    usagePercent,
                    policy.highThresholdPercent(),
                    amountToFree,
                    policy.lowThresholdPercent());
            long freedNow = freeSpace(candidates, amountToFree, now, removed);
            freed += freedNow;
            if (freedNow < amountToFree) {
                throw new ImageGcException(
                        ImageGcException.FREE_DISK_SPACE_FAILED,
                        "Failed to garbage collect required amount of images. Attempted to free " + amountToFree
                                + " bytes, but only found " + freedNow + " bytes eligible to free.");
            }
        }
        return new Result(removed, freed);
    }

    /** Removes every unused image old enough (the kubelet's DeleteUnusedImages, under disk pressure). */
    public synchronized Result deleteUnusedImages() {
        Instant now = clock.instant();
        List<String> removed = new ArrayList<>();
        long freed = freeSpace(detect(now), Long.MAX_VALUE, now, removed);
        return new Result(removed, freed);
    }

    private record Candidate(String id, Record record) {}

    /** Refreshes the records; returns the images that are not in use, in eviction order. */
    private List<Candidate> detect(Instant now) {
        Set<String> used = new HashSet<>(inUse.get());
        List<Image> present = images.listImages();
        Set<String> ids = new HashSet<>();
        List<Candidate> unused = new ArrayList<>();
        for (Image image : present) {
            ids.add(image.id());
            Record record = records.computeIfAbsent(image.id(), id -> new Record());
            if (record.firstDetected == null) {
                record.firstDetected = now;
            }
            record.size = image.sizeBytes();
            if (isUsed(image, used)) {
                record.lastUsed = now;
            } else {
                unused.add(new Candidate(image.id(), record));
            }
        }
        records.keySet().retainAll(ids);
        unused.sort(Comparator.comparing((Candidate c) -> c.record().lastUsed)
                .thenComparing(c -> c.record().firstDetected));
        return unused;
    }

    private static boolean isUsed(Image image, Set<String> used) {
        if (used.contains(image.id())) {
            return true;
        }
        return image.repoTags().stream().anyMatch(used::contains)
                || image.repoDigests().stream().anyMatch(used::contains);
    }

    private long freeOldImages(List<Candidate> candidates, Instant now, List<String> removed) {
        Duration maximumAge = policy.maximumAge();
        // Until the kubelet has watched for maximumAge, it cannot tell an old image from one it just met.
        if (maximumAge.isZero() || Duration.between(began, now).compareTo(maximumAge) <= 0) {
            return 0;
        }
        long freed = 0;
        for (Candidate candidate : List.copyOf(candidates)) {
            Instant lastUsed = candidate.record().lastUsed.equals(Instant.EPOCH)
                    ? candidate.record().firstDetected
                    : candidate.record().lastUsed;
            if (Duration.between(lastUsed, now).compareTo(maximumAge) > 0
                    && remove(candidate, removed, KubeletMetrics.GC_AGE)) {
                freed += candidate.record().size;
                candidates.remove(candidate);
            }
        }
        return freed;
    }

    private long freeSpace(List<Candidate> candidates, long bytesToFree, Instant now, List<String> removed) {
        long freed = 0;
        for (Candidate candidate : List.copyOf(candidates)) {
            if (Duration.between(candidate.record().firstDetected, now).compareTo(policy.minimumAge()) < 0) {
                continue;
            }
            if (remove(candidate, removed, KubeletMetrics.GC_SPACE)) {
                freed += candidate.record().size;
                candidates.remove(candidate);
                if (freed >= bytesToFree) {
                    break;
                }
            }
        }
        return freed;
    }

    private boolean remove(Candidate candidate, List<String> removed, String reason) {
        try {
            log.info("Removing image {} to free {} bytes", candidate.id(), candidate.record().size);
            images.removeImage(candidate.id());
            records.remove(candidate.id());
            removed.add(candidate.id());
            metrics.imageGarbageCollected(reason);
            return true;
        } catch (RuntimeException e) {
            log.warn("Cannot remove image {}: {}", candidate.id(), e.toString());
            return false;
        }
    }
}
