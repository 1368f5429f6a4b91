package io.skiff.apiserver.printing;

/** The stand-ins Kubernetes prints in a cell that has no value. */
final class Placeholders {

    static final String NONE = "<none>";
    static final String UNKNOWN = "<unknown>";
    static final String UNSET = "<unset>";

    private Placeholders() {}

    static String orNone(String value) {
        return value.isEmpty() ? NONE : value;
    }

    static String orUnknown(String value) {
        return value.isEmpty() ? UNKNOWN : value;
    }
}
