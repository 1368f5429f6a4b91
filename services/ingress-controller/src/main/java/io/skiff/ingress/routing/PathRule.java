package io.skiff.ingress.routing;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * One path of a rule: its type, its path and, for prefixes, the path's elements (split by "/",
 * empty elements dropped, so a trailing slash is ignored as the Ingress spec says).
 */
public record PathRule(String path, PathType type, List<String> elements) {

    public PathRule {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(type, "type");
        elements = List.copyOf(elements);
    }

    public static PathRule exact(String path) {
        return new PathRule(path, PathType.EXACT, elementsOf(path));
    }

    public static PathRule prefix(String path) {
        return new PathRule(path, PathType.PREFIX, elementsOf(path));
    }

    public static PathRule of(String path, PathType type) {
        return type == PathType.EXACT ? exact(path) : prefix(path);
    }

    /** Whether a request's path (without its query) matches. */
    public boolean matches(String requestPath) {
        if (type == PathType.EXACT) {
            return path.equals(requestPath);
        }
        List<String> request = elementsOf(requestPath);
        return request.size() >= elements.size()
                && request.subList(0, elements.size()).equals(elements);
    }

    /**
     * The length that ranks matching paths: the spec gives precedence to the longest matching path;
     * prefixes are compared by their elements so {@code /foo/} and {@code /foo} rank alike.
     */
    int length() {
        return type == PathType.EXACT
                ? path.length()
                : elements.isEmpty() ? 1 : String.join("/", elements).length() + 1;
    }

    static List<String> elementsOf(String path) {
        List<String> elements = new ArrayList<>();
        for (String element : path.split("/")) {
            if (!element.isEmpty()) {
                elements.add(element);
            }
        }
        return elements;
    }
}
