package io.skiff.kubelet.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/**
 * An image configuration blob: the platform it was built for, its layers' uncompressed digests
 * (diff ids, bottom first) and the run configuration.
 */
record ImageConfigDocument(Platform platform, List<String> diffIds, ImageConfig config) {

    ImageConfigDocument {
        diffIds = List.copyOf(diffIds);
    }

    static ImageConfigDocument parse(byte[] json) {
        JsonNode document = OciJson.read(json, "image config");
        List<String> diffIds = new ArrayList<>();
        for (JsonNode diffId : document.path("rootfs").path("diff_ids")) {
            diffIds.add(Digest.parse(diffId.asText()).toString());
        }
        Platform platform = new Platform(
                document.path("os").asText(""),
                document.path("architecture").asText(""),
                document.path("variant").asText(""));
        return new ImageConfigDocument(platform, diffIds, ImageConfig.from(document));
    }
}
