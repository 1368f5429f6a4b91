package io.skiff.apiserver.rest;

import io.skiff.model.catalog.ResourceType;
import java.util.List;

/** What each subresource returns and which verbs it serves, as discovery describes it. */
final class Subresources {

    private Subresources() {}

    record Description(String group, String version, String kind, List<String> verbs) {}

    static Description describe(ResourceType type, String subresource) {
        return switch (subresource) {
            case "status", "approval" ->
                new Description(type.group(), type.version(), type.kind(), List.of("get", "patch", "update"));
            case "scale" -> new Description("autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
            case "binding" -> new Description("", "v1", "Binding", List.of("create"));
            case "eviction" -> new Description("policy", "v1", "Eviction", List.of("create"));
            case "token" -> new Description("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
            case "log" -> new Description("", "v1", "Pod", List.of("get"));
            case "exec", "attach", "portforward", "proxy" ->
                new Description(
                        "",
                        "v1",
                        subresource.equals("proxy")
                                ? type.kind() + "ProxyOptions"
                                : "Pod" + capitalise(subresource) + "Options",
                        List.of("create", "get"));
            case "finalize" -> new Description("", "v1", "Namespace", List.of("update"));
            default -> new Description(type.group(), type.version(), type.kind(), List.of("get"));
        };
    }

    private static String capitalise(String s) {
        return Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
