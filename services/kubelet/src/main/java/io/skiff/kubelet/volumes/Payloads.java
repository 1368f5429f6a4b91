package io.skiff.kubelet.volumes;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.KeyToPath;
import io.fabric8.kubernetes.api.model.Secret;
import io.skiff.kubelet.envvars.SecretData;
import io.skiff.kubelet.volumes.AtomicWriter.FileProjection;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The files of a configMap or secret volume (or projection), as the plugins' MakePayload build
 * them: every key under its own name with the default mode, or only the listed items at their
 * paths with their own mode when given.
 */
final class Payloads {

    private Payloads() {}

    static Map<String, FileProjection> configMap(
            List<KeyToPath> items, ConfigMap configMap, Integer defaultMode, boolean optional)
            throws VolumeSetupException {
        Map<String, byte[]> data = new HashMap<>();
        if (configMap.getData() != null) {
            configMap.getData().forEach((k, v) -> data.put(k, v.getBytes(StandardCharsets.UTF_8)));
        }
        if (configMap.getBinaryData() != null) {
            configMap.getBinaryData().forEach((k, v) -> data.put(k, decode(v)));
        }
        return payload(items, data, defaultMode, optional, "configmap references non-existent config key: ");
    }

    static Map<String, FileProjection> secret(
            List<KeyToPath> items, Secret secret, Integer defaultMode, boolean optional) throws VolumeSetupException {
        return payload(items, SecretData.of(secret), defaultMode, optional, "references non-existent secret key: ");
    }

    private static Map<String, FileProjection> payload(
            List<KeyToPath> items, Map<String, byte[]> data, Integer defaultMode, boolean optional, String missingKey)
            throws VolumeSetupException {
        if (defaultMode == null) {
            throw new VolumeSetupException("no defaultMode used, not even the default value for it");
        }
        Map<String, FileProjection> payload = new HashMap<>();
        if (items == null || items.isEmpty()) {
            data.forEach((key, content) -> payload.put(key, new FileProjection(content, defaultMode)));
            return payload;
        }
        for (KeyToPath item : items) {
            byte[] content = data.get(item.getKey());
            if (content == null) {
                if (optional) {
                    continue;
                }
                throw new VolumeSetupException(missingKey + item.getKey());
            }
            int mode = item.getMode() != null ? item.getMode() : defaultMode;
            payload.put(item.getPath(), new FileProjection(content, mode));
        }
        return payload;
    }

    private static byte[] decode(String base64) {
        return base64 == null ? new byte[0] : Base64.getDecoder().decode(base64);
    }
}
