package io.skiff.model.selector;

import io.skiff.model.catalog.ResourceCatalog;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A field selector with Kubernetes' semantics (k8s.io/apimachinery/pkg/fields): terms {@code
 * field=value}, {@code field==value} or {@code field!=value} joined by commas, all of which must
 * hold. In values, {@code \\}, {@code \,} and {@code \=} escape the special characters. A field an
 * object lacks compares as the empty string. Immutable and safe to share.
 */
public final class FieldSelector {

    /** One term: {@code field=value} when {@code equals}, {@code field!=value} otherwise. */
    public record Requirement(String field, boolean equals, String value) {

        /** The term in selector syntax, its value escaped so it parses back to itself. */
        @Override
        public String toString() {
            return field + (equals ? "=" : "!=") + escape(value);
        }
    }

    private static final FieldSelector EVERYTHING = new FieldSelector(List.of());

    private static final String NAME = "metadata.name";
    private static final String NAMESPACE = "metadata.namespace";

    private static final ResourceCatalog BUILTIN = ResourceCatalog.builtin();

    private final List<Requirement> requirements;

    private FieldSelector(List<Requirement> requirements) {
        this.requirements = requirements;
    }

    /**
     * Parses a selector as fields.ParseSelector does. Whitespace is significant: {@code a = b}
     * selects field {@code "a "}. An empty selector selects everything.
     *
     * @throws SelectorException with Kubernetes' message when a term has no operator or a value
     *     holds an unescaped {@code ,} or {@code =} or a bad escape
     */
    public static FieldSelector parse(String selector) {
        // Kubernetes sorts the raw terms, so requirements() and the first error are in that order
        String[] terms = splitTerms(selector);
        Arrays.sort(terms);
        List<Requirement> requirements = new ArrayList<>(terms.length);
        for (String term : terms) {
            if (!term.isEmpty()) {
                requirements.add(requirement(selector, term));
            }
        }
        return requirements.isEmpty() ? EVERYTHING : new FieldSelector(List.copyOf(requirements));
    }

    /** Selects every object. */
    public static FieldSelector everything() {
        return EVERYTHING;
    }

    /** Whether an object with these field values is selected; absent fields read as "". */
    public boolean matches(Map<String, String> fields) {
        for (Requirement requirement : requirements) {
            String actual = fields.getOrDefault(requirement.field(), "");
            if (actual.equals(requirement.value()) != requirement.equals()) {
                return false;
            }
        }
        return true;
    }

    public List<Requirement> requirements() {
        return requirements;
    }

    /**
     * The value the selector requires the field to equal, when it requires one (e.g. {@code
     * spec.nodeName} for {@code spec.nodeName=node-1}), so storage can use an index instead of a scan.
     */
    public Optional<String> exactValue(String field) {
        for (Requirement requirement : requirements) {
            if (requirement.equals() && requirement.field().equals(field)) {
                return Optional.of(requirement.value());
            }
        }
        return Optional.empty();
    }

    public boolean isEverything() {
        return requirements.isEmpty();
    }

    /**
     * Rejects labels the resource's field-label conversion does not accept, with Kubernetes'
     * message for that resource. Every type accepts {@code metadata.name}; {@code
     * metadata.namespace} is refused only where Kubernetes refuses it (nodes, namespaces and
     * cluster-scoped custom resources); otherwise the type's own {@link ResourceType#fieldSelectors()}.
     *
     * @throws SelectorException for the first unsupported label
     */
    public void checkSupported(ResourceType type) {
        boolean builtin = BUILTIN.byKind(type.apiVersion(), type.kind()).isPresent();
        // kinds with their own conversion function (every custom resource, and the built-in kinds
        // with extra labels) list what they accept; the rest fall back to the metadata default
        boolean ownConversion = !builtin || !type.fieldSelectors().isEmpty();
        for (Requirement requirement : requirements) {
            String label = requirement.field();
            boolean supported = label.equals(NAME)
                    || (label.equals(NAMESPACE) && (type.namespaced() || !ownConversion))
                    || type.fieldSelectors().contains(label);
            if (!supported) {
                throw new SelectorException(unsupported(type, label, ownConversion));
            }
        }
    }

    /** The canonical form: terms in sorted order, values escaped, e.g. {@code a=b,c!=d\,e}. */
    @Override
    public String toString() {
        StringBuilder out = new StringBuilder();
        for (Requirement requirement : requirements) {
            if (!out.isEmpty()) {
                out.append(',');
            }
            out.append(requirement);
        }
        return out.toString();
    }

    private static String unsupported(ResourceType type, String label, boolean ownConversion) {
        if (type.group().equals("batch") && type.kind().equals("Job")) {
            return "field label " + LabelSyntax.quote(label) + " not supported for batchv1.Job";
        }
        if (ownConversion) {
            return "field label not supported: " + label;
        }
        return LabelSyntax.quote(label) + " is not a known field selector: only \"" + NAME + "\", \"" + NAMESPACE
                + "\"";
    }

    /** Splits on commas that are not escaped; escapes stay in the terms for the value to resolve. */
    private static String[] splitTerms(String selector) {
        if (selector.isEmpty()) {
            return new String[0];
        }
        List<String> terms = new ArrayList<>();
        int start = 0;
        boolean escaped = false;
        for (int i = 0; i < selector.length(); i++) {
            char c = selector.charAt(i);
            if (escaped) {
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',') {
                terms.add(selector.substring(start, i));
                start = i + 1;
            }
        }
        terms.add(selector.substring(start));
        return terms.toArray(new String[0]);
    }

    /** The field is everything before the first operator; only the value may hold escapes. */
    private static Requirement requirement(String selector, String term) {
        for (int i = 0; i < term.length(); i++) {
            if (term.startsWith("!=", i)) {
                return new Requirement(term.substring(0, i), false, unescape(term.substring(i + 2)));
            }
            if (term.startsWith("==", i)) {
                return new Requirement(term.substring(0, i), true, unescape(term.substring(i + 2)));
            }
            if (term.charAt(i) == '=') {
                return new Requirement(term.substring(0, i), true, unescape(term.substring(i + 1)));
            }
        }
        throw new SelectorException("invalid selector: '" + selector + "'; can't understand '" + term + "'");
    }

    private static String unescape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        boolean escaped = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (escaped) {
                if (c != '\\' && c != ',' && c != '=') {
                    throw new SelectorException("invalid field selector: invalid escape sequence: \\"
                            + Character.toString(value.codePointAt(i)));
                }
                out.append(c);
                escaped = false;
            } else if (c == '\\') {
                escaped = true;
            } else if (c == ',' || c == '=') {
                // Go prints the offending rune with %v, i.e. as its code point number
                throw new SelectorException("invalid field selector: unescaped character in value: " + (int) c);
            } else {
                out.append(c);
            }
        }
        if (escaped) {
            throw new SelectorException("invalid field selector: invalid escape sequence: \\");
        }
        return out.toString();
    }

    private static String escape(String value) {
        if (value.indexOf('\\') < 0 && value.indexOf(',') < 0 && value.indexOf('=') < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length() + 4);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == ',' || c == '=') {
                out.append('\\');
            }
            out.append(c);
        }
        return out.toString();
    }
}
