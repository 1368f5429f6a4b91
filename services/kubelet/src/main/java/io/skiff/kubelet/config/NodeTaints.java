package io.skiff.kubelet.config;

import io.fabric8.kubernetes.api.model.Taint;
import java.util.Set;

/** Taints written as the kubelet's --register-with-taints takes them: {@code key[=value]:Effect}. */
public final class NodeTaints {

    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    private NodeTaints() {}

    /** The taint {@code spec} describes; IllegalArgumentException with the reason when it is malformed. */
    public static Taint parse(String spec) {
        int colon = spec.lastIndexOf(':');
        if (colon <= 0 || colon == spec.length() - 1) {
            throw new IllegalArgumentException("invalid taint spec: " + spec + " (want key[=value]:Effect)");
        }
        String effect = spec.substring(colon + 1);
        if (!EFFECTS.contains(effect)) {
            throw new IllegalArgumentException("invalid taint effect: " + effect + ", unsupported taint effect");
        }
        String keyValue = spec.substring(0, colon);
        int equals = keyValue.indexOf('=');
        String key = equals < 0 ? keyValue : keyValue.substring(0, equals);
        String value = equals < 0 ? null : keyValue.substring(equals + 1);
        if (key.isEmpty()) {
            throw new IllegalArgumentException("invalid taint spec: " + spec + " (the key is empty)");
        }
        Taint taint = new Taint();
        taint.setKey(key);
        taint.setValue(value == null || value.isEmpty() ? null : value);
        taint.setEffect(effect);
        return taint;
    }
}
