package io.skiff.controllermanager.persistentvolume;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.ObjectReference;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.skiff.component.controller.Result;
import io.skiff.component.informer.CacheIndexer;
import io.skiff.component.informer.Lister;
import io.skiff.controllermanager.testing.ManualClock;
import io.skiff.controllermanager.testing.RecordingEvents;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The binder's two syncs on informer caches loaded directly and a {@link FakeBinderApi}, with the
 * state of the fake API server summed up in one line per object for table-driven assertions.
 */
final class BinderHarness {

    static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

    final CacheIndexer<PersistentVolume> volumes = new CacheIndexer<>();
    final CacheIndexer<PersistentVolumeClaim> claims = new CacheIndexer<>();
    final CacheIndexer<StorageClass> classes = new CacheIndexer<>();
    final CacheIndexer<Node> nodes = new CacheIndexer<>();
    final CacheIndexer<Pod> pods = new CacheIndexer<>();
    final FakeBinderApi api = new FakeBinderApi();
    final RecordingEvents events = new RecordingEvents();
    final List<String> queuedClaims = new ArrayList<>();
    final ManualClock clock = new ManualClock(NOW);
    final BinderCache cache = new BinderCache(new Lister<>(volumes), new Lister<>(claims));
    private final Binder binder = new Binder(cache, api, events, clock, Duration.ofSeconds(5));
    final ClaimSync claimSync = new ClaimSync(
            cache,
            new Lister<>(classes),
            new Lister<>(nodes),
            new Lister<>(pods),
            binder,
            new ClaimProvisioning(new Lister<>(classes), binder, events),
            events);
    final VolumeSync volumeSync = new VolumeSync(
            cache,
            api,
            binder,
            new Reclaimer(cache, api, binder, events, Duration.ofSeconds(5)),
            events,
            queuedClaims::add,
            Duration.ofSeconds(5));

    /** Objects that exist on the server and in the informers' caches. */
    void given(List<? extends HasMetadata> objects) {
        for (HasMetadata object : objects) {
            if (object instanceof PersistentVolume volume) {
                volumes.put(volume);
                api.add(volume);
            } else if (object instanceof PersistentVolumeClaim claim) {
                claims.put(claim);
                api.add(claim);
            } else if (object instanceof StorageClass storageClass) {
                classes.put(storageClass);
            } else if (object instanceof Node node) {
                nodes.put(node);
            } else if (object instanceof Pod pod) {
                pods.put(pod);
            } else {
                throw new IllegalArgumentException("no cache for " + object.getKind());
            }
        }
    }

    /** Syncs "claim namespace/name" or "volume name". */
    Result sync(String what) throws Exception {
        String[] kindAndKey = what.split(" ", 2);
        return switch (kindAndKey[0]) {
            case "claim" -> claimSync.sync(kindAndKey[1]);
            case "volume" -> volumeSync.sync(kindAndKey[1]);
            default -> throw new IllegalArgumentException(what);
        };
    }

    /** The informers see what the server has now. */
    void informersCatchUp() {
        volumes.replace(List.copyOf(api.volumes.values()));
        claims.replace(List.copyOf(api.claims.values()));
    }

    List<String> volumeSummaries() {
        return api.volumes.values().stream().map(BinderHarness::summary).toList();
    }

    List<String> claimSummaries() {
        return api.claims.values().stream().map(BinderHarness::summary).toList();
    }

    /** "pv-5g Bound -> default/data@uid-data [bound-by-controller]" */
    static String summary(PersistentVolume volume) {
        StringBuilder line =
                new StringBuilder(volume.getMetadata().getName()).append(' ').append(Volumes.phase(volume));
        ObjectReference claimRef = volume.getSpec().getClaimRef();
        if (claimRef != null) {
            line.append(" -> ").append(Volumes.claimKey(claimRef));
            if (!Volumes.claimRefUid(volume).isEmpty()) {
                line.append('@').append(claimRef.getUid());
            }
        }
        return line.append(annotations(volume)).toString();
    }

    /** "default/data Bound pv-5g 5Gi [ReadWriteOnce] [bind-completed, bound-by-controller]" */
    static String summary(PersistentVolumeClaim claim) {
        StringBuilder line =
                new StringBuilder(Volumes.claimKey(claim)).append(' ').append(Volumes.phase(claim));
        if (!Volumes.volumeName(claim).isEmpty()) {
            line.append(' ').append(Volumes.volumeName(claim));
        }
        if (claim.getStatus() != null
                && claim.getStatus().getCapacity() != null
                && claim.getStatus().getCapacity().containsKey("storage")) {
            line.append(' ').append(claim.getStatus().getCapacity().get("storage"));
        }
        if (claim.getStatus() != null
                && !Volumes.orEmpty(claim.getStatus().getAccessModes()).isEmpty()) {
            line.append(' ').append(claim.getStatus().getAccessModes());
        }
        return line.append(annotations(claim)).toString();
    }

    /** The binder's annotations, short. */
    private static String annotations(HasMetadata object) {
        Map<String, String> shown = new TreeMap<>();
        Map<String, String> all =
                Objects.requireNonNullElse(object.getMetadata().getAnnotations(), Map.of());
        all.forEach((key, value) -> {
            if (key.startsWith("pv.kubernetes.io/")) {
                shown.put(key.substring("pv.kubernetes.io/".length()), value);
            } else if (key.equals(Volumes.ANN_STORAGE_PROVISIONER)) {
                shown.put("provisioner", value);
            }
        });
        if (shown.isEmpty()) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        shown.forEach((key, value) -> parts.add(value.equals("yes") ? key : key + "=" + value));
        return " " + parts;
    }
}
