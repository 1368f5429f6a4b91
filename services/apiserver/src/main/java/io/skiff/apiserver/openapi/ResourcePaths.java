package io.skiff.apiserver.openapi;

import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Patch;
import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.skiff.apiserver.openapi.Operation.Payload;
import io.skiff.apiserver.openapi.Operation.RequestBody;
import io.skiff.model.catalog.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The paths and operations kube-apiserver's API installer lays out for one resource: the
 * collection, the object, the legacy watch paths, the list across namespaces, and the
 * subresources, for the verbs the resource serves.
 */
final class ResourcePaths {

    private static final String JSON = "application/json";
    private static final String YAML = "application/yaml";
    private static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    private static final String ANY = "*/*";
    private static final List<String> OBJECT_TYPES = List.of(JSON, PROTOBUF, YAML);
    private static final List<String> STREAM_TYPES = List.of(
            JSON, "application/json;stream=watch", PROTOBUF, "application/vnd.kubernetes.protobuf;stream=watch", YAML);
    private static final List<String> LOG_TYPES = List.of(JSON, PROTOBUF, YAML, "text/plain");

    /**
     * kube-apiserver also lists application/strategic-merge-patch+json for built-in kinds. The
     * server accepts it, but kubectl's client-side apply reads the list to decide to compute its
     * strategic merge patch from these schemas, and they carry no x-kubernetes-patch-strategy or
     * merge keys: lists would be replaced whole and elements removed from a manifest never deleted.
     * Left out, kubectl falls back to the patch metadata compiled into it, which is right. List it
     * again once the schemas carry the patch metadata.
     */
    private static final List<String> PATCH_TYPES =
            List.of("application/apply-patch+yaml", "application/json-patch+json", "application/merge-patch+json");

    private final ResourceType type;
    private final KindDefinitions definitions;
    private final KindDefinitions.Kind kind;
    private final GroupVersionKind gvk;
    private final String groupVersionName;
    private final String scope;
    private final String tag;

    ResourcePaths(ResourceType type, KindDefinitions definitions) {
        this.type = type;
        this.definitions = definitions;
        this.kind = definitions.of(type);
        this.gvk = new GroupVersionKind(type.group(), type.version(), type.kind());
        this.groupVersionName = ApiNames.groupName(type.group()) + ApiNames.capitalize(type.version());
        this.scope = type.namespaced() ? "Namespaced" : "";
        this.tag = ApiNames.tag(type.group(), type.version());
    }

    List<PathItem> build() {
        String base = type.groupVersionPath();
        String namespacePath = type.namespaced() ? "/namespaces/{namespace}" : "";
        String collection = base + namespacePath + "/" + type.plural();
        String object = collection + "/{name}";
        List<PathItem> paths = new ArrayList<>();
        add(paths, collection, collectionOperations());
        add(paths, object, objectOperations());
        if (serves("watch")) {
            add(paths, base + "/watch" + namespacePath + "/" + type.plural(), List.of(watchList("")));
            add(paths, base + "/watch" + namespacePath + "/" + type.plural() + "/{name}", List.of(watchObject()));
        }
        if (type.namespaced() && serves("list")) {
            add(paths, base + "/" + type.plural(), List.of(listAllNamespaces()));
        }
        if (type.namespaced() && serves("watch")) {
            add(paths, base + "/watch/" + type.plural(), List.of(watchList("ForAllNamespaces")));
        }
        for (String subresource : type.subresources()) {
            add(paths, object + "/" + subresource, subresourceOperations(subresource));
        }
        return paths;
    }

    private static void add(List<PathItem> paths, String path, List<Operation> operations) {
        if (!operations.isEmpty()) {
            paths.add(new PathItem(path, operations));
        }
    }

    private List<Operation> collectionOperations() {
        List<Operation> operations = new ArrayList<>();
        if (serves("deletecollection")) {
            operations.add(operation(
                    "delete",
                    "delete" + groupVersionName + "Collection" + scope + type.kind(),
                    "delete collection of " + type.kind(),
                    "deletecollection",
                    scoped(Parameters.DELETE_COLLECTION),
                    Optional.of(deleteOptionsBody()),
                    objectPayload(definitions.of(Status.class)),
                    200));
        }
        if (serves("list")) {
            operations.add(operation(
                    "get",
                    "list" + groupVersionName + scope + type.kind(),
                    "list or watch objects of kind " + type.kind(),
                    "list",
                    scoped(Parameters.LIST),
                    Optional.empty(),
                    new Payload(Optional.of(kind.list()), STREAM_TYPES),
                    200));
        }
        if (serves("create")) {
            operations.add(operation(
                    "post",
                    "create" + groupVersionName + scope + type.kind(),
                    "create " + ApiNames.article(type.kind()) + " " + type.kind(),
                    "post",
                    scoped(Parameters.WRITE),
                    Optional.of(objectBody(kind.object())),
                    objectPayload(kind.object()),
                    200,
                    201,
                    202));
        }
        return operations;
    }

