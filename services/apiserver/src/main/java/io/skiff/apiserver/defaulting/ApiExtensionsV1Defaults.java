package io.skiff.apiserver.defaulting;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Locale;

/** Defaults of apiextensions.k8s.io/v1 CustomResourceDefinitions. */
final class ApiExtensionsV1Defaults {

    private ApiExtensionsV1Defaults() {}

    static void addTo(KindTable table) {
        table.add("apiextensions.k8s.io/v1", "CustomResourceDefinition", ApiExtensionsV1Defaults::definition);
    }

    private static void definition(ObjectNode definition) {
        ObjectNode spec = Json.child(definition, "spec");
        if (spec != null) {
            ObjectNode names = Json.child(spec, "names");
            String kind = Json.text(names, "kind");
            Json.putIfZero(names, "singular", kind.toLowerCase(Locale.ROOT));
            if (!kind.isEmpty()) {
                Json.putIfZero(names, "listKind", kind + "List");
            }
            if (Json.isNull(spec, "conversion")) {
                spec.putObject("conversion").put("strategy", "None");
            }
            ObjectNode conversion = Json.child(spec, "conversion");
            Json.putIfNull(
                    Json.child(Json.child(Json.child(conversion, "webhook"), "clientConfig"), "service"), "port", 443);
        }
        ObjectNode status = GoEncoding.struct(definition, "status");
        ObjectNode acceptedNames = GoEncoding.struct(status, "acceptedNames");
        Json.putIfNull(acceptedNames, "plural", "");
        Json.putIfNull(acceptedNames, "kind", "");
        if (status != null && !status.has("storedVersions")) {
            status.putNull("storedVersions");
        }
    }
}
