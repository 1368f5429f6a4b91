package io.skiff.apiserver.admission;

import io.fabric8.kubernetes.api.model.StatusDetails;
import io.skiff.model.api.ApiException;
import io.skiff.model.api.Statuses;
import io.skiff.model.catalog.ResourceType;
import java.util.List;

/** The errors plugins answer with, worded as Kubernetes' admission and apierrors packages word them. */
public final class AdmissionErrors {

    private AdmissionErrors() {}

    /**
     * admission.NewForbidden: 403 about the object's name (its generateName while it has none yet,
     * "Unknown" without either), e.g. {@code pods "x" is forbidden: <reason>}.
     */
    public static ApiException forbidden(Attributes attributes, String reason) {
        String name = "Unknown";
        if (attributes.object() != null) {
            String objectName =
                    attributes.object().path("metadata").path("name").asText("");
            String generateName =
                    attributes.object().path("metadata").path("generateName").asText("");
            name = !objectName.isEmpty() ? objectName : !generateName.isEmpty() ? generateName : name;
        } else if (!attributes.name().isEmpty()) {
            name = attributes.name();
        }
        return forbidden(attributes.type(), name, reason);
    }

    /** apierrors.NewForbidden for a resource and name. */
    public static ApiException forbidden(ResourceType type, String name, String reason) {
        StatusDetails details = new StatusDetails();
        details.setName(name);
        details.setGroup(type.group());
        details.setKind(type.plural());
        String resource = type.group().isEmpty() ? type.plural() : type.plural() + "." + type.group();
        String message = name.isEmpty()
                ? resource + " is forbidden: " + reason
                : resource + " \"" + name + "\" is forbidden: " + reason;
        return Statuses.failure(403, "Forbidden", message, details);
    }

    /** utilerrors.NewAggregate(...).Error(): one message alone, several as {@code [a, b]}. */
    public static String aggregate(List<String> messages) {
        List<String> distinct = messages.stream().distinct().toList();
        return distinct.size() == 1 ? distinct.get(0) : "[" + String.join(", ", distinct) + "]";
    }
}