    private List<Operation> objectOperations() {
        List<Operation> operations = new ArrayList<>();
        String kindName = type.kind();
        String suffix = scope + kindName;
        if (serves("delete")) {
            operations.add(operation(
                    "delete",
                    "delete" + groupVersionName + suffix,
                    "delete " + ApiNames.article(kindName) + " " + kindName,
                    "delete",
                    named(Parameters.DELETE),
                    Optional.of(deleteOptionsBody()),
                    objectPayload(deletedObject()),
                    200,
                    202));
        }
        if (serves("get")) {
            operations.add(read(suffix, "read the specified " + kindName, kind.object(), gvk));
        }
        if (serves("patch")) {
            operations.add(patch(suffix, "partially update the specified " + kindName, kind.object(), gvk));
        }
        if (serves("update")) {
            operations.add(replace(suffix, "replace the specified " + kindName, kind.object(), gvk));
        }
        return operations;
    }

    private List<Operation> subresourceOperations(String subresource) {
        String suffix = scope + type.kind() + ApiNames.capitalize(subresource);
        String of = " of the specified " + type.kind();
        return switch (subresource) {
            case "status" ->
                List.of(
                        read(suffix, "read status" + of, kind.object(), gvk),
                        patch(suffix, "partially update status" + of, kind.object(), gvk),
                        replace(suffix, "replace status" + of, kind.object(), gvk));
            case "scale" ->
                definitions
                        .modelled("autoscaling/v1", "Scale")
                        .map(scale -> {
                            GroupVersionKind scaleKind = new GroupVersionKind("autoscaling", "v1", "Scale");
                            return List.of(
                                    read(suffix, "read scale" + of, scale, scaleKind),
                                    patch(suffix, "partially update scale" + of, scale, scaleKind),
                                    replace(suffix, "replace scale" + of, scale, scaleKind));
                        })
                        .orElse(List.of());
            case "approval" ->
                List.of(
                        read(suffix, "read approval" + of, kind.object(), gvk),
                        patch(suffix, "partially update approval" + of, kind.object(), gvk),
                        replace(suffix, "replace approval" + of, kind.object(), gvk));
            case "finalize" -> List.of(replace(suffix, "replace finalize" + of, kind.object(), gvk));
            case "binding" -> create(suffix, subresource, "v1", "Binding");
            case "eviction" -> create(suffix, subresource, "policy/v1", "Eviction");
            case "token" -> create(suffix, subresource, "authentication.k8s.io/v1", "TokenRequest");
            case "log" ->
                List.of(operation(
                        "get",
                        "read" + groupVersionName + suffix,
                        "read log" + of,
                        "get",
                        named(Parameters.POD_LOG),
                        Optional.empty(),
                        new Payload(Optional.empty(), LOG_TYPES),
                        200));
            case "exec" ->
                Stream.of("get", "post")
                        .map(method -> operation(
                                method,
                                "connect" + groupVersionName + ApiNames.capitalize(method) + suffix,
                                "connect " + method.toUpperCase(Locale.ROOT) + " requests to exec of " + type.kind(),
                                "connect",
                                new GroupVersionKind(type.group(), type.version(), type.kind() + "ExecOptions"),
                                named(Parameters.POD_EXEC),
                                Optional.empty(),
                                new Payload(Optional.empty(), List.of(ANY)),
                                List.of(200)))
                        .toList();
            default -> List.of();
        };
    }

    /** A subresource that creates an object of another kind, such as a Binding or an Eviction. */
    private List<Operation> create(String suffix, String subresource, String apiVersion, String bodyKind) {
        return definitions
                .modelled(apiVersion, bodyKind)
                .map(body -> List.of(operation(
                        "post",
                        "create" + groupVersionName + suffix,
                        "create " + subresource + " of " + ApiNames.article(type.kind()) + " " + type.kind(),
                        "post",
                        ApiNames.groupVersionKind(apiVersion, bodyKind),
                        named(Parameters.WRITE),
                        Optional.of(objectBody(body)),
                        objectPayload(body),
                        List.of(200, 201, 202))))
                .orElse(List.of());
    }

