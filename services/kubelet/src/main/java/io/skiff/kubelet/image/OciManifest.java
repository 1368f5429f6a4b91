package io.skiff.kubelet.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An image manifest (OCI or Docker schema 2) or an index (OCI index, Docker manifest list).
 *
 * @param mediaType the manifest's own media type
 * @param config null for an index
 * @param layers empty for an index
 * @param manifests the index entries; empty for a manifest
 */
record OciManifest(String mediaType, OciDescriptor config, List<OciDescriptor> layers, List<OciDescriptor> manifests) {

    OciManifest {
        layers = List.copyOf(layers);
        manifests = List.copyOf(manifests);
    }

    boolean isIndex() {
        return MediaTypes.isIndex(mediaType);
    }

    /**
     * Parses a manifest whose type the registry announced as {@code contentType}; the document's
     * own mediaType field, then its shape, decide when the header is missing or generic.
     */
    static OciManifest parse(byte[] json, String contentType) {
        JsonNode node = OciJson.read(json, "manifest");
        String mediaType = mediaType(node, contentType);
        if (MediaTypes.isIndex(mediaType)) {
            return new OciManifest(mediaType, null, List.of(), descriptors(node.path("manifests")));
        }
        if (MediaTypes.isManifest(mediaType)) {
            JsonNode config = node.get("config");
            if (config == null || !config.isObject()) {
                throw new IllegalArgumentException("manifest has no config");
            }
            return new OciManifest(mediaType, OciDescriptor.from(config), descriptors(node.path("layers")), List.of());
        }
        throw new IllegalArgumentException("unsupported manifest media type \"" + mediaType + "\"");
    }

    private static String mediaType(JsonNode node, String contentType) {
        String declared = node.path("mediaType").asText("");
        if (MediaTypes.isIndex(declared) || MediaTypes.isManifest(declared)) {
            return declared;
        }
        if (contentType != null && (MediaTypes.isIndex(contentType) || MediaTypes.isManifest(contentType))) {
            return contentType;
        }
        if (node.has("manifests")) {
            return MediaTypes.OCI_INDEX;
        }
        if (node.has("config") && node.has("layers")) {
            return MediaTypes.OCI_MANIFEST;
        }
        return declared.isEmpty() ? String.valueOf(contentType) : declared;
    }

    private static List<OciDescriptor> descriptors(JsonNode array) {
        List<OciDescriptor> descriptors = new ArrayList<>();
        for (JsonNode entry : array) {
            descriptors.add(OciDescriptor.from(entry));
        }
        return descriptors;
    }
}
