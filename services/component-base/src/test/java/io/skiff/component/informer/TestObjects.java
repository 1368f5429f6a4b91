package io.skiff.component.informer;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;

/** Small API objects for informer tests. */
final class TestObjects {

    private TestObjects() {}

    static ConfigMap configMap(String namespace, String name, String value) {
        return new ConfigMapBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .endMetadata()
                .withData(Map.of("value", value))
                .build();
    }

    static ConfigMap configMap(String namespace, String name, String value, String resourceVersion) {
        ConfigMap configMap = configMap(namespace, name, value);
        configMap.getMetadata().setResourceVersion(resourceVersion);
        return configMap;
    }

    static Pod pod(String namespace, String name, String nodeName, Map<String, String> labels) {
        return new PodBuilder()
                .withNewMetadata()
                .withNamespace(namespace)
                .withName(name)
                .withLabels(labels)
                .withResourceVersion("1")
                .endMetadata()
                .withNewSpec()
                .withNodeName(nodeName)
                .endSpec()
                .build();
    }

    static String valueOf(ConfigMap configMap) {
        return configMap.getData().get("value");
    }
}
