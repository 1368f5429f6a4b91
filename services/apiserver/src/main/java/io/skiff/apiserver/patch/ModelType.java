package io.skiff.apiserver.patch;

import com.fasterxml.jackson.databind.JsonNode;
import io.skiff.apiserver.patch.FieldSchema.Shape;
import java.lang.reflect.Type;
import java.util.Locale;
import java.util.Optional;

/** A Java type of the fabric8 model, seen as the shape of the JSON value it maps. */
final class ModelType {

    static final ModelType UNTYPED = new ModelType(Shape.UNTYPED, null, null, null);

    private final Shape shape;
    /** The struct class of an object, the element type of a list, the value type of a map. */
    private final Type inner;

    private final Class<?> objectClass;
    private final FabricModel model;

    private ModelType(Shape shape, Type inner, Class<?> objectClass, FabricModel model) {
        this.shape = shape;
        this.inner = inner;
        this.objectClass = objectClass;
        this.model = model;
    }

    static ModelType scalar() {
        return new ModelType(Shape.SCALAR, null, null, null);
    }

    static ModelType object(Class<?> type, FabricModel model) {
        return new ModelType(Shape.OBJECT, null, type, model);
    }

    static ModelType list(Type element, FabricModel model) {
        return new ModelType(Shape.LIST, element, null, model);
    }

    static ModelType map(Type value, FabricModel model) {
        return new ModelType(Shape.MAP, value, null, model);
    }

    Shape shape() {
        return shape;
    }

    FieldSchema child(String name) {
        return switch (shape) {
            case OBJECT -> model.field(objectClass, name);
            case MAP -> new FieldSchema(model.type(inner), PatchTag.NONE, ApplyTag.NONE);
            default -> FieldSchema.UNTYPED;
        };
    }

    FieldSchema element() {
        return shape == Shape.LIST
                ? new FieldSchema(model.type(inner), PatchTag.NONE, ApplyTag.NONE)
                : FieldSchema.UNTYPED;
    }

    /** Whether apply owns a value of this type key by key: all but atomic struct types. */
    boolean granular() {
        return shape != Shape.OBJECT || !model.markers().isAtomic(objectClass);
    }

    /** The default a missing list key field takes in objects of this type, if any. */
    Optional<JsonNode> keyDefault(String field) {
        return shape == Shape.OBJECT ? model.markers().keyDefault(objectClass, field) : Optional.empty();
    }

    @Override
    public String toString() {
        return switch (shape) {
            case OBJECT -> objectClass.getSimpleName();
            case LIST -> "List<" + model.type(inner) + ">";
            case MAP -> "Map<String, " + model.type(inner) + ">";
            default -> shape.name().toLowerCase(Locale.ROOT);
        };
    }
}
