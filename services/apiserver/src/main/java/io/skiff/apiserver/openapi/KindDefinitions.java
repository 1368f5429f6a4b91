package io.skiff.apiserver.openapi;

import io.fabric8.kubernetes.internal.KubernetesDeserializer;
import io.skiff.model.catalog.ResourceType;
import java.util.Optional;

/**
 * The definitions that describe the kinds of a catalog: the fabric8 class registered for the kind
 * when there is one, a schema that checks only the metadata otherwise.
 */
final class KindDefinitions {

    /** fabric8's own index from apiVersion and kind to model class, built from its service files. */
    private static final KubernetesDeserializer FABRIC8_KINDS = new KubernetesDeserializer();

    private final ModelSchemas schemas;

    KindDefinitions(ModelSchemas schemas) {
        this.schemas = schemas;
    }

    /**
     * @param object the definition of the kind
     * @param list the definition of its list
     */
    record Kind(String object, String list) {}

    Kind of(ResourceType type) {
        Optional<Class<?>> object = model(type.apiVersion(), type.kind());
        Optional<Class<?>> list = model(type.apiVersion(), type.listKind());
        if (object.isPresent() && list.isPresent()) {
            return new Kind(schemas.nameOf(object.get()), schemas.nameOf(list.get()));
        }
        String name = opaqueName(type);
        schemas.defineOpaqueKind(name, new GroupVersionKind(type.group(), type.version(), type.kind()));
        schemas.defineOpaqueList(
                name + "List", name, new GroupVersionKind(type.group(), type.version(), type.listKind()));
        return new Kind(name, name + "List");
    }

    /** The definition of a kind fabric8 models, such as a subresource's autoscaling/v1 Scale. */
    Optional<String> modelled(String apiVersion, String kind) {
        return model(apiVersion, kind).map(schemas::nameOf);
    }

    String of(Class<?> type) {
        return schemas.nameOf(type);
    }

    private static Optional<Class<?>> model(String apiVersion, String kind) {
        return Optional.ofNullable(FABRIC8_KINDS.getRegisteredKind(apiVersion, kind));
    }

    /** Kubernetes names schemas of custom resources by their group reversed: com.example.stable.v1.CronTab. */
    private static String opaqueName(ResourceType type) {
        String[] labels =
                type.group().isEmpty() ? new String[] {"core"} : type.group().split("\\.");
        StringBuilder name = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            name.append(labels[i]).append('.');
        }
        return name.append(type.version()).append('.').append(type.kind()).toString();
    }
}
