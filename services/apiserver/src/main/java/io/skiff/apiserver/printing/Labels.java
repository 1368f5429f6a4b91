package io.skiff.apiserver.printing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.model.json.KubeJson;
import io.skiff.model.selector.LabelSelector;
import io.skiff.model.selector.SelectorException;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/** Label maps and label selectors written the way k8s.io/apimachinery formats them in tables. */
final class Labels {

    private Labels() {}

    /** labels.FormatLabels: {@code a=b,c=d} in key order, "&lt;none&gt;" when empty. */
    static String format(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return Placeholders.NONE;
        }
        return new TreeMap<>(labels)
                .entrySet().stream()
                        .map(label -> label.getKey() + "=" + label.getValue())
                        .collect(Collectors.joining(","));
    }

    /**
     * metav1.FormatLabelSelector: the selector's canonical string, "&lt;none&gt;" when it selects
     * everything or nothing, "&lt;error&gt;" when it is invalid.
     */
    static String formatSelector(JsonNode selector) {
        return selectorString(selector).map(Placeholders::orNone).orElse("<error>");
    }

    /**
     * What LabelSelectorAsSelector(selector).String() gives: empty for a null or empty selector;
     * nothing when the selector is invalid.
     */
    static Optional<String> selectorString(JsonNode selector) {
        try {
            io.fabric8.kubernetes.api.model.LabelSelector api = Fields.isSet(selector)
                    ? KubeJson.mapper().treeToValue(selector, io.fabric8.kubernetes.api.model.LabelSelector.class)
                    : null;
            return Optional.of(LabelSelector.fromApi(api).toString());
        } catch (JsonProcessingException | SelectorException invalid) {
            return Optional.empty();
        }
    }
}
