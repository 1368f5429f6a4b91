package io.skiff.apiserver.rest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The continue token of a paginated list, in Kubernetes' format: base64url of
 * {@code {"v":"meta.k8s.io/v1","rv":<snapshot revision>,"start":"<next key>"}}.
 */
public record ContinueToken(long revision, String startKey) {

    public static ContinueToken afterKey(long revision, String lastKey) {
        // "\0" sorts right after lastKey and before any other key that extends it.
        return new ContinueToken(revision, lastKey + "\u0000");
    }

    public String encode() {
        ObjectNode token = KubeJson.mapper().createObjectNode();
        token.put("v", "meta.k8s.io/v1");
        token.put("rv", revision);
        token.put("start", startKey);
        return Base64.getUrlEncoder()
                .withoutPadding()
                .encodeToString(token.toString().getBytes(StandardCharsets.UTF_8));
    }

    public static ContinueToken decode(String encoded) {
        try {
            JsonNode token = KubeJson.mapper().readTree(Base64.getUrlDecoder().decode(encoded));
            if (!"meta.k8s.io/v1".equals(token.path("v").asText())
                    || !token.path("rv").canConvertToLong()
                    || !token.path("start").isTextual()) {
                throw Statuses.badRequest("continue key is not valid: unknown version or missing fields");
            }
            return new ContinueToken(
                    token.get("rv").asLong(), token.get("start").asText());
        } catch (IOException | IllegalArgumentException e) {
            throw Statuses.badRequest("continue key is not valid: " + e.getMessage());
        }
    }
}
