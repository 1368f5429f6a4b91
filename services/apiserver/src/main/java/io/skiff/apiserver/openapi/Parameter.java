package io.skiff.apiserver.openapi;

import java.util.Comparator;

/**
 * One parameter of an operation.
 *
 * @param name the parameter's name
 * @param in "path" or "query"
 * @param type the JSON type of its value: "string", "integer" or "boolean"
 * @param description what it does
 */
record Parameter(String name, String in, String type, String description) {

    /** Kubernetes lists parameters by name. */
    static final Comparator<Parameter> ORDER = Comparator.comparing(Parameter::name);

    static Parameter path(String name, String description) {
        return new Parameter(name, "path", "string", description);
    }

    static Parameter query(String name, String type, String description) {
        return new Parameter(name, "query", type, description);
    }

    boolean required() {
        return in.equals("path");
    }
}
