package io.skiff.kubelet.image;

import java.util.List;

/** The OCI and Docker media types of manifests, configs and layers. */
final class MediaTypes {

    static final String OCI_INDEX = "application/vnd.oci.image.index.v1+json";
    static final String OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json";
    static final String OCI_CONFIG = "application/vnd.oci.image.config.v1+json";
    static final String DOCKER_MANIFEST_LIST = "application/vnd.docker.distribution.manifest.list.v2+json";
    static final String DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json";
    static final String DOCKER_SCHEMA1_MANIFEST = "application/vnd.docker.distribution.manifest.v1+prettyjws";
    static final String DOCKER_CONFIG = "application/vnd.docker.container.image.v1+json";

    /** What a manifest request accepts, in containerd's order. */
    static final String MANIFEST_ACCEPT =
            String.join(", ", List.of(DOCKER_MANIFEST, DOCKER_MANIFEST_LIST, OCI_MANIFEST, OCI_INDEX, "*/*"));

    private MediaTypes() {}

    static boolean isIndex(String mediaType) {
        return OCI_INDEX.equals(mediaType) || DOCKER_MANIFEST_LIST.equals(mediaType);
    }

    static boolean isManifest(String mediaType) {
        return OCI_MANIFEST.equals(mediaType) || DOCKER_MANIFEST.equals(mediaType);
    }

    static boolean isLayer(String mediaType) {
        return mediaType != null
                && (mediaType.startsWith("application/vnd.oci.image.layer.")
                        || mediaType.startsWith("application/vnd.docker.image.rootfs."));
    }

    static boolean isConfig(String mediaType) {
        return OCI_CONFIG.equals(mediaType) || DOCKER_CONFIG.equals(mediaType);
    }

    /**
     * The name containerd gives a download in progress ({@code remotes.MakeRefKey}), which its
     * errors show: "manifest-sha256:...", "index-...", "layer-...", "config-...".
     */
    static String refKey(String mediaType, String digest) {
        if (isManifest(mediaType)) {
            return "manifest-" + digest;
        }
        if (isIndex(mediaType)) {
            return "index-" + digest;
        }
        if (isLayer(mediaType)) {
            return "layer-" + digest;
        }
        if (isConfig(mediaType)) {
            return "config-" + digest;
        }
        return "unknown-" + digest;
    }
}
