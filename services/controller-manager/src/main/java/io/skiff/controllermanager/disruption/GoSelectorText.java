package io.skiff.controllermanager.disruption;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A label selector as Go's {@code %v} prints a *metav1.LabelSelector (its generated String
 * method), which the UnmanagedPods event shows: {@code &LabelSelector{MatchLabels:map[string]string{app:
 * web,},MatchExpressions:[]LabelSelectorRequirement{},}}.
 */
final class GoSelectorText {

    private GoSelectorText() {}

    static String of(LabelSelector selector) {
        if (selector == null) {
            return "nil";
        }
        StringBuilder text = new StringBuilder("&LabelSelector{MatchLabels:map[string]string{");
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        new TreeMap<>(labels)
                .forEach((key, value) ->
                        text.append(key).append(": ").append(value).append(','));
        text.append("},MatchExpressions:[]LabelSelectorRequirement{");
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        for (LabelSelectorRequirement expression : expressions) {
            List<String> values = expression.getValues() == null ? List.of() : expression.getValues();
            text.append("LabelSelectorRequirement{Key:")
                    .append(expression.getKey())
                    .append(",Operator:")
                    .append(expression.getOperator())
                    .append(",Values:[")
                    .append(String.join(" ", values))
                    .append("],},");
        }
        return text.append("},}").toString();
    }
}
