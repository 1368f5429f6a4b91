package io.skiff.apiserver.protobuf;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.IntNode;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.TextNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Message;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.skiff.model.api.Statuses;
import io.skiff.model.json.KubeJson;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.function.Function;

/**
 * The apimachinery types whose Go MarshalJSON does not follow their proto message: timestamps,
 * IntOrString, Quantity and the embedded raw JSON of RawExtension and FieldsV1.
 */
final class ValueTypes {

    private static final DateTimeFormatter RFC3339 =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
    private static final DateTimeFormatter RFC3339_MICRO =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);
    private static final int INT_OR_STRING_INT = 0;
    private static final int INT_OR_STRING_STRING = 1;

    private static final Map<Descriptor, Function<Message, JsonNode>> BY_TYPE = Map.of(
            Meta.Time.getDescriptor(), ValueTypes::time,
            Meta.MicroTime.getDescriptor(), ValueTypes::microTime,
            IntStr.IntOrString.getDescriptor(), ValueTypes::intOrString,
            Resource.Quantity.getDescriptor(), ValueTypes::quantity,
            Runtime.RawExtension.getDescriptor(), extension -> embeddedJson(bytes(extension, "raw")),
            Meta.FieldsV1.getDescriptor(), fields -> embeddedJson(bytes(fields, "Raw")));

    private ValueTypes() {}

    /** How messages of {@code type} are written, or null for a plain struct. */
    static Function<Message, JsonNode> writerOf(Descriptor type) {
        return BY_TYPE.get(type);
    }

    /**
     * metav1.Time: whole seconds in UTC. Go's unmarshaller drops the nanos, and decodes an empty
     * message (how Go writes a zero time) to the zero time, which JSON writes as null.
     */
    private static JsonNode time(Message time) {
        if (isEmpty(time)) {
            return NullNode.getInstance();
        }
        return TextNode.valueOf(RFC3339.format(Instant.ofEpochSecond(number(time, "seconds"))));
    }

    /** metav1.MicroTime: always six fractional digits, truncated as Go's layout does. */
    private static JsonNode microTime(Message time) {
        if (isEmpty(time)) {
            return NullNode.getInstance();
        }
        Instant instant = Instant.ofEpochSecond(number(time, "seconds"), number(time, "nanos"));
        return TextNode.valueOf(RFC3339_MICRO.format(instant));
    }

    private static JsonNode intOrString(Message value) {
        long type = number(value, "type");
        if (type == INT_OR_STRING_STRING) {
            return TextNode.valueOf((String) field(value, "strVal"));
        }
        if (type != INT_OR_STRING_INT) {
            throw Statuses.badRequest("impossible IntOrString.Type " + type);
        }
        return IntNode.valueOf((int) number(value, "intVal"));
    }

    /** The canonical string the client's Quantity marshalled itself to; unset is the zero quantity. */
    private static JsonNode quantity(Message quantity) {
        return TextNode.valueOf(isEmpty(quantity) ? "0" : (String) field(quantity, "string"));
    }

    /** RawExtension and FieldsV1 carry JSON as bytes, which the JSON wire format embeds as is. */
    private static JsonNode embeddedJson(ByteString raw) {
        if (raw.isEmpty()) {
            return NullNode.getInstance();
        }
        try {
            JsonNode tree = KubeJson.mapper().readTree(raw.newInput());
            return tree == null || tree.isMissingNode() ? NullNode.getInstance() : tree;
        } catch (JsonProcessingException e) {
            throw Statuses.badRequest("embedded object is not JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw Statuses.badRequest("embedded object could not be read: " + e.getMessage());
        }
    }

    private static boolean isEmpty(Message message) {
        return message.getAllFields().isEmpty();
    }

    private static Object field(Message message, String name) {
        return message.getField(message.getDescriptorForType().findFieldByName(name));
    }

    private static long number(Message message, String name) {
        return ((Number) field(message, name)).longValue();
    }

    private static ByteString bytes(Message message, String name) {
        return (ByteString) field(message, name);
    }
}
