package io.skiff.model.selector;

import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.skiff.model.selector.LabelRequirement.Operator;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A label selector with Kubernetes' semantics (k8s.io/apimachinery/pkg/labels): the {@code
 * labelSelector} query parameter, the selectors of workloads and services, and the canonical
 * string form Kubernetes prints. Immutable and safe to share.
 */
public final class LabelSelector {

    private static final LabelSelector EVERYTHING = new LabelSelector(List.of(), false);
    private static final LabelSelector NOTHING = new LabelSelector(List.of(), true);

    /** Sorted by key, as Kubernetes sorts them, so the string form is deterministic. */
    private final List<LabelRequirement> requirements;

    private final boolean nothing;

    private LabelSelector(List<LabelRequirement> requirements, boolean nothing) {
        this.requirements = requirements;
        this.nothing = nothing;
    }

    /**
     * Parses the selector syntax of labels.Parse: {@code a=b}, {@code a==b}, {@code a!=b}, {@code a
     * in (b,c)}, {@code a notin (b)}, {@code a}, {@code !a}, {@code a>1}, {@code a<1}, joined by
     * commas. An empty or blank selector selects everything.
     *
     * @throws SelectorException with Kubernetes' message when the selector is malformed
     */
    public static LabelSelector parse(String selector) {
        return of(LabelSelectorParser.parse(selector));
    }

    /**
     * The selector an API object's {@code metav1.LabelSelector} stands for, as
     * LabelSelectorAsSelector reads it: null selects nothing, an empty selector everything.
     *
     * @throws SelectorException when a key, value or operator is invalid
     */
    public static LabelSelector fromApi(io.fabric8.kubernetes.api.model.LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        Map<String, String> matchLabels = selector.getMatchLabels() == null ? Map.of() : selector.getMatchLabels();
        List<LabelSelectorRequirement> expressions =
                selector.getMatchExpressions() == null ? List.of() : selector.getMatchExpressions();
        List<LabelRequirement> requirements = new ArrayList<>(matchLabels.size() + expressions.size());
        for (Map.Entry<String, String> label : new TreeMap<>(matchLabels).entrySet()) {
            requirements.add(LabelRequirement.validated(
                    orEmpty(label.getKey()), Operator.EQUALS, List.of(orEmpty(label.getValue()))));
        }
        for (LabelSelectorRequirement expression : expressions) {
            List<String> values = expression.getValues() == null
                    ? List.of()
                    : expression.getValues().stream()
                            .map(LabelSelector::orEmpty)
                            .toList();
            requirements.add(LabelRequirement.validated(orEmpty(expression.getKey()), operator(expression), values));
        }
        return of(requirements);
    }

    /**
     * The selector that matches exactly the given labels, as labels.SelectorFromSet builds it for
     * map-style selectors (Service and ReplicationController {@code spec.selector}): no validation,
     * and a null or empty map selects everything.
     */
    public static LabelSelector fromSet(Map<String, String> labels) {
        if (labels == null || labels.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> requirements = new ArrayList<>(labels.size());
        for (Map.Entry<String, String> label : labels.entrySet()) {
            requirements.add(
                    new LabelRequirement(orEmpty(label.getKey()), Operator.EQUALS, List.of(orEmpty(label.getValue()))));
        }
        return of(requirements);
    }

    /** Selects every object. */
    public static LabelSelector everything() {
        return EVERYTHING;
    }

    /** Selects no object: what a missing (null) API selector means. */
    public static LabelSelector nothing() {
        return NOTHING;
    }

    /** Whether objects with these labels are selected; null labels are no labels. */
    public boolean matches(Map<String, String> labels) {
        if (nothing) {
            return false;
        }
        Map<String, String> present = labels == null ? Map.of() : labels;
        for (LabelRequirement requirement : requirements) {
            if (!requirement.matches(present)) {
                return false;
            }
        }
        return true;
    }

    /** Whether this selector does not restrict the selection (Kubernetes' Empty()). */
    public boolean isEverything() {
        return !nothing && requirements.isEmpty();
    }

    /** Whether this is the selector of a null API selector, which matches nothing. */
    public boolean isNothing() {
        return nothing;
    }

    /**
     * The canonical form: requirements sorted by key, values sorted, joined by commas, e.g. {@code
     * a in (b,c),!d}. Everything and nothing both print as the empty string, as in Kubernetes.
     */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (LabelRequirement requirement : requirements) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(requirement);
        }
        return out.toString();
    }

    private static LabelSelector of(List<LabelRequirement> requirements) {
        if (requirements.isEmpty()) {
            return EVERYTHING;
        }
        List<LabelRequirement> sorted = new ArrayList<>(requirements);
        sorted.sort(Comparator.comparing(LabelRequirement::key));
        return new LabelSelector(List.copyOf(sorted), false);
    }

    private static Operator operator(LabelSelectorRequirement expression) {
        String name = expression.getOperator() == null ? "" : expression.getOperator();
        Operator operator = switch (name) {
            case "In" -> Operator.IN;
            case "NotIn" -> Operator.NOT_IN;
            case "Exists" -> Operator.EXISTS;
            case "DoesNotExist" -> Operator.DOES_NOT_EXIST;
            default -> null;
        };
        if (operator == null) {
            throw new SelectorException(LabelSyntax.quote(name) + " is not a valid label selector operator");
        }
        return operator;
    }

    /** Go strings are never null: a JSON null reads as "". */
    private static String orEmpty(String text) {
        return text == null ? "" : text;
    }
}
