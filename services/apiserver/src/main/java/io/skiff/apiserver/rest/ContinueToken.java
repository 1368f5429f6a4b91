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
            if (!"meta.k8s.io/v1".equals(token.path("v").asText())) {
                throw Statuses.badRequest("continue key is not valid: server does not recognize this encoded version");
            }
            if (!token.path("rv").canConvertToLong() || !token.path("start").isTextual()) {
                throw Statuses.badRequest("continue key is not valid: missing or malformed fields");
            }
            long revision = token.get("rv").asLong();
            String start = token.get("start").asText();
            // Kubernetes' checks: the key is used as is, so it must name a place among the keys.
            if (revision == 0) {
                throw Statuses.badRequest(
                        "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
            }
            if (start.isEmpty()) {
                throw Statuses.badRequest(
                        "continue key is not valid: encoded start key empty (version meta.k8s.io/v1)");
            }
            if (!isCleanPath(start.startsWith("/") ? start : "/" + start)) {
                throw Statuses.badRequest("continue key is not valid: " + start);
            }
            return new ContinueToken(revision, start);
        } catch (IOException | IllegalArgumentException e) {
            throw Statuses.badRequest("continue key is not valid: " + e.getMessage());
        }
    }

    /** Whether Go's path.Clean leaves this absolute path as it is: no empty, "." or ".." segments. */
    private static boolean isCleanPath(String path) {
        if (path.equals("/")) {
            return true;
        }
        for (String segment : path.substring(1).split("/", -1)) {
            if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
                return false;
            }
        }
        return true;
    }
}
