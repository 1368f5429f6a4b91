package io.skiff.apiserver.openapi;

import static io.skiff.apiserver.openapi.Dialect.object;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.DeleteOptions;
import io.fabric8.kubernetes.api.model.Duration;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.ListMeta;
import io.fabric8.kubernetes.api.model.MicroTime;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.WatchEvent;
import io.fabric8.kubernetes.api.model.runtime.RawExtension;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Version;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.temporal.Temporal;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The schemas of fabric8 model classes, found by reflection the way Jackson sees them: one
 * definition per class, its {@code @JsonProperty} fields as properties, lists as arrays and maps as
 * objects of their element type, other model classes by reference.
 *
 * <p>Definitions are built once per class and shared by every document of one dialect; callers
 * collect the closure of the definitions they refer to with {@link #collect}. Safe for concurrent
 * use.
 */
final class ModelSchemas {

    private static final String DURATION = DefinitionNames.META_V1 + "Duration";

    private final Dialect dialect;
    private final Map<String, List<String>> servedGroupVersions;
    private final Map<String, ObjectNode> definitions = new HashMap<>();
    private final Map<String, Class<?>> classes = new HashMap<>();

    /**
     * @param servedGroupVersions every group-version the server serves; DeleteOptions and WatchEvent
     *     name them all as their kinds, since every group registers them
     */
    ModelSchemas(Dialect dialect, Map<String, List<String>> servedGroupVersions) {
        this.dialect = dialect;
        this.servedGroupVersions = Map.copyOf(servedGroupVersions);
        definitions.put(DefinitionNames.TIME, dateTime());
        definitions.put(DefinitionNames.MICRO_TIME, dateTime());
        definitions.put(DefinitionNames.QUANTITY, dialect.quantity());
        definitions.put(DefinitionNames.INT_OR_STRING, dialect.intOrString());
        definitions.put(DefinitionNames.RAW_EXTENSION, object().put("type", "object"));
        definitions.put(DURATION, object().put("type", "string"));
    }

    /** The name of the definition describing {@code type}. */
    synchronized String nameOf(Class<?> type) {
        String special = specialName(type);
        if (special != null) {
            return special;
        }
        String name = DefinitionNames.of(type);
        Class<?> known = classes.putIfAbsent(name, type);
        if (known != null && known != type) {
            throw new IllegalStateException(name + " would describe both " + known + " and " + type);
        }
        return name;
    }

    /**
     * Adds a schema of a kind fabric8 has no model for: its metadata is checked, anything else is
     * kept as sent, as Kubernetes does for custom resources without a schema.
     */
    synchronized void defineOpaqueKind(String name, GroupVersionKind kind) {
        ObjectNode schema = object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.set("apiVersion", object().put("type", "string"));
        properties.set("kind", object().put("type", "string"));
        properties.set("metadata", dialect.ref(nameOf(ObjectMeta.class)));
        schema.put("x-kubernetes-preserve-unknown-fields", true);
        schema.putArray("x-kubernetes-group-version-kind").add(kind.toJson());
        definitions.putIfAbsent(name, schema);
    }

    /** Adds a list of an opaque kind: like every list, its items and list metadata. */
    synchronized void defineOpaqueList(String name, String itemDefinition, GroupVersionKind listKind) {
        ObjectNode schema = object().put("type", "object");
        ObjectNode properties = schema.putObject("properties");
        properties.set("apiVersion", object().put("type", "string"));
        properties.set("items", object().put("type", "array").set("items", dialect.ref(itemDefinition)));
        properties.set("kind", object().put("type", "string"));
        properties.set("metadata", dialect.ref(nameOf(ListMeta.class)));
        schema.putArray("required").add("items");
        schema.putArray("x-kubernetes-group-version-kind").add(listKind.toJson());
        definitions.putIfAbsent(name, schema);
    }

    /** The named definitions and every definition they refer to, transitively, sorted by name. */
    synchronized SortedMap<String, ObjectNode> collect(Collection<String> roots) {
        SortedMap<String, ObjectNode> closure = new TreeMap<>();
        Deque<String> pending = new ArrayDeque<>(roots);
        while (!pending.isEmpty()) {
            String name = pending.pop();
            if (closure.containsKey(name)) {
                continue;
            }
            ObjectNode schema = definition(name);
            closure.put(name, schema);
            schema.findValuesAsText("$ref").stream()
                    .map(ref -> ref.substring(ref.lastIndexOf('/') + 1))
                    .forEach(pending::push);
        }
        return closure;
    }

    private ObjectNode definition(String name) {
        ObjectNode known = definitions.get(name);
        if (known != null) {
            return known;
        }
        Class<?> type = classes.get(name);
        if (type == null) {
            throw new IllegalStateException("no definition named " + name);
        }
        ObjectNode schema = describe(type);
        definitions.put(name, schema);
        return schema;
    }

    private ObjectNode describe(Class<?> type) {
        ObjectNode schema = object();
        SortedMap<String, ObjectNode> properties = new TreeMap<>();
        for (Class<?> c = type; c != null && c != Object.class; c = c.getSuperclass()) {
            for (Field field : c.getDeclaredFields()) {
                JsonProperty property = field.getAnnotation(JsonProperty.class);
                if (property == null
                        || field.isAnnotationPresent(JsonIgnore.class)
                        || Modifier.isStatic(field.getModifiers())) {
                    continue;
                }
                String jsonName = property.value().isEmpty() ? field.getName() : property.value();
                properties.putIfAbsent(jsonName, propertySchema(jsonName, field.getGenericType()));
            }
        }
        if (!properties.isEmpty()) {
            schema.putObject("properties").setAll(properties);
        }
        schema.put("type", "object");
        List<GroupVersionKind> kinds = kindsOf(type);
        if (!kinds.isEmpty()) {
            ArrayNode extension = schema.putArray("x-kubernetes-group-version-kind");
            kinds.forEach(kind -> extension.add(kind.toJson()));
        }
        return schema;
    }

    private ObjectNode propertySchema(String jsonName, Type type) {
        if (type == String.class && isTimestamp(jsonName)) {
            return dialect.ref(DefinitionNames.TIME);
        }
        return schemaOf(type);
    }

    private ObjectNode schemaOf(Type type) {
        if (type instanceof ParameterizedType parameterized && parameterized.getRawType() instanceof Class<?> raw) {
            Type[] arguments = parameterized.getActualTypeArguments();
            if (Collection.class.isAssignableFrom(raw)) {
                return object().put("type", "array").set("items", schemaOf(arguments[0]));
            }
            if (Map.class.isAssignableFrom(raw) && arguments[0] == String.class) {
                return object().put("type", "object").set("additionalProperties", schemaOf(arguments[1]));
            }
        }
        if (!(type instanceof Class<?> cls)) {
            throw new IllegalArgumentException("no schema for " + type.getTypeName());
        }
        if (cls == String.class) {
            return object().put("type", "string");
        }
        if (cls == Integer.class || cls == int.class) {
            return object().put("type", "integer").put("format", "int32");
        }
        if (cls == Long.class || cls == long.class) {
            return object().put("type", "integer").put("format", "int64");
        }
        if (cls == Boolean.class || cls == boolean.class) {
            return object().put("type", "boolean");
        }
        if (cls == Double.class || cls == double.class || cls == Float.class || cls == float.class) {
            return object().put("type", "number").put("format", "double");
        }
        if (cls.isEnum()) {
            ObjectNode schema = object().put("type", "string");
            ArrayNode values = schema.putArray("enum");
            for (Object constant : cls.getEnumConstants()) {
                values.add(((Enum<?>) constant).name());
            }
            return schema;
        }
        return dialect.ref(nameOf(cls));
    }

    private List<GroupVersionKind> kindsOf(Class<?> type) {
        if (type == DeleteOptions.class || type == WatchEvent.class) {
            return servedGroupVersions.entrySet().stream()
                    .flatMap(group -> group.getValue().stream()
                            .map(version -> new GroupVersionKind(group.getKey(), version, type.getSimpleName())))
                    .sorted(GroupVersionKind.ORDER)
                    .toList();
        }
        Group group = type.getAnnotation(Group.class);
        Version version = type.getAnnotation(Version.class);
        if (group == null || version == null) {
            return List.of();
        }
        return List.of(new GroupVersionKind(group.value(), version.value(), type.getSimpleName()));
    }

    /** The Kubernetes types fabric8 models in its own way, and what stands for arbitrary JSON. */
    private static String specialName(Class<?> type) {
        if (type == IntOrString.class) {
            return DefinitionNames.INT_OR_STRING;
        }
        if (type == Quantity.class) {
            return DefinitionNames.QUANTITY;
        }
        if (type == MicroTime.class || Temporal.class.isAssignableFrom(type)) {
            // fabric8 generates Lease's MicroTime fields as ZonedDateTime.
            return DefinitionNames.MICRO_TIME;
        }
        if (type == Duration.class) {
            return DURATION;
        }
        if (type == RawExtension.class
                || type == Object.class
                || type.isInterface()
                || Modifier.isAbstract(type.getModifiers())) {
            return DefinitionNames.RAW_EXTENSION;
        }
        return null;
    }

    /**
     * fabric8 7 models metav1.Time as a plain String, so the field name has to tell: Kubernetes'
     * API conventions name timestamps "...Time", "...Timestamp" or "...At" ("startedAt"); {@code
     * ManagedFieldsEntry.time} and {@code Taint.timeAdded} are the two exceptions.
     */
    static boolean isTimestamp(String jsonName) {
        return jsonName.endsWith("Time")
                || jsonName.endsWith("Timestamp")
                || jsonName.endsWith("At")
                || jsonName.equals("time")
                || jsonName.equals("timeAdded");
    }

    private static ObjectNode dateTime() {
        return object().put("type", "string").put("format", "date-time");
    }
}
