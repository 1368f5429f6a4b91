package io.skiff.kubelet.image;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * An image in the store's index: its id (config digest), the references it answers to, and the
 * content it holds, so removal knows what it may delete.
 *
 * @param repoTags "docker.io/library/busybox:1.36"
 * @param repoDigests "docker.io/library/busybox@sha256:..." (the digest pulled: an index's, if any)
 * @param manifestDigests the index (if any) and the manifest
 * @param layers bottom first
 * @param user the config's User
 */
record ImageRecord(
        String id,
        List<String> repoTags,
        List<String> repoDigests,
        List<String> manifestDigests,
        List<Layer> layers,
        String user) {

    ImageRecord {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
        manifestDigests = List.copyOf(manifestDigests);
        layers = List.copyOf(layers);
        user = user == null ? "" : user;
    }

    /** A layer blob and the diff id it unpacks to. */
    record Layer(String digest, String mediaType, long size, String diffId) {}

    /** The sum of the compressed layers, as CRI reports an image's size. */
    long size() {
        return layers.stream().mapToLong(Layer::size).sum();
    }

    /** Every blob this image holds: manifests, config, layers. */
    Set<String> blobs() {
        Set<String> blobs = new LinkedHashSet<>(manifestDigests);
        blobs.add(id);
        layers.forEach(layer -> blobs.add(layer.digest()));
        return blobs;
    }

    Set<String> diffIds() {
        Set<String> diffIds = new LinkedHashSet<>();
        layers.forEach(layer -> diffIds.add(layer.diffId()));
        return diffIds;
    }

    boolean answersTo(String reference) {
        return repoTags.contains(reference) || repoDigests.contains(reference);
    }

    /** This image with the references of {@code pulled} added (the same image pulled again). */
    ImageRecord merge(ImageRecord pulled) {
        Set<String> manifests = new LinkedHashSet<>(manifestDigests);
        manifests.addAll(pulled.manifestDigests);
        return new ImageRecord(
                id,
                union(repoTags, pulled.repoTags),
                union(repoDigests, pulled.repoDigests),
                new ArrayList<>(manifests),
                layers,
                user);
    }

    ImageRecord withoutTags(Set<String> tags) {
        List<String> kept = new ArrayList<>(repoTags);
        kept.removeAll(tags);
        return new ImageRecord(id, kept, repoDigests, manifestDigests, layers, user);
    }

    private static List<String> union(List<String> a, List<String> b) {
        Set<String> union = new LinkedHashSet<>(a);
        union.addAll(b);
        return new ArrayList<>(union);
    }
}
