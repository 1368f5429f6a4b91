package io.skiff.bench.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.skiff.model.json.KubeJson;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * JSON bodies for ConfigMaps of a fixed size. The payload is random text so that nothing along the
 * way (PostgreSQL TOAST, gzip) can shrink it; a counter goes into every body because an update that
 * changes nothing would, as in Kubernetes, not produce a new resourceVersion or a watch event.
 */
public final class ConfigMapBodies {

    private static final String ALPHABET = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

    private final String payload;
    private final AtomicLong sequence = new AtomicLong();

    public ConfigMapBodies(int targetBytes) {
        int overhead = serialise(configMap("name-0000000", "0000000000", "", 0L)).length;
        this.payload = randomText(Math.max(0, targetBytes - overhead), new Random(targetBytes));
    }

    public byte[] create(String name) {
        return serialise(configMap(name, null, payload, sequence.incrementAndGet()));
    }

    /** A changed body for an existing ConfigMap, with the resourceVersion it must still have. */
    public byte[] update(String name, String resourceVersion) {
        return serialise(configMap(name, resourceVersion, payload, sequence.incrementAndGet()));
    }

    private static ConfigMap configMap(String name, String resourceVersion, String payload, long sequence) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withName(name)
                .withResourceVersion(resourceVersion)
                .endMetadata()
                .addToData("sequence", Long.toString(sequence))
                .addToData("payload", payload)
                .build();
    }

    private static byte[] serialise(ConfigMap configMap) {
        try {
            return KubeJson.mapper().writeValueAsBytes(configMap);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise a ConfigMap", e);
        }
    }

    private static String randomText(int length, Random random) {
        StringBuilder text = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            text.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
        }
        return text.toString();
    }
}
