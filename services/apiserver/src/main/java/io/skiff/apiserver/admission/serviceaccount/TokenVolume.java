package io.skiff.apiserver.admission.serviceaccount;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * The projected API access volume the plugin adds (TokenVolumeSource): a bound ServiceAccount token
 * ({@code token}, expirationSeconds 3607), the cluster CA from the ConfigMap {@code kube-root-ca.crt}
 * ({@code ca.crt}) and the pod's namespace ({@code namespace}), mode 0644.
 *
 * <p>When the API server serves plain HTTP there is no CA to trust, and the root-ca-cert-publisher
 * publishes no {@code kube-root-ca.crt}: the volume then leaves the ConfigMap source out, since a
 * projection of a ConfigMap that never appears would keep every pod from starting.
 */
public final class TokenVolume {

    static final String VOLUME_NAME_PREFIX = "kube-api-access-";
    public static final String MOUNT_PATH = "/var/run/secrets/kubernetes.io/serviceaccount";
    /** serviceaccount.WarnOnlyBoundTokenExpirationSeconds. */
    static final long EXPIRATION_SECONDS = 3607;

    static final String ROOT_CA_CONFIG_MAP = "kube-root-ca.crt";
    /** corev1.ProjectedVolumeSourceDefaultMode (0644). */
    static final int DEFAULT_MODE = 420;
    /** utilrand's alphabet for generated names: no vowels, no look-alike digits. */
    private static final String ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    private final boolean withRootCa;
    private final Random random;

    /**
     * @param withRootCa whether the volume projects the ConfigMap {@code kube-root-ca.crt} (the API
     *     server serves TLS)
     */
    public TokenVolume(boolean withRootCa, Random random) {
        this.withRootCa = withRootCa;
        this.random = random;
    }

    /**
     * Mounts the volume in every init container and container that has nothing mounted at {@link
     * #MOUNT_PATH}, adding the volume when some container mounts it and the pod has no {@code
     * kube-api-access-} volume yet (mountServiceAccountToken).
     */
    void mount(ObjectNode spec) {
        String volumeName = null;
        for (JsonNode volume : spec.path("volumes")) {
            String name = volume.path("name").asText("");
            if (name.startsWith(VOLUME_NAME_PREFIX)) {
                volumeName = name;
                break;
            }
        }
        boolean hasVolume = volumeName != null;
        if (!hasVolume) {
            volumeName = VOLUME_NAME_PREFIX + suffix();
        }
        boolean needsVolume = false;
        for (String containers : new String[] {"initContainers", "containers"}) {
            for (JsonNode node : spec.path(containers)) {
                if (node instanceof ObjectNode container && !mountsTokenPath(container)) {
                    ObjectNode mount = container.withArray("volumeMounts").addObject();
                    mount.put("name", volumeName);
                    mount.put("readOnly", true);
                    mount.put("mountPath", MOUNT_PATH);
                    needsVolume = true;
                }
            }
        }
        if (!hasVolume && needsVolume) {
            ObjectNode volume = spec.withArray("volumes").addObject();
            volume.put("name", volumeName);
            volume.set("projected", source());
        }
    }

    private static boolean mountsTokenPath(ObjectNode container) {
        for (JsonNode mount : container.path("volumeMounts")) {
            if (MOUNT_PATH.equals(mount.path("mountPath").asText())) {
                return true;
            }
        }
        return false;
    }

    ObjectNode source() {
        ObjectNode projected = io.skiff.model.json.KubeJson.mapper().createObjectNode();
        ArrayNode sources = projected.putArray("sources");
        ObjectNode token = sources.addObject().putObject("serviceAccountToken");
        token.put("expirationSeconds", EXPIRATION_SECONDS);
        token.put("path", "token");
        if (withRootCa) {
            ObjectNode configMap = sources.addObject().putObject("configMap");
            configMap.put("name", ROOT_CA_CONFIG_MAP);
            ObjectNode item = configMap.putArray("items").addObject();
            item.put("key", "ca.crt");
            item.put("path", "ca.crt");
        }
        ObjectNode file =
                sources.addObject().putObject("downwardAPI").putArray("items").addObject();
        file.put("path", "namespace");
        ObjectNode fieldRef = file.putObject("fieldRef");
        fieldRef.put("apiVersion", "v1");
        fieldRef.put("fieldPath", "metadata.namespace");
        projected.put("defaultMode", DEFAULT_MODE);
        return projected;
    }

    private String suffix() {
        StringBuilder suffix = new StringBuilder(5);
        for (int i = 0; i < 5; i++) {
            suffix.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return suffix.toString();
    }
}
