package io.skiff.apiserver.authentication.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.skiff.model.json.KubeJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The claims of a ServiceAccount token, as Kubernetes' token.Claims writes them: iss, sub {@code
 * system:serviceaccount:<ns>:<name>}, aud, exp, iat, nbf, jti, and the private {@code
 * kubernetes.io} claim with the namespace, the ServiceAccount and the Pod, Secret or Node the
 * token is bound to (a pod-bound token also names the pod's node), and {@code warnafter} when the
 * expiration was extended.
 */
public record ServiceAccountClaims(
        String issuer,
        List<String> audiences,
        Instant issuedAt,
        Instant notBefore,
        Instant expiry,
        String id,
        String namespace,
        ObjectRef serviceAccount,
        ObjectRef pod,
        ObjectRef secret,
        ObjectRef node,
        Instant warnAfter) {

    public static final String PRIVATE_CLAIM = "kubernetes.io";

    public ServiceAccountClaims {
        audiences = List.copyOf(audiences);
    }

    /** {@code system:serviceaccount:<namespace>:<name>}. */
    public static String username(String namespace, String name) {
        return "system:serviceaccount:" + namespace + ":" + name;
    }

    public String subject() {
        return username(namespace, serviceAccount.name());
    }

    /** The claims as the token's JSON payload, keys in the order Kubernetes' tokens show them. */
    public ObjectNode toJson() {
        ObjectNode json = KubeJson.mapper().createObjectNode();
        var aud = json.putArray("aud");
        audiences.forEach(aud::add);
        json.put("exp", expiry.getEpochSecond());
        json.put("iat", issuedAt.getEpochSecond());
        json.put("iss", issuer);
        if (id != null) {
            json.put("jti", id);
        }
        ObjectNode kubernetes = json.putObject(PRIVATE_CLAIM);
        kubernetes.put("namespace", namespace);
        ref(kubernetes, "node", node);
        ref(kubernetes, "pod", pod);
        ref(kubernetes, "secret", secret);
        ref(kubernetes, "serviceaccount", serviceAccount);
        if (warnAfter != null) {
            kubernetes.put("warnafter", warnAfter.getEpochSecond());
        }
        json.put("nbf", notBefore.getEpochSecond());
        json.put("sub", subject());
        return json;
    }

    /**
     * Reads a payload; null when it is not a ServiceAccount token's (no kubernetes.io claim with a
     * namespace and ServiceAccount).
     */
    public static ServiceAccountClaims fromJson(JsonNode json) {
        JsonNode kubernetes = json.path(PRIVATE_CLAIM);
        ObjectRef serviceAccount = ref(kubernetes.path("serviceaccount"));
        String namespace = kubernetes.path("namespace").asText("");
        if (!kubernetes.isObject() || serviceAccount == null || namespace.isEmpty()) {
            return null;
        }
        List<String> audiences = new ArrayList<>();
        JsonNode aud = json.path("aud");
        if (aud.isTextual()) {
            audiences.add(aud.asText());
        } else {
            aud.forEach(a -> audiences.add(a.asText()));
        }
        return new ServiceAccountClaims(
                json.path("iss").asText(null),
                audiences,
                time(json.path("iat")),
                time(json.path("nbf")),
                time(json.path("exp")),
                json.path("jti").asText(null),
                namespace,
                serviceAccount,
                ref(kubernetes.path("pod")),
                ref(kubernetes.path("secret")),
                ref(kubernetes.path("node")),
                time(kubernetes.path("warnafter")));
    }

    private static void ref(ObjectNode parent, String field, ObjectRef ref) {
        if (ref != null) {
            ObjectNode node = parent.putObject(field);
            node.put("name", ref.name());
            if (!ref.uid().isEmpty()) {
                node.put("uid", ref.uid());
            }
        }
    }

    private static ObjectRef ref(JsonNode node) {
        if (!node.isObject() || node.path("name").asText("").isEmpty()) {
            return null;
        }
        return new ObjectRef(node.path("name").asText(), node.path("uid").asText(""));
    }

    private static Instant time(JsonNode node) {
        return node.isNumber() ? Instant.ofEpochSecond(node.asLong()) : null;
    }
}
