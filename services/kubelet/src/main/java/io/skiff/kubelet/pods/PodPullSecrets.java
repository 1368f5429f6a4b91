package io.skiff.kubelet.pods;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.kubelet.cri.RegistryCredentials;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads a pod's imagePullSecrets as the kubelet reads its pods' other Secrets (from the per-object
 * watches, as Kubernetes' kubelet asks its secret manager): Secrets of type
 * kubernetes.io/dockerconfigjson ({@code .dockerconfigjson}: {@code {"auths": {registry: {username,
 * password | auth}}}}) and kubernetes.io/dockercfg ({@code .dockercfg}: the same map without
 * "auths"). A secret that is missing or unreadable is skipped, as the kubelet does, with a log line.
 */
final class PodPullSecrets implements PullSecrets {

    private static final Logger log = LoggerFactory.getLogger(PodPullSecrets.class);

    private final BiFunction<String, String, Optional<Secret>> secrets;

    /** @param secrets a Secret by namespace and name; may throw for one that cannot be read now */
    PodPullSecrets(BiFunction<String, String, Optional<Secret>> secrets) {
        this.secrets = secrets;
    }

    @Override
    public List<RegistryCredentials> credentials(Pod pod) {
        List<LocalObjectReference> references = pod.getSpec().getImagePullSecrets();
        if (references == null || references.isEmpty()) {
            return List.of();
        }
        List<RegistryCredentials> credentials = new ArrayList<>();
        for (LocalObjectReference reference : references) {
            try {
                Secret secret = secrets.apply(pod.getMetadata().getNamespace(), reference.getName())
                        .orElse(null);
                if (secret == null) {
                    log.warn(
                            "Unable to retrieve pull secret {}/{} for pod {}; the image pull may not succeed",
                            pod.getMetadata().getNamespace(),
                            reference.getName(),
                            PodNames.key(pod));
                    continue;
                }
                credentials.addAll(parse(secret));
            } catch (RuntimeException | IOException e) {
                log.warn(
                        "Cannot read pull secret {} of pod {}: {}",
                        reference.getName(),
                        PodNames.key(pod),
                        e.toString());
            }
        }
        return credentials;
    }

    static List<RegistryCredentials> parse(Secret secret) throws IOException {
        Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
        JsonNode registries;
        if (data.containsKey(".dockerconfigjson")) {
            registries = read(data.get(".dockerconfigjson")).path("auths");
        } else if (data.containsKey(".dockercfg")) {
            registries = read(data.get(".dockercfg"));
        } else {
            return List.of();
        }
        List<RegistryCredentials> credentials = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> entries = registries.fields();
        while (entries.hasNext()) {
            Map.Entry<String, JsonNode> entry = entries.next();
            String username = entry.getValue().path("username").asText("");
            String password = entry.getValue().path("password").asText("");
            String auth = entry.getValue().path("auth").asText("");
            if (username.isEmpty() && !auth.isEmpty()) {
                String decoded = new String(Base64.getDecoder().decode(auth), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                if (colon > 0) {
                    username = decoded.substring(0, colon);
                    password = decoded.substring(colon + 1);
                }
            }
            credentials.add(new RegistryCredentials(registryHost(entry.getKey()), username, password));
        }
        return credentials;
    }

    /** "https://index.docker.io/v1/" and "127.0.0.1:5000" alike become a host[:port]. */
    private static String registryHost(String key) {
        String host = key.replaceFirst("^[a-zA-Z]+://", "");
        int slash = host.indexOf('/');
        return slash < 0 ? host : host.substring(0, slash);
    }

    private static JsonNode read(String base64) throws IOException {
        return KubeJson.mapper().readTree(Base64.getDecoder().decode(base64));
    }
}
