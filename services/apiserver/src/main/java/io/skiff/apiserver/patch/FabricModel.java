package io.skiff.apiserver.patch;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.JsonSerializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import io.fabric8.kubernetes.api.model.AnyType;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The structure of the Kubernetes API types as the fabric8 model classes describe it: JSON field
 * names from their {@code @JsonProperty}, element and value types from their generic signatures,
 * with the Go struct tags and server-side apply markers of each field laid over it. Classes are read when first reached, so
 * recursive types cost nothing up front.
 */
final class FabricModel {

    private final GoStructTags tags;
    private final ApplyMarkers markers;
    private final Map<Class<?>, Map<String, Type>> fieldsByClass = new ConcurrentHashMap<>();

    FabricModel(GoStructTags tags, ApplyMarkers markers) {
        this.tags = tags;
        this.markers = markers;
    }

    FieldSchema root(Class<?> kind) {
        return new FieldSchema(type(kind), PatchTag.NONE, ApplyTag.NONE);
    }

    ApplyMarkers markers() {
        return markers;
    }

    /** The JSON fields of a model class, in declaration order, with their Java types. */
    Map<String, Type> fields(Class<?> type) {
        return fieldsByClass.computeIfAbsent(type, FabricModel::readFields);
    }

    FieldSchema field(Class<?> owner, String jsonName) {
        Map<String, Type> fields = fields(owner);
        String name = fields.containsKey(jsonName) ? jsonName : matchIgnoringCase(fields, jsonName);
        if (name == null) {
            return FieldSchema.UNTYPED;
        }
        return new FieldSchema(type(fields.get(name)), tags.of(owner, name), markers.of(owner, name));
    }

    ModelType type(Type type) {
        if (type instanceof ParameterizedType generic && generic.getRawType() instanceof Class<?> raw) {
            Type[] arguments = generic.getActualTypeArguments();
            if (List.class.isAssignableFrom(raw)) {
                return ModelType.list(arguments[0], this);
            }
            if (Map.class.isAssignableFrom(raw)) {
                return ModelType.map(arguments[1], this);
            }
            return type(raw);
        }
        if (!(type instanceof Class<?> plain)) {
            return ModelType.UNTYPED;
        }
        if (plain.isArray()) {
            return ModelType.list(plain.getComponentType(), this);
        }
        if (List.class.isAssignableFrom(plain)) {
            return ModelType.list(Object.class, this);
        }
        if (Map.class.isAssignableFrom(plain)) {
            return ModelType.map(Object.class, this);
        }
        if (isUntyped(plain)) {
            return ModelType.UNTYPED;
        }
        if (isScalar(plain)) {
            return ModelType.scalar();
        }
        return ModelType.object(plain, this);
    }

    private static boolean isUntyped(Class<?> type) {
        return type == Object.class
                || type == AnyType.class
                || type.isInterface()
                || JsonNode.class.isAssignableFrom(type);
    }

    /**
     * Plain values, and model classes with their own serializer (IntOrString, Quantity, MicroTime),
     * which are strings or numbers on the wire whatever their Java fields.
     */
    private static boolean isScalar(Class<?> type) {
        if (type.isPrimitive()
                || type.isEnum()
                || CharSequence.class.isAssignableFrom(type)
                || Number.class.isAssignableFrom(type)
                || type == Boolean.class
                || type == Character.class) {
            return true;
        }
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            JsonSerialize serialize = c.getAnnotation(JsonSerialize.class);
            JsonDeserialize deserialize = c.getAnnotation(JsonDeserialize.class);
            if ((serialize != null && serialize.using() != JsonSerializer.None.class)
                    || (deserialize != null && deserialize.using() != JsonDeserializer.None.class)) {
                return true;
            }
        }
        return false;
    }

    private static Map<String, Type> readFields(Class<?> type) {
        Map<String, Type> fields = new LinkedHashMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property != null && !property.value().isEmpty() && !Modifier.isStatic(field.getModifiers())) {
                    fields.putIfAbsent(property.value(), field.getGenericType());
                }
            }
        }
        return Collections.unmodifiableMap(fields);
    }

    /** Go's JSON decoder falls back to a case-insensitive match, and strategicpatch looks fields up the same way. */
    private static String matchIgnoringCase(Map<String, Type> fields, String jsonName) {
        for (String name : fields.keySet()) {
            if (name.equalsIgnoreCase(jsonName)) {
                return name;
            }
        }
        return null;
    }
}
