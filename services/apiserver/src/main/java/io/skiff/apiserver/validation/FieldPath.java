package io.skiff.apiserver.validation;

/**
 * A field path as Kubernetes prints it: {@code spec.containers[0].image}, {@code data[tls.crt]}. Immutable
 * and linked to its parent, so building one costs an allocation and no copying; the text is only made
 * when an error is reported.
 */
final class FieldPath {

    private static final int NOT_AN_INDEX = -1;

    private final FieldPath parent;
    private final String segment;
    private final int index;
    private final boolean subscript;

    private FieldPath(FieldPath parent, String segment, int index, boolean subscript) {
        this.parent = parent;
        this.segment = segment;
        this.index = index;
        this.subscript = subscript;
    }

    static FieldPath root(String name) {
        return new FieldPath(null, name, NOT_AN_INDEX, false);
    }

    /** A dotted path such as {@code spec.template} as one step. */
    static FieldPath of(String dotted) {
        FieldPath path = null;
        for (String part : dotted.split("\\.")) {
            path = path == null ? root(part) : path.child(part);
        }
        return path;
    }

    FieldPath child(String name) {
        return new FieldPath(this, name, NOT_AN_INDEX, false);
    }

    FieldPath child(String name, String... more) {
        FieldPath path = child(name);
        for (String next : more) {
            path = path.child(next);
        }
        return path;
    }

    FieldPath index(int index) {
        return new FieldPath(this, null, index, true);
    }

    FieldPath key(String key) {
        return new FieldPath(this, key, NOT_AN_INDEX, true);
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder(48);
        append(text);
        return text.toString();
    }

    private void append(StringBuilder text) {
        if (parent != null) {
            parent.append(text);
        }
        if (subscript) {
            text.append('[');
            if (segment == null) {
                text.append(index);
            } else {
                text.append(segment);
            }
            text.append(']');
        } else {
            if (parent != null && !segment.isEmpty()) {
                text.append('.');
            }
            text.append(segment);
        }
    }
}
