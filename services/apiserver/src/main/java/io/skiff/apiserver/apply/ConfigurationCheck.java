package io.skiff.apiserver.apply;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks an applied configuration as structured-merge-diff does when it types one, before anything
 * is merged: every item of a keyed list is an object with all its key fields (or their defaults),
 * and no list names an item or a set value twice. Messages follow Kubernetes' wording, with the
 * path where the problem is.
 */
final class ConfigurationCheck {

    private ConfigurationCheck() {}

    /** Throws {@link InvalidConfiguration} at the first problem. */
    static void check(Position root, JsonNode config) {
        walk(root, config, new ArrayList<>());
    }

    private static void walk(Position position, JsonNode value, List<String> path) {
        switch (position.kind(value)) {
            case GRANULAR -> {
                for (Iterator<Map.Entry<String, JsonNode>> it = value.fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> e = it.next();
                    path.add(PathElements.field(e.getKey()));
                    walk(position.child(e.getKey()), e.getValue(), path);
                    path.remove(path.size() - 1);
                }
            }
            case ASSOCIATIVE -> {
                Set<String> seen = new HashSet<>();
                Position element = position.element();
                int index = 0;
                for (JsonNode item : value) {
                    if (!item.isObject()) {
                        throw invalid(
                                path,
                                "element " + index + ": associative list with keys may not have non-map" + " elements");
                    }
                    String missing = position.missingKey(item).orElse(null);
                    if (missing != null) {
                        throw invalid(
                                path,
                                "element " + index + ": associative list with keys has an element that"
                                        + " omits key field \"" + missing + "\" (and doesn't have default value)");
                    }
                    String key = position.itemKey(item);
                    if (key == null) {
                        throw invalid(
                                path,
                                "element " + index + ": associative list with keys may only have"
                                        + " scalar key values");
                    }
                    if (!seen.add(key)) {
                        throw invalid(path, "duplicate entries for key " + PathElements.render(List.of(key)));
                    }
                    path.add(key);
                    walk(element, item, path);
                    path.remove(path.size() - 1);
                    index++;
                }
            }
            case SET -> {
                Set<String> seen = new HashSet<>();
                for (JsonNode member : value) {
                    String encoded = PathElements.value(member);
                    if (!seen.add(encoded)) {
                        throw invalid(path, "duplicate entries for key " + encoded.substring(2));
                    }
                }
            }
            case ATOMIC -> {}
        }
    }

    private static InvalidConfiguration invalid(List<String> path, String problem) {
        return new InvalidConfiguration((path.isEmpty() ? "" : PathElements.render(path) + ": ") + problem);
    }

    /** An applied configuration Kubernetes rejects before merging it. */
    static final class InvalidConfiguration extends RuntimeException {
        InvalidConfiguration(String message) {
            super(message);
        }
    }
}
