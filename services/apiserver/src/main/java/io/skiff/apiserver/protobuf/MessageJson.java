package io.skiff.apiserver.protobuf;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.LongNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;
import java.util.Base64;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Writes a decoded message as the JSON tree Go's encoding/json gives for the same object: the field
 * shapes decide which zero values appear, and apimachinery's value types use their own JSON forms.
 */
final class MessageJson {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final GoFieldShapes shapes;

    MessageJson(GoFieldShapes shapes) {
        this.shapes = shapes;
    }

    /** Writes the fields of {@code message} into {@code target}, in Go's struct field order. */
    void writeFields(Message message, ObjectNode target) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            FieldShape shape = shapes.of(field);
            if (shape.inline()) {
                if (message.hasField(field)) {
                    writeFields((Message) message.getField(field), target);
                }
                continue;
            }
            JsonNode value = field.isRepeated() ? repeated(message, field, shape) : single(message, field, shape);
            if (value != null) {
                target.set(shape.jsonName(), value);
            }
        }
    }

    /** A slice or map: Go leaves an empty one out, or writes null without omitempty. */
    private JsonNode repeated(Message message, FieldDescriptor field, FieldShape shape) {
        int count = message.getRepeatedFieldCount(field);
        if (count == 0) {
            return shape.always() ? NullNode.getInstance() : null;
        }
        return field.isMapField() ? map(message, field, count) : array(message, field, count);
    }

    private JsonNode array(Message message, FieldDescriptor field, int count) {
        ArrayNode array = NODES.arrayNode(count);
        for (int i = 0; i < count; i++) {
            array.add(element(field, message.getRepeatedField(field, i)));
        }
        return array;
    }

    /** Go map keys are strings here; encoding/json writes them sorted. */
    private JsonNode map(Message message, FieldDescriptor field, int count) {
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        Map<String, JsonNode> entries = new TreeMap<>();
        for (int i = 0; i < count; i++) {
            Message entry = (Message) message.getRepeatedField(field, i);
            entries.put((String) entry.getField(keyField), element(valueField, entry.getField(valueField)));
        }
        ObjectNode object = NODES.objectNode();
        entries.forEach(object::set);
        return object;
    }

    /**
     * A single field. Kubernetes' marshallers write every Go value field, zero or not, so presence
     * only says "set" for pointers; the shape decides whether a zero value reaches the JSON.
     */
    private JsonNode single(Message message, FieldDescriptor field, FieldShape shape) {
        boolean struct = field.getJavaType() == FieldDescriptor.JavaType.MESSAGE;
        if (!message.hasField(field)) {
            if (!shape.always()) {
                return null;
            }
            boolean nil = shape.pointer() || struct || field.getType() == FieldDescriptor.Type.BYTES;
            return nil ? NullNode.getInstance() : element(field, field.getDefaultValue());
        }
        Object value = message.getField(field);
        if (!struct && !shape.pointer() && !shape.always() && isZero(value)) {
            return null;
        }
        return element(field, value);
    }

    private JsonNode element(FieldDescriptor field, Object value) {
        return switch (field.getJavaType()) {
            case MESSAGE -> value((Message) value);
            case STRING -> TextNode.valueOf((String) value);
            case INT -> IntNode.valueOf((Integer) value);
            case LONG -> number((Long) value);
            case BOOLEAN -> BooleanNode.valueOf((Boolean) value);
            case BYTE_STRING ->
                TextNode.valueOf(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            // Kubernetes' API conventions rule out floats and enums; none of its protos has one.
            case FLOAT, DOUBLE, ENUM -> throw new IllegalStateException("unexpected type of " + field.getFullName());
        };
    }

    private JsonNode value(Message message) {
        Descriptor type = message.getDescriptorForType();
        Function<Message, JsonNode> writer = ValueTypes.writerOf(type);
        if (writer != null) {
            return writer.apply(message);
        }
        if (isNamedSlice(type)) {
            FieldDescriptor items = type.getFields().get(0);
            int count = message.getRepeatedFieldCount(items);
            return count == 0 ? NullNode.getInstance() : array(message, items, count);
        }
        ObjectNode object = NODES.objectNode();
        writeFields(message, object);
        return object;
    }

    /**
     * go-to-protobuf wraps a named slice type (ExtraValue is a []string) in a message with one
     * repeated field, items; its JSON is the bare array.
     */
    private static boolean isNamedSlice(Descriptor type) {
        return type.getFields().size() == 1
                && type.getFields().get(0).isRepeated()
                && type.getFields().get(0).getName().equals("items");
    }

    /** The node Jackson itself reads a JSON number into: an int when it fits. */
    private static JsonNode number(long value) {
        return value == (int) value ? IntNode.valueOf((int) value) : LongNode.valueOf(value);
    }

    private static boolean isZero(Object value) {
        return value.equals("")
                || value.equals(0)
                || value.equals(0L)
                || value.equals(Boolean.FALSE)
                || value.equals(ByteString.EMPTY);
    }
}
