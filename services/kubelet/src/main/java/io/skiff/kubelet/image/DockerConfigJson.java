package io.skiff.kubelet.image;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.kubelet.cri.RegistryCredentials;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Reads the credentials of an imagePullSecret: a kubernetes.io/dockerconfigjson Secret's
 * {@code .dockerconfigjson} ({@code {"auths": {"<registry>": {"auth": base64(user:password)} or
 * {"username", "password"}}}}), or the older kubernetes.io/dockercfg {@code .dockercfg} (the same
 * map without "auths").
 *
 * <p>A registry key is kept as Kubernetes' keyring keeps it: without scheme and without a
 * trailing {@code /v1/} or {@code /v2/} ("https://index.docker.io/v1/" is "index.docker.io"); a
 * path stays ("quay.io/team"), and so do wildcards ("*.example.com").
 */
public final class DockerConfigJson {

    public static final String DOCKER_CONFIG_JSON_KEY = ".dockerconfigjson";
    public static final String DOCKER_CFG_KEY = ".dockercfg";

    private DockerConfigJson() {}

    /**
     * The credentials in a pull secret's data as the API serves it (values base64-encoded),
     * empty when the secret has neither key.
     *
     * @throws IllegalArgumentException when the document is not JSON or an auth is not base64
     */
    public static List<RegistryCredentials> fromSecretData(Map<String, String> data) {
        if (data == null) {
            return List.of();
        }
        if (data.containsKey(DOCKER_CONFIG_JSON_KEY)) {
            return parse(Base64.getDecoder().decode(data.get(DOCKER_CONFIG_JSON_KEY)));
        }
        if (data.containsKey(DOCKER_CFG_KEY)) {
            return parseDockerCfg(Base64.getDecoder().decode(data.get(DOCKER_CFG_KEY)));
        }
        return List.of();
    }

    /** The credentials of a {@code .dockerconfigjson} document, in its order. */
    public static List<RegistryCredentials> parse(byte[] dockerConfigJson) {
        return entries(OciJson.read(dockerConfigJson, ".dockerconfigjson").path("auths"));
    }

    /** The credentials of a legacy {@code .dockercfg} document, in its order. */
    public static List<RegistryCredentials> parseDockerCfg(byte[] dockerCfg) {
        return entries(OciJson.read(dockerCfg, ".dockercfg"));
    }

    private static List<RegistryCredentials> entries(JsonNode registries) {
        List<RegistryCredentials> credentials = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = registries.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> field = fields.next();
            JsonNode entry = field.getValue();
            String username = entry.path("username").asText("");
            String password = entry.path("password").asText("");
            String auth = entry.path("auth").asText("");
            if (!auth.isEmpty()) {
                // As Kubernetes' DockerConfigEntry: "auth" wins over username and password.
                String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon < 0) {
                    throw new IllegalArgumentException(
                            "unable to parse auth field, must be formatted as base64(username:password)");
                }
                username = decoded.substring(0, colon);
                password = decoded.substring(colon + 1);
            }
            credentials.add(new RegistryCredentials(registryKey(field.getKey()), username, password));
        }
        return credentials;
    }

    /** "https://index.docker.io/v1/" → "index.docker.io"; "http://host:5000/team" → "host:5000/team". */
    static String registryKey(String key) {
        String value = key.trim();
        int scheme = value.indexOf("://");
        if (scheme >= 0) {
            value = value.substring(scheme + 3);
        }
        int slash = value.indexOf('/');
        if (slash < 0) {
            return value;
        }
        String host = value.substring(0, slash);
        String path = value.substring(slash);
        if (path.startsWith("/v1/") || path.startsWith("/v2/")) {
            path = path.substring(3);
        }
        while (path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return path.isEmpty() ? host : host + path;
    }
}
