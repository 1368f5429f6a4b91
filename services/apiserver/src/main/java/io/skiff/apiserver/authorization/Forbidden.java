package io.skiff.apiserver.authorization;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;

/**
 * The 403 Forbidden Status of a request no authorizer allowed, with the message Kubernetes'
 * responsewriters.Forbidden writes: {@code pods is forbidden: User "x" cannot list resource "pods"
 * in API group "" in the namespace "default"}, then the authorizers' reason after a colon.
 */
public final class Forbidden {

    private Forbidden() {}

    public static ApiException of(RequestAttributes attributes, String reason) {
        String message = sanitize(message(attributes));
        String error = reason == null || reason.isEmpty() ? message : message + ": " + reason;
        String group = attributes.apiGroup();
        String resource = attributes.resource();
        String name = attributes.name();
        return newForbidden(group, resource, name, error);
    }

    /** apierrors.NewForbidden: "{resource}[.{group}] ["name"] is forbidden: {error}". */
    public static ApiException newForbidden(String group, String resource, String name, String error) {
        String qualified = group.isEmpty() ? resource : resource + "." + group;
        String message;
        if (qualified.isEmpty()) {
            message = "forbidden: " + error;
        } else if (name.isEmpty()) {
            message = qualified + " is forbidden: " + error;
        } else {
            message = qualified + " \"" + name + "\" is forbidden: " + error;
        }
        StatusDetails details = new StatusDetails();
        // Empty fields are omitted, as Go's omitempty leaves them out.
        details.setGroup(group.isEmpty() ? null : group);
        details.setKind(resource.isEmpty() ? null : resource);
        details.setName(name.isEmpty() ? null : name);
        return Statuses.failure(403, "Forbidden", message, details);
    }

    /** responsewriters' forbiddenMessage. */
    static String message(RequestAttributes attributes) {
        String user = attributes.user() == null ? "" : attributes.user().name();
        if (!attributes.resourceRequest()) {
            return "User " + quote(user) + " cannot " + attributes.verb() + " path " + quote(attributes.path());
        }
        String resource = attributes.resourceWithSubresource();
        String start = "User " + quote(user) + " cannot " + attributes.verb() + " resource " + quote(resource)
                + " in API group " + quote(attributes.apiGroup());
        return attributes.namespace().isEmpty()
                ? start + " at the cluster scope"
                : start + " in the namespace " + quote(attributes.namespace());
    }

    /** Go's %q for the plain strings these messages hold. */
    static String quote(String value) {
        StringBuilder out = new StringBuilder(value.length() + 2).append('"');
        for (char c : value.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                default -> out.append(c);
            }
        }
        return out.append('"').toString();
    }

    /** The HTML escaping Kubernetes applies to the message (its sanitizer). */
    private static String sanitize(String message) {
        return message.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
