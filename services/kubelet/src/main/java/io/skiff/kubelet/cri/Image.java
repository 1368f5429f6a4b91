package io.skiff.kubelet.cri;

import java.util.List;

/**
 * An image on the node (CRI Image).
 *
 * @param id the config digest ("sha256:...")
 * @param repoTags references it was pulled as ("127.0.0.1:5000/busybox:1.36")
 * @param repoDigests references by manifest digest ("127.0.0.1:5000/busybox@sha256:...")
 * @param sizeBytes the sum of its layers, compressed
 * @param user the config's user, if any ("" for root)
 */
public record Image(String id, List<String> repoTags, List<String> repoDigests, long sizeBytes, String user) {

    public Image {
        repoTags = List.copyOf(repoTags);
        repoDigests = List.copyOf(repoDigests);
    }
}
