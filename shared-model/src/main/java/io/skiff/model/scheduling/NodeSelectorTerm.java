package io.skiff.model.scheduling;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One parsed node selector term: label requirements (In, NotIn, Exists, DoesNotExist, Gt, Lt) and
 * field requirements on {@code metadata.name} (In, NotIn with one value), all ANDed. A term that
 * names nothing selects nothing. Terms with invalid requirements are refused at parse time, as
 * Kubernetes' LazyErrorNodeSelector skips them.
 */
public final class NodeSelectorTerm {

    /** The only node field a selector term may name. */
    public static final String NODE_NAME_FIELD = "metadata.name";

    private final List<Requirement> labelRequirements;
    private final List<Requirement> fieldRequirements;

    private NodeSelectorTerm(List<Requirement> labelRequirements, List<Requirement> fieldRequirements) {
        this.labelRequirements = labelRequirements;
        this.fieldRequirements = fieldRequirements;
    }

    /** One requirement: key, operator as in the API, values. */
    record Requirement(String key, String operator, List<String> values) {}

    /**
     * Parses a term.
     *
     * @throws IllegalArgumentException describing every invalid requirement
     */
    public static NodeSelectorTerm parse(io.fabric8.kubernetes.api.model.NodeSelectorTerm term) {
        List<String> errors = new ArrayList<>();
        List<Requirement> labels = new ArrayList<>();
        List<Requirement> fields = new ArrayList<>();
        List<NodeSelectorRequirement> expressions = orEmpty(term.getMatchExpressions());
        for (int i = 0; i < expressions.size(); i++) {
            Requirement requirement = requirement(expressions.get(i));
            String error = labelError(requirement, "matchExpressions[" + i + "]");
            if (error == null) {
                labels.add(requirement);
            } else {
                errors.add(error);
            }
        }
        List<NodeSelectorRequirement> fieldExpressions = orEmpty(term.getMatchFields());
        for (int i = 0; i < fieldExpressions.size(); i++) {
            Requirement requirement = requirement(fieldExpressions.get(i));
            String error = fieldError(requirement, "matchFields[" + i + "]");
            if (error == null) {
                fields.add(requirement);
            } else {
                errors.add(error);
            }
        }
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", errors));
        }
        return new NodeSelectorTerm(List.copyOf(labels), List.copyOf(fields));
    }

    /** Whether the term names no requirement at all (such a term matches no node). */
    public static boolean isEmpty(io.fabric8.kubernetes.api.model.NodeSelectorTerm term) {
        return orEmpty(term.getMatchExpressions()).isEmpty()
                && orEmpty(term.getMatchFields()).isEmpty();
    }

    /** Whether the node satisfies every requirement of the term. */
    public boolean matches(Node node) {
        if (labelRequirements.isEmpty() && fieldRequirements.isEmpty()) {
            return false;
        }
        Map<String, String> labels = node.getMetadata().getLabels() == null
                ? Map.of()
                : node.getMetadata().getLabels();
        for (Requirement requirement : labelRequirements) {
            if (!matchesLabel(requirement, labels)) {
                return false;
            }
        }
        String name = node.getMetadata().getName();
        // a node without a name has no fields, and field requirements do not apply to it (as Kubernetes)
        if (name != null && !name.isEmpty()) {
            for (Requirement requirement : fieldRequirements) {
                boolean equal = requirement.values().get(0).equals(name);
                if (requirement.operator().equals("In") != equal) {
                    return false;
                }
            }
        }
        return true;
    }

    /** The node names this term's {@code metadata.name In} requirements allow, intersected; null when it has none. */
    public static Set<String> nodeNamesIn(io.fabric8.kubernetes.api.model.NodeSelectorTerm term) {
        Set<String> names = null;
        for (NodeSelectorRequirement requirement : orEmpty(term.getMatchFields())) {
            if (NODE_NAME_FIELD.equals(requirement.getKey()) && "In".equals(requirement.getOperator())) {
                Set<String> values = new HashSet<>(orEmpty(requirement.getValues()));
                if (names == null) {
                    names = values;
                } else {
                    names.retainAll(values);
                }
            }
        }
        return names;
    }

    private static boolean matchesLabel(Requirement requirement, Map<String, String> labels) {
        String value = labels.get(requirement.key());
        switch (requirement.operator()) {
            case "In":
                return value != null && requirement.values().contains(value);
            case "NotIn":
                return value == null || !requirement.values().contains(value);
            case "Exists":
                return labels.containsKey(requirement.key());
            case "DoesNotExist":
                return !labels.containsKey(requirement.key());
            case "Gt":
            case "Lt":
                Long actual = value == null ? null : parseInteger(value);
                if (actual == null) {
                    return false;
                }
                long bound = parseInteger(requirement.values().get(0));
                return requirement.operator().equals("Gt") ? actual > bound : actual < bound;
            default:
                return false;
        }
    }

    private static Requirement requirement(NodeSelectorRequirement expression) {
        return new Requirement(
                Objects.requireNonNullElse(expression.getKey(), ""),
                Objects.requireNonNullElse(expression.getOperator(), ""),
                List.copyOf(orEmpty(expression.getValues())));
    }

    private static String labelError(Requirement requirement, String path) {
        if (requirement.key().isEmpty()) {
            return path + ".key: Invalid value: \"\": name part must be non-empty";
        }
        int count = requirement.values().size();
        switch (requirement.operator()) {
            case "In":
            case "NotIn":
                return count == 0
                        ? path + ".values: Required value: for 'in', 'notin' operators, values set can't be empty"
                        : null;
            case "Exists":
            case "DoesNotExist":
                return count != 0
                        ? path
                                + ".values: Forbidden: may not be specified when `operator` is 'Exists' or 'DoesNotExist'"
                        : null;
            case "Gt":
            case "Lt":
                if (count != 1 || parseInteger(requirement.values().get(0)) == null) {
                    return path + ".values: Invalid value: " + requirement.values()
                            + ": for 'Gt', 'Lt' operators, exactly one integer value is required";
                }
                return null;
            default:
                return path + ".operator: Unsupported value: \"" + requirement.operator() + "\"";
        }
    }

    private static String fieldError(Requirement requirement, String path) {
        if (!requirement.operator().equals("In") && !requirement.operator().equals("NotIn")) {
            return path + ".operator: Unsupported value: \"" + requirement.operator()
                    + "\": supported values: \"In\", \"NotIn\"";
        }
        if (requirement.values().size() != 1) {
            return path + ".values: Invalid value: " + requirement.values() + ": must have one element";
        }
        if (!NODE_NAME_FIELD.equals(requirement.key())) {
            return path + ".key: Invalid value: \"" + requirement.key() + "\": not a supported field selector key";
        }
        return null;
    }

    /** Go's strconv.ParseInt(s, 10, 64). */
    private static Long parseInteger(String text) {
        int start = !text.isEmpty() && (text.charAt(0) == '+' || text.charAt(0) == '-') ? 1 : 0;
        if (start == text.length()) {
            return null;
        }
        for (int i = start; i < text.length(); i++) {
            if (text.charAt(i) < '0' || text.charAt(i) > '9') {
                return null;
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    private static <T> List<T> orEmpty(List<T> list) {
        return list == null ? List.of() : list;
    }
}
