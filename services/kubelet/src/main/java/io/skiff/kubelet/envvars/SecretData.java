package io.skiff.kubelet.envvars;

import io.fabric8.kubernetes.api.model.Secret;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;

/**
 * A Secret's keys and bytes: {@code data} base64-decoded, with {@code stringData} over it. A
 * Kubernetes API server folds stringData into data on write and never returns it; a server that
 * hands it back anyway is read the way Kubernetes would have stored it.
 */
public final class SecretData {

    private SecretData() {}

    public static Map<String, byte[]> of(Secret secret) {
        Map<String, byte[]> data = new HashMap<>();
        if (secret.getData() != null) {
            secret.getData()
                    .forEach((key, value) -> data.put(key, Base64.getDecoder().decode(value == null ? "" : value)));
        }
        if (secret.getStringData() != null) {
            secret.getStringData()
                    .forEach((key, value) ->
                            data.put(key, (value == null ? "" : value).getBytes(StandardCharsets.UTF_8)));
        }
        return data;
    }

    /** The values as UTF-8 text, as a container's environment gets them. */
    public static Map<String, String> text(Secret secret) {
        Map<String, String> text = new HashMap<>();
        of(secret).forEach((key, value) -> text.put(key, new String(value, StandardCharsets.UTF_8)));
        return text;
    }
}
