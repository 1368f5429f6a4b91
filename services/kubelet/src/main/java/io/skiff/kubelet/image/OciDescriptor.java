package io.skiff.kubelet.image;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An OCI content descriptor: what a manifest or index points at.
 *
 * @param platform null unless the descriptor is an index entry that names one
 */
record OciDescriptor(String mediaType, String digest, long size, Platform platform) {

    static OciDescriptor from(JsonNode node) {
        JsonNode platform = node.get("platform");
        return new OciDescriptor(
                node.path("mediaType").asText(""),
                node.path("digest").asText(""),
                node.path("size").asLong(-1),
                platform == null || platform.isNull()
                        ? null
                        : new Platform(
                                platform.path("os").asText(""),
                                platform.path("architecture").asText(""),
                                platform.path("variant").asText("")));
    }
}