    private Operation read(String suffix, String description, String definition, GroupVersionKind of) {
        return operation(
                "get",
                "read" + groupVersionName + suffix,
                description,
                "get",
                of,
                named(List.of()),
                Optional.empty(),
                objectPayload(definition),
                List.of(200));
    }

    private Operation replace(String suffix, String description, String definition, GroupVersionKind of) {
        return operation(
                "put",
                "replace" + groupVersionName + suffix,
                description,
                "put",
                of,
                named(Parameters.WRITE),
                Optional.of(objectBody(definition)),
                objectPayload(definition),
                List.of(200, 201));
    }

    private Operation patch(String suffix, String description, String definition, GroupVersionKind of) {
        return operation(
                "patch",
                "patch" + groupVersionName + suffix,
                description,
                "patch",
                of,
                named(Parameters.PATCH),
                Optional.of(new RequestBody(definitions.of(Patch.class), PATCH_TYPES, true)),
                objectPayload(definition),
                List.of(200, 201));
    }

    private Operation watchObject() {
        return operation(
                "get",
                "watch" + groupVersionName + scope + type.kind(),
                "watch changes to an object of kind " + type.kind()
                        + "; deprecated: use the watch parameter of list with a fieldSelector on the name",
                "watch",
                named(Parameters.LIST),
                Optional.empty(),
                new Payload(Optional.of(definitions.of(WatchEvent.class)), STREAM_TYPES),
                200);
    }

    private Operation watchList(String allNamespaces) {
        List<Parameter> parameters = allNamespaces.isEmpty() ? scoped(Parameters.LIST) : unscoped(Parameters.LIST);
        return operation(
                "get",
                "watch" + groupVersionName + (allNamespaces.isEmpty() ? scope : "") + type.kind() + "List"
                        + allNamespaces,
                "watch changes to a list of " + type.kind() + "; deprecated: use the watch parameter of list",
                "watchlist",
                parameters,
                Optional.empty(),
                new Payload(Optional.of(definitions.of(WatchEvent.class)), STREAM_TYPES),
                200);
    }

    private Operation listAllNamespaces() {
        return operation(
                "get",
                "list" + groupVersionName + type.kind() + "ForAllNamespaces",
                "list or watch objects of kind " + type.kind(),
                "list",
                unscoped(Parameters.LIST),
                Optional.empty(),
                new Payload(Optional.of(kind.list()), STREAM_TYPES),
                200);
    }

    private Operation operation(
            String method,
            String operationId,
            String description,
            String action,
            List<Parameter> parameters,
            Optional<RequestBody> body,
            Payload response,
            Integer... successCodes) {
        return operation(
                method, operationId, description, action, gvk, parameters, body, response, List.of(successCodes));
    }

    private Operation operation(
            String method,
            String operationId,
            String description,
            String action,
            GroupVersionKind of,
            List<Parameter> parameters,
            Optional<RequestBody> body,
            Payload response,
            List<Integer> successCodes) {
        return new Operation(
                method, operationId, description, action, of, tag, parameters, body, response, successCodes);
    }

    /** Parameters of an operation on the collection: the namespace when namespaced, and pretty. */
    private List<Parameter> scoped(List<Parameter> parameters) {
        List<Parameter> all = new ArrayList<>(unscoped(parameters));
        if (type.namespaced()) {
            all.add(Parameters.NAMESPACE);
        }
        return all;
    }

    private static List<Parameter> unscoped(List<Parameter> parameters) {
        List<Parameter> all = new ArrayList<>(parameters);
        all.add(Parameters.PRETTY);
        return all;
    }

    /** Parameters of an operation on one object: its name as well. */
    private List<Parameter> named(List<Parameter> parameters) {
        List<Parameter> all = scoped(parameters);
        all.add(Parameters.name(type.kind()));
        return all;
    }

    private boolean serves(String verb) {
        return type.verbs().contains(verb);
    }

    private RequestBody objectBody(String definition) {
        return new RequestBody(definition, List.of(ANY), true);
    }

    private RequestBody deleteOptionsBody() {
        return new RequestBody(definitions.of(DeleteOptions.class), List.of(ANY), false);
    }

    private static Payload objectPayload(String definition) {
        return new Payload(Optional.of(definition), OBJECT_TYPES);
    }

    /** Pods answer a delete with the pod, as Kubernetes' pod store does; other kinds with a Status. */
    private String deletedObject() {
        return type.group().isEmpty() && type.plural().equals("pods") ? kind.object() : definitions.of(Status.class);
    }
}
