package io.skiff.controllermanager.nodes;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PodSpec;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Whether a pod's hard node constraints admit a node, as component-helpers' GetRequiredNodeAffinity(pod).Match:
 * every label of spec.nodeSelector, and, when required node affinity is set, at least one of its
 * terms. A term matches when all its label expressions (In, NotIn, Exists, DoesNotExist, Gt, Lt)
 * and field expressions (metadata.name In/NotIn) hold; empty or invalid terms match nothing, as
 * the lazy-error selector skips them.
 */
public final class RequiredNodeAffinity {

    /** The one node field a selector term may name. */
    public static final String NODE_NAME_FIELD = "metadata.name";

    private RequiredNodeAffinity() {}

    public static boolean matches(PodSpec spec, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        if (spec.getNodeSelector() != null) {
            for (Map.Entry<String, String> required : spec.getNodeSelector().entrySet()) {
                if (!Objects.equals(labels.get(required.getKey()), required.getValue())) {
                    return false;
                }
            }
        }
        NodeSelector required = spec.getAffinity() == null || spec.getAffinity().getNodeAffinity() == null
                ? null
                : spec.getAffinity().getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
        return required == null || matches(required, node);
    }

    /**
     * Whether a node selector (a pod's required node affinity, a PersistentVolume's
     * spec.nodeAffinity.required) admits the node: at least one of its terms matches.
     */
    public static boolean matches(NodeSelector required, Node node) {
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        for (NodeSelectorTerm term : orEmpty(required.getNodeSelectorTerms())) {
            if (term != null && termMatches(term, labels, node.getMetadata().getName())) {
                return true;
            }
        }
        return false;
    }

    private static boolean termMatches(NodeSelectorTerm term, Map<String, String> labels, String nodeName) {
        List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
        List<NodeSelectorRequirement> fields = orEmpty(term.getMatchFields());
        if (expressions.isEmpty() && fields.isEmpty()) {
            return false;
        }
        for (NodeSelectorRequirement expression : expressions) {
            if (!labelMatches(expression, labels)) {
                return false;
            }
        }
        for (NodeSelectorRequirement field : fields) {
            if (!fieldMatches(field, nodeName)) {
                return false;
            }
        }
        return true;
    }

    private static boolean labelMatches(NodeSelectorRequirement requirement, Map<String, String> labels) {
        String key = Objects.requireNonNullElse(requirement.getKey(), "");
        List<String> values = orEmpty(requirement.getValues());
        if (key.isEmpty()) {
            return false;
        }
        String value = labels.get(key);
        switch (Objects.requireNonNullElse(requirement.getOperator(), "")) {
            case "In":
                return !values.isEmpty() && value != null && values.contains(value);
            case "NotIn":
                return !values.isEmpty() && (value == null || !values.contains(value));
            case "Exists":
                return values.isEmpty() && labels.containsKey(key);
            case "DoesNotExist":
                return values.isEmpty() && !labels.containsKey(key);
            case "Gt":
            case "Lt":
                if (values.size() != 1) {
                    return false;
                }
                Long bound = parseInteger(values.get(0));
                Long actual = value == null ? null : parseInteger(value);
                if (bound == null || actual == null) {
                    return false;
                }
                return "Gt".equals(requirement.getOperator()) ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    private static boolean fieldMatches(NodeSelectorRequirement requirement, String nodeName) {
        List<String> values = orEmpty(requirement.getValues());
        if (!NODE_NAME_FIELD.equals(requirement.getKey()) || values.size() != 1) {
            return false;
        }
        boolean equal = values.get(0).equals(nodeName);
        return switch (Objects.requireNonNullElse(requirement.getOperator(), "")) {
            case "In" -> equal;
            case "NotIn" -> !equal;
            default -> false;
        };
    }

    /** Go's strconv.ParseInt(s, 10, 64): optional sign, digits only. */
    private static Long parseInteger(String text) {
        if (!text.matches("[+-]?[0-9]+")) {
            return null;
        }
        try {
            return Long.parseLong(text.startsWith("+") ? text.substring(1) : text);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
